"""The story's own paragraphs in a scraped page: where they start (a dateline, the first finished prose
line that is not a deck above a byline) and what is not theirs at either end (a preview of the first
paragraph, a headline line, a key point's marker, credits, notes and other stories' teasers after the
last). Split out of page.py (issue 14, stop 19)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import page_lines as pl
from . import page_notes as notes
from .dates import find_date
from .page_dateline import short_dateline
from .records import ArticleRecord
from .wire import AGENCIES, canonical_source

URL = re.compile(r"https?://[^\s<>\"'()\[\]]+")
# A credit glued to the end of the story: "... em 2018. (com agência Ansa)", "(with Reuters)".
_GLUED_CREDIT = re.compile(
    r"(?<=[.!?\"”])\s*\((?:com|with|con|avec|mit|z) (?:agência |agencia |agence )?[^()]{2,40}\)$"
)
_GLUED_AGENCY = re.compile(
    r"(?<=[.!?\"”])\s*(?:\((?P<name>[A-Z][A-Za-z-]{1,11})\)|[—–]\s*(?P<dashed>[A-Z][A-Za-z-]{1,11}))$"
)
# Glued after the story's last sentence (stop 21): an embedded post's credit, "— Jane Doe (@janedoe) August
# 25, 2023", or the site's poster, "Posted By Ghost". Neither is a sentence of the story.
_GLUED_TAIL = re.compile(
    r"(?<=[.!?\"”])\s+(?:[—–]\s*[^()—–]{1,60}\(@\w{1,30}\)\s+\w{3,9}\.? \d{1,2}, \d{4}|Posted [Bb]y \S{1,30})$"
)
# What closes the story's last paragraph after its last sentence (stop 23), by shape: an embedded post's link
# and credit ("... 👀 #DavisCup pic.twitter.com/x1 — Jane Doe (@jane) May 2, 2024", "https://t.co/x1"), a note in
# brackets ("(La redazione)", "(dpa/jW)"), the site's address ("USAfricaLIVE.com", "Weiterlesen auf Bild.de"), an
# editor's initials ("xd6/col4/gtr") and a pointer to an embed removed from the page ("Veja abaixo.").
_POST_LINK = re.compile(
    r"(?:\s*(?:#\w+|[^\w\s.,;:!?\"”’')(]+))*\s*(?:pic\.twitter\.com/\w+|https?://t\.co/\w+)"
    r"(?:\s+[—–-]\s*[^()—–]{1,60}\(@\w{1,30}\)\s+\w{3,9}\.? \d{1,2}, \d{4})?$"
)
_CLOSING_TAIL = re.compile(
    r"(?<=[.!?\"”…])(?:\s*\((?P<note>[^()]{2,40}|(?:additional )?(?i:reporting|writing|editing) by [^()]{2,300})\)"
    r"|\s+(?:(?i:weiterlesen|mehr|read more|continue reading|leia mais|leggi|lire la suite)\s+(?:auf|on|at|em|su|sur)\s+)?"
    r"(?P<site>[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?:com|net|org|info|news|tv|de|it|fr|es|pt|br|nl|be|at|ch|uk))"
    r"|\s+[a-z]{1,4}\d?(?:/[a-z]{1,4}\d?){1,4}"
    r"|(?<=[^\W\d][.!?])\s+[A-ZÀ-ÖØ-Þ][^\s\d:]*(?:\s+[^\s\d:]+){1,9}:"  # "... Janja. Eis o rito de posse ao vivo:" over an embed the page lost
    r"|\s+(?i:(?:veja|see|watch|guarda|mira|regardez)(?: o vídeo| the video| il video| el video| la vidéo)?"
    r" (?:abaixo|below|qui sotto|sotto|abajo|ci-dessous))[.:!]?)$"
)


_KEPT_NOTE = re.compile(r"\s*\((?:[A-Z][A-Za-z-]{1,11}|(?i:read|continue|see|full|more)\b[^()]*)\)")


def closing_tail(paragraphs: list[str], record: ArticleRecord) -> None:
    """Take what closes the last paragraph after its last sentence (``_POST_LINK``, ``_CLOSING_TAIL``) into
    ``extra["notes"]``; a site's address names the source when nothing else does. An embedded post cut with
    "…" before its link is no sentence of the story: the paragraph goes."""
    while paragraphs:
        last = paragraphs[-1]
        tail = _POST_LINK.search(last) or _CLOSING_TAIL.search(last)
        if not tail or not last[: tail.start()].strip() or _KEPT_NOTE.fullmatch(tail.group(0)):
            return  # "(PTI)": an agency's credit, read below; "(Read More)": a link-out's, for its kind
        record.extra.setdefault("notes", []).append(tail.group(0).strip())
        if tail.re is _CLOSING_TAIL and tail["note"] and "/" in tail["note"]:
            agency = tail["note"].split("/")[0].strip()  # "(dpa/jW)": the agency, then the desk
            record.source = record.source or (canonical_source(agency) if agency.lower() in AGENCIES else "")
        elif tail.re is _CLOSING_TAIL and tail["site"]:
            record.source = record.source or tail["site"]
        paragraphs[-1] = last[: tail.start()].rstrip()
        if tail.re is _POST_LINK and paragraphs[-1].endswith(("…", "...")) and len(paragraphs) > 1:
            paragraphs.pop()  # "Para nós, ... especial… pic.twitter.com/x1": the post's cut text


# A syndicated story's closing credit, naming the outlet and the story's own headline.
_SYNDICATED = re.compile(
    r"^this (?:article|story) (?:originally|first) appeared (?:on|in) (?P<outlet>[^:]{2,60}?)\s*:\s+(?P<title>\S.{9,199})$",
    re.I,
)
# A link's prompt or a "next page" teaser closing the story's last paragraph (issue 14, stop 20): "... Read
# more about the Titan and Oceangate here.", "... (Scopriamo tutti i dettagli nella pagina successiva…)".
_LINK_PROMPT = re.compile(
    r"(?<=[.!?\"”])\s+(?:(?:read|see|find out|learn) more\b[^.!?]{0,100}\bhere\.?|\([^()]{3,100}(?:…|\.\.\.)\))$",
    re.I,
)
# A bracketed note before the story's first sentence: its feed's credit or its date, "(MENAFN- Live Mint)
# "Russian ...", "(Di lunedì 15 maggio 2023) La tornata ..." (issue 14, stop 20).
_OPENING_NOTE = re.compile(
    r"^\((?P<note>[^()]{3,60})\)\s+(?=[A-ZÀ-ÖØ-Þ\"“«])(?P<rest>(?:\S+\s+){9,}\S.*)$", re.S
)
# A television report's credits closing its script: "TF1 | Reportage S. Dupont, B. Martin" (stop 20).
_TV_REPORT_WORDS = r"(?:Reportage|Report|Bericht|Reportaje|Reportagem|Servizio)"
_TV_REPORT = re.compile(
    r"(?<=[.!?\"”])\s+(?P<outlet>[A-Z][\w&'’ -]{1,30}?)\s+\|\s+"
    + _TV_REPORT_WORDS
    + r"\s*:?\s+(?P<names>[A-Z][\w.'’ -]{1,30}(?:,\s+[A-Z][\w.'’ -]{1,30}){0,5})$"
)
_PLACE_LABEL = re.compile(
    r"^[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[ -][A-ZÀ-ÖØ-Þ][^\W\d_]+)?(?:(?::| [—–-]) \S| -[A-ZÀ-ÖØ-Þ]|(?<=\w{4})\. \S)"
)  # "Berlin: ...", "Berlin -Die ...", "Atlanta. Former ..."
# The time of a live page's entry before its first sentence: "2.21 pm – The MetOffice has ..." (stop 22).
_ENTRY_TIME = re.compile(r"^(?P<time>\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?)\s+[–—-]\s+(?=[A-ZÀ-ÖØ-Þ])", re.I)
# A site's name in capitals glued to the first sentence by a hyphen: "SHAFAQNA-Thailand's liberal ..." (stop 22);
# six letters or more, so "NATO-Russia talks" keeps its acronym.
_GLUED_SITE = re.compile(r"^(?P<name>[A-Z]{6,})-(?=[A-ZÀ-ÖØ-Þ][a-zß-ÿ'’]+\s)")
# A teaser: a title of four words or more glued to its summary, no stop between ("Dutch electionAlthough").
_GLUED_TITLE = re.compile(r"^[^.!?\n]{15,150}?\s[a-z][a-z'’-]*[a-z]{2}[A-Z][a-z]+\b")  # not "on WhatsApp"


@dataclass
class Row:
    number: int  # line number in the page (the first line, for a paragraph joined from several)
    text: str  # stripped
    raw: str = ""  # as printed, with its indentation
    kind: str = "text"
    data: object = None


def printed_again(text: str, rows: list[Row]) -> bool:
    """The page prints this text again further down (spaces aside: "W yniki" under a drop capital)."""
    key = re.sub(r"\s+", "", text)[:80]
    return len(key) >= 40 and any(re.sub(r"\s+", "", row.text).startswith(key) for row in rows)


def _dateline(text: str, labels: int) -> pl.Dateline | None:
    """The paragraph's dateline, unless it is one of the page's labels in capitals ("TODAY’S FACT:")."""
    found = pl.parse_dateline(text)
    return None if found and found.colon and labels >= 2 else found


def body_start(rows: list[Row], labels: int = 0) -> int:
    """Index of the first story paragraph: a dateline paragraph, else the first prose line not
    followed closely by a byline or time line (a prose line before those is a deck or a caption). A short
    standfirst that the next paragraph restates in its own words is not the story (stop 21)."""
    start = _body_start(rows, labels)
    if start + 1 < len(rows) and _restated(rows[start], rows[start + 1]):
        return start + 1
    return start


def _words(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"[^\W\d_]{5,}", text)}


def _restated(first: Row, following: Row) -> bool:
    """A standfirst of one or two sentences (35 words at most) whose longer words come back, three in four
    or more, in the longer paragraph after it: "X, der prominenteste Kremlkritiker, ist am Freitag gestorben."
    over "Der inhaftierte ... X ist nach Angaben der ... gestorben. Der prominenteste Kremlkritiker ..."."""
    if first.kind != "text" or following.kind != "text" or pl.parse_dateline(first.text):
        return False
    if pl.word_count(first.text) > 35 or pl.word_count(following.text) <= pl.word_count(first.text):
        return False
    words = _words(first.text)
    return len(words) >= 5 and len(words & _words(following.text)) >= 0.75 * len(words)


def _body_start(rows: list[Row], labels: int = 0) -> int:
    prose_seen = 0
    for index, row in enumerate(rows[:60]):
        if row.kind != "text":
            continue
        if _dateline(row.text, labels) and pl.word_count(row.text) >= 6:
            return index
        if pl.is_prose(row.text):
            prose_seen += 1
            if prose_seen > 3 or (pl.word_count(row.text) >= 60 and pl.ends_sentence(row.text)):
                break  # a dateline opens the story: none comes after a long paragraph of it
    # A long headline can look like prose; story paragraphs end their sentences, so try those first.
    first = next((index for index, row in enumerate(rows) if row.kind == "text"), -1)
    for finished in (True, False):
        for index, row in enumerate(rows):
            if (
                row.kind != "text"
                or not pl.is_prose(row.text)
                or (
                    finished
                    and (
                        not (pl.ends_sentence(row.text) or (index == first and _cut_paragraph(row.text)))
                        or _teaser(row.text)
                    )
                )
            ):
                continue
            following = [later.kind for later in rows[index + 1 : index + 4]]
            if "byline" not in following and "time" not in following and not _credit_follows(rows, index):
                return index
    # Every prose line stands before a byline or a time: the story is the first of them (a short item
    # with its date stamp under it), not nothing.
    for index, row in enumerate(rows):
        if row.kind == "text" and pl.is_prose(row.text):
            return index
    return len(rows)


def _cut_paragraph(text: str) -> bool:
    """A first paragraph of several sentences cut before its last full stop: finished prose all the same, not
    a long headline (stop 22: a first paragraph printed on the header line, cut there)."""
    if not re.search(r"[^\W_],?$", text):
        return False  # a caption ends on its credit "(AP Photo/...)", a cut paragraph inside a word or clause
    return (
        pl.word_count(text) >= 30 and len(re.findall(r"[a-zß-ÿ0-9)][.!?][\"'”’]?\s+[A-ZÀ-ÖØ-Þ]", text)) >= 1
    )


def heads_story(body_rows: list[Row]) -> bool:
    """The first body line is a headline: shaped like one (no final stop, capitalised), while the line
    after it is longer prose."""
    first, following = body_rows[0].text, body_rows[1].text
    # A question of twelve words at most over a paragraph three times as long is a headline too (stop 23:
    # "Zieht die SPD noch knapp an der AfD vorbei?").
    question = first.endswith("?") and pl.word_count(first) <= 12 < pl.word_count(
        following
    ) >= 3 * pl.word_count(first)
    return (
        pl.is_title_like(first)
        and (not pl.ends_sentence(first) or question)
        and not pl.parse_dateline(first)
        and pl.word_count(following) > pl.word_count(first)
    )


def _teaser(text: str) -> bool:
    """A short line cut with "..." is another story's teaser, not a finished sentence of this one."""
    return text.rstrip().endswith(("...", "…")) and pl.word_count(text) <= 15


