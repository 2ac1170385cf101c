"""Scraped news pages as plain text, read into an ``ArticleRecord``.

A page starts with a header line `` date YYYY-MM-DD`` (or only ``YYYY-MM``), sometimes followed by the
headline, then whatever the scraper kept: navigation, the headline, a deck, a photo caption, a byline,
publication times, the story, sign-offs and lists of other stories. Sites differ, so every step below
judges lines by their shape (see ``page_lines`` and ``page_related``) rather than by one site's layout,
and says in ``warnings`` what it could not find instead of guessing silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import page_headline as ph
from . import page_lines as pl
from . import page_notes as notes
from . import page_pieces as pp
from .dates import find_printed_date, find_time, parse_header_date
from .language import detect_language
from .page_body import (
    URL,
    Row,
    after_key_points,
    again_under_dateline,
    body_start,
    caption_above,
    heads_story,
    join_wrapped,
    keep_coverage,
    lead_above_items,
    list_story,
    listed_items,
    printed_again,
    read_paragraphs,
)
from .page_kinds import credited_to_ap, page_kind
from .page_related import KNOWN_LIST, find_related, is_heading, merge_sections
from .records import ArticleRecord, page_id
from .wire import canonical_source, detect_wire_source, sign_off_source

__all__ = ["detect_wire_source", "looks_like_page", "parse_page"]

_HEADER = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?=\s|$)\s*(?P<rest>.*)$", re.I)
_LOOKS_LIKE = re.compile(r"^\s?date \d{4}-\d{2}(?:-\d{2})?(?:\s|$)")
_COVERAGE = re.compile(r"^(?:follow|read|see|find|for)\b.{0,80}\bcoverage\b|^for more\b.*\bvisit\b", re.I)
_END_FURNITURE = {"submit a correction", "report an error", "report a typo", "accessibility feedback",
                  "this is a breaking news story", "this is a developing story", "this story is developing"}  # fmt: skip
# An embedded post's credit line: "— Jane Doe (@janedoe) April 13, 2024". Not the page's publication time.
_POST_CREDIT = re.compile(r"^[—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s+\w{3,9}\.? \d{1,2}, \d{4}$")
# "This is an evolving story. Please check back later for updates.": the site's note, not the story.
_DEVELOPING = re.compile(
    r"^(?:this (?:is an? (?:evolving|developing|breaking)(?: news)? story|story is (?:developing|evolving))|"
    r"please check back (?:later )?for updates)\b",
    re.I,
)
_TITLED_DATE = re.compile(r"^(?:[^\W\d]+\s+){2,}[^\W\d]+\s*:\s+\S")  # three words or more, then a colon
_UPDATED = re.compile(r"\b(?:updated|modified|revised)\b", re.I)
_TIME_LABELS = re.compile(r"\b(?:last updated|first published|originally published|posted|published|updated|"
                          r"modified)\b:?", re.I)  # fmt: skip
_TIME_FILLER = re.compile(r"\b(?:at|on|am|pm|a\.m|p\.m|et|est|edt|the|and|of)\b|[^\w\s]", re.I)
_PAGE_LABEL = re.compile(r"^(?:photos?|video|watch|gallery)\s*:\s*\S.{10,}", re.I)  # "PHOTOS: Crowds gather"
_CONTRIBUTED = re.compile(r"\bcontributed\b|\bwith files from\b", re.I)


def looks_like_page(text: str) -> bool:
    """True when the first non-empty line is a page header: `` date 2024-01-03`` or ``date 2022-04``."""
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip():
            return bool(_LOOKS_LIKE.match(line))
    return False


@dataclass
class _Times:
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    dates: list[dt.date] = field(default_factory=list)  # dates printed without a time of day
    rows: list[Row] = field(default_factory=list)  # time lines, read once the header date is settled


def parse_page(text: str, *, name: str, tz: str = "America/Toronto", key: str = "") -> ArticleRecord:
    """Read one scraped page. Times printed without a zone are local times in ``tz``; ``key``, its path
    inside the folder or zip given (containers.py), keys it for re-import (default: its file name).

    Raises ValueError only when the page has no readable text at all; anything else that is missing is
    left empty and explained in ``record.warnings``.
    """
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{tz!r} is not a known time zone") from exc
    record = ArticleRecord(external_id=page_id(name, key), format="page", original=text)
    lines = pl.normalise_text(text).split("\n")
    header_number, header_text = _read_header(lines, record)
    stamp, header_text = notes.split_header_stamp(header_text)  # "Stand: 10.06.2024 09:30 Uhr Headline"
    if found := notes.header_dateline(header_text):  # "Baku, 27. Dezember, AZERTAC": no title
        record.dateline, record.extra["dateline_date"], header_text = found, found.date, ""
    header_text, glued = notes.glued_byline(header_text)
    header_text, post_stamp, post = notes.split_glued_post(header_text)  # title, stamp and story on one line
    header_text, shared = ph.split_share_bar(header_text)
    post = post or shared
    rows = (
        [Row(header_number, stamp, stamp)] * bool(stamp)
        + [Row(header_number, text, text) for text in (post_stamp, post) if text]
        + [Row(header_number, part.strip(), part.strip()) for part in glued.split(" | ") if part.strip()]
        + [
            Row(i, line.strip(), line)
            for i, line in enumerate(lines)
            if i > header_number and line.strip() and pl.is_readable(line)
        ]
    )
    if header_text.lower() == "by" and rows:
        rows[0].text = f"By {rows[0].text}"  # the byline split over the header and the next line
        header_text = ""
    elif (
        (found := pl.parse_byline(header_text))
        and found.byline
        and (not found.rest or _time_chunks(found.rest))
    ):
        rows.insert(0, Row(header_number, header_text, header_text))  # the header is the byline
        header_text = ""
    elif pl.names_author(header_text, rows[0].text if rows else "", text):
        rows.insert(0, Row(header_number, f"By {header_text}", header_text))  # "Jane Doe" alone (stop 23)
        header_text = ""
    late_title = short_lead = ""
    title_part, standfirst = ph.split_header(header_text, "\n".join(lines[header_number + 1 :]))
    header_title = ph.headline_from_header(title_part)
    if header_title and standfirst and not any(pl.is_prose(row.text) for row in rows):
        rows.insert(0, Row(header_number, standfirst, standfirst))  # the page's only text: its body
    elif header_title and standfirst:
        record.extra["deck"] = standfirst
    header_line = header_text
    if header_text and not standfirst and ph.header_is_body(header_text) and printed_again(header_text, rows):
        header_title = header_text = ""  # a preview of the first paragraph, which the page prints again
    elif header_text and not standfirst and pl.introduces_items(header_text) and listed_items(rows[:4]):
        # "Local games for August 23:" over a list of items: the story's first line, not its title.
        rows.insert(0, Row(header_number, header_text, header_text))
        header_title = header_text = ""
    elif header_text and not standfirst and ph.header_is_body(header_text) and ph.points_to_page(header_text):
        record.extra["deck"], header_title, header_text = header_text, "", ""  # a teaser: "... gibt es hier."
    elif header_text and not standfirst and ph.header_is_body(header_text):
        # The story starts on the header line ("Jan 2 (Reuters) - ...", a first paragraph as the title).
        rows.insert(0, Row(header_number, header_text, header_text))
        short_lead = header_text if not pl.is_prose(header_text) else ""
        header_title = header_text = ""
        if (
            len(rows) >= 3
            and not rows[0].text.endswith(":")
            and ph.title_after_lead(rows[1].text, rows[2].text)
        ):
            late_title = rows.pop(1).text  # a clip's description first, its headline after it (stop 20)
    if not header_title and not any(_has_words(row.text) and not pl.is_furniture(row.text) for row in rows):
        raise ValueError(f"{name}: no readable text (the page is empty or holds only site furniture)")

    sections = find_related([(row.number, row.text) for row in rows])
    record.related = merge_sections(sections)
    used = set().union(*(section.line_numbers for section in sections))
    rows = [row for row in rows if row.number not in used]
    for row in rows:
        _classify(row)
    rows = join_wrapped(rows)

    labels = pl.capital_labels([row.text for row in rows])
    start = body_start(rows, labels)
    if 0 < start < len(rows) and rows[start - 1].kind == "text" and pl.introduces_items(rows[start - 1].text):
        start -= 1  # "In police reports:" above the items it introduces is the story's first line
    elif 0 < start < len(rows) and (lead := lead_above_items(rows, start)) is not None:
        start = lead  # "The final numbers are showing:" over lines of figures, then the story goes on
    elif start == len(rows):
        start = list_story(rows, start)
    start = after_key_points(rows, start)
    if short_lead and 0 < start < len(rows) and rows[start - 1].text == short_lead:
        # A first sentence on the header line, too short or in capitals to read as prose ("E' morto Silvio
        # Berlusconi.", "MURIO EL EX CANTANTE ..."), over the story's next paragraph (stop 22).
        start -= 1

    start = pp.after_caption_copy(rows, caption_above(rows, again_under_dateline(rows, start)))
    start = pp.settle_start(rows, start)  # a caption told by its credit, a short first sentence (stop 25)
    head, rest = rows[:start], rows[start:]
    times = _Times()
    if header_text and not header_title and _time_chunks(header_text):
        times.rows.append(Row(header_number, header_text, kind="time", data=_time_chunks(header_text)))
    # Repetition counts over the whole page: a headline is often printed again in the lists below.
    printed = Counter(line.strip() for line in lines)
    opening = " ".join(row.text for row in rest[:4] if row.kind == "text")
    _read_head(head, record, times, header_text, header_title, printed, opening)
    body_rows = _read_body(rest, record, times)
    if body_rows and record.title and body_rows[0].text == record.title:
        body_rows.pop(0)  # the headline chosen is no sentence of the story (stop 23)
    record.title = record.title or late_title
    if not record.title and len(body_rows) >= 2 and heads_story(body_rows):
        record.title = body_rows.pop(0).text  # the story's first line is its headline, not a sentence
    read_paragraphs(body_rows, record, labels)
    if not record.title and header_line and record.extra.get("deck", "").startswith(header_line[:60]):
        record.title = notes.first_sentence(header_line).rstrip(
            "."
        )  # a header the story restates: its lead (stop 21)
    record.byline = record.byline or notes.reporter(record.body)
    _finish(record, times, tz)
    page_lines = [header_line, *lines[header_number + 1 :]]
    record.kind = page_kind(
        titles=[header_line, record.title], lines=page_lines, body=record.body, dateline=record.dateline
    )
    if record.kind == "gallery" and not record.source and credited_to_ap(page_lines):
        record.source = canonical_source("AP")  # a gallery of AP's pictures (stop 20, second round)
    if not record.language:
        # A page with little story of its own (a gallery's captions, a video's description): its words.
        record.language = detect_language("\n".join(line for line in page_lines if pl.is_readable(line)))
    return record


def _has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]{2,}", text) is not None


def _read_header(lines: list[str], record: ArticleRecord) -> tuple[int, str]:
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        match = _HEADER.match(line)
        if not match:
            break
        record.published_date, month_only = parse_header_date(match["date"])
        if month_only:
            record.extra["header_month_only"] = True
        return number, match["rest"].strip()
    record.warnings.append("no ' date YYYY-MM-DD' header line found at the top of the page")
    return -1, ""


def _classify(row: Row) -> None:
    text = row.text
    caption = pl.split_caption(text)
    if caption:
        row.kind, row.data = "caption", caption
    elif pp.is_credit_line(text):
        row.kind, row.data = "caption", pl.Caption(caption="", credit=text)  # "AP Photo/Jane Doe" (stop 25)
    elif notes.is_reader_note(text):
        row.kind = "furniture"
    elif pl.is_rule(text) or notes.is_photo_slug(text):
        row.kind = "rule"  # a photo's slug ("US-NEWS-STORM-GET") stands between the story and a caption
    elif sign_off_source(text):
        row.kind, row.data = "signoff", sign_off_source(text)
    elif _COVERAGE.search(text) and URL.search(text):
        row.kind = "coverage"
    elif (
        text.startswith("By ")
        and (byline := pl.parse_byline(text))
        and byline.rest
        and _time_chunks(byline.rest)
    ):
        row.kind, row.data = "byline", byline  # "By Jane Doe • 19 July 2022 • 14:23", not a menu (stop 23)
    elif pl.is_furniture(text) or text.lower().strip(". ") in _END_FURNITURE or _DEVELOPING.match(text):
        row.kind = (
            "end" if text.lower().strip(". ") in _END_FURNITURE or _DEVELOPING.match(text) else "furniture"
        )
    elif _POST_CREDIT.match(text):
        row.kind = "insert"  # an embedded post's credit: its date is the post's
    elif pl.is_insert(text):
        row.kind = "insert"
    elif (byline := pl.parse_byline(text)) and byline.rest and _time_chunks(byline.rest):
        row.kind, row.data = "byline", byline  # the names with the time after them: both are read
    elif times := _time_chunks(text):
        row.kind, row.data = "time", times
    elif byline:  # each reading once: they are most of a page's parsing time
        row.kind, row.data = "byline", byline


def _time_chunks(text: str) -> list[tuple[str, str]]:
    """Split a time line into (label, text) chunks; empty when the line is not about publication time."""
    if len(text) > 160:
        return []
    labels = list(_TIME_LABELS.finditer(text))
    printed = find_printed_date(text)
    if printed is None and not (labels and find_time(text)):
        return []
    leftover = _TIME_LABELS.sub(" ", text)
    if printed is not None:
        leftover = leftover.replace(text[printed.start : printed.end], " ")
    leftover = re.sub(r"\d+", " ", _TIME_FILLER.sub(" ", leftover))
    if pl.word_count(leftover) > 3 or (not labels and _TITLED_DATE.match(text)):
        return []  # prose, or a title over its date ("News in pictures: Monday October 23, 2023")
    if len(labels) < 2:
        return [(labels[0].group(0) if labels else "", text)]
    bounds = [label.start() for label in labels] + [len(text)]
    return [(labels[i].group(0), text[bounds[i] : bounds[i + 1]]) for i in range(len(labels))]


def _add_times(row: Row, times: _Times, default_date: dt.date | None, tz: str) -> None:
    for label, chunk in row.data:
        printed = find_printed_date(chunk)
        if printed is None:
            clock = find_time(chunk)
            if clock is None or default_date is None:
                continue
            moment = dt.datetime.combine(default_date, clock[0], tzinfo=clock[1] or ZoneInfo(tz))
        elif printed.time is None:
            times.dates.append(printed.date)
            continue
        else:
            moment = dt.datetime.combine(printed.date, printed.time, tzinfo=printed.tzinfo or ZoneInfo(tz))
        if _UPDATED.search(label) or (times.published and not label):
            times.updated = times.updated or moment
        else:
            times.published = times.published or moment


def _read_head(head: list[Row], record: ArticleRecord, times: _Times, header_text: str,
               header_title: str, printed: Counter, opening: str) -> None:  # fmt: skip
    guessed = ""
    for index, row in enumerate(head):
        if row.kind == "byline" and guessed and record.byline == guessed:
            record.byline = ""  # a credit printed as one ("By Jane Doe") wins over a bare name (stop 23)
        _take_meta(row, record, times)
        if row.kind == "signoff" and not record.byline:
            # An agency's name alone above the story ("AP", "Reuters") credits it.
            record.byline = record.source = row.data
        following = head[index + 1].kind if index + 1 < len(head) else ""
        if (row.kind == "text" and following == "time" and not record.byline and pl.is_person_name(row.text)
                and row.text not in opening):  # fmt: skip
            record.byline = guessed = row.text  # a bare name over the date: "Jane Doe" / "April 8, 2024"
    candidates = [row for row in head if (row.kind == "text" and not KNOWN_LIST.match(ph.without_status(row.text))
                                          and row.text != record.byline)
                  or (row.kind == "insert" and _PAGE_LABEL.match(row.text))]  # fmt: skip
    last = head[-1] if head else None
    if (
        last is not None
        and last.kind == "text"
        and not record.byline
        and len(head) >= 2
        and pl.is_person_name(last.text)
        and pl.word_count(last.text) <= 3
        and pl.is_title_like(head[-2].text)
        and last.text not in opening  # a name the story names is its subject, a tag: not its author
    ):
        # A bare name between the headline and the story: "Headline" / "Jane Doe" / first paragraph.
        record.byline = last.text
        candidates = [row for row in candidates if row is not last]
    titles = [ph.without_status(row.text) for row in candidates]  # "LIVE: ...", "Breaking News : ..."
    record.title = ph.choose(header_title, titles, printed, header_text, opening)
    after = False
    for row, title in zip(candidates, titles, strict=True):
        if title == record.title:
            after = True
        elif (after or header_title) and len(row.text) >= 20 and "deck" not in record.extra:
            record.extra["deck"] = row.text


def _take_meta(row: Row, record: ArticleRecord, times: _Times) -> bool:
    """Store a caption, byline or time row; True when the row was one of those."""
    if row.kind == "caption":
        if not record.photo_credit:
            record.photo_caption, record.photo_credit = row.data.caption, row.data.credit
        else:
            record.extra.setdefault("more_photos", []).append({"caption": row.data.caption,
                                                               "credit": row.data.credit})  # fmt: skip
    elif row.kind == "byline":
        if not record.byline:
            record.byline = row.data.byline
            if row.data.source:
                record.source = row.data.source
            if len(row.data.authors) > 1:
                record.extra["authors"] = row.data.authors
            if row.data.roles:
                record.extra["byline_roles"] = row.data.roles
            if row.data.place:
                record.extra["byline_place"] = row.data.place
        if row.data.rest and _time_chunks(row.data.rest):
            times.rows.append(Row(row.number, row.data.rest, kind="time", data=_time_chunks(row.data.rest)))
    elif row.kind == "time":
        times.rows.append(row)
        if place := notes.place_after_time(row.text):
            record.extra.setdefault("byline_place", place)
    else:
        return False
    return True


def _read_body(rest: list[Row], record: ArticleRecord, times: _Times) -> list[Row]:
    """The rows of the story itself; stops at the sign-off or the rule that closes the story."""
    body: list[Row] = []
    skip_titles = False
    for index, row in enumerate(rest):
        if _take_meta(row, record, times):
            continue
        if row.kind == "signoff":
            record.extra.setdefault("sign_off", row.text)
            record.source = record.source or row.data
            _read_trailer(rest[index + 1 :], record)
            break
        if row.kind == "coverage":
            keep_coverage(row.text, record)
            continue
        if (
            row.kind == "end"
            or (row.kind == "rule" and _closes_story(rest[index + 1 :]))
            or notes.author_box(row.text, row.kind, record.byline)
        ):
            _read_trailer(rest[index + 1 :], record)
            break
        if row.kind in ("insert", "furniture", "rule"):
            # "READ MORE:" on its own line heads a headline or two on the next lines.
            skip_titles = row.kind != "rule" and row.text.rstrip().endswith((":", ">", "»"))
            continue
        if KNOWN_LIST.match(row.text) and is_heading(row.text):
            skip_titles = True
            continue
        if skip_titles and not pl.ends_sentence(row.text) and not pl.is_prose(row.text):
            continue
        skip_titles = False
        body.append(row)
    return body


def _closes_story(after: list[Row]) -> bool:
    """A rule ends the story when little prose follows it (AP's "___" before notes and links)."""
    return sum(1 for row in after if row.kind == "text" and pl.is_prose(row.text)) <= 2


def _read_trailer(after: list[Row], record: ArticleRecord) -> None:
    """Notes after the story: coverage links, contributor lines, a sign-off naming the agency."""
    for row in after:
        if row.kind == "coverage":
            keep_coverage(row.text, record)
        elif row.kind == "signoff":
            record.extra.setdefault("sign_off", row.text)
            record.source = record.source or row.data
        elif row.kind == "text" and _CONTRIBUTED.search(row.text):
            record.extra.setdefault("notes", []).append(row.text)


def _finish(record: ArticleRecord, times: _Times, tz: str) -> None:
    warnings = record.warnings
    header_date = record.published_date
    month_only = record.extra.pop("header_month_only", False)
    for row in times.rows:
        _add_times(row, times, header_date if not month_only else None, tz)
    record.published_at, record.updated_at = times.published, times.updated
    printed_day = times.published.date() if times.published else (times.dates[0] if times.dates else None)
    if month_only and not printed_day:
        printed_day = notes.day_in_text(record.title, record.body, record.extra, header_date)
    if month_only:
        if printed_day and (printed_day.year, printed_day.month) == (header_date.year, header_date.month):
            record.published_date, month_only = printed_day, False  # the day is known, even the 1st
            warnings.append(f"the header gives only the month ({header_date:%Y-%m}); the day comes from the "
                            f"date printed on the page")  # fmt: skip
        else:
            warnings.append(f"the header gives only the month ({header_date:%Y-%m}); published_date is set "
                            f"to the first of the month")  # fmt: skip
    elif header_date is None and printed_day:
        record.published_date = printed_day
    elif printed_day and (printed_day.month, printed_day.day) == (header_date.day, header_date.month) != (
        header_date.month,
        header_date.day,
    ):
        # The header swapped day and month (2024-08-04 for "April 8, 2024"): the page's date wins.
        record.published_date = printed_day
        warnings.append(f"the header date {header_date} reads the printed {printed_day} with day and month "
                        f"swapped; the printed date is used")  # fmt: skip
    elif record.published_at and printed_day != header_date:
        # A full-day header wins over a time printed on another day (stop 21): the page's clock or an
        # earlier post ("Published: Dec. 12 ... 6:24 PM" under a Dec 13 header) is a note, one warning says.
        printed, record.published_at = record.published_at, None
        record.extra["printed_time"] = printed.isoformat()
        warnings.append(f"the publication time printed on the page ({printed:%Y-%m-%d %H:%M}) is on another "
                        f"day than the header date {header_date}: the header date is used, without a time, "
                        f"and the printed time is kept as a note")  # fmt: skip
    if record.published_at:
        record.date_precision = "time"
    elif record.published_date:
        record.date_precision = "month" if month_only and record.published_date == header_date else "day"
    if not record.published_at and "printed_time" not in record.extra:
        if record.published_date:
            only_update = " (only an update time is printed)" if record.updated_at else ""
            warnings.append(
                f"no publication time found{only_update}; using the header date {record.published_date}"
            )
        else:
            warnings.append("no publication date or time found")
    if not record.title:
        if record.lede:
            record.title = notes.first_sentence(record.lede)
            warnings.append("no headline found; using the first sentence of the text as the title")
        else:
            warnings.append("no headline found")
    if not record.body:
        warnings.append("no story text found")
    if not record.byline:
        warnings.append("no byline found")
    if not record.dateline:
        warnings.append("no dateline found")
    record.language = detect_language(record.title, record.body)
    if not record.source:
        record.source = detect_wire_source(record.body)
    if not record.source:
        warnings.append("no source found: no byline outlet, dateline agency or sign-off names one")
