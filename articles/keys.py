"""Keys and names: the one slugify, and the folded keys that titles, source aliases and place names are
matched on.

Pure (no Django, no ORM), so the parsers, the models, the taggers, ingest and the gazetteer builder all
use these same functions: two copies of a slugify drift, and then a name imported as "Provence-Alpes-Côte
d'Azur" and the gazetteer's region of that name get two slugs (which made the import add a second place).

One slugify, and why it is Django's (`django.utils.text.slugify`, copied below so that the parsers stay
free of Django; a property test holds the copy to the original): every slug already stored apart from the
gazetteer's was made by it (articles, topics, sources), so were the external ids of articles imported
without a namespaced id (`<slugified source>:<id>`), which make a re-import update rather than duplicate,
and the admin's slug prepopulation writes the same (apostrophes dropped, "cote-divoire"). The gazetteer
slugified apostrophes and dots into hyphens ("cote-d-ivoire"); 599 of its 36,888 places change slug in
a new database, and a database loaded before keeps its slugs: the tagger finds a stored place by its
GeoNames id (enrich/service.py), not by a slug recomputed here.
"""

from __future__ import annotations

import re
import unicodedata

# A word of a name: an initialism ("U.S.") or a run of letters; digits and punctuation separate words.
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+")
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_GAPS = re.compile(r"[-\s]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(value: str) -> str:
    """`django.utils.text.slugify(value)`: accents folded, other non-ASCII letters and punctuation dropped,
    spaces and hyphens made single hyphens ("Côte d'Ivoire" -> "cote-divoire")."""
    value = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    value = _NOT_SLUG.sub("", value.lower())
    return _SLUG_GAPS.sub("-", value).strip("-_")


def fold(text: str) -> str:
    """Lower case without accents ("Kraków" -> "krakow"); letters with no accent to drop stay."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text.lower()


def name_key(name: str) -> str:
    """The key a place name is looked up by: its folded words joined by one space ("St. John's" ->
    "st john s"), so spelling, accents and punctuation between words do not matter."""
    if name.isascii():  # folding ASCII is lower-casing, which may as well be done once
        return " ".join(TOKEN.findall(name)).lower()
    return " ".join(fold(token) for token in TOKEN.findall(name))


def normalise_title(title: str) -> str:
    """The key under which related links find their article: case, accents and punctuation folded."""
    text = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub(" ", text.lower()).strip()[:300]


def normalise_alias(name: str) -> str:
    """Source aliases compare without case, punctuation or a leading "The"."""
    key = normalise_title(name)
    return key[4:] if key.startswith("the ") else key


_NUMBERS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple:
    """Sorts file names as a person would: numbers by value ("page_2" before "page_10"), letters without
    case; ties by the name itself, so the order is total."""
    parts = _NUMBERS.split(name)
    return (tuple((1, int(part), "") if part.isdigit() else (0, 0, part.casefold()) for part in parts), name)
