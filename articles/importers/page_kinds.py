"""What kind of page a scraped page is: one article, or a digest, gallery, video, listing or stub.

Judged from the page's shape and its own words, never from its site: a link-out prompt with no story of
its own is a stub; a "Today in History" or live-blog page of several stories, each stamped with its
time, is a digest; a page counting its photos is a gallery; a page naming itself a video with little
text is a video; a page of headline-shaped lines with hardly any prose is a listing. Anything else is an
article. A non-article is still imported, searchable and kept; searches show it only when asked.
"""

from __future__ import annotations

import re

from . import page_lines as pl

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
    r"^today is \w+day, \w+ \d{1,2}(?:st|nd|rd|th)?, the \d+(?:st|nd|rd|th) day of \d{4}", re.I
)
_GALLERY = re.compile(
    r"\(\d+\s+(?:images|photos|pictures)\)|^\s*(?:photo|image|slide)\s+\d+\s+(?:of|/)\s+\d+|"
    r"\b(?:photo gallery|in pictures|in photos)\b|^(?:photos|gallery)\s*[:|]",
    re.I,
)
_VIDEO = re.compile(r"^(?:video|watch)\s*[:|–—-]|[|–—-]\s*video\s*$|\bwatch (?:the )?video\b|\(video\)", re.I)
_TICKER = re.compile(r"\s\+{3}\s.*\s\+{3}\s")  # "Place: item +++ Place: item +++ ..."
# A teaser whose headline is glued to its summary: "Broncos Lament Lost SeasonThe Broncos' failed ..."
_GLUED_TEASER = re.compile(r"^(?:[A-Z0-9][\w'’,:-]*\s+){2,}[\w'’]*[a-z][A-Z][a-z]")
# Photo captions: an agency photo credit, a slide counter, or the wire caption's "Weekday, Aug. 9, 2023, in
# Place" / "on April 8, 2024, in Place".
_PHOTO_CREDIT = re.compile(
    r"\([^()]{0,80}(?:\bPhoto\b|/\s*(?:AP|AFP|Reuters|Getty|EPA|Anadolu|Pool)\b|\bvia (?:AP|AFP|Getty|Reuters)\b)"
    r"[^()]{0,60}\)|\bPhoto by: |^\d{1,2}/\d{1,2}\s",
)
_CAPTION_DATE = re.compile(
    r"(?:\b\w+day|\bon),? (?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4},? "
    r"(?:in|at|near|outside) [A-Z]"
    # Reuters' captions end with the place and the date: "... in Torreon, Mexico April 8, 2024"
    r"|, [A-Z][\w.]+(?: [A-Z][\w.]+)* (?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\.?$"
)
_THESE_PHOTOS = re.compile(r"\b(?:these|the following) (?:photos|images|pictures)\b", re.I)
_DURATION = re.compile(r"\bDuration:\s*\d{1,2}:\d{2}\b")
_LABELLED_ITEM = re.compile(r"^(?:[^\W\d][\w’'-]*\s+){2,5}[^\W\d][\w’'-]*:\s+\S")  # "Topic of the item: text"
_SCRIPT = re.compile(r"^(?:story|script|transcript|video transcript)\s*:\s+\S", re.I)  # a clip's script
_REPORTS = re.compile(r"\b[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)*\s+reports\.$")
_STAMP = re.compile(r"^\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+\w{3,9}\.?\s+\d{1,2})?(?:\s+\w+)?$", re.I)


def page_kind(*, titles: list[str], lines: list[str], body: str) -> str:
    """The kind of a page from its titles (the header's, the headline chosen), its lines and its body."""
    text_lines = [line.strip() for line in lines if line.strip()]
    prose = [p for p in body.split("\n\n") if pl.is_prose(p)]
    body_words = sum(pl.word_count(p) for p in prose)
    # Only lines that are not sentences of the story can name the page ("(24 images)", "Photo 1 of 12").
    heads = [line for line in [*titles, *text_lines[:3]] if line and not pl.is_prose(line)]
    if any(_LINK_OUT.search(line) for line in heads) and body_words < 400:
        return STUB
    if any(_DIGEST_TITLE.search(line) for line in heads) or any(_TODAY_IS.match(line) for line in text_lines):
        return DIGEST
    if sum(1 for line in text_lines if _STAMP.match(line)) >= 2 and len(prose) >= 3:
        return DIGEST  # a live blog: several entries, each under its time
    if any(_TICKER.search(line) for line in [*titles, *text_lines[:3]]):
        return DIGEST
    paragraphs = [p for p in body.split("\n\n") if p]
    labelled = sum(1 for p in paragraphs if _LABELLED_ITEM.match(p) and pl.word_count(p) >= 20)
    if labelled >= 3 and labelled * 2 >= len(paragraphs):
        return DIGEST  # a briefing: one paragraph per story, each opening with its own label
    if (
        any(_GALLERY.search(line) for line in heads)
        or sum(1 for line in text_lines if _GALLERY.search(line) and not pl.is_prose(line)) >= 2
    ):
        return GALLERY
    captions = sum(1 for line in text_lines if _PHOTO_CREDIT.search(line) or _CAPTION_DATE.search(line))
    credits = sum(len(_PHOTO_CREDIT.findall(line)) for line in text_lines)
    if credits >= 2 and any(_THESE_PHOTOS.search(line) for line in text_lines):
        return GALLERY
    if (
        (captions >= 2 and captions * 2 >= len(text_lines))
        or (captions and len(text_lines) == 1)
        or credits > max(2, len(prose))
    ):
        return GALLERY  # mostly captions, or a page that is one caption and nothing else
    if sum(len(_DURATION.findall(line)) for line in text_lines) >= 2:
        return LISTING  # a list of videos, each with its duration
    if 1 <= len(paragraphs) <= 2 and _REPORTS.search(paragraphs[-1]):
        return VIDEO  # a television report's description: "... Jane Doe reports."
    durations = sum(len(_DURATION.findall(line)) + pl.is_duration(line) for line in text_lines)
    if any(_SCRIPT.match(line) for line in [*titles, *text_lines[:2]] if line):
        return VIDEO
    if body_words < 150 and (
        any(_VIDEO.search(line) for line in heads)
        or (any(pl.is_duration(line) or _DURATION.search(line) for line in text_lines[:6]) and durations == 1)
    ):
        return VIDEO  # named a video, or its running time printed above a short description
    if sum(1 for line in text_lines if _GLUED_TEASER.match(line)) >= 3:
        return LISTING
    titles = [line for line in text_lines
              if pl.is_title_like(line) and not pl.is_prose(line) and not re.match(r"^\d+[.)]\s", line)]  # fmt: skip
    if len(titles) >= 8 and body_words < 60 * len(titles) // 8 and len(prose) <= len(titles) // 3:
        return LISTING
    if not body.strip():
        return STUB  # a title and furniture, no story of its own
    return ARTICLE
