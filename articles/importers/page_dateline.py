"""Datelines: the place (and day, and agency) a story opens on, "BRUSSELS (AP) — ...", "Roma, 10 giu. ...",
"YEREVAN, MARCH 18, ARMENPRESS. ...", judged by shape alone. Split out of page_lines (issue 14, stop 19);
page_lines re-exports parse_dateline and Dateline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import FOREIGN_MONTHS
from .page_notes import DATELINE_WITH_REGION
from .wire import AGENCIES


def word_count(line: str) -> int:
    return len(line.split())


_MONTH_ABBR = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-zA-Z]*\.?"
# Other languages' months in a dateline: the full name ("10 giugno 2024") or its first three or four
# letters with a full stop ("Roma, 10 giu."), which the dateline's tail reads as its end.
_FOREIGN_NAMES = sorted(FOREIGN_MONTHS, key=len, reverse=True)
_FOREIGN_ABBR = sorted({name[:n] for name in FOREIGN_MONTHS for n in (3, 4)}, key=len, reverse=True)
_FOREIGN_MONTH = r"(?i:" + "|".join(_FOREIGN_NAMES) + r"|(?:" + "|".join(_FOREIGN_ABBR) + r")(?=\.))"
_DATELINE_DATE = (
    r"(?:,?\s+(?P<date>(?:"
    + _MONTH_ABBR
    + r"\s+\d{1,2}|\d{1,2}\.?\s+(?:de\s+)?(?:"  # "29 de julio" (stop 20, second round)
    + _MONTH_ABBR
    + "|"
    + _FOREIGN_MONTH
    + r"))(?:,?\s+(?:19|20)\d{2}\b)?))"
)
_UPPER = "A-ZÀ-ÖØ-Þ"
_DATELINE_REGION = rf"(?:\s*,\s*[{_UPPER}][\w'’.\-]*(?:\s+[{_UPPER}][\w'’.\-]*){{0,2}}){{0,2}}"
# The tail: the agency in brackets and a dash or colon ("BRUSSELS (AP) — "); an em or en dash glued to
# the first word ("BUTLER, PENNSYLVANIA—On ..."); or, after a date, a full stop, with the agency's name
# before it ("YEREVAN, MARCH 18, ARMENPRESS. With ...", "Roma, 10 giu. “Queste ...").
_DATELINE_TAIL = (
    r"(?:\.?\s*(?:\((?P<agency>[^()]{1,40})\)\.?)?\s*(?:[—–]+|--?|:)\s+|\s*[—–]+(?=[" + _UPPER + r"\"“‘«])"
    r"|(?(date)(?:,\s*(?P<agency2>[A-Z][A-Z]{2,15}))?\.\s+(?=[" + _UPPER + r"\"“‘«])|(?!)))"
    r"(?P<rest>\S.*)$"
)
# An upper-case place ("BRUSSELS —") is a dateline by itself; a capitalised one ("Toronto, Jan 3 -") only
# with a date or an agency after it, since "Officials —" could open an ordinary sentence.
_DATELINE = re.compile(
    rf"^(?P<place>[{_UPPER}][{_UPPER}'’.\-]+(?:(?:\s+|/)[{_UPPER}][{_UPPER}'’.\-]*)*"  # "WASHINGTON/CAIRO"
    + _DATELINE_REGION
    + r")"
    + _DATELINE_DATE
    + "?"
    + _DATELINE_TAIL,
    re.S,
)
_DATELINE_CAPITALISED = re.compile(
    rf"^(?P<place>[{_UPPER}][\w'’.\-]*(?:(?:\s+(?:de\s+)?|/)[{_UPPER}][\w'’.\-]*){{0,3}}"
    + _DATELINE_REGION
    + r")"
    + r"(?="
    + _DATELINE_DATE.replace("?P<date>", "")
    + r"|\s*\()"
    + _DATELINE_DATE
    + "?"
    + _DATELINE_TAIL,
    re.S,
)
_NOT_PLACES = {"UPDATE", "UPDATED", "BREAKING", "WATCH", "EXCLUSIVE", "ANALYSIS", "OPINION", "CORRECTION",
               "LIVE", "VIDEO", "READ MORE", "RELATED", "EDITOR'S NOTE", "EDITOR’S NOTE", "NOTE", "WARNING",
               "PHOTOS", "LISTEN", "FILE", "ADVISORY", "STORY", "SCRIPT", "TRANSCRIPT",
               # status labels before a headline, not places (stop 20)
               "DEVELOPING", "DEVELOPING STORY", "BREAKING NEWS", "BREAKING STORY", "JUST IN", "LIVE UPDATES",
               "TOP STORY"}  # fmt: skip
# A label in capitals made of a sentence's words is a blogger's lead-in, not a place: "THAT WAS FAST: UK
# Prime Minister ..." (stop 20, second round). "THE HAGUE" keeps its article.
_SENTENCE_WORDS = {"THAT", "THIS", "WAS", "IS", "ARE", "WERE", "WHAT", "HOW", "WHY", "WHO", "NOT", "IT", "IT'S",
                   "IT’S", "WE", "YOU", "I", "MY", "OUR", "DO", "DOES", "CAN", "WILL", "SO", "YES", "NO", "WELL",
                   "OH", "MORE", "HERE", "THERE"}  # fmt: skip


# A weekday opening the line is the day, not a place: "Thursday, November 23, 2023 – Qatar on ...",
# "Monday, February 24 – NBA scores ..." (issue 14, stop 20).
_WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
}  # fmt: skip


@dataclass
class Dateline:
    place: str
    agency: str
    rest: str  # the paragraph with the dateline removed
    date: str = ""
    colon: bool = False  # "NEW DELHI: ..." (a colon, not a dash, ends it)


# A paragraph opening on a label in capitals and a colon: "TODAY’S FACT: ...", "K. SMITH: ...".
_CAPITAL_LABEL = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’. ]{1,40}:\s")


def capital_labels(texts: list[str]) -> int:
    """How many of the texts open on a label in capitals and a colon. Where two or more do, such a
    label is the page's way of heading its items, not a dateline."""
    return sum(1 for text in texts if _CAPITAL_LABEL.match(text.strip()))


