"""What changed between two versions of a story, as a reader wants to see it: the headline, and the
paragraphs added, removed or changed, each changed one with its words marked ("at least 73" became
"at least 103").

Pure: titles and lists of paragraphs in, plain values out (the story page prints them, escaping the
text). Built on difflib: paragraphs are aligned first (SequenceMatcher over whole paragraphs, with
whitespace evened out), then within a block of replaced paragraphs each one is paired with the most
similar one on the other side, in order; a pair that shares less than PAIRED_ABOVE of its words is
shown as one paragraph removed and another added, since marking every word of a rewritten paragraph
helps nobody.

    diff = compare("At least 73 killed", ["..."], "At least 103 killed", ["...", "..."])
    diff.headline.pieces   # [Piece("same", "At least "), Piece("removed", "73"), Piece("added", "103"), ...]
    diff.paragraphs        # [Change("changed", before, after, pieces), Change("added", "", text, ...)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# How alike (SequenceMatcher's ratio over words) two paragraphs must be to be shown as one paragraph
# changed rather than one removed and another added. A wire update that changes a number or a name
# in a paragraph keeps nearly every word (ratios above 0.8); 0.5 still pairs a paragraph with a clause
# added or cut, and leaves a rewritten one (a new quote, a new lead) as removed and added.
PAIRED_ABOVE = 0.5
# Paragraphs of a replaced block compared pairwise at most: an edit that replaces a hundred
# paragraphs by a hundred others is shown as removed and added, without 10,000 comparisons.
MAX_PAIRING = 60

_TOKENS = re.compile(r"\s+|[\w'’.,-]*\w|\S", re.UNICODE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Piece:
    """A run of text that stayed (`same`), went (`removed`) or came (`added`)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Change:
    """One paragraph (or the headline) `added`, `removed` or `changed`; `pieces` mark its words."""

    kind: str
    before: str
    after: str
    pieces: list[Piece] = field(default_factory=list)


@dataclass(frozen=True)
class VersionDiff:
    """Between two versions: the headline's change (None when it stayed), the paragraphs' changes in
    reading order, and how many paragraphs stayed as they were."""

    headline: Change | None
    paragraphs: list[Change]
    unchanged: int

    @property
    def changed(self) -> bool:
        return self.headline is not None or bool(self.paragraphs)

    @property
    def summary(self) -> str:
        """ "Headline changed; 2 paragraphs changed, 1 added" (or "No change in the text")."""
        counts = []
        for kind in ("changed", "added", "removed"):
            n = sum(1 for change in self.paragraphs if change.kind == kind)
            if n:
                counts.append(f"{n} {kind}" if counts else f"{n} paragraph{'s' if n != 1 else ''} {kind}")
        parts = (["Headline changed"] if self.headline else []) + ([", ".join(counts)] if counts else [])
        text = "; ".join(parts) or "No change in the text"
        return text[0].upper() + text[1:]


def _even(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Words (with the punctuation inside them: "1,540", "U.S.", "don't"), spaces and other marks."""
    return _TOKENS.findall(text)


def word_diff(before: str, after: str) -> list[Piece]:
    """`before` turned into `after`, word by word: runs of text kept, removed and added, in reading
    order (a removed run comes before the run that replaced it)."""
    old, new = tokens(_even(before)), tokens(_even(after))
    pieces: list[Piece] = []

    def put(kind: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(kind, pieces[-1].text + text)
        else:
            pieces.append(Piece(kind, text))

    matcher = SequenceMatcher(None, old, new, autojunk=False)
    blocks = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(blocks):
        if op == "equal":
            kept = "".join(old[i1:i2])
            # A lone space between two changes reads better inside them: "73 killed" -> "103 dead"
            # is one change, not two with a space kept between.
            between = 0 < index < len(blocks) - 1 and kept.isspace()
            if between:
                put("removed", kept)
                put("added", kept)
            else:
                put("same", kept)
            continue
        put("removed", "".join(old[i1:i2]))
        put("added", "".join(new[j1:j2]))
    return _ordered(pieces)


def _ordered(pieces: list[Piece]) -> list[Piece]:
    """Adjacent removed and added runs merged so that each change reads as removed, then added."""
    merged: list[Piece] = []
    for piece in pieces:
        if piece.kind == "same" or not merged or merged[-1].kind == "same":
            merged.append(piece)
            continue
        # A run of changes: gather its removed and added text.
        run = [merged.pop()]
        while merged and merged[-1].kind != "same":
            run.insert(0, merged.pop())
        run.append(piece)
        removed = "".join(p.text for p in run if p.kind == "removed")
        added = "".join(p.text for p in run if p.kind == "added")
        merged.extend(Piece(kind, text) for kind, text in (("removed", removed), ("added", added)) if text)
    return merged


def similarity(before: str, after: str) -> float:
    """How alike two paragraphs are, 0 to 1, by their words."""
    return SequenceMatcher(None, tokens(before), tokens(after), autojunk=False).ratio()


def _changed(before: str, after: str) -> Change:
    return Change("changed", before, after, word_diff(before, after))


def _pair(old: list[str], new: list[str]) -> list[Change]:
    """A block of paragraphs replaced by another: each old one paired, in order, with the most alike
    new one still unpaired after the last pairing; the rest removed or added where they stood."""
    if len(old) * len(new) > MAX_PAIRING * MAX_PAIRING // 4:
        return [Change("removed", p, "") for p in old] + [Change("added", "", p) for p in new]
    changes: list[Change] = []
    start = 0  # the first new paragraph not yet placed
    for paragraph in old:
        best, best_score = None, PAIRED_ABOVE
        for index in range(start, len(new)):
            score = similarity(paragraph, new[index])
            if score >= best_score:
                best, best_score = index, score
                if score > 0.95:
                    break
        if best is None:
            changes.append(Change("removed", paragraph, ""))
            continue
        changes.extend(Change("added", "", p) for p in new[start:best])
        changes.append(_changed(paragraph, new[best]))
        start = best + 1
    changes.extend(Change("added", "", p) for p in new[start:])
    return changes


def compare(
    before_title: str, before_paragraphs: list[str], after_title: str, after_paragraphs: list[str]
) -> VersionDiff:
    """What changed from one version (its headline and paragraphs) to the next."""
    old_title, new_title = _even(before_title), _even(after_title)
    headline = None if old_title == new_title else _changed(old_title, new_title)
    old = [_even(p) for p in before_paragraphs if p.strip()]
    new = [_even(p) for p in after_paragraphs if p.strip()]
    changes: list[Change] = []
    unchanged = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            unchanged += i2 - i1
        elif op == "delete":
            changes.extend(Change("removed", p, "") for p in old[i1:i2])
        elif op == "insert":
            changes.extend(Change("added", "", p) for p in new[j1:j2])
        else:
            changes.extend(_pair(old[i1:i2], new[j1:j2]))
    return VersionDiff(headline, changes, unchanged)
