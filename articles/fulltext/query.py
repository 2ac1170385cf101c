"""Reading what someone typed into the search box: one small query language for every engine.

    missile nato              every word is required
    "air defence"             an exact phrase
    iran OR iraq              either one (OR binds tighter than the implicit AND between words)
    -russia  -"red square"    leave out; NOT russia means the same
    -russia                   on its own: everything except

Words are stemmed by the engine ("missile" finds "missiles"). Everything else is read as words: reading
never fails, and each thing that was dropped or repaired adds a note that `Query.explanation` shows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from itertools import combinations

# The one limit on what is read of a query (the search box's maxlength says the same): enough for a
# dozen phrases, few enough that the engines' query stays small.
MAX_LENGTH = 300

# PostgreSQL's English stop words (tsearch_data/english.stop). PostgreSQL does not index them, so they
# are left out on SQLite too, to keep both engines' results the same.
_ENGLISH_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these those
    am is are was were be been being have has had having do does did doing a an the and but if or because
    as until while of at by for with about against between into through during before after above below to
    from up down in out on off over under again further then once here there when where why how all any
    both each few more most other some such no nor not only own same so than too very s t can will just
    don should now"""
STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split())

# Characters that look like search syntax (FTS5's, Lucene's, a shell's) but are not part of ours.
SYNTAX_CHARACTERS = frozenset("^*:(){}[]+~|&!<>=\\")

# Control characters, lone surrogates (not valid UTF-8) and private-use characters (the snippet markers).
_UNSEARCHABLE = ("Cc", "Cs", "Co")
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»〝〞", '"'))
_TOKEN = re.compile(r'(?P<neg>-*)"(?P<phrase>[^"]*)(?P<close>"?)|(?P<word>[^\s"]+)')
_NEAR = re.compile(r"\bNEAR(?:/\d+)?\s*\(([^)\"]*)\)?")
_WORD_PARTS = re.compile(r"[^\W_]+")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True)
class Term:
    """A word (which may hold inner punctuation, e.g. covid-19) or a phrase, lower-cased."""

    text: str
    phrase: bool = False

    def __str__(self) -> str:
        return f'"{self.text}"' if self.phrase else self.text

    @property
    def words(self) -> list[str]:
        return _WORD_PARTS.findall(self.text)


@dataclass(frozen=True)
class Query:
    raw: str  # as typed, cut to MAX_LENGTH and without characters that cannot be shown or searched
    required: tuple[Term, ...] = ()
    any_of: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    notes: tuple[str, ...] = ()
    # How many terms of each any-of group a match needs. The reader always gives 1; more_like_this asks
    # for 2, which keeps its candidates few and related.
    at_least: int = 1
    was_cut: bool = False  # the query was longer than MAX_LENGTH

    @property
    def is_blank(self) -> bool:
        return not (self.required or self.any_of or self.excluded)

    @property
    def is_exclusion_only(self) -> bool:
        return bool(self.excluded) and not (self.required or self.any_of)

    @property
    def is_ranked(self) -> bool:
        """Whether search_rank means anything: blank and exclusion-only queries rank everything 0."""
        return bool(self.required or self.any_of)

    def alternatives(self, group: tuple[Term, ...]) -> list[tuple[Term, ...]]:
        """An any-of group as the sets of terms of which one must match in full."""
        return list(combinations(group, min(max(self.at_least, 1), len(group))))

    @property
    def was_adjusted(self) -> bool:
        return bool(self.notes)

    @property
    def terms(self) -> list[str]:
        """The required words."""
        return [term.text for term in self.required if not term.phrase]

    @property
    def phrases(self) -> list[str]:
        """The required phrases."""
        return [term.text for term in self.required if term.phrase]

    @property
    def highlight_terms(self) -> list[str]:
        """Words and phrases a match may contain (never the excluded ones), for marking them up."""
        found = [term.text for term in self.required]
        found += [term.text for group in self.any_of for term in group]
        return list(dict.fromkeys(found))

    @property
    def explanation(self) -> str:
        parts = []
        if len(self.terms) == 1:
            parts.append(f"the word {self.terms[0]}")
        elif self.terms:
            parts.append("all of: " + ", ".join(self.terms))
        if self.phrases:
            label = "the phrase" if len(self.phrases) == 1 else "the phrases"
            parts.append(label + " " + ", ".join(f'"{p}"' for p in self.phrases))
        label = "any of: " if self.at_least <= 1 else f"at least {self.at_least} of: "
        parts += [label + ", ".join(map(str, group)) for group in self.any_of]
        if self.excluded:
            label = "everything except: " if self.is_exclusion_only else "without: "
            parts.append(label + ", ".join(map(str, self.excluded)))
        parts += self.notes
        if self.is_blank and self.notes:
            parts.append("nothing was left to search for, so everything is shown")
        return " · ".join(parts)

    def __str__(self) -> str:
        """The query as it was read, in the query language (e.g. for the search box)."""
        parts = [str(term) for term in self.required]
        parts += ["(" + " OR ".join(map(str, group)) + ")" for group in self.any_of]
        parts += [f"-{term}" for term in self.excluded]
        return " ".join(parts)