# "Jan 2 (Reuters) - ...": a wire story whose dateline gives the day and the agency but no place; a space
# left inside the bracket by the crawl ("( AP) — ...") does not count (stop 21).
_DATE_ONLY_DATELINE = re.compile(
    r"^(?:(?P<date>"
    + _MONTH_ABBR
    + r"\s+\d{1,2})\s*)?\(\s?(?P<agency>[A-Z][^()]{1,39})\)\s*(?:[—–]+|--?|:)(?:\s+|(?=[A-Z\"“]))(?P<rest>\S.*)$",
    re.S,
)


_KICKER = re.compile(r"^[A-Z][^.!?]{2,40}\.\s+(?=[A-Z]{3,})")


# A day and month before a dash, no place: "10 de Diciembre - En su discurso ..." (stop 20).
_DAY_DATELINE = re.compile(
    r"^(?P<date>\d{1,2}\.?\s+(?:de\s+)?(?:"
    + _MONTH_ABBR
    + "|"
    + _FOREIGN_MONTH
    + r")(?:\s+(?:de\s+)?\d{4})?)"
    r"\s+[—–-]\s+(?P<rest>[" + _UPPER + r"\"“«]\S*(?:\s+\S+){5,}.*)$",
    re.S,
)


# An agency's name and the day before a colon, no place: "DIA-07 juillet 2024: Sept jours ..." (stop 20,
# second round).
_AGENCY_DAY = re.compile(
    r"^(?P<agency>[A-Z]{2,10})\s?[-–]\s?(?P<date>\d{1,2}\.?\s+(?:"
    + _MONTH_ABBR
    + "|"
    + _FOREIGN_MONTH
    + r")(?:\s+\d{4})?)\s*[:—–]\s+(?P<rest>\S.*)$",
    re.S,
)


# A country or region in brackets after the place (stop 20, second round): "Tokyo (Japan): ...". An
# agency's name is written the same way; a country is told apart by being named again in the paragraph.
_BRACKETED_PLACE = re.compile(r"^[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?$")


