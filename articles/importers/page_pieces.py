"""Headline candidates cut out of a header line that glues the headline to something else (issue 14, stop 24).

The choice among candidate lines is right on nearly every page whose headline is a candidate (helper pages5's
leave-one-set-out measure, stop 23); on new sites the misses are headers where no piece holds the headline
alone: a kicker, a lead or a standfirst printed on the same line. Each rule here cuts by shape only (case,
separators, text the page prints again), never by a site's words, and returns ``(title, rest)`` or None.
The checks after them (stop 25) settle where the story starts: a photo's caption told by its credit line or an
agency's day, a photo's title, a short first sentence under the byline.
"""

from __future__ import annotations

import re

from . import page_lines as pl
from .language import detect_language

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-ÿ"

# "Denver Nuggets Win First NBA Championship: After nine years in the ABA ...": a headline in title case, a
# colon and the story's first sentence.
_TITLE_COLON = re.compile(rf"^(?P<title>[^:]{{10,100}}?):\s+(?P<rest>[{_UPPER}\"“][^:]*\S)$", re.S)
_SMALL = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "or", "as", "is", "vs", "with", "from",
          "into", "over", "after"}  # fmt: skip

# "Klebe-Aktionen und Demo : Proteste nach Räumung von Lützerath": a kicker before a colon with a space on both
# sides, outside French (where " : " is how every colon is printed: "Présidentielle 2022 : Emmanuel ...").
_SPACED_COLON = re.compile(r"^(?P<kicker>[^:]{3,40}?) : (?P<title>\S.{10,})$", re.S)

# "... avvertita anche a Napoli: persone in strada Alle 22.08 sisma di magnitudo ...": a standfirst glued
# after a word in lower case, opening on an article or preposition in capitals that no name begins with.
_OPENERS = ("Alle|Il|Lo|La|Le|Gli|Nel|Nella|Dopo|Per|Les|Un|Une|Des|Du|Au|Aux|Après|Selon|Los|Las|El|"
            "Tras|Según|Der|Die|Das|Dem|Den|Ein|Eine|Nach|Laut|Het|Een|Após|Segundo")  # fmt: skip
_GLUED_OPENER = re.compile(rf"(?<=[{_LOWER}0-9%])\s+(?=(?:{_OPENERS})\s+[{_LOWER}0-9])")


def split_pieces(text: str, page_text: str) -> tuple[str, str] | None:
    """The first rule that cuts the header's text into a headline and what is glued to it, or None."""
    rules = (_meta_run, _quote_after_dashes, _repeated_lead, _title_before_sentence, _spaced_colon_kicker,
             _glued_opener)  # fmt: skip
    for rule in rules:
        found = rule(text, page_text)
        if found:
            return found
    return None


def _words(text: str) -> list[str]:
    return text.split()


def _repeated_lead(text: str, page_text: str) -> tuple[str, str] | None:
    """ "CDU begrüßt Karlsruher Entscheidung Die Berliner CDU hat die ... stattfinde... dpa" over "Berlin -Die
    Berliner CDU hat die ...": six words of the header open a paragraph of fifteen words or more, at its start
    or after at most 40 characters of a dateline ending in a dash, colon, stop or bracket. The header holds
    the headline, then a preview of the story's first paragraph."""
    words = _words(text)
    lines = [line.strip() for line in page_text.split("\n") if len(line.strip()) > 40]
    for index in range(4, len(words) - 5):
        run = " ".join(words[index : index + 6])
        if not re.match(rf"[{_UPPER}\"“„]", run):
            continue
        for line in lines:
            at = line.find(run)
            after_dateline = 0 < at <= 40 and re.search(r"[-–—:.)]\s*$", line[:at])
            if (at == 0 or after_dateline) and len(_words(line)) >= 15:
                return " ".join(words[:index]), " ".join(words[index:])
    return None


def _title_cased(text: str) -> bool:
    """ "Denver Nuggets Win First NBA Championship": every word but the small ones capitalised, most of them in
    lower case after the capital (not a slug in capitals such as "MARYLAND, UNITED STATES - MARCH 26")."""
    words = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text) if word.lower() not in _SMALL]
    mixed = sum(not word.isupper() for word in words)
    return len(words) >= 3 and all(word[0].isupper() for word in words) and 2 * mixed > len(words)


