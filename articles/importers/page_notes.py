"""Notes around a page's story that are not sentences of it (issue 14, stop 19): a photo's slug between
the story and a caption, the closing notes after it (a photo credit, a group blurb, a bare link, a caption
with its credit) and a date stamp glued before its first paragraph; the HTML entities a crawl left in the
text; a dateline of a place and its country with no date; the day a month-only page prints as its own
(a dateline's date, a credit line's "03/03/2021", "hoje (1º)"), and a stamp or a dateline on the header
line. Pure: text in, text out."""

from __future__ import annotations

import datetime as dt
import html
import re

from .dates import FOREIGN_MONTHS, MONTHS, find_date, todays_date

# A photo's slug on a line of its own: "US-NEWS-SCOTUS-AFFIRMATIVE-ACTION-2-GET", "GPH-20230629_Storm_map".
_PHOTO_SLUG = re.compile(r"^[A-Z][A-Z0-9]*(?:[-_][A-Za-z0-9]+){3,}$")
# Notes that close a page after its story: a photo credit ("Photos courtesy of the fire department."), a
# group blurb ("Example News is part of the Example Times group"), a bare link, a caption with its credit.
_CLOSING_NOTE = re.compile(
    r"^(?:photos?|images?|pictures?|video)\s+(?:courtesy|credit)s?\b|^\S+ (?:\S+ ){0,4}is (?:a )?part of the "
    r"[\w .&'’-]{2,60} (?:group|network|family)\W*$|^https?://\S+",
    re.I,
)
_CAPTION_CREDIT_END = re.compile(
    r"\((?:[^()]*\bphoto by\b|[^()]*\bvia (?:AP|AFP|Getty Images|Reuters))[^()]*\)\W*$", re.I
)
# A date stamp glued before the story by a bar: "17. 09. 2022 | Am 16.9. hat der Bundesrat ..."
_DATE_STAMP = re.compile(r"^\d{1,2}\.\s?\d{1,2}\.\s?\d{2,5}\s*\|\s+(?=\S)")
# ... and a printed date before a dash, in a dateline's place: "December 1, 2023 – The House ..." (stop 23).
_DATE_DASH = re.compile(r"\s*[–—-]\s+(?=[A-ZÀ-ÖØ-Þ\"“])")


def is_photo_slug(line: str) -> bool:
    return bool(_PHOTO_SLUG.match(line.strip())) and any(ch.isdigit() or ch.isupper() for ch in line[3:])


# The site's note that the story will change, in a line of its own after it (issue 14, stop 20): "— This is
# a developing story and will be updated.", "More to follow.", "L'article sera régulièrement mis à jour ...".
# Stop 23: "Story developing …", "Check back for more on this developing story.", a dateline before the note
# ("NEW YORK — This is a developing story."), a credit in brackets on a line of its own ("(With inputs from
# agencies.)").
_UPDATE_NOTE = re.compile(
    r"^(?:[A-Z][A-Z .,'’-]{1,40}\s[—–-]\s+)?[—–-]?\s*(?:(?:story|still) developing\b|check back (?:later )?for "
    r"(?:more|updates)\b|this (?:is an? (?:evolving|developing|breaking)(?: news)? story|story (?:is developing|"
    r"will be updated))|more to (?:follow|come)\b|(?:this |l['’])?(?:article|story|page) (?:will|sera|wird) "
    r"(?:be )?(?:r[ée]guli[èe]rement |regularly |laufend )?(?:updated|mis à jour|aktualisiert))"
    r"|^\((?:with|com|con|avec|mit) (?:inputs? from |agência |agencia |agence )?[^()]{2,40}\)$",
    re.I,
)
# What an embedded post leaves behind when its credit line has gone: a line opening on a hashtag
# ("#BREAKING : ..."); a comment box's empty state ("Sorry, there are no recent results for ...").
_LEFTOVER = re.compile(
    r"^#\w+|^sorry, there are no recent results\b|^comments are (?:closed|disabled)\b"
    r"|^(?:have you )?got a (?:news )?tip\b|\bsend us your (?:news )?tips?\b|\bget in touch here\W*$",
    re.I,
)


