"""One parsed record turned into Article field values: checked, cleaned and hashed, without a query.

Values are checked here, where they enter: what the database or the pages could not take is refused
per record, with a message for a person (a date outside the years the archive shows), or cleaned with
a warning (NUL characters, a topic's slug, numbers JSON cannot hold, strings past their size). Fields
derived from others (title key, slug, day, word count, fingerprint) come from `models.derived_fields`,
as they do for `Article.save`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .. import importers
from ..enrich.workers import Found, TextRow
from ..importers.records import ArticleRecord, IdentifiedRecord, RelatedRecord, TagRecord
from ..importers.wire import canonical_source
from ..keys import slugify
from ..models import Article, derived_fields


@dataclass
class Prepared:
    """A record ready to write: its item name, the record, the Article fields and what happens to it."""

    name: str
    record: ArticleRecord
    fields: dict
    warnings: list[str]
    existing_id: int | None = None
    status: str = ""
    found: Found | None = None  # tags found ahead by a worker process
    bands: list[int] | None = None  # and its story band keys (None: grouping computes them)
    note: str = ""  # said of this record in the report, e.g. that its id came twice in the file
    story_key: str = ""  # the story its record names (`story`, in an exported archive)
    story_role: str = ""  # and its role there (`story_role`)
    placed: object = None  # its stories.Member once grouped

    def text_row(self) -> TextRow:
        fields = self.fields
        return (
            fields["title"],
            fields["body"],
            fields["photo_caption"],
            fields["dateline"],
            fields["links"],
            canonical_source(self.record.source),
        )


def lede_of(body: str) -> str:
    """The lede of an article whose record gives none: its body's first paragraph."""
    return next((p.strip() for p in body.split("\n\n") if p.strip()), "")


def what_it_gets(item: Prepared, *, source: str, new_source: bool, found: Found | None) -> dict:
    """What a dry run shows of one article: the source, date and tags an import would give it.

    `source` is the source's name as it would be stored (an alias's source, if one matches), `found`
    the automatic tags when imports tag (ImportTagger.find). An automatic tag an imported one already
    gives is not listed twice, as tagging does not store it twice.
    """
    record, fields = item.record, item.fields
    topics = [{"name": tag.name, "origin": "imported"} for tag in record.topics]
    places = [{"name": tag.name, "origin": "imported"} for tag in record.places]
    if found is not None:
        topics += _automatic(record.topics, found[0])
        places += _automatic(record.places, found[1])
    published = fields["published_at"]
    return {
        "source": source,
        "new_source": new_source,
        "published": published.isoformat() if published else "",
        "precision": fields["date_precision"],
        "topics": topics,
        "places": places,
    }


def _automatic(imported: list[TagRecord], found: list) -> list[dict]:
    given = {tag.slug or slugify(tag.name) for tag in imported}
    return [{"name": tag.name, "origin": "automatic"} for tag in found if tag.slug not in given]


def item_name(document_name: str, record: ArticleRecord) -> str:
    """How the report names one record: its file, and for JSON Lines its line with its own id beside it
    ("batch.jsonl line 7 (id far)"), as a line that could not be read is named (importers/jsonl.py);
    a record from elsewhere without a line, by its id."""
    if record.format == "page":
        return document_name
    extra = record.extra if isinstance(record.extra, dict) else {}
    if not extra.get("_line"):
        return f"{document_name}: {record.external_id}"
    return f"{document_name} line {extra['_line']}" + (f" (id {extra['_id']})" if extra.get("_id") else "")