def _title_before_sentence(text: str, page_text: str) -> tuple[str, str] | None:
    """A headline in title case, a colon, then a sentence of twelve words or more that ends with a stop, on a
    page that prints no story below: the header holds the headline and the whole story."""
    match = _TITLE_COLON.match(text)
    if not match or not _title_cased(match["title"]) or len(_words(match["title"])) > 14:
        return None
    rest = match["rest"]
    if any(len(_words(line)) >= 10 for line in page_text.replace(text, "").split("\n")):
        return None  # the page prints its story below: the header's "Label: sentence" is its first paragraph
    if len(_words(rest)) < 12 or not re.search(rf"\b[{_LOWER}]{{3,}}\b.*[.!?][\"'”’]?(?:\s|$)", rest):
        return None
    return match["title"].strip(), rest


def _spaced_colon_kicker(text: str, page_text: str) -> tuple[str, str] | None:
    """A kicker of five words or fewer before " : ", on a page not in French: the headline is what follows."""
    match = _SPACED_COLON.match(text)
    if (
        not match
        or len(_words(match["kicker"])) > 5
        or len(_words(match["title"])) < 3
        or " : " in match["title"]
    ):
        return None
    if detect_language(text, page_text) in ("fr", ""):
        return None
    return match["title"].strip(), ""


def _glued_opener(text: str, page_text: str) -> tuple[str, str] | None:
    """A headline of five to twenty-five words, then a standfirst of six words or more opening on an article or
    preposition in capitals after a word in lower case ("... persone in strada Alle 22.08 sisma di ...")."""
    if len(text) <= 90:
        return None
    for match in _GLUED_OPENER.finditer(text):
        title, rest = text[: match.start()].strip(), text[match.end() :].strip()
        if (
            5 <= len(_words(title)) <= 25
            and len(_words(rest)) >= 6
            and "." not in re.sub(r"\d[.,]\d", "", title)
        ):
            return title, rest
    return None


# A rubric's name left before a run of page facts: "News", "Nieuws", "Nachrichten" (the rubric, not the title).
_RUBRIC_WORDS = {"news", "nieuws", "nachrichten", "noticias", "notizie", "actualités", "actualites", "notícias",
                 "politics", "politiek", "politik", "politica", "política", "sport", "sports", "world"}  # fmt: skip


def _meta_run(text: str, page_text: str) -> tuple[str, str] | None:
    """ "Title Nieuws • Vandaag • leestijd 2 minuten • 143 keer bekeken • bewaren": three bullets or more
    after the title, each piece four words or fewer, one of them with a figure: the page's facts (rubric,
    day, reading time, views), glued to the headline with the rubric's name."""
    pieces = re.split(r"\s+[•·|]\s+", text)
    facts = pieces[1:]
    if (
        len(facts) < 3
        or any(len(_words(piece)) > 4 for piece in facts)
        or not re.search(r"\d", " ".join(facts))
    ):
        return None
    words = _words(pieces[0])
    if len(words) >= 5 and words[-1].lower() in _RUBRIC_WORDS:
        words = words[:-1]
    return (" ".join(words), "") if len(words) >= 4 else None


def _quote_after_dashes(text: str, page_text: str) -> tuple[str, str] | None:
    """ "Suspect at Large After Shooting ... Parade --"STAY OUT OF THE AREA ..." the sheriff posted.": a
    quotation glued after two hyphens is the story's, not the headline's."""
    match = re.match(r"^(?P<title>.{15,150}?)\s+--\s*(?P<rest>[\"“].{10,})$", text, re.S)
    if not match or len(_words(match["title"])) < 4:
        return None
    return match["title"], match["rest"]


def after_caption_copy(rows: list, start: int) -> int:
    """A photo's caption printed twice around its credit ("Iowa guard ... in Cleveland." / "Jane Doe" / "/" /
    "AP" / the same caption again) where the story would start: the story starts after the second copy, at
    the next paragraph of prose. Rows are page rows with ``kind`` and ``text``."""
    if start >= len(rows) or rows[start].kind != "text" or len(_words(rows[start].text)) < 8:
        return start
    copies = [index for index in range(max(0, start - 6), min(start + 6, len(rows) - 1)) if index != start]
    second = max((index for index in copies if rows[index].text == rows[start].text), default=None)
    if second is None or (following := max(second, start) + 1) >= len(rows):
        return start
    row = rows[following]
    return following if row.kind == "text" and len(_words(row.text)) >= 8 else start