def _credit_follows(rows: list[Row], index: int) -> bool:
    """An agency's name alone on the next line or two, with the story's prose after it: the line at
    `index` is a standfirst above the credit, not the story's first paragraph."""
    for offset, later in enumerate(rows[index + 1 : index + 3], index + 1):
        if later.kind == "caption" and offset == index + 1 and not later.data.caption:
            # a photographer's credit alone under the line: that line is the photo's caption (stop 21)
            return sum(1 for row in rows[offset + 1 :] if row.kind == "text" and pl.is_prose(row.text)) >= 1
        if later.kind == "signoff":
            return sum(1 for row in rows[offset + 1 :] if row.kind == "text" and pl.is_prose(row.text)) >= 2
    return False


_GLUED_CAPTION_CREDIT = re.compile(
    r"(?<=[.)])\s+(?P<credit>[A-Z]{2,}/[A-Z][A-Z.'’ -]*[A-Z])\s+(?=[A-Z](?:[a-zà-ÿ]|['’][a-zà-ÿ]))"
)


def read_paragraphs(body_rows: list[Row], record: ArticleRecord, labels: int = 0) -> None:
    paragraphs = [row.text.removesuffix(" |").strip() for row in body_rows]
    syndicated = _SYNDICATED.match(paragraphs[-1]) if len(paragraphs) > 1 else None
    if syndicated:
        # "This article originally appeared on The Daily Example: Its Headline": the credit and the title.
        paragraphs.pop()
        record.extra.setdefault("notes", []).append(syndicated.group(0))
        record.source = record.source or syndicated["outlet"].strip()
        record.title = record.title or syndicated["title"].strip()
    closing_tail(paragraphs, record)
    if paragraphs and (tail := _GLUED_TAIL.search(paragraphs[-1])):
        record.extra.setdefault("notes", []).append(tail.group(0).strip())
        paragraphs[-1] = paragraphs[-1][: tail.start()].rstrip()
    agency = _GLUED_AGENCY.search(paragraphs[-1]) if paragraphs else None
    name = (agency["name"] or agency["dashed"]) if agency else ""
    if agency and ((agency["name"] and name.isupper()) or name.lower() in AGENCIES):
        # "... since December 1999. (PTI)", "... a bank run. — AP": the agency's credit closing the story.
        record.extra.setdefault("notes", []).append(agency.group(0).strip())
        record.source = record.source or canonical_source(name)
        paragraphs[-1] = paragraphs[-1][: agency.start()].rstrip()
    if paragraphs and _GLUED_CREDIT.search(paragraphs[-1]):
        record.extra.setdefault("notes", []).append(_GLUED_CREDIT.search(paragraphs[-1]).group(0).strip())
        paragraphs[-1] = _GLUED_CREDIT.sub("", paragraphs[-1]).rstrip()
    report = _TV_REPORT.search(paragraphs[-1]) if paragraphs else None
    if report:
        # "... ont été incendiés. TF1 | Reportage S. Dupont, B. Martin": a television report's credits.
        record.byline = record.byline or report["names"]
        record.source = record.source or report["outlet"]
        paragraphs[-1] = paragraphs[-1][: report.start()].rstrip()
    if paragraphs and _LINK_PROMPT.search(paragraphs[-1]):
        paragraphs[-1] = _LINK_PROMPT.sub("", paragraphs[-1])
    if len(paragraphs) > 1 and (run_date := notes.run_note_date(paragraphs[-1])):
        record.extra.setdefault("notes", []).append(paragraphs.pop())  # when the story went out
        record.extra["page_day"] = run_date.isoformat()
    listed = pl.introduces_items(paragraphs[0]) if paragraphs else False  # a story that is a list
    listed = listed or ranked_tail(paragraphs)
    while (
        len(paragraphs) > 1
        and not (listed and (pl.LIST_ITEM.match(paragraphs[-1]) or _RANK.match(paragraphs[-1])))
        and (
            _GLUED_TITLE.match(
                paragraphs[-1]
            )  # another story's teaser: "... wins Dutch electionAlthough he ..."
            or (not pl.ends_sentence(paragraphs[-1]) and pl.word_count(paragraphs[-1]) <= 8)
            or notes.is_closing_note(paragraphs[-1])
            or (
                not pl.ends_sentence(paragraphs[-1]) and paragraphs[-1].isupper()
            )  # a heading or link in capitals
        )
    ):
        paragraphs.pop()
    closing_tail(paragraphs, record)  # again, once the notes after the story are gone
    if notes.restated(paragraphs) and not pl.parse_dateline(paragraphs[0]):
        record.extra.setdefault("deck", paragraphs.pop(0))  # a standfirst the story restates
    if (
        paragraphs
        and (credit := _GLUED_CAPTION_CREDIT.search(paragraphs[0]))
        and pl.word_count(paragraphs[0][: credit.start()]) >= 12
    ):
        # A photo's caption and its credit in capitals glued before the story: "... 22 August 2019.
        # ANSA/ETTORE FERRARI Silvio Berlusconi è morto ..." (stop 21).
        record.photo_caption = record.photo_caption or paragraphs[0][: credit.start()].strip()
        record.photo_credit = record.photo_credit or credit["credit"]
        paragraphs[0] = paragraphs[0][credit.end() :].strip()
    if (
        paragraphs
        and pl.LIST_ITEM.match(paragraphs[0])
        and (
            not pl.ends_sentence(paragraphs[0]) or (len(paragraphs) > 1 and pl.LIST_ITEM.match(paragraphs[1]))
        )
    ):
        # A key point's marker is not its text, nor is the marker of a list's first item (stop 21); a
        # dash opening a paragraph of its own is a quotation's ("- Są tacy, którzy ...") and stays.
        paragraphs[0] = pl.LIST_ITEM.sub("", paragraphs[0])
    if paragraphs:
        paragraphs[0] = notes.strip_date_stamp(paragraphs[0], record.extra)
        if entry := _ENTRY_TIME.match(
            paragraphs[0]
        ):  # "2.21 pm – The MetOffice has confirmed ...": a live entry
            record.extra.setdefault("entry_time", entry["time"])
            paragraphs[0] = paragraphs[0][entry.end() :]
        elif credit := _GLUED_SITE.match(paragraphs[0]):  # "SHAFAQNA-Thailand's liberal ...": the site's name
            record.source = record.source or credit["name"]
            paragraphs[0] = paragraphs[0][credit.end() :]
        opening = _OPENING_NOTE.match(paragraphs[0])
        if opening and pl.word_count(opening["note"]) <= 8 and not pl.parse_dateline(paragraphs[0]):
            paragraphs[0] = opening["rest"]
            record.extra.setdefault("notes", []).append(f"({opening['note']})")
            if find_date(opening["note"]):
                record.extra.setdefault(
                    "dateline_date", opening["note"]
                )  # the day the page prints as its own
        # "Place: ..." opening only the first paragraph; a page of "Place: item" paragraphs is a ticker.
        placed = sum(1 for p in paragraphs if _PLACE_LABEL.match(p))
        short = labels < 2 and placed == 1 and short_dateline(paragraphs[0])
        dateline = _dateline(paragraphs[0], labels) or short
        if dateline:
            record.dateline = dateline.place
            paragraphs[0] = notes.strip_date_stamp(
                dateline.rest, record.extra
            )  # "PLACE – December 1, 2023 – "
            if dateline.date:
                record.extra["dateline_date"] = dateline.date
            if dateline.agency:
                record.extra["dateline_agency"] = dateline.agency
                record.source = record.source or canonical_source(dateline.agency)
    if not record.dateline and record.extra.get("byline_place"):
        record.dateline = record.extra["byline_place"]  # "PTI | Dubai | Updated: ..."
    for paragraph in paragraphs:
        for url in URL.findall(paragraph):
            url = url.rstrip(".,;:")
            if url not in record.links:
                record.links.append(url)
    record.body = "\n\n".join(paragraphs)
    record.lede = paragraphs[0] if paragraphs else ""


