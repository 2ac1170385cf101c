"""Dates and times as news pages print them, turned into ``date`` and aware ``datetime`` values.

Pure helpers with no Django imports, shared by the page parser and anyone else who reads printed dates
("January 3, 2024 - 2:37 PM", "Jan. 3, 2024 at 2:37 p.m. EST", "Published 2:37 PM EST, January 3, 2024",
"2024-01-03 14:37", "3 January 2024 14:37 GMT").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

# Month names of the other languages the archive's pages come in, printed "24 de octubre de 2023",
# "3 janvier 2024", "3. Januar 2024": read only with a day before them and a year after.
FOREIGN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "enero janvier gennaio janeiro januar januari stycznia",
            "febrero février fevrier febbraio fevereiro februar februari lutego",
            "marzo mars março marco märz maerz maart marca",
            "abril avril aprile april kwietnia",
            "mayo mai maggio maio mei maja",
            "junio juin giugno junho juni czerwca",
            "julio juillet luglio julho juli lipca",
            "agosto août aout augustus sierpnia",
            "septiembre setiembre septembre settembre setembro september september września",
            "octubre octobre ottobre outubro oktober october października",
            "noviembre novembre novembre novembro november listopada",
            "diciembre décembre decembre dicembre dezembro dezember december grudnia",
        ),
        1,
    )
    for name in names.split()
}
# A fixed abbreviation ("EST") names an exact offset; a generic one ("ET") names a region whose
# offset depends on the date, so it maps to that region's zone.
ZONES: dict[str, dt.tzinfo] = {
    "UTC": dt.UTC,
    "GMT": dt.UTC,
    "Z": dt.UTC,
    "BST": dt.timezone(dt.timedelta(hours=1), "BST"),
    "CET": dt.timezone(dt.timedelta(hours=1), "CET"),
    "CEST": dt.timezone(dt.timedelta(hours=2), "CEST"),
    "NST": dt.timezone(dt.timedelta(hours=-3, minutes=-30), "NST"),
    "NDT": dt.timezone(dt.timedelta(hours=-2, minutes=-30), "NDT"),
    "AST": dt.timezone(dt.timedelta(hours=-4), "AST"),
    "ADT": dt.timezone(dt.timedelta(hours=-3), "ADT"),
    "EST": dt.timezone(dt.timedelta(hours=-5), "EST"),
    "EDT": dt.timezone(dt.timedelta(hours=-4), "EDT"),
    "CST": dt.timezone(dt.timedelta(hours=-6), "CST"),
    "CDT": dt.timezone(dt.timedelta(hours=-5), "CDT"),
    "MST": dt.timezone(dt.timedelta(hours=-7), "MST"),
    "MDT": dt.timezone(dt.timedelta(hours=-6), "MDT"),
    "PST": dt.timezone(dt.timedelta(hours=-8), "PST"),
    "PDT": dt.timezone(dt.timedelta(hours=-7), "PDT"),
    "ET": ZoneInfo("America/New_York"),
    "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"),
    "PT": ZoneInfo("America/Los_Angeles"),
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?=\b|T)", re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<year>\d{4})\b", re.I),
    re.compile(
        _WEEKDAY + r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I
    ),
]
# "2023/05/12" and "2023年5月12日": year first, so never ambiguous.
_DATE_PATTERNS.append(re.compile(r"(?<![\d/])(?P<year>\d{4})/(?P<mnum>\d{1,2})/(?P<day>\d{1,2})(?![\d/])"))
_DATE_PATTERNS.append(re.compile(r"(?P<year>\d{4})\s*年\s*(?P<mnum>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"))
# "10.09.2023", "17. 09. 2022": day, month, year with dots, as German, Polish and Nordic pages print them.
_DATE_PATTERNS.append(
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<mnum>\d{1,2})\.\s?(?P<year>\d{4})(?!\d)")
)
_DATE_PATTERNS.append(
    re.compile(
        r"\b(?P<day>\d{1,2})(?:\.|º|er)?\s+(?:de\s+)?(?P<month>"
        + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
        + r")\s+(?:de\s+|del\s+)?(?P<year>\d{4})\b",
        re.I,
    )
)
_ZONE_ALT = "|".join(sorted(ZONES, key=len, reverse=True))
_ZONE = rf"(?:\s*\(?(?P<zone>{_ZONE_ALT})\b\)?)?"
_TIME_12 = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?::\d{2})?\s*(?P<ampm>[ap])\.?\s?m\b\.?" + _ZONE,
    re.I,
)
_TIME_24 = re.compile(
    r"(?<![\d:])(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::\d{2}(?:\.\d+)?)?(?![\d:])"
    rf"(?:\s*(?P<offset>[+-]\d{{2}}:?\d{{2}})|\s*\(?(?P<zone>{_ZONE_ALT})\b\)?)?",
)
_ZONE_CASE_SENSITIVE = re.compile(r"^(?:" + "|".join(ZONES) + r")$")
_HEADER_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?$")


@dataclass
class PrintedDate:
    """A date found in a piece of text, and the time of day printed with it if any."""

    date: dt.date
    time: dt.time | None
    tzinfo: dt.tzinfo | None  # only when the text names a zone or an offset
    start: int  # where the match begins in the text, so callers can tell labels apart
    end: int


def parse_header_date(value: str) -> tuple[dt.date, bool]:
    """Read "2024-01-03" or "2024-01"; the flag is True when only the month is known (day set to 1)."""
    match = _HEADER_DATE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a YYYY-MM or YYYY-MM-DD date")
    year, month = int(match["year"]), int(match["month"])
    try:
        if match["day"] is None:
            return dt.date(year, month, 1), True
        return dt.date(year, month, int(match["day"])), False
    except (
        ValueError
    ):  # said as Python says it ("day is out of range for month"), it named neither date nor line
        raise ValueError(f"the date line's date {value.strip()!r} is not a date on the calendar") from None


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first calendar date printed in ``text`` with its span, or None."""
    found = []
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            if "mnum" in match.groupdict():
                month = int(match["mnum"])
            else:
                name = match["month"].lower()
                month = MONTHS.get(name) or FOREIGN_MONTHS[name]
            try:
                found.append(
                    (dt.date(int(match["year"]), month, int(match["day"])), match.start(), match.end())
                )
            except ValueError:
                continue
    return min(found, key=lambda item: item[1]) if found else None