# A photo's credit on a line of its own, names and outlets between slashes: "Kirill Kudryavtsev/AFP/Getty Images",
# "Nelvin C. Cepeda / San Diego Union-Tribune" (stop 25).
_CREDIT_LINE = re.compile(
    rf"^(?:[{_UPPER}][\w.’'-]*\s+){{0,3}}[{_UPPER}][\w.’'-]*\s*/\s*[{_UPPER}][\w.&’' -]{{1,40}}"
    rf"(?:/\s*[{_UPPER}][\w.&’' -]{{1,30}})?$"
)
# An agency caption's day, a comma before the weekday: "... in the Roosevelt Room at the White House, Thursday,
# April 28, 2022, in Washington." (stop 25: no labelled first sentence of a-k has it; 40 captions do).
_CAPTION_DAY = re.compile(
    r", (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? "
    r"\d{1,2}, (?:19|20)\d\d\b"
)


def is_credit_line(text: str) -> bool:
    return bool(_CREDIT_LINE.match(text.strip()))


def caption_before_story(rows: list, start: int) -> int:
    """A photo's caption where the story would start, told by its credit on the next line or by an agency
    caption's day: the story starts at the prose after it, and the caption is kept as the photo's."""
    if start + 1 >= len(rows) or rows[start].kind != "text" or len(_words(rows[start].text)) > 60:
        return start
    credit = rows[start + 1].text.strip() if _CREDIT_LINE.match(rows[start + 1].text.strip()) else ""
    story = start + 2 if credit else start + 1
    if story >= len(rows) or rows[story].kind != "text" or not pl.is_prose(rows[story].text):
        return start
    if not credit and not _CAPTION_DAY.search(rows[start].text):
        return start
    rows[start].kind, rows[start].data = "caption", pl.Caption(caption=rows[start].text, credit=credit)
    if credit:
        rows[start + 1].kind = "furniture"
    return story


def short_first_sentence(rows: list, start: int) -> int:
    """A short finished sentence right after the byline, time or photo rows and right before the story's
    first paragraph of prose ("Donald Trump has announced his running mate."): the story's first sentence,
    too short to read as prose, not a title (a title has no full stop), stop 25."""
    if not 2 <= start < len(rows) or rows[start - 2].kind not in ("byline", "time", "caption"):
        return start
    text = rows[start - 1].text.strip()
    if (
        rows[start - 1].kind == "text"
        and 4 <= len(text.split()) < 8
        and re.search(rf"[{_LOWER}]{{2,}}[.]$", text)
        and re.match(rf"[{_UPPER}\"“]", text)
        and len(re.findall(rf"\b[{_LOWER}]{{2,}}\b", text)) >= 2
    ):
        return start - 1
    return start


def _content(text: str) -> set[str]:
    return {word for word in re.findall(r"[^\W\d_]{4,}", text.casefold())}


def photo_titles(rows: list, start: int) -> None:
    """A line above a photo's caption that the caption says again in more words ("President Biden goes to hug
    Judge Ketanji Brown Jackson" over "President Joe Biden goes to hug Supreme Court nominee Judge Ketanji Brown
    Jackson as they watch ... (AP photo: ...)") is the photo's title, not the story's headline (stop 25)."""
    for row, below in zip(rows[:start], rows[1 : start + 1], strict=False):  # the last may have none below
        if (
            row.kind == "text"
            and below.kind == "caption"
            and not below.data.caption
            and is_credit_line(below.text)
        ):
            if len(_words(row.text)) <= 60 and pl.ends_sentence(row.text):  # a caption over its credit line
                row.kind, row.data = "caption", pl.Caption(caption=row.text, credit=below.data.credit)
                below.kind = "furniture"
            continue
        if row.kind != "text" or below.kind != "caption" or not below.data.caption:
            continue
        words = _content(row.text)
        if len(words) >= 4 and len(words & _content(below.data.caption)) >= 0.75 * len(words):
            row.kind = "furniture"


def settle_start(rows: list, start: int) -> int:
    """The story's start after the checks of stop 25: a caption told by its credit line or an agency's day, a
    short first sentence under the byline; the photo titles above it."""
    start = short_first_sentence(rows, caption_before_story(rows, start))
    photo_titles(rows, start)
    for index in range(1, min(start, len(rows)) - 1):
        above, row, below = rows[index - 1 : index + 2]
        if (
            above.kind == row.kind == "text"
            and below.kind == "time"
            and pl.is_prose(above.text)
            and pl.ends_sentence(above.text)
            and len(_words(row.text)) <= 6
            and not pl.ends_sentence(row.text)
            and not pl.is_person_name(row.text)  # "Jane Doe" there is the byline
        ):
            row.kind = "furniture"  # a credit between the standfirst and the time ("Agencies and A News")
    return start