def again_under_dateline(rows: list[Row], start: int) -> int:
    """The story told again under the same dateline a paragraph or two below ("NASHVILLE, Tenn. (AP) —
    Officials say ..." over "NASHVILLE, Tenn. (AP) — Three children were killed ..."): the first is the
    wire's short bulletin, the story starts at the second (stop 22)."""
    if start >= len(rows) or rows[start].kind != "text" or not (found := pl.parse_dateline(rows[start].text)):
        return start
    opener = rows[start].text[: len(rows[start].text) - len(found.rest)].strip()
    for index in range(start + 1, min(start + 3, len(rows))):
        text = rows[index].text
        if (
            rows[index].kind == "text"
            and len(opener) >= 4
            and text.startswith(opener)
            and not notes.is_closing_note(text)
        ):
            return index
    return start


def join_wrapped(rows: list[Row]) -> list[Row]:
    """Join runs of consecutive plain-text lines into paragraphs, so wrapped text reads as prose."""
    joined: list[Row] = []
    run: list[Row] = []

    def flush() -> None:
        if run:
            for group in pl.group_block([row.raw for row in run]):
                first = run[group[0]]
                joined.append(Row(first.number, pl.join_lines([run[i].raw for i in group]), first.raw))
            run.clear()

    for row in rows:
        if row.kind == "text" and (not run or row.number == run[-1].number + 1):
            run.append(row)
            continue
        flush()
        if row.kind == "text":
            run.append(row)
        else:
            joined.append(row)
    flush()
    return joined


