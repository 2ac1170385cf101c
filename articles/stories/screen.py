"""A cheap test run before `similarity.compare`: a pair it turns down, compare would turn down too.

Pure, like similarity.py; read by articles/ingest/stories.py, which screens every candidate pair
before comparing it. On a generated 10,000-article file 92% of the comparisons fail compare's share
found (runs of MIN_RUN words of the shorter text found in the longer), and compare builds both texts'
runs again for every pair. Here each text's runs are hashed once (`sketch`, kept for the last
SKETCHES texts: an archived article is a candidate of many new ones, in many chunks), and a pair costs
a few numpy operations; 96.5% of that file's pairs are turned down here (docs/benchmarks.md, stop 23).

Why it never turns down a pair compare accepts (compare as of stop 23; test_stories_cost_stop23
checks it on every pair of a Wikinews sample and of its cut, moved and edited copies):
- compare reads the same words (`story_words`, the first MAX_COMPARED), takes the shorter text as
  `_by_length` does (the new one on a tie), and counts `shared`, the words of the shorter text lying
  in a run of MIN_RUN words found anywhere in the longer (evidence._found). Runs are hashed here, so
  two different runs may collide: a collision can only mark more words found, never fewer, so the
  count here is at least compare's `shared`, and "a run is found among the longer text's last
  words" (evidence._found_to_end's `reaches_end`) is true whenever compare's is;
- a shorter text under SHORT_BODY words is accepted only when `shared` is at least 0.9 of the longer
  text's words; otherwise only with `shared / shorter` at least MIN_COVERAGE, unless that share is
  counted over fewer words (`found_span`: only when under REWRITTEN_COVERAGE with a run at the
  longer text's end), which this screen lets through to compare, or a short take that may keep the
  other's lede (`lede.may_keep_lede`: LEDE_RUN words of its top found in a row, anywhere in the other,
  and LEDE_COVERAGE of it found: compare asks for them at the other's top);
- an identical text has every run found, and an exact copy (the same fingerprint) is never screened.
If compare's rules change (MIN_COVERAGE, the tokens, a path that accepts less of the shorter text),
this screen must change with them: the property test above fails first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .evidence import CUT_SLACK, MIN_RUN
from .lede import LEDE_COVERAGE, may_keep_lede
from .similarity import MAX_COMPARED, MIN_COVERAGE, REWRITTEN_COVERAGE, SHORT_BODY, story_words
from .text import StoryText

# Odd 64-bit multipliers mixing a run's four word hashes into one (wrapping arithmetic).
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64
)


# Sketches kept (the last texts sketched; a text longer than SKETCHED_WORDS is sketched each time): an
# archived article sharing a lede is a candidate of many members, in many chunks. A sketch is two arrays
# of 8 bytes a word: 4,096 sketches of 400 words are 26 MB, at most 66 MB.
SKETCHES, SKETCHED_WORDS = 4096, 1000


@dataclass(frozen=True)
class Sketch:
    """A text's words as compare reads them, reduced to the hash of each run of MIN_RUN words."""

    length: int  # words compared
    runs: np.ndarray  # each position's run hash, in order (length - MIN_RUN + 1 of them)
    ordered: np.ndarray  # the same, sorted (for searchsorted)
    end: np.ndarray  # the runs among the last CUT_SLACK + MIN_RUN words (evidence._found_to_end)


def sketch(text: StoryText) -> Sketch:
    """The text's sketch (kept for the next comparison when short enough: `SKETCHES`)."""
    found = _kept(text)
    return found if found is not None else _sketch(text)


@lru_cache(maxsize=SKETCHES)
def _kept(text: StoryText) -> Sketch | None:
    made = _sketch(text)
    return made if made.length <= SKETCHED_WORDS else None


def _sketch(text: StoryText) -> Sketch:
    """The builtin `hash()` of each word is salted per process, which is fine: a sketch never leaves
    the process that made it."""
    tokens = story_words(text)[:MAX_COMPARED]
    if len(tokens) < MIN_RUN:
        empty = np.zeros(0, dtype=np.uint64)
        return Sketch(len(tokens), empty, empty, empty)
    hashes = np.array([hash(token) for token in tokens], dtype=np.int64).view(np.uint64)
    count = len(tokens) - MIN_RUN + 1
    with np.errstate(over="ignore"):
        runs = hashes[:count] * _MIX[0]
        for offset in range(1, MIN_RUN):
            runs = (runs ^ (runs >> np.uint64(29))) + hashes[offset : offset + count] * _MIX[offset]
    tail = min(count, CUT_SLACK + 1)  # the runs wholly inside the last CUT_SLACK + MIN_RUN words
    return Sketch(len(tokens), runs, np.sort(runs), runs[count - tail :])


def may_match(new: Sketch, old: Sketch) -> bool:
    """False only when `compare(new, old)` is sure to be None (see the module's docstring)."""
    short, long = (new, old) if new.length <= old.length else (old, new)
    if not short.length or not long.length:
        return True  # compare decides (it turns down an empty body itself)
    found = _found(short.runs, long.ordered)
    covered = np.zeros(short.length, dtype=bool)
    for offset in range(MIN_RUN):
        covered[offset : offset + len(found)] |= found
    shared = int(np.count_nonzero(covered))
    if short.length < SHORT_BODY:
        return not shared < 0.9 * long.length
    coverage = shared / short.length
    if coverage < REWRITTEN_COVERAGE and _found(long.end, short.ordered).any():
        return True  # maybe a copy cut short: compare counts the share over fewer words
    if coverage < MIN_COVERAGE and coverage >= LEDE_COVERAGE and may_keep_lede(short.length, found):
        return True  # maybe a short take keeping the other's lede (stories/lede.py)
    return not coverage < MIN_COVERAGE


def _found(runs: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """For each of `runs`: whether it is among `ordered` (sorted)."""
    if not len(runs) or not len(ordered):
        return np.zeros(len(runs), dtype=bool)
    at = np.searchsorted(ordered, runs)
    at[at == len(ordered)] = 0
    return ordered[at] == runs
