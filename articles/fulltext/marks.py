"""Turning matched text into safe HTML: everything escaped, matched words in <mark>.

The engines mark matches with two private-use characters (START, STOP) rather than HTML, so that the
text around them can be escaped before the markers become tags.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.fulltext.query import Query

START, STOP = "\ue000", "\ue001"
LEAD_WORDS = 40

_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
_MARKERS = re.compile(f"[{START}{STOP}]")
_ADJACENT = re.compile(r"</mark>(\s+)<mark>")
_WORD_PARTS = re.compile(r"[^\W_]+")
# Enough of English inflection to find "attacked" from "attacks" in a title; the engines stem properly.
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ies", "ied", "ed", "es", "ly", "s", "e", "y")


def marked_to_html(text: str) -> SafeString:
    """Escape engine output and turn its START…STOP markers into <mark>…</mark>."""
    out, pos = [], 0
    for match in _MARKED.finditer(text):
        out.append(escape(_MARKERS.sub("", text[pos : match.start()])))
        out.append(f"<mark>{escape(match.group(1))}</mark>")
        pos = match.end()
    out.append(escape(_MARKERS.sub("", text[pos:])))
    return mark_safe(_ADJACENT.sub(r"\1", "".join(out)))


def has_marks(text: str | None) -> bool:
    return bool(text) and START in text


def highlight(text: str, query: Query) -> SafeString:
    """`text` escaped, with the query's words and phrases (stemmed loosely) in <mark>."""
    text = text or ""
    pattern = _pattern(tuple(query.highlight_terms))
    if pattern is None:
        return escape(text)
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def lead_text(article, words: int = LEAD_WORDS) -> str:
    """The start of the lede (or of the body, when there is no lede), cut at a word.

    Lists load articles without their body (`ArticleQuerySet.for_list`) but with its `opening`.
    """
    opening = getattr(article, "opening", None)
    parts = (article.lede or (article.body if opening is None else opening) or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _stem(word: str) -> str:
    if not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _word_pattern(word: str) -> str:
    stem = _stem(word)
    return re.escape(stem) + (r"\w{0,4}" if word.isalpha() else "")


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    alternatives = []
    for term in terms:
        words = _WORD_PARTS.findall(term)
        if words:
            alternatives.append((len(words), r"[\W_]+".join(_word_pattern(w) for w in words)))
    if not alternatives:
        return None
    # Longest first, so a phrase wins over its own words.
    body = "|".join(p for _, p in sorted(alternatives, key=lambda a: -a[0]))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