def lead_above_items(rows: list[Row], start: int) -> int | None:
    """The story's lead ending in a colon above a few short item lines ("Dow industrial average rose 317
    points ...") that stand before the first finished paragraph (stop 20)."""
    index = start - 1
    while (
        index >= 0
        and start - index <= 6
        and rows[index].kind == "text"
        and not pl.ends_sentence(rows[index].text)
    ):
        if pl.is_prose(rows[index].text) and pl.introduces_items(rows[index].text):
            return index if start - index >= 3 else None
        if pl.word_count(rows[index].text) > 15:
            return None
        index -= 1
    return None


def after_key_points(rows: list[Row], start: int) -> int:
    """Bulleted key points under a short heading ("Key Takeaways") sum the story up above it: the story
    starts at the finished paragraph after them (stop 20)."""
    end = start
    while end < len(rows) and rows[end].kind == "text" and pl.LIST_ITEM.match(rows[end].text):
        end += 1
    heading = rows[start - 1].text if 0 < start <= len(rows) else ""
    if (
        end - start >= 2
        and end < len(rows)
        and pl.is_prose(rows[end].text)
        and pl.ends_sentence(rows[end].text)
        and 1 <= pl.word_count(heading) <= 3
        and not heading.endswith((":", "."))
    ):
        return end
    return start


