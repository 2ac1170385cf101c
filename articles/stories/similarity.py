"""Is this article a copy or a version of an earlier one? Band keys to find candidates, a comparison to decide.

Pure: text in, keys and verdicts out; no Django. Every value is derived from the text alone with
fixed seeds and keyed BLAKE2 (never the builtin `hash()`, which is salted per process), so a key
computed by one import process matches the key another computed a year earlier.

Finding candidates (`band_keys`): articles/stories/bands.py, re-exported here.

Deciding (`compare`), measured in bench/eval_stories.py (docs/benchmarks.md, "Story grouping"):
- the evidence is the share of the shorter text found in the longer in runs of four words or more, in
  any order (outlets move paragraphs): at least 25 words and half of the shorter text (when the two
  open together and the longer stops right after the last run they share, a copy cut there, counted over
  the shorter's words up to that run: `evidence.found_span`); under 0.6, only
  texts of 100 words or more (short items sharing their formula are not one story), or a shorter text
  that keeps two of the other's sentences whole (runs of 10 words or more: an agency's write-thru cut
  short on a page keeps sentences of its first take) and is prose where the two differ (under 4% of its
  words are figures not found in the other);
- of the shorter text's own words (outside quotations), a third must be found in the longer when it
  has 25 or more: two outlets' stories of one announcement quote the same statement at length and share
  little else;
- the shorter text's first two names (capitalised words; a status label opening it, "BREAKING NEWS:",
  a person's title and a date's month name no one) must be in the longer or its headline: one formula about
  two companies ("Micropolis Corp said it filed ...", "Waxman Industries Inc said it filed ...") is two
  stories;
- a brief (under 60 words: an earnings or dividend notice, a market snap) joins only as a copy, or with
  a few words edited or a figure added (not one figure put for another), 90% of it found past a photo
  caption or kicker of its own on top; or as an agency's first bulletin: prose opening with a sentence
  (15 words or more) that the other keeps whole near its top, or its first 30 words all but two kept
  there (a relay's edited lede), half of it found, nothing replaced, its other sentences free to be told
  again (this also lets it past the 25 words in common and the short rewrite's tests); prose where the
  two differ: under 4% of its words are figures not found in the other;
- a short take (under 150 words) opening with an 18-word run the other has at its top, the first of its
  words found there, under a headline sharing a word with the other's, in prose, a quarter of it found:
  a write-thru or condensation keeping the lede (`lede.kept_lede`); it passes the share-found tests;
- the two are aligned word by word (difflib) and what differs inside the shared stretch is sorted
  into site furniture (a few words without figures, "Advertisement"), changed figures and changed
  text. Templated items (daily money-market reports, weekly tables) share their words and differ in
  their figures: two or more figures changed, and either 5% of the words or nothing else, is the next
  item of a template, not an update, unless many more words changed around them (over ten a figure: a
  first take rewritten around the same facts). Figures are compared by value: "2:10 p.m." and "2.10 pm" are one
  time in two house styles, not a changed figure;
- a cut copy differs only at an end, furniture only a few words at a time: a copy; anything else that
  passed is a version.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from .bands import (  # noqa: F401 - re-exported: callers import these from similarity
    BANDS_VERSION,
    MAX_SIGNED,
    SHINGLE,
    SHORT_BODY,
    SHORT_VIEW,
    VIEWS,
    _band,
    _permutations,
    _premixed,
    _shingles,
    band_keys,
    minhash,
)
from .evidence import (  # noqa: F401 - re-exported: callers import these from similarity
    CUT_SLACK,
    MIN_RUN,
    OWN_COVERAGE,
    _covered,
    _found,
    _grams,
    _own_words_found,
    _quoted,
    found_span,
)
from .lede import LEDE_COVERAGE, kept_lede, same_headline_words
from .text import (  # noqa: F401 - re-exported: callers import these from similarity
    _NOT_SUBJECT,
    Match,
    StoryText,
    _led,
    _words,
    is_figure,
    names,
    story_words,
    story_words_raw,
    subject_names,
    unglue,
    words,
)

# Candidates compared per article: those sharing the most band keys with it. A copy of the same text
# shares nearly all of its bands with its original; ten leaves room for a story's many copies ahead of
# the version this article updates. (The archive's grouping and bench/eval_stories.py both apply it.)
CANDIDATES = 10
# A version updates a story through its news cycle; the same words with other figures days later are the
# next item of a series (a daily market report, the Fed's daily operations), not a version. Measured on
# Reuters-21578: its daily notices otherwise chained into stories of seven weeks.
VERSION_WINDOW = dt.timedelta(days=2)
MAX_COMPARED = 3000  # words: keeps the alignment's cost bounded on book-length pages

MIN_SHARED = 25  # words in common (in runs) before two bodies can be one story
MIN_COVERAGE = 0.5  # of the shorter body found in the longer
FURNITURE_WORDS = 6  # an insertion this short without figures is site furniture ("Advertisement")
SUBJECT_WORDS = 30  # the opening words the subject is read from ...
SUBJECT_NAMES = 2  # ... its first names, which a version keeps
BRIEF = 60  # words: a text this short joins a story only as a copy, or with words (not figures) edited ...
BRIEF_COVERAGE = 0.9  # ... when this share of it is found in the other ...
BRIEF_EDITED = 0.1  # ... and no more than this share of its words changed; or when it is a bulletin
LEDE_WORDS = 15  # opening with this many words that the other keeps whole near its top
LEDE_SPAN, LEDE_EDITED = 30, 2  # ... or this many, all but a few found there (a word edited in a relay)
REWRITTEN_COVERAGE = 0.6  # below this share found in the other, a text is a rewrite ...
REWRITTEN_WORDS = 100  # ... and joins only when it has at least this many words, or keeps sentences:
SENTENCE_WORDS = 10  # a run this long found in the other is one of its sentences kept whole ...
KEPT_SENTENCES = 2  # ... and this many kept make a short rewrite a version when ...
PROSE_FIGURES = 0.04  # ... it is prose: under this share of its words are figures
FIGURES_CHANGED = 2  # figures changed, and
FIGURE_SHARE = 0.05  # ... this share of the text's words, or
TEMPLATE_WORDS = 3  # ... no more other words changed than this: a template's next item, whose
TEMPLATE_TEXT = 10  # changes are its figures: more words changed than this many per figure is a rewrite
LEAD_FURNITURE = (
    40  # words before the shared text: a site's kicker, byline or dateline; more is an added lede
)

# Deciding ----------------------------------------------------------------------------------------


@dataclass
class _Alignment:
    shared: int = 0  # words in runs of MIN_RUN or more
    lead: tuple[int, int] = (0, 0)  # words before the first run, in new and in old
    tail: tuple[int, int] = (0, 0)  # words after the last run
    figures_changed: int = 0
    figures_replaced: int = 0  # of those, figures that became other figures (not added or dropped)
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
    if min(result.lead) > 0:
        # Both open with words the other lacks: an opening replaced ("Medco Containment Services Inc"
        # for "Porex Technologies Corp"), not one site's furniture on top of the other's text.
        _settle(result, [(a[: result.lead[0]], b[: result.lead[1]])])
    pending: list[tuple[list[str], list[str]]] = []
    for index in range(first, last + 1):
        tag, i1, i2, j1, j2 = ops[index]
        if index in runs:
            _settle(result, pending)
            pending = []
            result.shared += i2 - i1
        else:
            # A short equal run between two changes belongs to the change ("73" -> "103" next to it).
            pending.append((a[i1:i2] if tag != "equal" else [], b[j1:j2] if tag != "equal" else []))
    _settle(result, pending)
    return result


def _keeps_sentences(short: list[str], long: list[str], runs: list[int]) -> bool:
    """Whether a short rewrite keeps KEPT_SENTENCES of the other's sentences whole (runs found of
    SENTENCE_WORDS or more), as an agency's write-thru cut short keeps its first take's; in prose only
    where the two differ: a table, a market report or a notice keeps its sentences and changes its
    figures (the next item), while a rewrite's years and ages are mostly in the sentences kept."""
    return sum(run >= SENTENCE_WORDS for run in runs) >= KEPT_SENTENCES and _prose(short, long)


