"""The header's ` date ` line and a printed "Posted ... 8:50 am" time (stop 28): on the same day the printed
time is kept; on another day the header's date is used and one warning says so, where it said the time
printed on the page was not the header's day and then "no publication time found", of a page that
prints one."""

import datetime as dt

from articles.importers.page import parse_page

PAGE = (
    " date {header}\n\n"
    "Storm knocks out power to thousands of homes\n\n"
    "By Jane Roe, The Canadian Press\n\n"
    "Posted January 3, 2024 8:50 am.\n\n"
    "TORONTO - A winter storm knocked out power to thousands of homes overnight, the utility said on "
    "Wednesday in a statement.\n\n"
    "Crews worked through the night to restore it, and most homes had power again by morning, officials "
    "said.\n"
)


def dated(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "time" in w or "date" in w]


def test_a_printed_time_on_the_header_s_day_is_kept():
    record = parse_page(PAGE.format(header="2024-01-03"), name="same-day.txt")
    assert (record.published_at.date(), record.published_at.time()) == (dt.date(2024, 1, 3), dt.time(8, 50))
    assert record.date_precision == "time"
    assert dated(record.warnings) == []


def test_a_printed_time_on_another_day_is_said_once_with_what_was_used():
    record = parse_page(PAGE.format(header="2024-01-04"), name="next-day.txt")
    assert record.published_at is None and record.published_date == dt.date(2024, 1, 4)
    assert record.date_precision == "day"
    assert record.extra["printed_time"].startswith("2024-01-03T08:50")
    assert dated(record.warnings) == [
        "the publication time printed on the page (2024-01-03 08:50) is on another day than the header date "
        "2024-01-04: the header date is used, without a time, and the printed time is kept as a note"
    ]