# A related story's link with its counter: "... tonight12.01.24, 01:30 • 27197 views" (stop 23).
_VIEWS = re.compile(
    r"[•|·]\s*\d[\d,.]*\s*(?:views|vues|visualizzazioni|visualizações|aufrufe|weergaven)$", re.I
)


# The site's note of when the story went out, closing the page (stop 20, second round): "Diese Nachricht
# wurde am 01.01.2024 im Programm gesendet.", "This story was first published on May 3, 2024."
_RUN_NOTE = re.compile(
    r"^(?:diese[rs]? (?:nachricht|beitrag|artikel|text)|this (?:story|article|report|segment|item)|cet article|"
    r"este (?:artículo|artigo)|questo articolo)\s.{0,60}?\b(?:gesendet|ausgestrahlt|veröffentlicht|erschienen|"
    r"published|broadcast|aired|posted|publié|diffusé|publicado|emitido|pubblicato)\b",
    re.I,
)


def run_note_date(paragraph: str) -> dt.date | None:
    """The date of the site's note that the story went out on it; None for any other paragraph."""
    text = paragraph.strip()
    if pl_words(text) > 25 or not _RUN_NOTE.search(text):
        return None
    found = find_date(text)
    return found[0] if found else None


# A paywall's prompt ("Este artigo é exclusivo para os nossos assinantes: assine agora ...") and a pointer
# to the live coverage ("Sledujte také online přenos k tragické události.") close a page, not its story
# (stop 20, second round).
_PAYWALL = re.compile(
    r"\b(?:exclusiv[eoa]s? (?:for|para|pour|für|per) (?:our |os nossos |nos |unsere |i nostri |nuestros )?"
    r"(?:subscribers|assinantes|abonnés|abonnenten|abbonati|suscriptores)|subscribe now|assine agora|"
    r"abonnez-vous|jetzt abonnieren|abbonati ora|suscríbete)\b",
    re.I,
)
_FOLLOW_LIVE = re.compile(
    r"^(?:follow|sledujte|suivez|segui(?:te)?|sigue|siga|folgen sie)\b.{0,50}?\b(?:live|online|en direct|"
    r"en vivo|ao vivo|in diretta|liveticker|přenos|relacji)\b",
    re.I,
)


def is_closing_note(paragraph: str) -> bool:
    """A note after the story, not a sentence of it: a photo credit, a group blurb, a link, a caption,
    the site's note that the story will be updated, what an embedded post or a comment box leaves."""
    text = paragraph.strip()
    if pl_words(text) <= 30 and (_UPDATE_NOTE.search(text) or _LEFTOVER.search(text) or _VIEWS.search(text)):
        return True
    if (pl_words(text) <= 60 and _PAYWALL.search(text)) or (
        pl_words(text) <= 12 and _FOLLOW_LIVE.search(text)
    ):
        return True
    return bool(_CLOSING_NOTE.search(text) or _CAPTION_CREDIT_END.search(text))


def pl_words(text: str) -> int:
    return len(text.split())


def strip_date_stamp(paragraph: str, extra: dict) -> str:
    """The paragraph without its glued date stamp, whose day goes to ``extra["page_day"]`` (a year glued
    to a count, "20222", is read by its first four digits)."""
    stamp = _DATE_STAMP.match(paragraph)
    found = find_date(paragraph[:40]) if not stamp else None
    if found and not found[1] and (dash := _DATE_DASH.match(paragraph[found[2] :])):
        extra.setdefault("page_day", found[0].isoformat())  # "December 1, 2023 – The House ..." (stop 23)
        return paragraph[found[2] + dash.end() :]
    if not stamp:
        return paragraph
    day, month, year = re.findall(r"\d+", stamp.group(0))
    if len(year) >= 4 and (found := _day(int(year[:4]), int(month), int(day)) if int(month) <= 12 else None):
        extra.setdefault("page_day", found.isoformat())
    return paragraph[stamp.end() :]


