"""The page reader on the open web, stop 25 (issue 14): the headline and the story's start on page shapes of
sites the rules were not written on, each pinned by an invented page (no crawled page text). Pure: no database."""

from articles.importers.dates import find_printed_date
from articles.importers.page_dateline import parse_dateline
from articles.tests.test_importers_page_stop20 import read

LEAD = (
    "The ferry operator said on Monday that crossings to the island will resume on Friday, a week after the "
    "storm closed the harbour and left the island without supplies."
)
MORE = "The harbour master said the crews had checked every pier before the first boat left the quay."


def page(header: str, *lines: str, day: str = "2024-03-12") -> str:
    return f" date {day} {header}\n\n" + "\n\n".join(lines) + "\n"


# Photos above the story


def test_a_caption_with_its_credit_on_the_next_line_is_not_the_story():
    record = read(
        page(
            "Ferries return to the island after the storm",
            "Passengers wait on the quay for the first ferry to the island after nine days without a crossing.",
            " Jane Doe/AFP/Getty Images",
            LEAD,
            MORE,
        )
    )
    assert record.body.startswith("The ferry operator said on Monday")
    assert record.photo_caption.startswith("Passengers wait on the quay")
    assert record.photo_credit == "Jane Doe/AFP/Getty Images"


def test_an_agency_caption_told_by_its_day_is_not_the_story():
    record = read(
        page(
            "Ferries return to the island after the storm",
            "A ferry leaves the harbour of Port Example, Thursday, March 7, 2024, in Port Example.",
            LEAD,
            MORE,
        )
    )
    assert record.body.startswith("The ferry operator said on Monday")


def test_a_photo_title_above_its_caption_is_not_the_headline():
    record = read(
        page(
            "Please ensure Javascript is enabled for purposes of website accessibility",
            "Harbour master greets first ferry passengers on the island",
            "Harbour master Jane Doe greets the first ferry passengers on the island of Example on Friday. "
            "(AP photo: John Roe)",
            "Ferry crossings to the island resume after the storm",
            "By: The Associated Press March 12, 2024",
            LEAD,
            MORE,
        )
    )
    assert record.title == "Ferry crossings to the island resume after the storm"
    assert record.body.startswith("The ferry operator said on Monday")


def test_a_photo_credit_alone_on_its_line_is_never_the_headline_or_a_deck():
    record = read(
        page(
            "BREAKING: Ferry Service Returns To The Island",
            "Jane Doe | 3:15 PM on March 12, 2024",
            "AP Photo/John Roe",
            "The ferries are sailing again.",
            LEAD,
        )
    )
    assert record.title == "Ferry Service Returns To The Island"
    assert record.extra.get("deck", "") != "AP Photo/John Roe"
    # a short finished sentence under the byline and the photo is the story's first sentence
    assert record.body.startswith("The ferries are sailing again.")


# Headlines in headers and lines that carry something else


def test_a_wire_credit_of_two_names_glued_after_the_headline_is_cut_off():
    record = read(
        page(
            "Ferries return to the island after the storm JANE DOE and JOHN ROE, Associated Press Mar. 12, 2024 "
            "Updated: Mar. 12, 2024 3:22 a.m.",
            f"PORT EXAMPLE (AP) — {LEAD}",
            MORE,
        )
    )
    assert record.title == "Ferries return to the island after the storm"
    assert "JANE DOE" in record.byline and "JOHN ROE" in record.byline


def test_a_rubric_of_words_joined_by_a_slash_is_not_the_headline():
    record = read(page("update/met video Veerboten varen weer naar het eiland na de storm", LEAD, MORE))
    assert record.title == "Veerboten varen weer naar het eiland na de storm"


def test_a_live_label_in_another_language_is_not_the_headline():
    record = read(page("31 de janeiro 2024 às 01:02", "EM DIRETO | É oficial: os barcos voltam à ilha", LEAD))
    assert record.title == "É oficial: os barcos voltam à ilha"


def test_a_browser_notice_in_the_header_is_not_the_headline():
    record = read(
        page(
            "IE 11 is not supported. For an optimal experience visit our site on another browser.",
            "Watch: Ferries return to the island after the storm",
            LEAD,
        )
    )
    assert record.title == "Watch: Ferries return to the island after the storm"
    assert record.body.startswith("The ferry operator said on Monday")


def test_the_printed_headline_wins_over_the_title_bars_wording_of_it():
    record = read(
        page(
            "Island Ferries Return After 9 Days of Storm – Example Life",
            "Island Ferries Return After the Storm Closed the Harbour",
            LEAD,
            MORE,
        )
    )
    assert record.title == "Island Ferries Return After the Storm Closed the Harbour"
    # a header printed on the page, or one with no site's name after it, stays the headline
    plain = read(
        page("Island Ferries Return After 9 Days of Storm", "Island ferries return after the storm", LEAD)
    )
    assert plain.title == "Island Ferries Return After 9 Days of Storm"


def test_a_credit_between_the_standfirst_and_the_time_is_not_the_headline():
    record = read(
        page(
            "Contact Us",
            "The ferries sailed again on Friday after the storm that closed the harbour for nine days last week.",
            "Agencies and Example News",
            "Published March 12,2024",
            LEAD,
            MORE,
        )
    )
    assert record.title != "Agencies and Example News"
    assert record.body.startswith("The ferry operator said on Monday")


# Datelines


def test_a_dateline_with_the_agency_before_the_place():
    found = parse_dateline(f"(EXAMPRESS) - PORT EXAMPLE - {LEAD}")
    assert (found.place, found.agency) == ("PORT EXAMPLE", "EXAMPRESS")
    assert found.rest.startswith("The ferry operator")


def test_a_place_before_a_spaced_dash_over_a_short_first_sentence():
    record = read(
        page(
            "Ferries return to the island",
            "By Example Digital",
            "Updated March 12, 2024 12:46AM",
            "Houston - Ferry companies are being hit hard by the storm. ",
            MORE,
        )
    )
    assert record.dateline == "Houston"
    assert record.body.startswith("Ferry companies are being hit hard by the storm.")


def test_a_date_with_no_space_after_its_comma():
    assert find_printed_date("Published June 11,2024").date.isoformat() == "2024-06-11"