def parse_dateline(paragraph: str) -> Dateline | None:
    """Split "BRUSSELS (AP) — NATO announced ..." into the place, the agency and the paragraph."""
    if by_agency := _AGENCY_DAY.match(paragraph.strip()):
        return Dateline(place="", agency=by_agency["agency"], rest=by_agency["rest"].strip(),
                        date=by_agency["date"])  # fmt: skip
    by_day = _DAY_DATELINE.match(paragraph.strip())
    if by_day:
        return Dateline(place="", agency="", rest=by_day["rest"].strip(), date=by_day["date"])
    dated = _DATE_ONLY_DATELINE.match(paragraph.strip())
    if dated:
        inside = dated["agency"].strip()
        if "," in inside and not dated["date"]:
            return Dateline(place=inside, agency="", rest=dated["rest"].strip())  # "(Gaziantep, Turkey) —"
        placed = _DATELINE.match(dated["rest"].strip())
        if (
            placed
            and not placed["agency"]
            and not placed["date"]
            and placed["place"].strip().upper() not in _NOT_PLACES
        ):
            # the agency before the place: "(PRIMAPRESS) - SENIGALLIA - Questa mattina ..." (stop 25)
            return Dateline(place=placed["place"].strip(), agency=inside, rest=placed["rest"].strip())
        return Dateline(place="", agency=inside, rest=dated["rest"].strip(), date=dated["date"] or "")
    kicker = _KICKER.match(paragraph.strip())
    if kicker:
        # "Native Vote 2024. WASHINGTON — ...": a rubric before the dateline.
        found = parse_dateline(paragraph.strip()[kicker.end() :])
        if found and found.place.isupper():
            return found
    text = paragraph.strip()
    match = _DATELINE.match(text) or _DATELINE_CAPITALISED.match(text) or DATELINE_WITH_REGION.match(text)
    if not match or (match.re is _DATELINE_CAPITALISED and not (match["date"] or match["agency"])):
        return None
    place = re.sub(r"\s+,", ",", match["place"].strip().rstrip(","))
    first = place.split(",")[0]
    if (
        first.strip().upper() in _NOT_PLACES
        or len(re.sub(r"[^A-Za-z]", "", first)) < 2
        or word_count(first) > 5
        or any(word in _SENTENCE_WORDS for word in first.upper().split())
    ):
        return None
    agency = match["agency"] or (match.groupdict().get("agency2") or "")
    if (
        match["agency"]
        and _BRACKETED_PLACE.match(agency)
        and agency.lower() not in AGENCIES
        and re.search(rf"\b{re.escape(agency)}\b", match["rest"])
        and not re.search(r"\b(?:press|news|agency|agencia|prensa|agenzia)\b", agency, re.I)
    ):
        place, agency = f"{place} ({agency})", ""  # "Tokyo (Japan): Japan's ...": the country, named again
    if first.strip().lower() in _WEEKDAYS:
        # The day the story was filed, with no place: the rest is the story, the dateline stays empty.
        return Dateline(place="", agency=agency.strip(), rest=match["rest"].strip(), date=match["date"] or "")
    between = text[match.end("place") : match.start("rest")]
    colon = ":" in between and not re.search(r"[—–-]", between)
    return Dateline(place=place, agency=agency.strip(), rest=match["rest"].strip(),
                    date=match["date"] or "", colon=colon)  # fmt: skip


# A place in ordinary capitals before a colon or a spaced dash, opening the story's first paragraph: "Tel
# Aviv: Israel's ...", "Guwahati: Election results ...", "Deutschland - Ab dem heutigen Montag ..." (issue
# 14, stop 20). One or two capitalised words, then a capitalised sentence of its own (not a quotation).
# Stop 24: the dash glued to the story's first word ("Berlin -Die Berliner CDU ..."), or a full stop after
# a place of four letters or more, not in capitals ("Atlanta. Former President ...", "München. Aufgrund ...").
_SHORT_DATELINE = re.compile(
    rf"^(?P<place>[{_UPPER}][^\W\d_]+(?:[ -][{_UPPER}][^\W\d_]+)?)"
    rf"(?P<sep>(?::| [—–-]) | -(?=[{_UPPER}])|(?<=[^\W\d_]{{4}})\. )(?P<rest>[{_UPPER}]\S*(?: \S+){{7,}}.*)$",
    re.S,
)
# One-word sentences that open a paragraph and name no place: "Video. ...", "Update. ..." (stop 24).
_NOT_PLACES_STOP = {"VIDEO", "VIDEOS", "PHOTO", "FOTO", "FOTOS", "AUDIO", "UPDATE", "WATCH", "LISTEN", "LIVE",
                    "ANZEIGE", "WERBUNG", "ADVERTISEMENT", "SPONSORED", "TRANSCRIPT", "YES", "THANKS"}  # fmt: skip


def short_dateline(paragraph: str) -> Dateline | None:
    """The place before a colon or a spaced dash at the start of the story's first paragraph."""
    match = _SHORT_DATELINE.match(paragraph.strip())
    if not match:
        return None
    place = match["place"]
    if place.upper() in _NOT_PLACES or place.split()[0].lower() in _WEEKDAYS:
        return None
    if match["sep"] == ". " and (place.upper() in _NOT_PLACES_STOP or place.isupper()):  # "BURGEROORLOG. "
        return None
    return Dateline(
        place=place, agency="", rest=match["rest"].strip(), colon=":" in paragraph[: len(place) + 2]
    )