def list_story(rows: list[Row], start: int) -> int:
    """A page with no prose whose story is a list: "Local games for August 23:" and three items or more
    under it ("- Pearl at Clinton"). The introducing line starts the story (issue 14, stop 20)."""
    for index, row in enumerate(rows):
        if row.kind == "text" and pl.introduces_items(row.text) and listed_items(rows[index + 1 : index + 5]):
            return index
    return start


def listed_items(rows: list[Row]) -> bool:
    """Four lines, three of them list items or the items' group headings ("Attala County:")."""
    listed = sum(1 for row in rows if pl.LIST_ITEM.match(row.text) or row.text.endswith(":"))
    return len(rows) == 4 and listed >= 3


# A ranking closing the story, "1 Angelina Mango" ... "30 Fred De Palma" (stop 20, second round).
_RANK = re.compile(r"^(?P<n>\d{1,3})\.?\s+\S")


def ranked_tail(paragraphs: list[str]) -> bool:
    """The story ends on a ranking: five or more paragraphs numbered 1, 2, 3 ... up to the last one."""
    numbers = []
    for paragraph in reversed(paragraphs):
        rank = _RANK.match(paragraph)
        if not rank or pl.word_count(paragraph) > 8:
            break
        numbers.append(int(rank["n"]))
    return len(numbers) >= 5 and numbers[::-1] == list(range(1, len(numbers) + 1))


