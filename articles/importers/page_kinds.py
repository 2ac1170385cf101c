"""What kind of page a scraped page is: one article, or a digest, gallery, video, listing or stub.

Judged from the page's shape and its own words, never from its site: a link-out prompt with no story of
its own is a stub; a "Today in History" or live-blog page of several stories, each stamped with its
time, is a digest; a page counting its photos is a gallery; a page naming itself a video with little
text is a video; a page of headline-shaped lines with hardly any prose is a listing. Anything else is an
article. A non-article is still imported, searchable and kept; searches show it only when asked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import page_lines as pl
from .dates import find_date

ARTICLE, DIGEST, GALLERY, VIDEO, LISTING, STUB = "article", "digest", "gallery", "video", "listing", "stub"
KINDS = (ARTICLE, DIGEST, GALLERY, VIDEO, LISTING, STUB)

_LINK_OUT = re.compile(
    r"\b(?:read (?:the )?full (?:article|story)|continue (?:reading |to )?(?:this |the )?(?:story|article) "
    r"(?:on|at)|(?:this |the )?(?:story|article) (?:originally |first )?appeared (?:on|in)|"
    r"on (?:the )?original (?:website|site)|view (?:the )?original (?:article|story))\b",
    re.I,
)
_DIGEST_TITLE = re.compile(
    r"\b(?:today in history|this day in history|morning (?:briefing|report)|evening (?:briefing|report)|"
    r"news (?:digest|roundup|round-up|in brief|briefs?)|top (?:stories|headlines)|headlines of the day|"
    r"(?:^|\bthe |\bnews |\bdaily )briefing\b|live (?:updates|blog)|what (?:you need )?to know(?: today| now| this week)?$|the week in review)\b",
    re.I,
)
_TODAY_IS = re.compile(
    r"^today is (?:\w+day, \w+ \d{1,2}(?:st|nd|rd|th)?, )?the \d+(?:st|nd|rd|th) day of \d{4}", re.I
)
# A morning round-up opens by greeting its readers; an article does not.
_GREETING = re.compile(
    r"^(?:good morning|bom dia|buenos d[ií]as|buongiorno|bonjour|guten morgen|dzień dobry|goedemorgen)\b\W",
    re.I,
)
# "the main news of the day", "as principais notícias desta quarta": a page that gathers them.
_TOP_NEWS = re.compile(
    r"\b(?:principais|principales|principali|wichtigsten|main|top) (?:notícias|noticias|notizie|nachrichten|news|"
    r"stories|headlines) (?:do dia|del d[ií]a|del giorno|des tages|of the day|today|de hoje|de hoy|desta|deste|"
    r"this morning)\b",
    re.I,
)
_SCORE = re.compile(r"\b\d{1,2}\s?[-–]\s?\d{1,2}\b(?![-–/.]\d)")  # "Spain 1-0 England": a result, not a link
_DAY_LINE = re.compile(r"^\w+day,? (?:\d{1,2}\.? [^\W\d]+|[^\W\d]+\.? \d{1,2})$", re.I)  # "Sunday 20 August"
_BULLET = re.compile(r"^[*•▪■]\s+\S")  # a list item in the story's text
_GALLERY = re.compile(
    r"\(\d+\s+(?:images|photos|pictures)\)|^\s*(?:photo|image|slide)\s+\d+\s+(?:of|/)\s+\d+|"
    r"\b(?:photo gallery|in pictures|in photos)\b|^(?:photos|gallery)\s*[:|]"
    # "the weekend's best photos", "pictures of the week" (stop 20)
    r"|\bbest (?:photos|pictures|images)\b|\b(?:photos|pictures|images) of the (?:day|week|year)\b",
    re.I,
)
_VIDEO = re.compile(
    r"^(?:video|watch)\s*[:|–—-]|[|–—-]\s*video\s*$|\bwatch (?:the )?video\b|\(video\)"
    # a provider's credit and time above the clip: "AFP Video • 03/03/2021 à 15:57"
    r"|^[\w.-]+(?: [\w.-]+)? video\s*[•·|]|^.{2,60}\s[•·]\s*\d{1,2}/\d{1,2}/\d{4}\b",
    re.I,
)
_TICKER = re.compile(r"\s\+{3}\s.*\s\+{3}\s")  # "Place: item +++ Place: item +++ ..."
# A teaser whose headline is glued to its summary: "Broncos Lament Lost SeasonThe Broncos' failed ..."
_GLUED_TEASER = re.compile(r"^(?:[A-Z0-9][\w'’,:-]*\s+){2,}[\w'’]*[a-z][A-Z][a-z]")
# Photo captions: an agency photo credit (AP's Spanish "(AP Foto/Jane Doe)" too), a slide counter, or the
# wire caption's "Weekday, Aug. 9, 2023, in Place" / "on April 8, 2024, in Place".
_PHOTO_CREDIT = re.compile(
    r"\([^()]{0,80}(?:\bPhoto\b|\bAP Foto\b|/\s*(?:AP|AFP|Reuters|Getty|EPA|Anadolu|Pool)\b|\bvia (?:AP|AFP|Getty|Reuters)\b)"
    r"[^()]{0,60}\)|\bPhoto by: |^\d{1,2}/\d{1,2}\s",
)
_CAPTION_DATE = re.compile(
    r"(?:\b\w+day|\bon),? (?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4},? "
    r"(?:in|at|near|outside) [A-Z]"
    # Reuters' captions end with the place and the date: "... in Torreon, Mexico April 8, 2024"
    r"|, [A-Z][\w.]+(?: [A-Z][\w.]+)* (?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\.?$"
)
# A labelled credit under each picture: "Picture: JANE DOE/GETTY IMAGES", "... Photo: Jane Doe/PA" (stop 20),
# "... Credit: Jane Doe" (stop 20, second round).
_LABELLED_CREDIT = re.compile(
    r"(?:^|[.)]\s+)(?:photo|picture|photograph|foto|bild|credit)\s*:\s*[A-Z][^:]{2,60}$", re.I
)
# One game's line in a round-up of several: "Indiana Pacers vs. Toronto Raptors", "Lakers 114, Celtics 112".
_GAME = re.compile(
    r"^[A-Z][\w.'’ ]{2,40} (?:vs?\.?|v) [A-Z][\w.'’ ]{2,40}$|^[A-Z][\w.'’ ]{2,40} \d{1,3}, [A-Z][\w.'’ ]{2,40} \d{1,3}$"
)
# An "on this day" list: a year, a comma and what happened ("1898, Spain declared war ...").
_YEAR_ITEM = re.compile(r"^(?:1\d|20)\d{2}(?: BC)?\s*[,:–—-]\s+\S")
_THESE_PHOTOS = re.compile(r"\b(?:these|the following) (?:photos|images|pictures)\b", re.I)
_DURATION = re.compile(r"\bDuration:\s*\d{1,2}:\d{2}\b")
_LABELLED_ITEM = re.compile(r"^(?:[^\W\d][\w’'-]*\s+){2,5}[^\W\d][\w’'-]*:\s+\S")  # "Topic of the item: text"
_SCRIPT = re.compile(r"^(?:story|script|transcript|video transcript)\s*:\s+\S", re.I)  # a clip's script
_REPORTS = re.compile(
    r"\b[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)*\s+(?:reports|has (?:the latest|more|the story|details))"
    r"(?: from [A-Z][\w'’ ,.-]{1,40})?\.$"
)
# A photographer's credit on a line of its own: "Charles Krupa/AP", "Ben Garver/The Berkshire Eagle/AP",
# "Paige Taylor White, AFP", "EPA-EFE/STRINGER".
_AGENCY = r"(?:AP|AFP|Reuters|REUTERS|EPA(?:-EFE)?|Getty Images|Anadolu|Xinhua|ANSA|dpa|Pool|Shutterstock)"
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_CREDIT_LINE = re.compile(
    rf"^(?:{_NAME}(?:\s*/\s*[A-Z][\w.&'’ -]{{1,40}}?)*\s*[/,]\s*{_AGENCY}|{_AGENCY}(?:\s*/\s*[A-Z][A-Z .'’-]+)+)$"
)
# A caption's closing credit in capitals: "... 18 April 2023. EPA-EFE/STRINGER", "... EPA/JIM LO SCALZO".
_CREDIT_TAIL = re.compile(rf"(?:^|[.)]\s+){_AGENCY}\s*/\s*[A-Z][A-Z .'’-]{{2,40}}$")
# A photographer's credit closing the only caption: "... to the naked eye. Jane Doe / The Daily Example"
# (stop 20, second round).
_NAMED_CREDIT_TAIL = re.compile(rf"(?<=[.!?])\s+[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){{1,2}} / {_NAME}$")
_PICTURE_ID = re.compile(r"^(?:epa|afp|rts)\d{6,}\s", re.I)  # an agency picture number opening a caption
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# A caption's scene, place and day: "... in Kelowna, British Columbia, Canada, on August 18, 2023." or
# "... in Khartoum, Sudan, 18 April 2023."
_CAPTION_PLACE_DATE = re.compile(
    rf"\b(?:in|at|near|outside) [A-Z][\w'’.-]*(?:,? [A-Z][\w'’.-]*)*,? (?:on )?"
    rf"(?:\d{{1,2}} {_MONTHS} \d{{4}}|{_MONTHS} \d{{1,2}},? \d{{4}})\."
)
_READ_MORE = re.compile(r"\(?\bread more\b\W*$", re.I)  # a teaser ending in its link to the source
_ROUNDUP = re.compile(r"\blet['’]s get caught up\b", re.I)  # a morning round-up's greeting
_ITEM_SOURCE = re.compile(r"\((?:source|quelle|fonte|fuente|bron)\s*:\s*[^()]{2,60}\)\W*$", re.I)
_LIVE = re.compile(r"\b(?:live\s?stream(?:ing)?|comes live|live feed)\b", re.I)
_STAMP = re.compile(r"^\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+\w{3,9}\.?\s+\d{1,2})?(?:\s+\w+)?$", re.I)


@dataclass
class _Page:
    titles: list[str]  # the header's title and the headline chosen
    lines: list[str]  # every non-empty line, stripped
    heads: list[str]  # the titles and the first lines that are not sentences of the story
    paragraphs: list[str]  # the body's paragraphs
    prose: list[str]  # those that read as sentences
    words: int  # in the prose
    dateline: str = ""  # the place the story opens on, if any


def page_kind(*, titles: list[str], lines: list[str], body: str, dateline: str = "") -> str:
    """The kind of a page from its titles (the header's, the headline chosen), its lines, its body and
    whether the story opens on a dateline."""
    text_lines = [line.strip() for line in lines if line.strip()]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    prose = [p for p in paragraphs if pl.is_prose(p)]
    page = _Page(
        titles=[title for title in titles if title],
        lines=text_lines,
        # Only lines that are not sentences of the story can name the page ("(24 images)", "Photo 1 of 12").
        heads=[line for line in [*titles, *text_lines[:3]] if line and not pl.is_prose(line)],
        paragraphs=paragraphs,
        prose=prose,
        words=sum(pl.word_count(p) for p in prose),
        dateline=dateline,
    )
    if any(_LINK_OUT.search(line) for line in page.heads) and page.words < 400:
        return STUB
    if len(page.paragraphs) == 1 and _READ_MORE.search(page.paragraphs[0]) and page.words < 200:
        return STUB  # one quoted paragraph and a link to the rest: "... (Read More)"
    for kind, test in ((DIGEST, _is_digest), (GALLERY, _is_gallery), (LISTING, _lists_videos),
                       (VIDEO, _is_video), (LISTING, _is_listing)):  # fmt: skip
        if test(page):
            return kind
    return ARTICLE if page.paragraphs else STUB  # a title and furniture, no story of its own: a stub


def _is_digest(page: _Page) -> bool:
    if any(_DIGEST_TITLE.search(line) for line in page.heads) or any(
        _TODAY_IS.match(line) for line in page.lines
    ):
        return True
    if sum(1 for line in _story_lines(page) if _STAMP.match(line)) >= 2 and len(page.prose) >= 3:
        return True  # a live blog: several entries, each under its time
    if any(_TICKER.search(line) or _ROUNDUP.search(line) for line in [*page.titles, *page.lines[:3]]):
        return True
    if any(_GREETING.match(line) or _TOP_NEWS.search(line) for line in page.lines[:3]):
        return True  # a round-up greets its readers or says it gathers the day's main news
    if (
        sum(1 for line in page.lines if _GAME.match(line)) >= 3
        or sum(1 for line in page.lines if _YEAR_ITEM.match(line)) >= 4
    ):
        return True  # several games' lines, or an "on this day" list of years (stop 20)
    if sum(1 for p in page.paragraphs if _BULLET.match(p) and pl.word_count(p) >= 20) >= 3:
        return True  # one bulleted paragraph per story
    if sum(1 for p in page.paragraphs if _ITEM_SOURCE.search(p)) >= 2:
        return True  # a press review: several items, each with its own "(Source : ...)"
    labelled = sum(1 for p in page.paragraphs if _LABELLED_ITEM.match(p) and pl.word_count(p) >= 20)
    return labelled >= 3 and labelled * 2 >= len(page.paragraphs)  # one labelled paragraph per story


def _story_lines(page: _Page) -> list[str]:
    """The lines up to the body's last paragraph: a live blog's times stand between its entries, while
    the site's lists after the story ("Most Watched Today" with each clip's running time) do not count."""
    if not page.paragraphs:
        return page.lines
    last = page.paragraphs[-1].strip()[:60]
    for position in range(len(page.lines) - 1, -1, -1):
        if last and (page.lines[position].startswith(last) or last.startswith(page.lines[position][:60])):
            return page.lines[: position + 1]
    return page.lines


def _is_gallery(page: _Page) -> bool:
    if any(_GALLERY.search(line) for line in page.heads):
        return True
    if sum(1 for line in page.lines if _GALLERY.search(line) and not pl.is_prose(line)) >= 2:
        return True
    captions = sum(1 for line in page.lines if _PHOTO_CREDIT.search(line) or _CAPTION_DATE.search(line))
    credits = sum(len(_PHOTO_CREDIT.findall(line)) for line in page.lines)
    if credits >= 2 and any(_THESE_PHOTOS.search(line) for line in page.lines):
        return True  # "In these photos, ..."
    if sum(1 for line in page.lines if _CREDIT_LINE.match(line) or _LABELLED_CREDIT.search(line)) >= 3:
        return True  # a photographer's credit under each picture
    if _one_caption(page) or _same_scene(page) or _slide_counters(page):
        return True
    # Mostly captions, or a page that is one caption and nothing else, or more credits than paragraphs.
    return (
        (captions >= 2 and captions * 2 >= len(page.lines))
        or (captions > 0 and len(page.lines) == 1)
        or credits > max(2, len(page.prose))
    )


_COUNTER = re.compile(r"(?<![\d/.,])(?P<n>[1-9]\d?)\s?/\s?(?P<of>[1-9]\d?)(?![\d/.,])")


def _slide_counters(page: _Page) -> bool:
    """A slide counter before each picture ("1/9 ... 2/9 ... 3/9"), even glued to the captions: a gallery."""
    seen: dict[str, set[int]] = {}
    for match in _COUNTER.finditer("\n".join(page.lines)):
        if int(match["n"]) <= int(match["of"]):
            seen.setdefault(match["of"], set()).add(int(match["n"]))
    return any({1, 2, 3} <= numbers for numbers in seen.values())


def _same_scene(page: _Page) -> bool:
    """Captions of one event end alike ("... on Feb. 24.", "... of the 2024 Summer Olympics."): four
    sentences or more, and at least two in five of the page's longer ones, ending in the same three words."""
    # Distinct sentences: captions, not a list of headlines nor a paragraph printed again.
    sentences = list(dict.fromkeys(line for line in page.lines if pl.ends_sentence(line)))
    endings = [tuple(words[-3:]) for words in (re.findall(r"[\w'’]+", line.lower()) for line in sentences)
               if len(words) >= 6]  # fmt: skip
    if not endings:
        return False
    count = Counter(endings).most_common(1)[0][1]
    return count >= 4 and count * 5 >= len(endings) * 2


