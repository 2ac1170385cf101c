"""The one writer of each export format, shared by `export_articles` and the search page's exports.

JSON Lines is the schema the importer reads (docs/import-format.md), so what goes out can always come
back in: export, then import into an empty database, gives the same articles. CSV (and the search page's
JSON results) give a row per article whose columns mean the same wherever they are written
(docs/import-format.md, "Exports"): `url` is where the article first appeared, `archive_url` its page
in this archive, and every time is ISO 8601 in the site's time zone (TIME_ZONE) with its offset; a
date known only to the day or the month is written as that ("2024-01-02", "2024-01").
RIS and BibTeX give a record per article for reference managers, from the same Citation the article
page's meta tags and Cite box are made from (articles/citing/).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone

from .citing import Citation, citation
from .local_time import local_day, local_iso
from .models import Article, ArticlePlace, ArticleTopic, RelatedLink, Topic

CSV_COLUMNS = [
    "id", "external_id", "published_at", "title", "source", "byline", "dateline", "url", "archive_url",
    "topics", "places", "word_count", "place_tags", "language", "kind", "story", "story_role", "copies",
    "versions",
]  # fmt: skip
CSV_CHUNK = 500  # articles fetched at a time (with their topics and places: two more queries a chunk)
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def export_queryset(queryset):
    """The articles with everything an export writes, fetched in a fixed number of queries per chunk."""
    return queryset.select_related("source", "story").prefetch_related(
        Prefetch(
            "topic_tags", queryset=ArticleTopic.objects.select_related("topic").order_by("-score", "pk")
        ),
        Prefetch(
            "place_tags", queryset=ArticlePlace.objects.select_related("place").order_by("-score", "pk")
        ),
        Prefetch("related_links", queryset=RelatedLink.objects.order_by("position")),
    )


def published_text(article: Article) -> str | None:
    """When the article was published, as precisely as the source said: "2024-01-02" for a day,
    "2024-01" for a month (the forms the JSON Lines importer reads back as the same precision), else
    the time with its offset. A day or month is filed at local midnight by the importer; writing that
    midnight ("2024-01-02T00:00:00-05:00") would claim a time nobody gave."""
    if article.published_at is None:
        return None
    if article.date_precision in ("day", "month"):
        day = local_day(article.published_at)  # safe at the ends of the calendar (a row's year 1, stop 28)
        return day.isoformat()[:7] if article.date_precision == "month" else day.isoformat()
    return local_iso(article.published_at)


def article_record(article: Article) -> dict:
    record = dict(article.extra or {})
    record.update(
        {
            "id": article.external_id,
            "title": article.title,
            "lede": article.lede,
            "body": article.body,
            "published_at": published_text(article),
            "updated_at": local_iso(article.source_updated_at) or None,
            "source": article.source.name if article.source else "",
            "byline": article.byline,
            "dateline": article.dateline,
            "url": article.url,
            "language": article.language,
            "kind": article.kind,
            "photo_caption": article.photo_caption,
            "photo_credit": article.photo_credit,
            "links": article.links,
            # The story it belongs to: an import of this file puts it back in the same story.
            "story": article.story.key if article.story_id else None,
            "story_role": article.story_role,
            "topics": [
                {
                    "name": t.topic.name,
                    "slug": t.topic.slug,
                    "origin": t.origin,
                    "score": t.score,
                    "evidence": t.evidence,
                }
                for t in article.topic_tags.all()
            ],
            "places": [
                {
                    "name": p.place.name,
                    "slug": p.place.slug,
                    "kind": p.place.kind,
                    "country_code": p.place.country_code,
                    "role": p.role,
                    "origin": p.origin,
                    "score": p.score,
                    "evidence": p.evidence,
                }
                for p in article.place_tags.all()
            ],
            "related": [
                {
                    "title": link.title,
                    "summary": link.summary,
                    "section": link.section,
                    "kind": link.kind,
                    "age": link.age,
                    "duration": link.duration,
                    "url": link.url,
                }
                for link in article.related_links.all()
            ],
        }
    )
    return record


def iter_jsonl(queryset, *, chunk_size: int = 500) -> Iterator[str]:
    for article in export_queryset(queryset).iterator(chunk_size=chunk_size):
        yield json.dumps(article_record(article), ensure_ascii=False) + "\n"


def summary(article: Article, *, archive_url: str, topics: list[str], places: list[str]) -> dict:
    """An article as a row of CSV_COLUMNS (and a search result in the search page's JSON): None where
    there is no value. `topics` and `places` are names."""
    return {
        "id": article.pk,
        "external_id": article.external_id,
        "published_at": published_text(article),
        "title": article.title,
        "source": article.source.name if article.source else None,
        "byline": article.byline,
        "dateline": article.dateline,
        "url": article.url,
        "archive_url": archive_url,
        "topics": topics,
        "places": places,
        "word_count": article.word_count,
        "language": article.language,
        "kind": article.kind,
        **story_summary(article),
    }


def story_summary(article: Article) -> dict:
    """An article's story: its key and role, and how many articles (`copies`: every copy and version)
    and versions it holds; all empty (None) for an article not grouped yet. Reads `article.story`
    (select_related("story") for a list)."""
    story = article.story if article.story_id else None
    return {
        "story": story.key if story else None,
        "story_role": article.story_role,
        "copies": story.article_count if story else None,
        "versions": story.version_count if story else None,
    }


def safe_cell(value) -> object:
    """Neutralise spreadsheet formula injection: a text cell that would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """csv.writer writes into this and gets the line back, so each row can be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_row(article: Article, *, site_url: str = "", mentions: bool = False) -> list:
    """`article` (with source, topics and places fetched, see `csv_queryset`) as CSV_COLUMNS;
    `archive_url` is `site_url` followed by the article's path. `places` names the places shown (passing
    mentions too with `mentions`); `place_tags` is every place tag as JSON, with its role, score and
    evidence."""
    tags = article.place_tags.all()
    shown = [tag for tag in tags if mentions or tag.role not in ArticlePlace.PASSING_ROLES]
    row = summary(
        article,
        archive_url=site_url + article.get_absolute_url(),
        topics=[t.name for t in article.topics.all()],
        places=[tag.place.display_name or tag.place.name for tag in shown],
    )
    row["topics"], row["places"] = "; ".join(row["topics"]), "; ".join(row["places"])
    row["place_tags"] = json.dumps([_place_tag(tag) for tag in tags], ensure_ascii=False) if tags else ""
    return [safe_cell(row[column]) for column in CSV_COLUMNS]


def _place_tag(tag: ArticlePlace) -> dict:
    # The same keys as a search result's place_tags (articles/selectors/results.py, the JSON export).
    return {"name": tag.place.display_name or tag.place.name, "slug": tag.place.slug, "role": tag.role,
            "origin": tag.origin, "score": tag.score, "evidence": tag.evidence}  # fmt: skip


def csv_queryset(queryset):
    """`queryset` with what a CSV row writes: every place tag (the row picks those shown) in one query."""
    tags = ArticlePlace.objects.select_related("place").order_by("place__display_name", "pk")
    return (
        queryset.for_list(tags=False)
        .select_related("story")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name", "slug").order_by("name")),
            Prefetch("place_tags", queryset=tags),
        )
    )


def iter_csv(
    queryset, *, site_url: str = "", chunk_size: int | None = None, mentions: bool = False
) -> Iterator[str]:
    """CSV lines, header first, a row per article of `queryset` in its order."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for article in csv_queryset(queryset).iterator(chunk_size=chunk_size or CSV_CHUNK):
        yield writer.writerow(csv_row(article, site_url=site_url, mentions=mentions))


