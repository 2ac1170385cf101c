"""The page reader on the open web, second round of stop 19 (issue 14): rules written to generalise
across sites. Every example is invented for the rule it pins (no crawled page text). Pure: no database.
"""

import datetime as dt

import pytest

from articles.importers.page import parse_page
from articles.importers.page_lines import parse_dateline


def read(text: str, name: str = "page.txt"):
    return parse_page(text, name=name)


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "date", "rest"),
    [
        ("GREENVILLE, OHIO—On Monday the county fair opened its gates.", "GREENVILLE, OHIO", "", "",
         "On Monday the county fair opened its gates."),
        ("Torino, 12 mar. “Il ponte resterà chiuso fino a maggio”, ha detto il sindaco.", "Torino", "",
         "12 mar", "“Il ponte resterà chiuso fino a maggio”, ha detto il sindaco."),
        ("TALLINN, APRIL 4, BALTNEWS. The tram line opened on Thursday.", "TALLINN", "BALTNEWS", "APRIL 4",
         "The tram line opened on Thursday."),
        ("Lisboa, 7 março 2023 – O metro fechou mais cedo.", "Lisboa", "", "7 março 2023",
         "O metro fechou mais cedo."),
        ("SÃO LUÍS - A chuva parou.", "SÃO LUÍS", "", "", "A chuva parou."),
    ],
)  # fmt: skip
def test_datelines_in_more_shapes(paragraph, place, agency, date, rest):
    dateline = parse_dateline(paragraph)
    assert (dateline.place, dateline.agency, dateline.date, dateline.rest) == (place, agency, date, rest)


@pytest.mark.parametrize(
    "paragraph",
    ["By March 20 Smith had left the company.", "Officials—the mayor among them—stayed.",
     "WASHINGTON-BASED groups said so.", "In May 3 people were hurt."],
)  # fmt: skip
def test_sentences_that_are_not_datelines(paragraph):
    assert parse_dateline(paragraph) is None


def test_a_dateline_with_an_abbreviated_foreign_month_gives_a_month_only_page_its_day():
    record = read(" date 2024-03 notizie\n\nTorino, 12 mar. “Il ponte resterà chiuso fino a maggio”, ha "
                  "detto il sindaco ai giornalisti. I lavori sono cominciati ieri mattina.\n")  # fmt: skip
    assert record.dateline == "Torino"
    assert record.published_date == dt.date(2024, 3, 12)
    assert record.body.startswith("“Il ponte resterà chiuso")