def _one_caption(page: _Page) -> bool:
    """A page that is one photo's caption and nothing else: a short text with no dateline whose first
    sentence places and dates the scene, or that carries the agency's picture number or credit."""
    if page.dateline or not 1 <= len(page.paragraphs) <= 2:
        return False
    words = sum(pl.word_count(p) for p in page.paragraphs)
    if words >= 150:
        return False
    first = page.paragraphs[0]
    return bool(
        _CAPTION_PLACE_DATE.search(first[:300])
        or _PICTURE_ID.match(first)
        or _CREDIT_TAIL.search(page.paragraphs[-1])
        or _NAMED_CREDIT_TAIL.search(page.paragraphs[-1])
        or any(
            _CREDIT_LINE.match(line)
            for line in page.lines[:6]
            if len(page.paragraphs) < 2 or not _above(line, first, page.lines)
        )
    )


def _above(line: str, first: str, lines: list[str]) -> bool:
    """The line is printed above the story's first paragraph: a credit there, over two paragraphs, is a
    photo's above the story (a caption, its credit, then the story: stop 22), not that of a lone caption."""
    starts = [i for i, text in enumerate(lines) if text.strip() and first.startswith(text.strip()[:60])]
    return bool(starts) and lines.index(line) < starts[0]


def _lists_videos(page: _Page) -> bool:
    return sum(len(_DURATION.findall(line)) for line in page.lines) >= 2  # each with its duration