def _prose(short: list[str], long: list[str]) -> bool:
    """Under PROSE_FIGURES of the shorter text's words are figures not found in the other."""
    found = _found(short, long)
    return sum(is_figure(w) and not f for w, f in zip(short, found, strict=True)) < PROSE_FIGURES * len(short)


def _settle(result: _Alignment, pending: list[tuple[list[str], list[str]]]) -> None:
    if not pending:
        return
    here = [w for part, _ in pending for w in part]
    there = [w for _, part in pending for w in part]
    # Figures compared by value: "2:10 p.m." and "2.10 pm" are one time in two house styles.
    here_figures = sorted(_figure_value(w) for w in here if is_figure(w))
    there_figures = sorted(_figure_value(w) for w in there if is_figure(w))
    same = here_figures == there_figures
    figures = 0 if same else max(len(here_figures), len(there_figures))
    others = max(sum(not is_figure(w) for w in here), sum(not is_figure(w) for w in there))
    if not figures and (not here or not there) and others <= FURNITURE_WORDS:
        result.furniture += others
        return
    result.figures_changed += figures
    result.figures_replaced += 0 if same else min(len(here_figures), len(there_figures))
    result.text_changed += others
    result.edits += 1


def _figure_value(word: str) -> str:
    return _FIGURE_SEPARATORS.sub("", word)