def prepare(name: str, record: ArticleRecord, *, note: str = "") -> Prepared:
    """Turn a record into Article field values; ValueError says why the record cannot be stored."""
    warnings = [_UNSTORABLE.sub("\ufffd", warning) for warning in record.warnings]
    story_key, story_role = _story(record, warnings)
    _clean_text(record, warnings)
    _check_dates(record)
    _clean_tags(record, warnings)
    record.links = _bounded_links(record.links, warnings)
    title = " ".join((record.title or "").split())
    if not title:
        raise ValueError("the article has no title and none could be found in its text")
    if not record.external_id:
        raise ValueError("the article has no id")
    if len(record.external_id) > 500:
        raise ValueError("the article's id is longer than 500 characters")
    body = (record.body or "").strip()
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    published_at, precision = _publication(record)
    url = record.url.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        warnings.append(f"the url {url[:80]!r} is not a web address; it is kept with the input fields")
        record.extra.setdefault("url", url)
        url = ""
    extra = _json_safe(
        {key: value for key, value in record.extra.items() if not key.startswith("_")}, warnings
    )
    fields = {
        "external_id": record.external_id,
        "title": _fit(title, 500, "the title", warnings),
        "lede": (record.lede or lede_of(body)).strip(),
        "body": "\n\n".join(paragraphs),
        "byline": _fit(record.byline.strip(), 300, "the byline", warnings),
        "dateline": _fit(record.dateline.strip(), 200, "the dateline", warnings),
        "published_at": published_at,
        "date_precision": precision,
        "source_updated_at": _aware(record.updated_at),
        "photo_caption": record.photo_caption.strip(),
        "photo_credit": _fit(record.photo_credit.strip(), 300, "the photo credit", warnings),
        "url": _fit(url, 1000, "the url", warnings),
        "language": _fit(record.language.strip(), 20, "the language", warnings),
        "kind": _kind(record.kind, warnings),
        "links": list(record.links),
        "record_hash": record_hash(record),
        "original": record.original,
        "original_format": record.format,
        "extra": extra,
        "import_warnings": warnings,
    }
    fields.update(derived_fields(title=fields["title"], body=fields["body"], published_at=published_at))
    return Prepared(
        name=name,
        record=record,
        fields=fields,
        warnings=warnings,
        note=note,
        story_key=story_key,
        story_role=story_role,
    )


STORY_KEY = re.compile(r"[0-9a-zA-Z_-]{1,40}")


def _story(record: ArticleRecord, warnings: list[str]) -> tuple[str, str]:
    """The story an exported article named (`story`, `story_role`), taken out of the unknown fields."""
    if not isinstance(record.extra, dict):
        return "", ""
    key, role = record.extra.pop("story", None), record.extra.pop("story_role", None)
    if key in (None, ""):
        return "", ""
    if not isinstance(key, str) or not STORY_KEY.fullmatch(key):
        warnings.append(
            f"the story key {str(key)[:60]!r} is not one this archive gives; the article is grouped by its text"
        )
        return "", ""
    return key, role if role in ("first", "copy", "version") else ""


