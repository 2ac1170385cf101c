"""An article as a reference manager sees it: who wrote it, where and when it appeared, where to find it.

One `Citation` per article feeds everything that cites: the Highwire Press and Dublin Core meta tags on
the article page (what Zotero's browser connector reads), the APA, Chicago and MLA strings in its Cite
box (articles/citing/styles.py), and the RIS and BibTeX exports (articles/exporting.py). Pure: it reads
an article's fields and never the database, so an export calls it per row at no extra query.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from articles.local_time import local_day

# Words that end the personal part of a byline: an outlet or a job title follows ("Jane Roe Associated
# Press Writer", "By The Associated Press", "Wikinews contributors").
NOT_A_NAME = frozenset(
    [
        "the",
        "a",
        "press",
        "associated",
        "news",
        "agency",
        "agence",
        "reuters",
        "staff",
        "writer",
        "writers",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "editor",
        "editors",
        "contributor",
        "contributors",
        "wikinews",
        "bureau",
        "service",
        "wire",
        "desk",
        "media",
        "network",
        "broadcasting",
        "times",
        "post",
        "journal",
        "herald",
        "tribune",
        "daily",
        "report",
        "by",
        "from",
        "with",
        "for",
        "canadian",
        "afp",
        "ap",
        "upi",
    ]
)
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# "By Jane Roe and John Doe, The Associated Press": names are separated by commas, semicolons, "and",
# "&" or "|"; whatever part holds no personal name (the outlet, a job title) is left out.
_SEPARATORS = re.compile(r"\s*(?:[,;|&/]|\band\b)\s*", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*by\b[:\s]*", re.IGNORECASE)
_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")


@dataclass(frozen=True)
class Author:
    given: str
    family: str

    @property
    def inverted(self) -> str:
        """ "Roe, Jane": the form RIS, BibTeX and `citation_author` expect."""
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True)
class Citation:
    """What a reference manager records about an article. `date` holds as many parts as the source
    gave ((2024,), (2024, 1) or (2024, 1, 3); () when undated); `url` is where the article first
    appeared (may be ""), `archive_url` its page here."""

    title: str
    authors: tuple[Author, ...]
    outlet: str
    date: tuple[int, ...]
    url: str
    archive_url: str
    accessed: dt.date
    abstract: str
    keywords: tuple[str, ...]
    language: str
    key: str  # a stable identifier for BibTeX keys and RIS IDs

    def date_text(self, separator: str = "/") -> str:
        """The date with its known precision: "2024/01/03", "2024/01" (Highwire, RIS) or "2024-01"."""
        parts = [f"{self.date[0]:04d}", *(f"{part:02d}" for part in self.date[1:])]
        return separator.join(parts)


def _person(words: list[str]) -> Author | None:
    name: list[str] = []
    for word in words:
        if word.lower().strip(".,") in NOT_A_NAME or not _WORD.match(word):
            break
        name.append(word)
    if not 2 <= len(name) <= 5:
        return None
    if name[0].isupper() and len(name[0]) > 1:  # "JANE ROE" as wire services print it
        name = [word.capitalize() for word in name]
    suffix = ""
    if name[-1].lower() in NAME_SUFFIXES and len(name) > 2:
        suffix = " " + name.pop()
    return Author(given=" ".join(name[:-1]), family=name[-1] + suffix)


def authors_from_byline(byline: str, *, outlet: str = "") -> tuple[Author, ...]:
    """The people named in a byline, in order; none for an outlet's own byline ("By The Associated
    Press"). "By Jane Roe and John Doe, The Associated Press" gives Jane Roe and John Doe."""
    text = _PREFIX.sub("", " ".join((byline or "").split()))
    authors = []
    for part in _SEPARATORS.split(text):
        if not part or part.casefold() == outlet.casefold():
            continue
        author = _person(part.split())
        if author and author not in authors:
            authors.append(author)
    return tuple(authors)


def date_parts(article) -> tuple[int, ...]:
    if article.published_at is None:
        return ()
    local = local_day(article.published_at)  # safe at the ends of the calendar (a row's year 1)
    if article.date_precision == "month":
        return (local.year, local.month)
    return (local.year, local.month, local.day)


def _place_names(article) -> list[str]:
    """The places the article is about (its shown place tags, when a list fetched them; else every place)."""
    shown = getattr(article, "shown_place_tags", None)
    if shown is None:
        return [place.name for place in article.places.all()]
    return [tag.place.name for tag in shown]


def citation(
    article, *, site_url: str, accessed: dt.date | None = None, keywords: list[str] | None = None
) -> Citation:
    """`article` (with its source, topics and places fetched) as a Citation; `site_url` is this site's
    address without a trailing slash, `accessed` the day it is cited (today by default), `keywords` the
    topic and place names when the caller has them already (else read from the article's tags)."""
    outlet = article.source.name if article.source else ""
    return Citation(
        title=article.title,
        authors=authors_from_byline(article.byline, outlet=outlet),
        outlet=outlet,
        date=date_parts(article),
        url=article.url,
        archive_url=site_url + article.get_absolute_url(),
        accessed=accessed or timezone.localdate(),
        abstract=article.lede,
        keywords=tuple(
            keywords
            if keywords is not None
            else [topic.name for topic in article.topics.all()] + _place_names(article)
        ),
        language=article.language,
        key=f"newsarchive{article.pk}",
    )


def meta_tags(cite: Citation) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta> tags: Highwire Press (Zotero, Mendeley and Google Scholar read
    these first), then Dublin Core for readers that know only that. The original address is the full
    text's; this page is the public copy."""
    tags = [("citation_title", cite.title)]
    tags += [("citation_author", author.inverted) for author in cite.authors]
    if cite.date:
        tags.append(("citation_publication_date", cite.date_text("/")))
    if cite.outlet:
        tags.append(("citation_journal_title", cite.outlet))
    tags.append(("citation_public_url", cite.archive_url))
    if cite.url:
        tags += [("citation_fulltext_html_url", cite.url), ("citation_abstract_html_url", cite.url)]
    if cite.language:
        tags.append(("citation_language", cite.language))
    if cite.keywords:
        tags.append(("citation_keywords", "; ".join(cite.keywords)))
    tags.append(("DC.title", cite.title))
    tags += [("DC.creator", author.inverted) for author in cite.authors]
    if cite.date:
        tags.append(("DC.date", cite.date_text("-")))
    if cite.outlet:
        tags.append(("DC.publisher", cite.outlet))
    tags.append(("DC.identifier", cite.archive_url))
    if cite.url:
        tags.append(("DC.source", cite.url))
    return [(name, content) for name, content in tags if content]