_FIGURE_SEPARATORS = re.compile(r"[.,:]")


def _same_headline(a: str, b: str) -> bool:
    x, y = words(a), words(b)
    if not x or not y:
        return False
    same_figures = sorted(filter(is_figure, x)) == sorted(filter(is_figure, y))
    return same_figures and SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.8


# Up to four words in capitals and a colon, opening the text.
_STATUS_LABEL = re.compile(r"^\s*(?:[A-Z][A-Z'\u2019-]+\s+){0,3}[A-Z][A-Z'\u2019-]+:\s")


def _same_subject(short: StoryText, long_words: list[str]) -> bool:
    """Whether the first SUBJECT_NAMES names the shorter text opens with are all in the longer one (its
    words and its headline's: a page whose reader put the lede's opening in the headline names its
    subject only there, "Sao Paulo: Brazilians delivered a very tight victory to Luiz")."""
    # A status label opening the text ("BREAKING NEWS: Tony Bennett, ...") names no one.
    opening = _STATUS_LABEL.sub("", " ".join(story_words_raw(short)[:SUBJECT_WORDS]), count=1)
    missing = set(subject_names(opening)[:SUBJECT_NAMES])
    for word in long_words:  # names open a text: the search usually ends within its first words
        missing.discard(word.removesuffix("'s"))
        if not missing:
            return True
    return not missing


def _headline_figures_changed(a: str, b: str) -> bool:
    # Only when both headlines carry figures: "Quake kills 73" and "Earthquake kills dozens" are two
    # sites' headlines over one text; "Quake kills 73" and "Quake toll rises to 103" are an update.
    x, y = sorted(filter(is_figure, words(a))), sorted(filter(is_figure, words(b)))
    return bool(x and y and x != y)


# A person's name in a sentence-case headline: two capitalised words ("Craig Farquharson").
_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "over",
        "per",
        "than",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)


def _headline_names(title: str) -> set[str]:
    """The two-word names of a sentence-case headline (none in a Title Case or ALL CAPS one, whose
    every word is capitalised), lower-cased."""
    if not any(token[:1].islower() and token.lower() not in _MINOR_WORDS for token in title.split()):
        return set()  # Title Case (or ALL CAPS): every word but the small ones capitalised
    return {f"{a} {b}".lower() for a, b in _NAME_PAIR.findall(title)}


def _about_someone_else(new: StoryText, old: StoryText) -> bool:
    """Each headline names someone the other article never names: two interviews of one series, two
    profiles from one template ("Wikinews interviews Craig Farquharson, ... candidate" and "...
    Sandra Jephcott, ... candidate"), not versions of one story, however much of the text they share."""
    new_text, old_text = f"{new.title} {new.body}".lower(), f"{old.title} {old.body}".lower()
    mine = {name for name in _headline_names(new.title) if name not in old_text}
    theirs = {name for name in _headline_names(old.title) if name not in new_text}
    return bool(mine and theirs)