def keep_coverage(text: str, record: ArticleRecord) -> None:
    record.extra.setdefault("coverage", text)
    for url in URL.findall(text):
        url = url.rstrip(".,;:")
        if url not in record.links:
            record.links.append(url)


# A photo's caption with no credit above the story, told by a caption's words (stop 23): "King Charles III poses
# with attendees at ...", "At left, Cardinal ... gives a lecture in New York in January 1988."
_CAPTION_WORDS = re.compile(
    r"^(?:(?:image|media) (?:source|caption)\s*,|at (?:left|right|center|centre|top|bottom)\b|\(?(?:left|right|top|above|below)\)?\s*[:,]|.{0,120}\b(?:poses|pose|"
    r"posing|pictured|looks on|look on|gestures|is seen|are seen|waves to)\b)",
    re.I,
)


def caption_above(rows: list[Row], start: int) -> int:
    """The story starts after a caption-worded paragraph of 60 words at most when prose follows it."""
    if start + 1 >= len(rows) or rows[start].kind != "text" or pl.word_count(rows[start].text) > 60:
        return start
    following = rows[start + 1]
    if _CAPTION_WORDS.match(rows[start].text) and following.kind == "text" and pl.is_prose(following.text):
        rows[start].kind, rows[start].data = "caption", pl.Caption(caption=rows[start].text, credit="")
        return start + 1
    return start
