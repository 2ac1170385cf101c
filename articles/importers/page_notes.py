"""Notes around a page's story that are not sentences of it (issue 14, stop 19): a photo's slug between
the story and a caption, the closing notes after it (a photo credit, a group blurb, a bare link, a caption
with its credit) and a date stamp glued before its first paragraph; the HTML entities a crawl left in the
text; a dateline of a place and its country with no date. Pure: text in, text out."""

from __future__ import annotations

import html
import re

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


def is_photo_slug(line: str) -> bool:
    return bool(_PHOTO_SLUG.match(line.strip())) and any(ch.isdigit() or ch.isupper() for ch in line[3:])


def is_closing_note(paragraph: str) -> bool:
    """A note after the story, not a sentence of it: a photo credit, a group blurb, a link, a caption."""
    text = paragraph.strip()
    return bool(_CLOSING_NOTE.search(text) or _CAPTION_CREDIT_END.search(text))


def strip_date_stamp(paragraph: str) -> str:
    return _DATE_STAMP.sub("", paragraph, count=1)


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
