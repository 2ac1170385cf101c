"""Is this article a copy or a version of an earlier one? Band keys to find candidates, a comparison to decide.

Pure: text in, keys and verdicts out; no Django. Every value is derived from the text alone with
fixed seeds and keyed BLAKE2 (never the builtin `hash()`, which is salted per process), so a key
computed by one import process matches the key another computed a year earlier.

Finding candidates (`band_keys`): MinHash signatures (datasketch) over word 3-shingles, cut into
bands (locality-sensitive hashing): two articles share a band key with a probability that rises
steeply with the Jaccard similarity of their shingle sets. Copies are cut at different lengths, so a
signature of the whole body would miss a short copy of a long story (a 150-word copy of a 900-word
story has a Jaccard similarity of 0.17). Copies share their beginning, so the body is signed three
times: its opening 40 words, its opening 150 words and all of it (the last finds versions whose lede
was rewritten but whose body stayed). A body under 25 words is signed once with its headline, since
its headline is part of what it says (a dividend notice's body is the same for every company).

Deciding (`compare`): the two bodies are aligned word by word (difflib). What they share in runs of
at least four words is the evidence; what differs inside the shared stretch is sorted into site
furniture (a few words without figures, "Advertisement"), changed figures and changed text. A cut
copy differs only at its end, furniture only a few words at a time; a version has changed figures or
text. Templated items (earnings and dividend notices, daily market reports, weather and results
tables) share their words and differ in their figures: when as many figures changed as stayed, the
two are different items of one template, not one story updated.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from datasketch import MinHash

# Changes whenever band_keys would give other keys for the same text (shingles, views, bands, seeds,
# the tokenizer, or a datasketch upgrade changing its hashing): keys filed under another version are
# not comparable and the archive refiles them.
BANDS_VERSION = "minhash-3sh-v1"

SHINGLE = 3
# (name, opening words signed (0: all, up to MAX_SIGNED), bands, rows per band). With r rows and b
# bands, a pair of Jaccard similarity s becomes a candidate with probability 1 - (1 - s**r)**b:
# 3 rows and 8-10 bands: 0.99 at s=0.8, 0.86-0.92 at s=0.6, 0.20-0.24 at s=0.3 (compare() sorts those out).
VIEWS = (("head", 40, 8, 3), ("open", 150, 10, 3), ("all", 0, 10, 3))
SHORT_VIEW = ("short", 0, 8, 3)
SHORT_BODY = 25  # words: under this, a body is too short to be recognised without its headline
MAX_SIGNED = 2000  # words: the rest of a very long text adds nothing to finding it
MAX_COMPARED = 3000  # words: keeps the alignment's cost bounded on book-length pages

MIN_RUN = 4  # words: shorter runs in common are chance ("said on", "of the")
MIN_SHARED = 25  # words in common (in runs) before two bodies can be one story
MIN_COVERAGE = 0.5  # of the shorter body found in the longer
FURNITURE_WORDS = 6  # an insertion this short without figures is site furniture ("Advertisement")
LEAD_FURNITURE = (
    40  # words before the shared text: a site's kicker, byline or dateline; more is an added lede
)

_TOKEN = re.compile(r"[^\W_]+(?:['.,:][^\W_]+)*")
_NUMBER_WORDS_TEXT = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion first second third fourth fifth half quarter"
)
_NUMBER_WORDS = frozenset(_NUMBER_WORDS_TEXT.split())


@dataclass(frozen=True)
class StoryText:
    title: str
    body: str


@dataclass(frozen=True)
class Match:
    role: str  # "copy" or "version"
    similarity: float  # the share of the shorter body found in the longer, 0..1
    reason: str  # for an editor: why these two are one story, and what differs


def words(text: str) -> list[str]:
    """The words of a text as compared: case, accents' composition, curly quotes and punctuation set aside."""
    text = unicodedata.normalize("NFKC", text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return _TOKEN.findall(text)


def is_figure(word: str) -> bool:
    return any(c.isdigit() for c in word) or word in _NUMBER_WORDS


# Finding candidates ------------------------------------------------------------------------------


def band_keys(text: StoryText) -> list[int]:
    """The LSH band keys of an article's body (signed 64-bit integers); none for an empty body."""
    body = words(text.body)[:MAX_SIGNED]
    if not body:
        return []
    if len(body) < SHORT_BODY:
        return _view_keys(SHORT_VIEW, words(text.title) + ["|"] + body)
    keys: list[int] = []
    for view in VIEWS:
        window = body[: view[1]] if view[1] else body
        keys.extend(_view_keys(view, window))
    return keys


def _view_keys(view: tuple[str, int, int, int], tokens: list[str]) -> list[int]:
    name, _, bands, rows = view
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    signature = _minhash(name, bands * rows)
    signature.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    values = [int(v) for v in signature.digest()]
    keys = []
    for band in range(bands):
        packed = struct.pack(f"<{rows}I", *values[band * rows : (band + 1) * rows])
        digest = hashlib.blake2b(
            packed, digest_size=8, person=f"{name}:{band}".encode()[:16], key=BANDS_VERSION.encode()
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


@cache
def _permutations(name: str, num_perm: int):
    seed = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "little")
    return MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations


def _minhash(name: str, num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm, permutations=_permutations(name, num_perm), scheme="affine32")


# Deciding ----------------------------------------------------------------------------------------


@dataclass
class _Alignment:
    shared: int = 0  # words in runs of MIN_RUN or more
    lead: tuple[int, int] = (0, 0)  # words before the first run, in new and in old
    tail: tuple[int, int] = (0, 0)  # words after the last run
    figures_kept: int = 0
    figures_changed: int = 0
    text_changed: int = 0  # words added, removed or changed inside the shared stretch
    edits: int = 0  # places where the text changed
    furniture: int = 0  # short insertions without figures, set aside


def _align(a: list[str], b: list[str]) -> _Alignment:
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    runs = [i for i, op in enumerate(ops) if op[0] == "equal" and op[2] - op[1] >= MIN_RUN]
    result = _Alignment()
    if not runs:
        return result
    first, last = runs[0], runs[-1]
    result.lead = (ops[first][1], ops[first][3])
    result.tail = (len(a) - ops[last][2], len(b) - ops[last][4])
    pending: list[tuple[list[str], list[str]]] = []
    for index in range(first, last + 1):
        tag, i1, i2, j1, j2 = ops[index]
        if index in runs:
            _settle(result, pending)
            pending = []
            result.shared += i2 - i1
            result.figures_kept += sum(is_figure(w) for w in a[i1:i2])
        else:
            # A short equal run between two changes belongs to the change ("73" -> "103" next to it).
            pending.append((a[i1:i2] if tag != "equal" else [], b[j1:j2] if tag != "equal" else []))
    _settle(result, pending)
    return result


def _settle(result: _Alignment, pending: list[tuple[list[str], list[str]]]) -> None:
    if not pending:
        return
    here = [w for part, _ in pending for w in part]
    there = [w for _, part in pending for w in part]
    figures = max(sum(map(is_figure, here)), sum(map(is_figure, there)))
    others = max(len(here), len(there)) - figures
    if not figures and (not here or not there) and others <= FURNITURE_WORDS:
        result.furniture += others
        return
    result.figures_changed += figures
    result.text_changed += others
    result.edits += 1


def _same_headline(a: str, b: str) -> bool:
    x, y = words(a), words(b)
    if not x or not y:
        return False
    same_figures = sorted(filter(is_figure, x)) == sorted(filter(is_figure, y))
    return same_figures and SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.8


def _headline_figures_changed(a: str, b: str) -> bool:
    # Only when both headlines carry figures: "Quake kills 73" and "Earthquake kills dozens" are two
    # sites' headlines over one text; "Quake kills 73" and "Quake toll rises to 103" are an update.
    x, y = sorted(filter(is_figure, words(a))), sorted(filter(is_figure, words(b)))
    return bool(x and y and x != y)


def compare(new: StoryText, old: StoryText) -> Match | None:
    """The same story as a copy or a version, with why; None when the two are not one story."""
    a, b = words(new.body)[:MAX_COMPARED], words(old.body)[:MAX_COMPARED]
    if not a or not b:
        return None
    shorter, longer = min(len(a), len(b)), max(len(a), len(b))
    found = _align(a, b)
    coverage = found.shared / shorter
    if shorter < SHORT_BODY:
        # A short body (a dividend notice, a results line) says too little alone: its headline must
        # agree and its body be the other's, figures and all.
        if not (_same_headline(new.title, old.title) and found.shared >= 0.9 * longer):
            return None
        if found.figures_changed or found.text_changed:
            return None
    elif found.shared < MIN_SHARED or coverage < MIN_COVERAGE:
        return None
    if found.figures_changed and found.figures_changed >= found.figures_kept:
        # Same words, other figures: the next item of a template, not an update of this one.
        return None
    changes = []
    if found.figures_changed:
        changes.append(_count(found.figures_changed, "figure") + " changed")
    if found.text_changed:
        changes.append(
            f"{_count(found.text_changed, 'word')} of text changed in {_count(found.edits, 'place')}"
        )
    if max(found.lead) > LEAD_FURNITURE:
        changes.append(f"{_count(max(found.lead), 'word')} added at the top")
    if _headline_figures_changed(new.title, old.title):
        changes.append("the headline's figures changed")
    share = f"{round(100 * coverage)}% of the shorter text found in the other"
    if changes:
        return Match("version", round(coverage, 4), f"updated: {', '.join(changes)}; {share}")
    notes = [share]
    if len(a) != len(b) and max(found.tail) > 0:
        notes.append(
            f"{'this copy' if len(a) < len(b) else 'the earlier one'} is cut shorter ({shorter} of {longer} words)"
        )
    if found.furniture or max(found.lead):
        notes.append("site furniture set aside")
    if not _same_headline(new.title, old.title):
        notes.append("its own headline")
    return Match("copy", round(coverage, 4), "same text: " + "; ".join(notes))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