# HTML entities a crawl left in the text, whole ("&amp;", "&#39;") or with the "&" lost ("quot;", "#39;",
# "-nbsp;" where a dash stood in for it).
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.I)
# "amp;" only after a space or a mark ("camp;" is a word and a semicolon); the others end no word.
_ENTITY_DEBRIS = re.compile(
    r"-?(?:nbsp|quot|apos|lsquo|rsquo|ldquo|rdquo|ndash|mdash|hellip|#0?39|#82(?:1[1267]|2[01]));"
    r"|(?:(?<=[^\w])|^)amp;",
    re.I | re.M,
)
_DEBRIS_TEXT = {"nbsp": " ", "quot": '"', "amp": "&", "apos": "'", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
                "rdquo": "”", "ndash": "–", "mdash": "—", "hellip": "…", "#39": "'", "#039": "'", "#8217": "’",
                "#8216": "‘", "#8220": "“", "#8221": "”", "#8211": "–", "#8212": "—"}  # fmt: skip


def repair_entities(text: str) -> str:
    """Turn HTML entities and their debris back into the characters they stand for."""
    text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
    return _ENTITY_DEBRIS.sub(
        lambda match: _DEBRIS_TEXT[match.group(0).lstrip("-").rstrip(";").lower()], text
    )


# "London, England- Buckingham Palace ...": a capitalised place with its country and a dash, no date.
DATELINE_WITH_REGION = re.compile(
    r"^(?P<place>[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*){0,2}\s*,\s*[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*){0,2})"
    r"(?P<date>)(?P<agency>)\s*(?:[—–]+|--?)\s+(?P<rest>[A-Z\"“‘'].*)$",
    re.S,
)


class HeaderDateline(str):
    """The place of a header line that is only a dateline, with the day it names."""

    date: str = ""


_ANY_MONTH = "|".join(sorted({*MONTHS, *FOREIGN_MONTHS}, key=len, reverse=True))
# A header line that is a dateline and nothing else: "Baku, 27. Dezember, AZERTAC", "Roma, 10 giugno",
# "MOSCOW, Mar 18:".
_HEADER_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)?),\s+"
    rf"(?P<date>\d{{1,2}}\.?\s+(?:{_ANY_MONTH})\.?|(?:{_ANY_MONTH})\.?\s+\d{{1,2}})"
    r"(?:,?\s+(?P<agency>[A-Z][A-Z0-9&-]{1,15}))?\s*[:—–-]?$",
    re.I,
)
# A publication stamp glued before the headline on the header line: "Stand: 10.06.2024 09:30 Uhr Title".
_HEADER_STAMP = re.compile(
    r"^(?P<stamp>(?:stand|updated|published|aktualisiert|ver[öo]ffentlicht|actualizado|publi[ée])\s*:\s*"
    r"\d{1,2}\.\d{1,2}\.\d{4},?\s+\d{1,2}:\d{2}(?:\s*uhr)?)\s+(?P<rest>\S.{10,})$",
    re.I,
)
# A credit line with a day/month/year date: "AFP Video • 03/03/2021 à 15:57".
_SLASH_DATE = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?![\d/])")
# "hoje (1º)", "today (3)": the day of the month, named with a word for today.
_TODAY_DAY = re.compile(r"\b(?:today|hoy|hoje|heute|oggi|aujourd'hui|dziś)\s*\((?P<day>\d{1,2})º?\)", re.I)


def header_dateline(header_text: str) -> HeaderDateline | None:
    match = _HEADER_DATELINE.match(header_text.strip())
    if not match:
        return None
    place = HeaderDateline(match["place"])
    place.date = match["date"]
    return place


def split_header_stamp(header_text: str) -> tuple[str, str]:
    """(the stamp, the rest) of a header line that opens with one, else ("", the header)."""
    match = _HEADER_STAMP.match(header_text.strip())
    return (match["stamp"], match["rest"]) if match else ("", header_text)