def _zone(match: re.Match) -> dt.tzinfo | None:
    groups = match.groupdict()
    if groups.get("offset"):
        sign = -1 if groups["offset"][0] == "-" else 1
        digits = groups["offset"][1:].replace(":", "")
        return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    zone = groups.get("zone")
    # Lowercase "et" or "pt" is usually a word, not a zone.
    if zone and _ZONE_CASE_SENSITIVE.match(zone):
        return ZONES[zone]
    return None


def find_time(text: str) -> tuple[dt.time, dt.tzinfo | None, int, int] | None:
    """The first time of day printed in ``text`` ("2:37 p.m. EST", "14:37", "8:50 am")."""
    match = _TIME_12.search(text)
    if match:
        hour = int(match["hour"]) % 12 + (12 if match["ampm"].lower() == "p" else 0)
        minute = int(match["minute"] or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute), _zone(match), match.start(), match.end()
    match = _TIME_24.search(text)
    if match:
        return dt.time(int(match["hour"]), int(match["minute"])), _zone(match), match.start(), match.end()
    return None


def find_printed_date(text: str) -> PrintedDate | None:
    """A date and, when printed next to it, a time of day; None when ``text`` holds no date."""
    date = find_date(text)
    if date is None:
        return None
    day, start, end = date
    time = find_time(text)
    if time is None:
        return PrintedDate(day, None, None, start, end)
    clock, zone, t_start, t_end = time
    return PrintedDate(day, clock, zone, min(start, t_start), max(end, t_end))


def aware(day: dt.date, clock: dt.time, zone: dt.tzinfo | None, default_tz: str) -> dt.datetime:
    """Combine a printed date and time; a time without a zone is local time in ``default_tz``."""
    return dt.datetime.combine(day, clock, tzinfo=zone or ZoneInfo(default_tz))


def parse_printed_datetime(text: str, *, tz: str, default_date: dt.date | None = None) -> dt.datetime | None:
    """The aware datetime printed in ``text``; a time with no date uses ``default_date``.

    Returns None when there is no time of day (a bare date is not a moment) or no date to attach it to.
    """
    printed = find_printed_date(text)
    if printed is not None and printed.time is not None:
        return aware(printed.date, printed.time, printed.tzinfo, tz)
    if printed is None and default_date is not None:
        time = find_time(text)
        if time is not None:
            return aware(default_date, time[0], time[1], tz)
    return None


_TODAY = re.compile(r"\b(?:today|hoy|aujourd'hui|heute|oggi|hoje|dziś|vandaag|idag|i dag)\b", re.I)


def todays_date(texts: list[str], year: int, month: int) -> dt.date | None:
    """A date of the given month that the texts say is today's ("hoy martes 24 de octubre de 2023"); a date
    without such a word is an event's date, not the page's."""
    for text in texts:
        found = find_date(text or "")
        if (
            found
            and (found[0].year, found[0].month) == (year, month)
            and _TODAY.search(text[max(0, found[1] - 30) : found[1]])
        ):
            return found[0]
    return None