def compare(new: StoryText, old: StoryText) -> Match | None:
    """The same story as a copy or a version, with why; None when the two are not one story."""
    if not words(new.body) or not words(old.body):
        return None
    a, b = story_words(new)[:MAX_COMPARED], story_words(old)[:MAX_COMPARED]
    shorter, longer = min(len(a), len(b)), max(len(a), len(b))
    # The cheap tests first: most candidates (templated items sharing band keys) fail them, and the
    # word-by-word alignment costs ten times more. Aligned runs are runs found, so found.shared <= shared.
    # The same words (a copy filed again, a site's exact copy) are found whole and align as one run.
    identical = a == b and shorter >= SHORT_BODY
    shared, runs, reaches_end = (shorter, [shorter], True) if identical else _covered(*_by_length(a, b))
    coverage = shared / shorter
    if coverage < REWRITTEN_COVERAGE and reaches_end and shorter >= SHORT_BODY:
        # Counted over what the other could show: a copy cut shorter than this one, where this one goes
        # on (only a text found up to the other's last words can be that).
        coverage = shared / found_span(*_by_length(a, b), LEAD_FURNITURE)
    bulletin = False
    # A short take keeping the other's lede, under its own headline, in prose (stories/lede.py).
    lede = (
        shorter >= SHORT_BODY
        and coverage >= LEDE_COVERAGE
        and kept_lede(*_by_length(a, b))
        and same_headline_words(new.title, old.title)
        and _prose(*_by_length(a, b))
    )
    if shorter < SHORT_BODY:
        # A short body (a dividend notice, a results line) says too little alone: its headline must
        # agree and its body be the other's, figures and all.
        if shared < 0.9 * longer or not _same_headline(new.title, old.title):
            return None
        found = _align(a, b)
        if found.shared < 0.9 * longer:
            return None
    elif (coverage < MIN_COVERAGE and not lede) or (
        shared < MIN_SHARED and not (bulletin := _bulletin(a, b))
    ):
        return None
    elif (
        coverage < REWRITTEN_COVERAGE
        and shorter < REWRITTEN_WORDS
        and not lede
        and not _keeps_sentences(*((a, b) if len(a) <= len(b) else (b, a)), runs)
        and not (bulletin or _bulletin(a, b))
    ):
        # A rewrite sharing a third of its words is a version only when there is enough of it to say
        # so; two short items sharing their formula (a eurobond's terms, an offering) are not.
        return None
    elif not _own_words_found(*((new, a, b) if len(a) <= len(b) else (old, b, a))):
        # Two outlets quoting one statement: what they share is the statement, not the story.
        return None
    short_text, long_text, long_words = (new, old, b) if len(a) <= len(b) else (old, new, a)
    if not _same_subject(short_text, long_words + words(long_text.title)):
        # "Micropolis Corp said it filed ... convertible debt" and "Waxman Industries Inc said it
        # filed ...": one formula, two subjects. Versions of one story keep their subject.
        return None
    if identical:
        found = _Alignment(shared=shorter)
    elif shorter >= SHORT_BODY:
        found = _align(a, b)
    bulletin = bulletin or (shorter < BRIEF and _bulletin(a, b))
    if shorter < BRIEF and (
        found.figures_replaced
        or (_brief_coverage(shared, shorter, found, len(a) <= len(b)) < BRIEF_COVERAGE and not bulletin)
        or (found.text_changed > BRIEF_EDITED * shorter and not bulletin)
    ):
        # A brief (an earnings or dividend notice, a market snap) is a copy, or a relay of it edited in
        # a few words (house style: "Mr Navalny"), or a different item: its figures are what it says, and
        # a fortnight's next notice changes a clause ("Vice-president Schlesinger will chair ...").
        return None
    if (
        found.figures_changed >= FIGURES_CHANGED
        and (found.figures_changed >= FIGURE_SHARE * shorter or found.text_changed <= TEMPLATE_WORDS)
        and found.text_changed <= TEMPLATE_TEXT * found.figures_changed
    ):
        # Other figures all through the same words: the next item of a template (a daily money-market
        # report, a weekly Fed table), not an update, whose few figures change among many words.
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
    if bulletin and coverage < BRIEF_COVERAGE:
        changes.append("a first bulletin, its opening sentence kept")
    elif lede and coverage < REWRITTEN_COVERAGE:
        changes.append("its lede kept, the rest told in other words")
    if _headline_figures_changed(new.title, old.title):
        changes.append("the headline's figures changed")
    share = f"{round(100 * coverage)}% of the shorter text found in the other"
    if changes and _about_someone_else(new, old):
        return None
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