_TV_CREDIT = re.compile(r"\|\s+(?:Reportage|Report|Bericht|Reportaje|Reportagem|Servizio)\s*:?\s+[A-Z]")


def _is_video(page: _Page) -> bool:
    if any(_TV_CREDIT.search(line) for line in page.lines[-3:]):
        return True  # a television report's script, closed by its credits (stop 20)
    if 1 <= len(page.paragraphs) <= 2 and _REPORTS.search(page.paragraphs[-1]):
        return True  # a television report's description: "... Jane Doe reports."
    if any(_SCRIPT.match(line) for line in [*page.titles, *page.lines[:2]]):
        return True
    if _LIVE.search(" ".join(page.lines)) and page.words < 250:
        return True  # a live stream's page: its announcement and the stream
    if page.words >= 150:
        return False
    if len(page.paragraphs) <= 2 and page.words < 80 and any(_date_alone(line) for line in page.lines):
        return True  # a clip's short description with its upload date on a line of its own
    durations = sum(len(_DURATION.findall(line)) + pl.is_duration(line) for line in page.lines)
    running_time = durations == 1 and any(
        pl.is_duration(line) or _DURATION.search(line) for line in page.lines[:6]
    )
    return running_time or any(_VIDEO.search(line) for line in page.heads)


def _date_alone(line: str) -> bool:
    found = find_date(line)
    return found is not None and len(line) - (found[2] - found[1]) <= 3


