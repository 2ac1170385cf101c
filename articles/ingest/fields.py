"""One parsed record turned into Article field values: checked, cleaned and hashed, without a query.

What the database would refuse is refused here, per record, with a message for a person; what can be
kept is kept, shortened or moved aside, with a warning. Fields derived from others (title key, slug,
day, word count, fingerprint) come from `models.derived_fields`, as they do for `Article.save`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .. import importers
from ..enrich.workers import Found, TextRow
from ..importers.records import ArticleRecord
from ..importers.wire import canonical_source
from ..models import derived_fields


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


def item_name(document_name: str, record: ArticleRecord) -> str:
    """How the report names one record: its file, and for JSON Lines its line (or its id)."""
    if record.format == "page":
        return document_name
    line = record.extra.get("_line") if isinstance(record.extra, dict) else None
    return f"{document_name} line {line}" if line else f"{document_name}: {record.external_id}"


def prepare(name: str, record: ArticleRecord) -> Prepared:
    """Turn a record into Article field values; ValueError says why the record cannot be stored."""
    _strip_nul(record)
    warnings = list(record.warnings)
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
    extra = {key: value for key, value in record.extra.items() if not key.startswith("_")}
    fields = {
        "external_id": record.external_id,
        "title": _fit(title, 500, "the title", warnings),
        "lede": (record.lede or (paragraphs[0] if paragraphs else "")).strip(),
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
        "links": list(record.links),
        "record_hash": record_hash(record),
        "original": record.original,
        "original_format": record.format,
        "extra": extra,
        "import_warnings": warnings,
    }
    fields.update(derived_fields(title=fields["title"], body=fields["body"], published_at=published_at))
    return Prepared(name=name, record=record, fields=fields, warnings=warnings)


def _parser_version() -> str:
    """A hash of the parsers' own code: when a parser improves, re-importing a file updates its article."""
    digest = hashlib.sha256()
    for path in sorted(Path(importers.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


PARSER_VERSION = _parser_version()


def record_hash(record: ArticleRecord) -> str:
    """What an article was made from: the document as it came in, the options, and the parser's version.

    Hashing the input rather than the parsed record is several times cheaper and says the same thing,
    since parsing is deterministic.
    """
    if not record.original:
        encoded = json.dumps(dataclasses.asdict(record), sort_keys=True, default=str, ensure_ascii=False)
    else:
        encoded = "\0".join(
            (PARSER_VERSION, record.format, record.source, record.external_id, record.original)
        )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _strip_nul(record: ArticleRecord) -> None:
    # PostgreSQL text cannot hold NUL characters; no reader misses them.
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str) and "\x00" in value and f.name != "original":
            setattr(record, f.name, value.replace("\x00", ""))
    record.original = record.original.replace("\x00", "\ufffd")


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