def _by_length(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    return (a, b) if len(a) <= len(b) else (b, a)


def _bulletin(a: list[str], b: list[str]) -> bool:
    """Whether the shorter text is an agency's first bulletin of a story: a brief of prose opening with a
    sentence (LEDE_WORDS or more) that the other keeps whole near its top ("Queen Elizabeth II, Britain's
    longest-reigning monarch and a rock of stability across much of a turbulent century, has died.")."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= BRIEF:
        return False
    # Prose where the two differ (as `_keeps_sentences` reads it): "She was 93" is in both; a notice's
    # other figures ("at 18.30 on September 8") are what make it another item.
    found = _found(short, long)
    if sum(is_figure(w) and not f for w, f in zip(short, found, strict=True)) >= PROSE_FIGURES * len(short):
        return False
    lede = tuple(short[:LEDE_WORDS])
    if len(lede) < LEDE_WORDS:
        return False
    if any(
        tuple(long[i : i + LEDE_WORDS]) == lede
        for i in range(min(LEAD_FURNITURE, len(long) - LEDE_WORDS) + 1)
    ):
        return True
    # The opening kept with a word or two edited in a relay ("who blazed the way" for "who led the way").
    opening = short[:LEDE_SPAN]
    top = long[: LEAD_FURNITURE + LEDE_SPAN + LEDE_EDITED]
    found = _found(opening, top)
    return len(opening) == LEDE_SPAN and all(found[:MIN_RUN]) and sum(found) >= LEDE_SPAN - LEDE_EDITED


def _brief_coverage(shared: int, shorter: int, found: _Alignment, new_is_shorter: bool) -> float:
    """The share of a brief found in the other, past a few words of its own on top (a photo caption or a
    kicker over the wire's text, LEAD_FURNITURE at most) when the other has none there."""
    lead, other_lead = found.lead if new_is_shorter else found.lead[::-1]
    if other_lead or lead > LEAD_FURNITURE or lead >= shorter:
        return shared / shorter
    return min(1.0, shared / (shorter - lead))


def outside_window(
    at: dt.datetime | None,
    began: dt.datetime | None,
    *,
    at_until: dt.datetime | None = None,
    began_until: dt.datetime | None = None,
) -> bool:
    """Whether an article published `at` is too far from its would-be story's beginning to be one of its
    versions (VERSION_WINDOW); unknown times never are.

    A date known only to the day or the month (`known_until`) stands for any moment up to `*_until`:
    the window is measured between the nearest moments the two may be (a page dated "2024-10" is filed
    on the 1st, and may be a version of a story of the 9th)."""
    if began is None or at is None:
        return False
    gap = max(at - (began_until or began), began - (at_until or at))
    return gap > VERSION_WINDOW


def known_until(at: dt.datetime | None, precision: str) -> dt.datetime | None:
    """The end of the span a date stands for: its day's end for a date known to the day ("day"), its
    month's for one known to the month ("month", filed on the 1st); a time is itself."""
    if at is None or precision not in ("day", "month"):
        return at
    if precision == "day":
        return at + dt.timedelta(days=1)
    start = at.replace(day=1)
    return (start + dt.timedelta(days=32)).replace(day=1)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def top_candidates(counts: Mapping[int, int]) -> list[int]:
    """The CANDIDATES articles (ids, or positions in time order) sharing the most band keys; among equals
    the latest first. Not `Counter.most_common`, whose ties follow the order the rows came in: the
    same archive grouped on PostgreSQL could differ run to run (37-68 of 1,000 decisions changed with the
    rows' order on generated data, docs/benchmarks.md, "Grouping's import cost: issue 13, stop 23")."""
    return heapq.nsmallest(CANDIDATES, counts, key=lambda pk: (-counts[pk], -pk))