# A whole post glued on the header line (stop 20, second round): "Title 7 juillet 2024 19:18 Publié par
# admin Aucun commentaire DIA-07 juillet 2024: Sept jours après ...". The title, the stamp (a day, month,
# year and time), then the post's furniture and its story.
_GLUED_POST = re.compile(
    rf"^(?P<title>\S.{{14,200}}?)\s+(?P<stamp>\d{{1,2}}\.?\s+(?i:{_ANY_MONTH})\.?\s+(?:19|20)\d{{2}},?\s+"
    r"(?:(?i:à|at|um|a las|alle)\s+)?\d{1,2}[:h]\d{2})\s+(?P<rest>\S.{60,})$"
)
_POST_FURNITURE = re.compile(
    r"^(?:(?:publié|posted|published|publicado|pubblicato|veröffentlicht) (?:par|by|por|da|von) \S+\s+)?"
    r"(?:(?:aucun|no|\d+) (?:commentaires?|comments?|comentarios?|commenti|kommentare?)\s+)?",
    re.I,
)


def split_glued_post(header_text: str) -> tuple[str, str, str]:
    """(title, stamp, story) of a header line that holds a whole post, else (the header, "", "")."""
    match = _GLUED_POST.match(header_text.strip())
    if not match:
        return header_text, "", ""
    story = _POST_FURNITURE.sub("", match["rest"], count=1)
    if story == match["rest"] or len(story.split()) < 12:
        return header_text, "", ""  # the post's furniture marks it: a title with its date is not a post
    return match["title"], match["stamp"], story


def day_in_text(title: str, body: str, extra: dict, header_date: dt.date) -> dt.date | None:
    """The day a month-only page prints as its own: its dateline's ("Jan 2 (Reuters) -"), a credit line's
    ("AFP Video • 03/03/2021"), or one named with a word for today ("hoy martes 24 de octubre de 2023",
    "hoje (1º)"). A day printed anywhere else is an event's, not the page's."""
    year, month = header_date.year, header_date.month
    if extra.get("dateline_date"):
        found = find_date(f"{extra['dateline_date']} {year}")
        if found and found[0].month == month:
            return found[0]
        day = _dateline_day(extra["dateline_date"], year)
        if day and day.month == month:
            return day
    page_day = dt.date.fromisoformat(extra["page_day"]) if extra.get("page_day") else None
    if page_day and (page_day.year, page_day.month) == (year, month):
        return page_day  # "Diese Nachricht wurde am 01.01.2024 ... gesendet.", "17. 09. 2022 | Am ..."
    for stamp in (_UPDATE_STAMP.match(p) for p in body.split("\n\n") if len(p.split()) <= 8):
        day = _dateline_day(stamp["date"], year) if stamp else None
        if day and day.month == month:
            return day  # an update's stamp in the story: "Update donderdag 16 maart 10.00 uur" (stop 21)
    paragraphs = body.split("\n\n")[:2]
    for line in [title, *(p for p in paragraphs if len(p.split()) <= 12)]:
        for match in _SLASH_DATE.finditer(line or ""):
            a, b = int(match["a"]), int(match["b"])
            if int(match["year"]) == year and month in (a, b):
                return _day(year, month, a if b == month else b)
    for paragraph in paragraphs:
        match = _TODAY_DAY.search(paragraph)
        if match:
            return _day(year, month, int(match["day"]))
    return todays_date([title, *paragraphs], year, month)


# An update's stamp on a line of its own, with the day and the month but no year (stop 21).
_UPDATE_STAMP = re.compile(
    r"^(?:updated?|bijgewerkt|aktualisiert|actualizado|atualizado|aggiornato|mis à jour)\s*:?\s+"
    r"(?:[^\W\d_]+,?\s+)?(?P<date>\d{1,2}\.?\s+[^\W\d_]{3,}|[^\W\d_]{3,}\.?\s+\d{1,2}\b)",
    re.I,
)
_DAY_MONTH = re.compile(
    r"^(?:(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]{3,})|(?P<month2>[^\W\d_]{3,})\.?\s+(?P<day2>\d{1,2}))"
)


