"""What of one text is found in another: runs of words in common, quotations, and where a copy was cut.

Read by articles.stories.similarity (`compare`), which re-exports what tests and callers import; pure.
"""

from __future__ import annotations

import re

from .bands import SHORT_BODY
from .text import StoryText, _words, story_words

MIN_RUN = 4  # words: shorter runs in common are chance ("said on", "of the")
OWN_COVERAGE = 1 / 3  # of the shorter text's words outside quotations, found in the other
# Words the longer text may run on past the last run it shares with the shorter and still be taken
# for cut there (a crawl's excerpt, a site's "Read more"): a closing note of a few words at most.
CUT_SLACK = 6


def _found(short: list[str], long: list[str]) -> list[bool]:
    """For each word of `short`: whether it lies in a run of MIN_RUN words found anywhere in `long`
    (in any order: outlets move paragraphs)."""
    return _found_to_end(short, long)[0]


def _found_to_end(short: list[str], long: list[str]) -> tuple[list[bool], bool]:
    """`_found`, and whether a run found is among the last words of `long` (CUT_SLACK): only then can
    `long` be a copy cut where `short` goes on (`found_span`), which costs a second reading."""
    grams = set(_grams(long))
    end = set(_grams(long[-(CUT_SLACK + MIN_RUN) :]))
    covered = [False] * len(short)
    run = [True] * MIN_RUN
    reaches_end = False
    for i, gram in enumerate(_grams(short)):
        if gram in grams:
            covered[i : i + MIN_RUN] = run
            reaches_end = reaches_end or gram in end
    return covered, reaches_end


def _grams(tokens: list[str]):
    """The runs of MIN_RUN words, one a position: zip does the slicing in C (most comparisons are
    decided by `_found` alone: on a generated 10,000-article file, 92% of them fail its share found)."""
    return zip(*(tokens[i:] for i in range(MIN_RUN)), strict=False)


def _covered(short: list[str], long: list[str]) -> tuple[int, list[int], bool]:
    """How many words of `short` are found in `long` (`_found`), the lengths of the runs they lie in,
    longest first, and whether one of them is among the last words of `long` (`_found_to_end`)."""
    covered, reaches_end = _found_to_end(short, long)
    runs, length = [], 0
    for word_covered in covered:
        if word_covered:
            length += 1
        elif length:
            runs.append(length)
            length = 0
    if length:
        runs.append(length)
    return sum(covered), sorted(runs, reverse=True), reaches_end


def found_span(short: list[str], long: list[str], lead: int) -> int:
    """The words of `short` that `long` could have shown: all of them, unless the two open together
    (their first run in common within `lead` words of each start) and `long` stops within CUT_SLACK words
    of the last run they share. Then `long` is the same text cut shorter than `short` at that point (a
    site's or a crawl's cut), and the words of `short` past its last run found there are not missing
    from the other, only past its end: `short` counts up to that run.

    Two copies of one wire story, one cut after its fourth paragraph and the other carrying two more,
    but with a longer headline and caption on top, are one text; an article whose last paragraphs are
    another's opening (a digest ending with an item) does not open with it and counts whole."""
    first = {}
    last = {}
    for at, gram in enumerate(_grams(long)):
        first.setdefault(gram, at)
        last[gram] = at
    opens_short = opens_long = ends_short = ends_long = -1
    for at, gram in enumerate(_grams(short)):
        if gram in last:
            if opens_short < 0:
                opens_short, opens_long = at, first[gram]
            opens_long = min(opens_long, first[gram])
            ends_short, ends_long = at, max(ends_long, last[gram])
    if ends_short < 0 or max(opens_short, opens_long) > lead or len(long) - (ends_long + MIN_RUN) > CUT_SLACK:
        return len(short)
    return ends_short + MIN_RUN


_OPENING_QUOTES = "\u201c\u201e\u00ab"
_CLOSING_QUOTES = "\u201d\u00bb\u2033"
_QUOTE_MARKS = re.compile(r'["\u201c\u201d\u201e\u00ab\u00bb\u2033]')


def _quoted(body: str) -> list[bool]:
    """For each word of `body` (as `words` reads it): whether it stands inside a quotation. A quotation
    runs on over paragraphs that open with a quotation mark (the press's way with a long statement)."""
    mask: list[bool] = []
    inside = False
    for paragraph in (body or "").splitlines():
        stripped = paragraph.lstrip()
        if inside and stripped[:1] not in _OPENING_QUOTES and stripped[:1] != '"':
            inside = False
        elif inside:  # the quotation goes on: its opening mark here opens nothing
            paragraph = stripped[1:]
        start = 0
        for mark in _QUOTE_MARKS.finditer(paragraph):
            char = mark.group()
            mask += [inside] * len(_words(paragraph[start : mark.start()]))
            start = mark.end()
            if char in _OPENING_QUOTES:
                inside = True
            elif char in _CLOSING_QUOTES:
                inside = False
            else:  # a straight quotation mark opens and closes in turn
                inside = not inside
        mask += [inside] * len(_words(paragraph[start:]))
    return mask


def _own_words_found(short: StoryText, short_words: list[str], long_words: list[str]) -> bool:
    """Whether enough of the shorter text's own words, those outside quotations, are found in the other
    (OWN_COVERAGE): two outlets' stories of one announcement quote the same statement at length and
    share little else (the palace's statement on the King's cancer in PA's copy and in an outlet's
    own story). A text with too few words of its own to tell passes, unless it is mostly the quotation
    (a line of its own over a family's statement that another outlet's story quotes whole)."""
    if not _QUOTE_MARKS.search(short.body or ""):
        return True
    quoted = _quoted(short.body)
    # Led by its title (`story_words`), which is its own words.
    quoted = ([False] * (len(story_words(short)) - len(quoted)) + quoted)[: len(short_words)]
    found = _found(short_words, long_words)
    own = [word_found for word_found, inside in zip(found, quoted, strict=True) if not inside]
    if len(own) < SHORT_BODY and len(own) >= len(short_words) - len(own):
        return True  # too few words of its own to tell, and not mostly a quotation
    return sum(own) >= OWN_COVERAGE * len(own)