def read_query(q: str | None) -> Query:
    """Read a search box query. Never raises; see the module docstring for the language.

    This is the one place a query is cleaned and cut (to MAX_LENGTH): the search page and the feeds
    show `Query.raw` and say the query was cut from `Query.was_cut`."""
    text = q if isinstance(q, str) else ("" if q is None else str(q))
    reader = _Reader()
    was_cut = len(text) > MAX_LENGTH
    if was_cut:
        text = text[:MAX_LENGTH]
        reader.note(f"the query was cut to its first {MAX_LENGTH} characters")
    raw = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in _UNSEARCHABLE).strip()
    text = reader.clean(text)
    for match in _TOKEN.finditer(text):
        if match.group("word") is None:
            reader.phrase(
                match.group("phrase"), negated=bool(match.group("neg")), closed=bool(match["close"])
            )
        else:
            for piece in reader.strip_syntax(match.group("word")).split():
                reader.word(piece)
    return replace(reader.query(raw), was_cut=was_cut)


class _Reader:
    """The state of reading one query: the clauses found so far and the notes."""

    def __init__(self):
        self.notes: list[str] = []
        self.syntax: list[str] = []
        self.items: list = []  # Terms as (negated, Term), and "OR"
        self.pending_not = False

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def clean(self, text: str) -> str:
        kept = []
        for ch in text:
            category = unicodedata.category(ch)
            if ch.isspace():
                kept.append(" ")
            elif category in _UNSEARCHABLE:
                # Control characters, lone surrogates (not valid UTF-8) and private-use characters
                # (the snippet markers) cannot be searched for.
                kept.append(" ")
                self.note("control characters were removed")
            elif category != "Cf":  # invisible formatting (zero-width space, soft hyphen): dropped quietly
                kept.append(ch)
        text = unicodedata.normalize("NFKC", "".join(kept)).translate(_QUOTES)

        def near(match):
            self.note("NEAR(…) is not supported; its words were searched for as ordinary words")
            return " " + re.sub(r",\s*\d*\s*$", "", match.group(1)) + " "

        return _NEAR.sub(near, text)

    def strip_syntax(self, text: str) -> str:
        found = [ch for ch in text if ch in SYNTAX_CHARACTERS]
        if not found:
            return text
        self.syntax += [ch for ch in found if ch not in self.syntax]
        return "".join(" " if ch in SYNTAX_CHARACTERS else ch for ch in text)

    def _negated(self, negated: bool) -> bool:
        if self.pending_not:
            self.pending_not = False
            self.note("NOT was read as - (without)")
            return True
        return negated

    def phrase(self, text: str, *, negated: bool, closed: bool) -> None:
        words = [w for w in (_normalise(part) for part in self.strip_syntax(text).split()) if w]
        if not closed:
            self.note("an unbalanced quote was closed" if words else "a stray quote was ignored")
        if not words:
            if closed:
                self.note("an empty phrase was ignored")
            return
        self.items.append((self._negated(negated), Term(" ".join(words), phrase=len(words) > 1)))

    def word(self, piece: str) -> None:
        if piece == "OR":
            self.items.append("OR")
            return
        if piece == "AND":
            self.note("AND was ignored: every word is required anyway")
            return
        if piece == "NOT":
            if self.pending_not:
                self.note("a lone NOT was ignored")
            self.pending_not = True
            return
        negated = piece.startswith("-")
        word = _normalise(piece.lstrip("-"))
        if not word:
            self.note("a lone - was ignored" if set(piece) == {"-"} else "stray punctuation was ignored")
            return
        self.items.append((self._negated(negated), Term(word)))

    def query(self, raw: str) -> Query:
        if self.pending_not:
            self.note("a lone NOT was ignored")
        groups: list[list[Term]] = []
        excluded: list[Term] = []
        joining = False  # an OR just followed a positive term
        previous_positive = False
        for item in self.items:
            if item == "OR":
                if previous_positive and not joining:
                    joining = True
                else:
                    self.note("a lone OR was ignored")
                continue
            negated, term = item
            if negated:
                if joining:
                    self.note("a lone OR was ignored")
                    joining = False
                excluded.append(term)
                previous_positive = False
            elif joining:
                groups[-1].append(term)
                joining = False
            else:
                groups.append([term])
                previous_positive = True
        if joining:
            self.note("a lone OR was ignored")

        stop_words: list[str] = []

        def keep(terms):
            kept = []
            for term in terms:
                if all(word in STOP_WORDS for word in term.words):
                    stop_words.append(str(term))
                elif term not in kept:
                    kept.append(term)
            return kept

        required: list[Term] = []
        any_of: list[tuple[Term, ...]] = []
        for group in groups:
            group = keep(group)
            if len(group) == 1 and group[0] not in required:
                required.append(group[0])
            elif len(group) > 1 and tuple(group) not in any_of:
                any_of.append(tuple(group))
        excluded = keep(excluded)

        if self.syntax:
            chars = " ".join(self.syntax)
            self.note(
                f"the character {chars} is not search syntax and was ignored"
                if len(self.syntax) == 1
                else f"the characters {chars} are not search syntax and were ignored"
            )
        if stop_words:
            shown = list(dict.fromkeys(stop_words))
            more = "…" if len(shown) > 6 else ""
            self.note("common words were left out: " + ", ".join(shown[:6]) + more)
        return Query(raw, tuple(required), tuple(any_of), tuple(excluded), tuple(self.notes))


def _normalise(word: str) -> str:
    """Lower-case, without punctuation at either end; empty if no letter or digit is left."""
    word = _EDGE_PUNCTUATION.sub("", word).lower()
    return word if _WORD_PARTS.search(word) else ""