def _dateline_day(printed: str, year: int) -> dt.date | None:
    """The day of a dateline's date whose month may be cut short: "10 giu", "MARCH 18", "10 giugno 2024"."""
    match = _DAY_MONTH.match(printed.strip())
    if not match:
        return None
    name = (match["month"] or match["month2"]).casefold()
    numbers = {number for full, number in [*MONTHS.items(), *FOREIGN_MONTHS.items()] if full.startswith(name)}
    if len(numbers) != 1:
        return None
    return _day(year, numbers.pop(), int(match["day"] or match["day2"]))


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# A television report's closing credit: "TRT World's Andy Roesgen reports.", "Jane Doe reports.",
# "Jane Doe has the latest from Oslo."
_REPORTER = re.compile(
    r"(?:^|[.!?]\s+)(?:[A-Z][\w.]*(?: [A-Z][\w.]*){0,3}['’]s )?(?P<name>[A-Z][a-z]+(?: [A-Z][a-z'’-]+){1,2}) "
    r"(?:reports|has (?:the latest|more|the story|details))(?: from [A-Z][\w'’ ,.-]{1,40})?\.$"
)


def reporter(body: str) -> str:
    """The reporter a clip's description names in its last sentence, or ""."""
    match = _REPORTER.search(body.strip().rsplit("\n\n", 1)[-1])
    return match["name"] if match else ""


# A place after the time line: "January 16, 2024 07:25 am | Updated 07:27 am IST - WASHINGTON".
_PLACE_AFTER_TIME = re.compile(r"\d.*\s[-–—]\s+(?P<place>[A-Z][A-Z'’.]+(?:[ /][A-Z][A-Z'’.]+){0,2})$")


def place_after_time(text: str) -> str:
    match = _PLACE_AFTER_TIME.search(text.strip())
    return match["place"] if match else ""


def restated(paragraphs: list[str]) -> bool:
    """The first paragraph is a standfirst the story then restates: three in four of its words of four
    letters or more (ten at least) come back in the next two paragraphs."""
    if len(paragraphs) < 3:
        return False
    words = {w.lower() for w in re.findall(r"\w{4,}", paragraphs[0])}
    again = {w.lower() for w in re.findall(r"\w{4,}", " ".join(paragraphs[1:3]))}
    if len(words) >= 10 and len(words & again) * 4 >= len(words) * 3:
        return True
    # Printed again word for word further down: a teaser of a later paragraph (stop 20).
    first = paragraphs[0].strip()
    tail = first[
        len(first) // 4 :
    ]  # its opening words may be recast ("El nuevo presidente" -> "Posteriormente,")
    return len(first.split()) >= 12 and any(tail in later for later in paragraphs[2:])


# A byline glued after the title on the header line, with its date after a bar: "... de Marrakech Rédigé
# par Lina Farelli | Samedi 9 Septembre 2023 à 07:45" (stop 20). A shouted appeal before it is furniture.
_GLUED_BYLINE = re.compile(
    r"\s(?P<by>(?i:rédigé|écrit|written|escrito|scritto|geschrieben) (?:par|by|por|da|von) [A-Z][\w'’.-]+"
    r"(?: [A-Z][\w'’.-]+){0,3}(?: \| .{5,60})?)$"
)
_APPEAL = re.compile(r"^[A-ZÀ-ÖØ-Þ'’ ]{12,}!\s+")


# A whole post glued on the header after its title: the credit, the day and the text (stop 21): "Title By
# Jane Doe and John Roe, CNN Sep 28, 2022 1 hr ago 0 Facebook Twitter Email The story ..." or "Title da
# Direttore - 12 Giugno 2023 0 12 The story ...". The day must follow the names at once. Only "By" and "da"
# (the forms seen): "di", "von" often stand before a name that a headline is about ("Rede von Olaf Scholz").
_CREDITED = r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}"
_GLUED_CREDIT_DAY = re.compile(
    rf"\s(?P<by>(?:By|da) {_CREDITED}(?:(?:,| and| e| und| et| y) {_CREDITED})*)\s+(?:[-–|]\s+)?"
    r"(?P<day>\S.*)$"
)
_SHARED_COUNTS = re.compile(
    r"^(?:\s*(?:\d+ (?:mins?|minutes?|hrs?|hours?) ago|\d+|Facebook|Twitter|WhatsApp|SMS|Email|Print|"
    r"LinkedIn|Pinterest|Reddit|Copy article link|Save)\b)+\s*"
)


