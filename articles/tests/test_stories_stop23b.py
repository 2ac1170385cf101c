"""Stop 23 (helper stories6): dates known only to the day or month in the version window, and sentences
glued without a space. Invented texts; three imports on the database."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.stories.similarity import StoryText, band_keys, known_until, outside_window, unglue, words

UTC = dt.UTC
STORM = [
    "Hurricane Tessa made landfall near Port Alder on Wednesday evening as a Category 3 storm, the "
    "national hurricane centre said, bringing winds of 185 km/h and a storm surge to the low coast.",
    "More than 400,000 homes lost power across the region, the utility said, and crews would not begin "
    "repairs until the winds dropped below tropical storm strength on Thursday morning.",
    "The governor said shelters in twelve counties had taken in families from the barrier islands, and "
    "that the national guard had moved high-water trucks to the towns along the river.",
    "Forecasters warned that the storm would weaken as it crossed the peninsula but that rain of up to "
    "30 centimetres could cause flooding far inland in the days after it passed.",
]


def _text(paragraphs: list[str], glue: str = "\n\n") -> str:
    return glue.join(paragraphs)


# 1. Dates known only to the day or the month -----------------------------------------------------


def test_a_date_known_only_to_its_month_stands_for_any_day_of_it():
    month = dt.datetime(2024, 10, 1, tzinfo=UTC)  # a page dated "2024-10", filed on the 1st
    assert known_until(month, "month") == dt.datetime(2024, 11, 1, tzinfo=UTC)
    assert known_until(dt.datetime(2024, 12, 1, tzinfo=UTC), "month") == dt.datetime(2025, 1, 1, tzinfo=UTC)
    assert known_until(month, "day") == dt.datetime(2024, 10, 2, tzinfo=UTC)
    assert known_until(month, "time") == month and known_until(None, "month") is None
    ninth = dt.datetime(2024, 10, 9, 18, 0, tzinfo=UTC)
    # Measured from the 1st, the 9th is a week away: not a version; the month may be the 9th itself.
    assert outside_window(month, ninth)
    assert not outside_window(month, ninth, at_until=known_until(month, "month"))
    assert not outside_window(ninth, month, began_until=known_until(month, "month"))
    # Still a window: a story of the month before, or of the month after, is not this one.
    assert outside_window(month, dt.datetime(2024, 9, 20, tzinfo=UTC), at_until=known_until(month, "month"))
    assert outside_window(month, dt.datetime(2024, 11, 5, tzinfo=UTC), at_until=known_until(month, "month"))
    # A day alone stands for its whole day: 2 days and 18 hours after its midnight is within the window.
    day = dt.datetime(2024, 10, 6, tzinfo=UTC)
    later = dt.datetime(2024, 10, 8, 18, 0, tzinfo=UTC)
    assert outside_window(later, day) and not outside_window(later, day, began_until=known_until(day, "day"))


def _record(external_id: str, title: str, body: str, date: str) -> dict:
    return {"id": external_id, "title": title, "body": body, "published_at": date}


def _import(name: str, *records: dict):
    data = "\n".join(json.dumps(r) for r in records).encode()
    return import_documents([InputDocument(name=name, data=data)], tag=False)


UPDATED = _text(
    [*STORM, "Two people were killed when a tree fell on their car near Port Alder, police said."]
).replace("400,000 homes", "650,000 homes")


@pytest.mark.django_db
@pytest.mark.parametrize("later_import", [False, True])
def test_a_version_dated_only_to_its_month_joins_the_story_of_a_day_in_that_month(later_import):
    # The outlet's page gives only "2024-10"; the wire's first version is of the 9th. In one import (the
    # chunk's own members) and in a later one (the archived story's beginning) alike.
    month_only = _record("site:1", "Tessa makes landfall as Category 3 storm", UPDATED, "2024-10")
    first = _record("wire:1", "Hurricane Tessa makes landfall", _text(STORM), "2024-10-09T23:10:00+00:00")
    if later_import:
        _import("month.jsonl", month_only)
        _import("wire.jsonl", first)
    else:
        _import("both.jsonl", month_only, first)
    site, wire = (Article.objects.get(external_id=key) for key in ("site:1", "wire:1"))
    assert site.date_precision == "month"
    assert site.story_id == wire.story_id
    assert {site.story_role, wire.story_role} == {"first", "version"}


@pytest.mark.django_db
def test_a_version_dated_to_another_month_stays_apart():
    _import("sept.jsonl", _record("site:2", "Tessa makes landfall", UPDATED, "2024-09"))
    _import(
        "wire.jsonl", _record("wire:2", "Tessa makes landfall", _text(STORM), "2024-10-09T23:10:00+00:00")
    )
    assert (
        Article.objects.get(external_id="site:2").story_id
        != Article.objects.get(external_id="wire:2").story_id
    )


# 2. Sentences glued without a space -------------------------------------------------------------


def test_sentences_glued_without_a_space_are_read_apart():
    assert words("flooding far inland.A coastal sheriff said") == [
        "flooding", "far", "inland", "a", "coastal", "sheriff", "said",
    ]  # fmt: skip
    assert words("He was 76.The family said") == ["he", "was", "76", "the", "family", "said"]
    assert unglue("at age 84.Mulroney died") == "at age 84. Mulroney died"


@pytest.mark.parametrize(
    "kept",
    [
        "rates rose 3.5 pct",
        "U.S. officials and J.R.R. Tolkien",
        "a Ph.D. student and a Ph.D",
        "see news.Example.com or www.Example.org",
        "read https://example.org/a.Bcd today",
        "write to john.Smith@example.com",
        "shares of <eric.St> rose",
    ],
)
def test_decimals_initials_abbreviations_and_addresses_stay_whole(kept):
    assert unglue(kept) == kept


def test_a_page_glued_by_its_crawl_has_the_band_keys_of_the_same_text_spaced():
    spaced = StoryText("Hurricane Tessa makes landfall", " ".join(STORM))
    glued = StoryText("Hurricane Tessa makes landfall", "".join(STORM))
    assert "coast.More" in glued.body
    assert band_keys(glued) == band_keys(spaced)