def _parser_version() -> str:
    """A hash of the parsers' own code: when a parser improves, re-importing a file updates its article."""
    digest = hashlib.sha256()
    for path in sorted(Path(importers.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


PARSER_VERSION = _parser_version()


def record_hash(record: ArticleRecord | IdentifiedRecord) -> str:
    """What an article was made from: the document as it came in, the options, and the parser's version.

    Hashing the input rather than the parsed record is several times cheaper and says the same thing,
    since parsing is deterministic.
    """
    if not record.original:
        encoded = json.dumps(dataclasses.asdict(record), sort_keys=True, default=str, ensure_ascii=False)
    else:
        encoded = "\0".join(
            (PARSER_VERSION, record.format, _hashed_source(record), record.external_id, record.original)
        )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _hashed_source(record: ArticleRecord | IdentifiedRecord) -> str:
    """The source a record is hashed with: a page's is the one its import was given, not the one read
    from it (which its text, hashed whole, decides), so that an unchanged page is found before it is
    parsed (unchanged.py); an IdentifiedRecord of a page carries that given source as its `source`."""
    if record.format == "page" and isinstance(record, ArticleRecord):
        return record.given_source
    return record.source


def archive_years() -> tuple[int, int]:
    """The years an article's dates may fall in: from ARCHIVE_EARLIEST_YEAR to the end of next year.

    The database and Python hold years 1 to 9999, but a date near either end cannot be moved to the
    site's time zone (OverflowError) nor read back by psycopg ("timestamp too large"), and the pages'
    timelines and archive run year by year between the extremes: one article dated 0001-01-01 made
    every search timeline 3 MB. No news archive holds stories from before 1800 or after next year.
    """
    return getattr(settings, "ARCHIVE_EARLIEST_YEAR", 1800), timezone.now().year + 1


def dates_fit(*values: dt.date | None) -> bool:
    """Whether these dates fall in the archive's years, as `_check_dates` asks of a record's."""
    first, last = archive_years()
    return all(value is None or first <= value.year <= last for value in values)


def _check_dates(record: ArticleRecord) -> None:
    first, last = archive_years()
    for label, value in (
        ("published_at", record.published_at or record.published_date),
        ("updated_at", record.updated_at),
    ):
        if value is not None and not first <= value.year <= last:
            raise ValueError(
                f"'{label}' is {value.isoformat()}, outside the years the archive can show ({first} to {last})"
            )


def _clean_text(record: ArticleRecord, warnings: list[str]) -> None:
    """Take out what no database can store: NUL characters (PostgreSQL text and JSON hold none; no
    reader misses them) and lone UTF-16 surrogates, which JSON's "\\ud800" escapes can give and UTF-8
    cannot encode (they become the replacement character)."""
    if not _may_hold_unstorable(record):
        return
    found: dict[str, list[str]] = {"nul": [], "surrogate": []}
    for f in dataclasses.fields(record):
        if f.name in ("original", "warnings"):
            continue
        value = getattr(record, f.name)
        kinds: set[str] = set()
        cleaned = _storable(value, kinds)
        if kinds:
            setattr(record, f.name, cleaned)
            for kind in kinds:
                found[kind].append("id" if f.name == "external_id" else f.name)
    record.original = _UNSTORABLE.sub("\ufffd", record.original)
    if found["nul"]:
        warnings.append(f"NUL characters were removed from: {', '.join(found['nul'])}")
    if found["surrogate"]:
        warnings.append(
            f"characters that are not text (lone surrogates) were replaced in: {', '.join(found['surrogate'])}"
        )


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_ESCAPED_UNSTORABLE = re.compile(r"\\u(?:0000|d[89a-f])", re.IGNORECASE)


def _may_hold_unstorable(record: ArticleRecord) -> bool:
    """False when no field can hold a NUL or a lone surrogate: every string of a parsed record comes
    from its original text (JSON escapes decoded), its file's name (in the id) or the default source.
    Looking through every field of every record took a third of the time a record spends here
    (27 of 83 us a record on Reuters-21578); looking at the original is what most records need."""
    if not record.original:
        return True
    return any(
        pattern.search(text)
        for pattern, text in (
            (_ESCAPED_UNSTORABLE, record.original),
            (_UNSTORABLE, record.original),
            (_UNSTORABLE, record.external_id),
            (_UNSTORABLE, record.source),
        )
    )


def _storable(value, kinds: set[str]):
    """The value with NULs taken out of every string in it (dict keys included) and lone surrogates
    replaced; `kinds` collects which of the two it held."""
    if isinstance(value, str):
        if not _UNSTORABLE.search(value):
            return value
        if "\x00" in value:
            kinds.add("nul")
            value = value.replace("\x00", "")
        if _UNSTORABLE.search(value):
            kinds.add("surrogate")
            value = _UNSTORABLE.sub("\ufffd", value)
        return value
    if isinstance(value, list):
        return [_storable(item, kinds) for item in value]
    if isinstance(value, dict):
        return {_storable(key, kinds): _storable(item, kinds) for key, item in value.items()}
    if isinstance(value, TagRecord | RelatedRecord):
        changes = {f.name: _storable(getattr(value, f.name), kinds) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def _clean_tags(record: ArticleRecord, warnings: list[str]) -> None:
    """A topic's or place's slug becomes part of its address: whatever the input gave is slugified again."""
    for label, tags in (("topic", record.topics), ("place", record.places)):
        for tag in tags:
            slug = slugify(tag.slug)[:200] or slugify(tag.name)[:200]
            if tag.slug and slug != tag.slug:
                warnings.append(
                    f"the {label} slug {tag.slug[:80]!r} is not a valid slug; {slug or tag.name!r} is used"
                )
            tag.slug = slug
            if tag.score is not None and not math.isfinite(tag.score):
                tag.score = None


# A link is an address: longer than the url field holds is no address. A page keeps a handful (hub
# and topic links); the cap bounds what a crafted record can make every article page list.
MAX_LINK_CHARS = 1000
MAX_LINKS = 200
# Unknown input fields are kept as they came (the whole line is also kept in `original`), but a text
# longer than this is shortened there, and deeper nesting than this is dropped: JSON of that depth is
# no article's field, and writing it recurses once per level.
MAX_EXTRA_TEXT = 10_000
MAX_EXTRA_DEPTH = 20
# A number JSON databases and Python's int-to-text conversion take whole (beyond 4,300 digits, Python
# refuses to write an int as text at all).
MAX_EXTRA_DIGITS = 100


def _bounded_links(links: list, warnings: list[str]) -> list[str]:
    kept = [link for link in links if isinstance(link, str) and len(link) <= MAX_LINK_CHARS]
    if len(kept) < len(links):
        warnings.append(
            f"{len(links) - len(kept)} link(s) longer than {MAX_LINK_CHARS} characters were left out"
        )
    if len(kept) > MAX_LINKS:
        warnings.append(f"only the first {MAX_LINKS} of {len(kept)} links were kept")
        kept = kept[:MAX_LINKS]
    return kept


def _json_safe(value, warnings: list[str], depth: int = 0):
    """`value` as JSON can store it: no NaN or infinity, no huge number, bounded text and depth."""
    if depth > MAX_EXTRA_DEPTH:
        _warn_once(warnings, f"input fields nested deeper than {MAX_EXTRA_DEPTH} levels were left out")
        return None
    if isinstance(value, dict):
        return {str(key)[:200]: _json_safe(item, warnings, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item, warnings, depth + 1) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        _warn_once(warnings, "an input field's number that is not finite (NaN or infinity) was left out")
        return None
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value.bit_length() > MAX_EXTRA_DIGITS * 3.33
    ):
        _warn_once(warnings, f"an input field's number of more than {MAX_EXTRA_DIGITS} digits was left out")
        return None
    if isinstance(value, str) and len(value) > MAX_EXTRA_TEXT:
        _warn_once(
            warnings, f"an input field's text was longer than {MAX_EXTRA_TEXT} characters and was shortened"
        )
        return value[:MAX_EXTRA_TEXT]
    return value


def _warn_once(warnings: list[str], warning: str) -> None:
    if warning not in warnings:
        warnings.append(warning)


def _kind(kind: str, warnings: list[str]) -> str:
    """The page's kind as Article stores it; an unknown one is read as an article, with a warning."""
    kind = (kind or "article").strip().lower()
    if kind not in Article.Kind.values:
        warnings.append(
            f"the kind {kind[:40]!r} is not one of {', '.join(Article.Kind.values)}; read as article"
        )
        return Article.Kind.ARTICLE
    return kind


def _fit(value: str, limit: int, label: str, warnings: list[str]) -> str:
    value = value or ""
    if len(value) > limit:
        warnings.append(f"{label} was longer than {limit} characters and was shortened")
        return value[:limit]
    return value


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if timezone.is_aware(value):
        return value
    return value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def _publication(record: ArticleRecord) -> tuple[dt.datetime | None, str]:
    if record.published_at:
        return _aware(record.published_at), record.date_precision or "time"
    if record.published_date:
        # A date alone is filed at local midnight so that it lands on that day in the date archive.
        midnight = dt.datetime.combine(record.published_date, dt.time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))
        return midnight, record.date_precision or "day"
    return None, ""