# Reference manager formats. A field is one line in RIS and one braced value in BibTeX, so runs of
# whitespace (newlines included) become one space and control characters are dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LATEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_LATEX_REPLACEMENT = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}
BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _one_line(value: str) -> str:
    return " ".join(_CONTROL.sub("", value or "").split())


def _citations(queryset, site_url: str, chunk_size: int | None) -> Iterator[Citation]:
    accessed = timezone.localdate()
    for article in queryset.for_list().iterator(chunk_size=chunk_size or CSV_CHUNK):
        yield citation(article, site_url=site_url, accessed=accessed)


def ris_record(cite: Citation) -> str:
    """One RIS record (type NEWS), each field a "TAG  - value" line, CRLF as the RIS spec writes."""
    fields = [("TY", "NEWS"), ("ID", cite.key), ("TI", cite.title)]
    fields += [("AU", author.inverted) for author in cite.authors]
    if cite.date:
        fields += [("PY", str(cite.date[0])), ("DA", cite.date_text("/"))]
    fields += [("T2", cite.outlet), ("AB", cite.abstract), ("LA", cite.language)]
    fields += [("KW", keyword) for keyword in cite.keywords]
    fields += [("UR", cite.url), ("UR", cite.archive_url), ("Y2", cite.accessed.strftime("%Y/%m/%d"))]
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in fields if _one_line(value)]
    return "\r\n".join([*lines, "ER  - ", "", ""])


def latex_escape(value: str) -> str:
    """Text for a braced BibTeX value: braces balanced and LaTeX's special characters (% # & ...) taken
    literally, so that a title with "{" or "50%" neither breaks the file nor the typeset reference."""
    return _LATEX_SPECIAL.sub(
        lambda match: _LATEX_REPLACEMENT.get(match[1], "\\" + match[1]), _one_line(value)
    )


def _bibtex_url(url: str) -> str:
    # \url{} takes % # _ literally; braces, spaces and backslashes (one before the closing brace escapes
    # it) are the characters to encode.
    return _one_line(url).replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex_record(cite: Citation) -> str:
    """One BibTeX entry (@article, journal = the outlet), with biblatex's `date` at its known precision."""
    fields = [
        ("title", latex_escape(cite.title)),
        ("author", " and ".join(latex_escape(author.inverted) for author in cite.authors)),
        ("journal", latex_escape(cite.outlet)),
    ]
    if cite.date:
        fields.append(("year", str(cite.date[0])))
        if len(cite.date) > 1:
            fields.append(("month", BIBTEX_MONTHS[cite.date[1] - 1]))
        fields.append(("date", cite.date_text("-")))
    fields += [
        ("url", _bibtex_url(cite.url or cite.archive_url)),
        ("urldate", cite.accessed.isoformat()),
        ("note", f"Archived at \\url{{{_bibtex_url(cite.archive_url)}}}" if cite.url else ""),
        ("abstract", latex_escape(cite.abstract)),
        ("keywords", latex_escape(", ".join(cite.keywords))),
        ("language", latex_escape(cite.language)),
    ]
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
        if value
    )
    return f"@article{{{cite.key},\n{body}\n}}\n\n"


def iter_ris(queryset, *, site_url: str = "", chunk_size: int | None = None) -> Iterator[str]:
    """RIS records, one per article of `queryset` in its order."""
    for cite in _citations(queryset, site_url, chunk_size):
        yield ris_record(cite)


def iter_bibtex(queryset, *, site_url: str = "", chunk_size: int | None = None) -> Iterator[str]:
    """BibTeX entries, one per article of `queryset` in its order."""
    for cite in _citations(queryset, site_url, chunk_size):
        yield bibtex_record(cite)