def _is_listing(page: _Page) -> bool:
    if sum(1 for line in page.lines if _GLUED_TEASER.match(line)) >= 3:
        return True  # teasers glued to their summaries
    titles = [line for line in page.lines
              if pl.is_title_like(line) and not pl.is_prose(line) and not re.match(r"^\d+[.)]\s", line)
              and not _SCORE.search(line) and not _date_alone(line) and not _DAY_LINE.match(line)]  # fmt: skip
    return len(titles) >= 8 and page.words < 60 * len(titles) // 8 and len(page.prose) <= len(titles) // 3


# A gallery whose pictures are all the Associated Press's: "(AP Photo/Jane Doe)", "(AP Foto/...)", "(Jane
# Doe/Pool via AP, File)" (stop 20, second round). Only AP: galleries credited to AFP or EPA were labelled
# with the site as their source.
_CREDITED = re.compile(
    r"\((?:(?P<lead>AP|AFP|Reuters|EPA) (?:Photo|Foto)\b|[^()]{0,60}(?:\bvia |/\s*)(?P<tail>AP|AFP|Reuters|EPA)\b)"
)


def credited_to_ap(lines: list[str]) -> bool:
    """Whether the page's photo credits all name the Associated Press (at least one does)."""
    named = {match["lead"] or match["tail"] for line in lines for match in _CREDITED.finditer(line)}
    return named == {"AP"}
