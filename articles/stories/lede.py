"""A later take of one wire story that keeps its lede: the shorter text opens with the other's opening words.

Read by articles.stories.similarity (`compare`) and articles.stories.screen (`may_match`); pure.

An agency's write-thru or a site's condensation of it rewrites most of a story (5-41% of the shorter
text found in the other in runs of four words, the same range as other stories of the same event), but
usually keeps the lede's opening clause word for word: "Silvio Berlusconi, the boastful billionaire
media mogul who was Italy's longest-serving premier despite scandals over his sex-fueled parties and
allegations of corruption, died" through the day's takes. Other stories of the same event (another
agency's, an outlet's own, the agency's sidebars) open in their own words. Measured on the six
development manifests, Reuters-21578 train and BBC dev (docs/benchmarks.md, "Story grouping: issue 13,
stop 24 (helper stories7)"): an opening run of LEDE_RUN words at the top of both texts, in a short take
(under SHORT_TAKE words), is where the later takes of one story differ from the traps.
"""

from __future__ import annotations

from .evidence import MIN_RUN, _grams
from .text import is_figure, words

# Words a headline shares with any other: they say nothing of its story.
_MINOR_TEXT = "and but for from into over per than the via with after amid says said new"
MINOR_WORDS = frozenset(_MINOR_TEXT.split())

LEDE_RUN = 18  # words: the opening run both texts share, at their tops ...
LEDE_TOP = 40  # ... starting within this many words of each text's start (a kicker, byline, dateline)
SHORT_TAKE = 150  # words: the shorter text is a short take: a first take, a broadcast or web condensation
LEDE_COVERAGE = 0.25  # ... with at least this share of it found in the other


def kept_lede(short: list[str], long: list[str]) -> bool:
    """Whether `short` (under SHORT_TAKE words) opens with a run of LEDE_RUN words that `long` has at its
    top: the run starts within LEDE_TOP words of each text's start, and it is the first of `short`'s
    words found in `long` at all, or only words are found before it, no figure among them (a lede
    edited in place; the next day's notice shares "The Bank of England said it", then figures of its
    own, then the formula). A formula's next item under a subject of its own ("Thermo
    Electron Corp is raising 75 mln dlrs via an offering of convertible ...") passes here: compare's
    subject test still turns it down."""
    if len(short) >= SHORT_TAKE or len(short) < LEDE_RUN or len(long) < LEDE_RUN:
        return False
    top = {tuple(long[i : i + LEDE_RUN]) for i in range(min(LEDE_TOP, len(long) - LEDE_RUN) + 1)}
    start = next(
        (i for i in range(min(LEDE_TOP, len(short) - LEDE_RUN) + 1) if tuple(short[i : i + LEDE_RUN]) in top),
        None,
    )
    if start is None:
        return False
    grams = set(_grams(long))
    if not any(gram in grams for gram in _grams(short[: start + MIN_RUN - 1])):
        return True
    # Words found before the run, and no figure among the words before it: the lede edited in place
    # ("Several gunmen have burst into a big concert hall" for "Several gunmen burst into ..."). The next
    # day's notice has figures of its own between the phrase it shares and the formula.
    return not any(is_figure(word) for word in short[:start])


def same_headline_words(a: str, b: str) -> bool:
    """Whether two headlines share a word of their own (not a figure, not a small word: "of", "to"): a
    digest's ("MONEY NEWS HIGHLIGHTS 0530 GMT") shares none with the item it opens with."""
    x = {w for w in words(a) if len(w) > 2 and not is_figure(w) and w not in MINOR_WORDS}
    return bool(x & set(words(b)))


def may_keep_lede(short_length: int, found) -> bool:
    """The screen's side (`screen.may_match`): False only when `kept_lede` is sure to be False. `found`
    holds, for each run of four words of the shorter text (MIN_RUN), whether it is among the longer's
    runs anywhere (hashed: a collision only finds more); a kept lede is LEDE_RUN - MIN_RUN + 1 found in a row."""
    if short_length >= SHORT_TAKE or short_length < LEDE_RUN:
        return False
    span = LEDE_RUN - MIN_RUN + 1  # runs of MIN_RUN words covering LEDE_RUN words
    row = 0
    for hit in found[: LEDE_TOP + span]:
        row = row + 1 if hit else 0
        if row >= span:
            return True
    return False
