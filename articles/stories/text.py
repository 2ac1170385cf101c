"""The words a story is compared by: tokens, names, figures, and the title-led text of a page.

Read by articles.stories.similarity (band keys and comparison), which re-exports what other modules
import from it; pure, like it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LONG_TITLE = 18  # words: a title this long is a paragraph, not a headline

_TOKEN = re.compile(r"[^\W_]+(?:['.,:][^\W_]+)*")
# Two sentences glued by a crawl that dropped the space or line break between them ("inland.A", "said.The"):
# a lower-case letter or a digit, a full stop, an upper-case letter (`unglue`).
_GLUED = re.compile(r"\.(?=[^\W\d_a-z])")  # the cheap test; `_glued_stop` reads around it
_NUMBER_WORDS_TEXT = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion first second third fourth fifth half quarter"
)
_NUMBER_WORDS = frozenset(_NUMBER_WORDS_TEXT.split())
_OPENERS_TEXT = (
    "a an the this that these those it its he she his her they their there we i you in on at of for to by "
    "with from as but and or if when while after before since during under over about according also "
    "meanwhile however yet so then now today yesterday tomorrow"
)
_OPENERS = frozenset(_OPENERS_TEXT.split())
# Capitalised words that say who relayed it or on which weekday, not what the story is about: a
# version says "on Tuesday" where the first take said "on Monday", and one outlet credits "The
# Associated Press". Months stay: a monthly figure's next release is another story ("fell to 11.8 pct
# at the end of March" after "... of February").
_NOT_SUBJECT_TEXT = "monday tuesday wednesday thursday friday saturday sunday associated press ap reuters afp upi pti ians ani dpa cp"
_NOT_SUBJECT = frozenset(_NOT_SUBJECT_TEXT.split())
# A person's title or its abbreviation ("Gov. Andy Beshear", "governor Andy Beshear" in another house style):
# the person is named by the words after it.
_TITLES_TEXT = "mr mrs ms dr prof gov governor sen senator rep lt col sgt capt president mayor"
_TITLES = frozenset(_TITLES_TEXT.split())
# A month with a day number is the event's date, which house styles add or drop ("on Wednesday 4
# September", "on Saturday (May 6)"); a month alone stays a name (a monthly figure's next release).
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE = re.compile(rf"\b(?:{_DAY}\s+{_MONTH}\b|{_MONTH}\.?\s+{_DAY}\b)")


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
    text = text or ""
    return list(_cached_words(text)) if len(text) <= CACHED_CHARS else _words(text)


# An import reads a text for its band keys and again, several times, for every comparison: the words of
# the last texts read are kept (a chunk's 500 articles and their candidates; long pages are not kept).
CACHED_TEXTS, CACHED_CHARS = 2048, 20_000


def unglue(text: str) -> str:
    """The text with a space after each full stop that glues two sentences ("inland.A new" reads "inland. A
    new"): a lower-case letter or a digit before it, and after it a capitalised word ("The", "Macron") or
    the word "A" or "I". Left whole: decimals ("3.5"), initials and abbreviations ("U.S.", "J.R.R.",
    "Ph.D."), web addresses ("news.Example.com", "https://Example.org/A.B")."""
    return _GLUED.sub(_glued_stop, text) if "." in text else text


def _glued_stop(stop: re.Match) -> str:
    text, at = stop.string, stop.start()
    before, after, then = text[at - 1 : at], text[at + 1], text[at + 2 : at + 3]
    if not (before.islower() or before.isdigit()) or not after.isupper():
        return "."
    if not (then.islower() or (after in "AI" and (not then or then.isspace()))):
        return "."  # "Ph.D", "news.BBC", "x.Y."
    start, end = at, at + 1
    while start and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    if re.search(r"[/@<>]|www\.|\.[A-Z]?[a-z]+\.[a-z]", text[start:end]):
        return "."  # an address or a ticker: "news.Example.com", "john.Smith@example.com", "<eric.St>"
    return ". "


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", unglue(text)).lower().replace("\u2019", "'").replace("\u2018", "'")
    return _TOKEN.findall(text)


@lru_cache(maxsize=CACHED_TEXTS)
def _cached_words(text: str) -> tuple[str, ...]:
    return tuple(_words(text))


def story_words(text: StoryText) -> list[str]:
    """The words a story is recognised by: its body, led by its title when the title is a paragraph.

    A page whose first paragraph sits on its header line comes out of the page parser with that
    paragraph as its title and the body starting at the second; a headline is rarely LONG_TITLE words.
    """
    return _led(words(text.body), words(text.title))


def _led(body: list[str], title: list[str]) -> list[str]:
    if len(title) >= LONG_TITLE and body[: len(title)] != title:
        return title + body
    return body


def names(text: str) -> list[str]:
    """The capitalised words of a text (lower-cased), in order, leaving out common sentence openers."""
    text = unicodedata.normalize("NFKC", unglue(text or "")).replace("\u2019", "'").replace("\u2018", "'")
    found = (w for w in _TOKEN.findall(text) if w[0].isupper())
    return [w.lower() for w in found if w.lower() not in _OPENERS]


def subject_names(opening: str) -> list[str]:
    """The names of a text's opening that say what it is about (`names`, lower-cased, each once): not a
    weekday or an agency's credit (`_NOT_SUBJECT`), a person's title, or a date's month."""
    found: list[str] = []
    for name in names(_DATE.sub(" ", opening)):
        name = name.removesuffix("'s")
        if name not in found and name not in _NOT_SUBJECT and name not in _TITLES:
            found.append(name)
    return found


def story_words_raw(text: StoryText) -> list[str]:
    """What story_words reads, split on spaces with its case kept: for finding names."""
    led = len(story_words(text)) > len(words(text.body))
    return ((text.title or "").split() if led else []) + unglue(text.body or "").split()


def is_figure(word: str) -> bool:
    # Most words are letters only, which holds no digit: the character scan is for the rest.
    if word.isalpha():
        return word in _NUMBER_WORDS
    return any(c.isdigit() for c in word) or word in _NUMBER_WORDS