_SHARE_RUN = re.compile(
    r"\s(?:(?:Facebook|Twitter|WhatsApp|SMS|Email|Print|LinkedIn|Pinterest|Reddit)\s+){3,}"
)


# A wire credit glued after the title with no "By": the name in capitals, the agency, then the day (stop 23):
# "... dead at 91 JIM HEINTZ, Associated Press Aug. 30, 2022 Updated: ...".
# Two names or more joined by "and" (stop 25): "... to Crimea ADAM SCHRECK and VASILISA STEPANENKO, Associated Press".
_CAPS_NAME = r"[A-Z][A-Z'’-]+(?: [A-Z]\.)?(?: [A-Z][A-Z'’-]+){1,2}"
_GLUED_CAPS_CREDIT = re.compile(
    rf"\s(?P<by>{_CAPS_NAME}(?:(?:,| and) {_CAPS_NAME})*(?:, [A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){{0,3}}?)?)"
    r"\s+(?P<day>(?:[A-Z][a-z]{2,8}\.? \d{1,2}\b|\d{1,2}[./ ]).*)$"
)


def glued_byline(header_text: str) -> tuple[str, str]:
    match = _GLUED_BYLINE.search(header_text)
    if match:
        return _APPEAL.sub("", header_text[: match.start()]).strip(), match["by"]
    caps = _GLUED_CAPS_CREDIT.search(header_text)
    if (
        caps
        and len(header_text[: caps.start()].split()) >= 4
        and (found := find_date(caps["day"]))
        and not found[1]
    ):
        return header_text[: caps.start()].strip(), f"{caps['by']} | {caps['day']}"
    glued = _GLUED_CREDIT_DAY.search(header_text)
    if not glued or len(header_text[: glued.start()].split()) < 4:
        return header_text, ""
    by = glued["by"].split()
    for cut in range(len(by), max(len(by) - 3, 2) - 1, -1):  # the names may have taken the month: "CNN Sep"
        text = " ".join([*by[cut:], glued["day"]])
        found = find_date(text)
        if found and found[1] == 0:
            day, rest = text[: found[2]], _SHARED_COUNTS.sub("", text[found[2] :]).replace(" | ", " ")
            rest = _SHARE_RUN.split(rest, 1)[0].strip()  # the next share bar ends the post's text
            credit = " ".join(by[:cut]).rstrip(",")
            return header_text[: glued.start()].strip(), " | ".join(p for p in (credit, day, rest) if p)
    return header_text, ""


# A note to the reader before the story: "Editor's Note: This is a developing story ...", "Trigger warning:
# This article contains reference to tragic deaths." (stop 22). Not the story, and not its end.
_READER_NOTE = re.compile(
    r"^(?:editor['’]?s['’]? note|(?:trigger|content) warning|disclaimer)\s*:\s+\S", re.I
)


def is_reader_note(text: str) -> bool:
    return bool(_READER_NOTE.match(text)) and len(text) <= 200


def first_sentence(paragraph: str) -> str:
    match = re.match(r"(.{20,200}?[.!?])(?:\s|$)", paragraph)
    if match:
        return match.group(1)
    return paragraph if len(paragraph) <= 200 else paragraph[:200].rsplit(" ", 1)[0] + "…"


def author_box(text: str, kind: str, byline: str) -> bool:
    """The author's name alone on a line after the story opens the box about them (stop 23)."""
    return bool(byline) and kind == "text" and text == byline and len(text.split()) >= 2
