"""The entry point of every import: `import_documents` reads, maps, writes and reports.

The admin upload, the `import_articles` command and `load_demo` call it with what to import (paths,
staged uploads or documents); it opens containers (inputs.py), parses each document (importers),
prepares each record (fields.py), writes them in chunks (writer.py) and reports each (report.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import reset_queries

from ..enrich.import_tagger import ImportTagger
from ..importers import parse_document
from ..importers.records import ArticleRecord, ParseFailure
from . import report as reporting
from .fields import item_name
from .inputs import Input, count_documents, labels, open_inputs
from .report import ImportReport, ItemLog
from .writer import Writer

CHUNK_SIZE = 500
# An import that has read this many records tags the rest in worker processes (IMPORT_TAG_WORKERS);
# a smaller one is not worth their start (a second or so each, loading the gazetteer).
PARALLEL_AFTER = 1000

ProgressCallback = Callable[[int, int, ImportReport], None]


def import_documents(
    inputs: Iterable[Input],
    *,
    format: str = "auto",
    default_source: str = "",
    dry_run: bool = False,
    user=None,
    via: str = "command",
    files: Iterable[str] | None = None,
    total_documents: int | None = None,
    progress: ProgressCallback | None = None,
    tag: bool | None = None,
) -> ImportReport:
    """Read, parse and store everything in `inputs`; return the report (with the saved batch unless `dry_run`).

    `inputs` are files and folders (paths), staged uploads (`Upload`) or documents. `files` names the
    batch's inputs (default: the paths and uploads given). `progress(documents_done, total_documents,
    report)` is called after each document; the total is counted from the paths unless given (0:
    unknown). `tag` tags created and updated articles with topics and places (default:
    settings.AUTO_TAG_ON_IMPORT).
    """
    report = ImportReport(dry_run=dry_run)
    if not dry_run:
        names = list(files) if files is not None else labels(inputs)
        reporting.start_batch(report, user=user, via=via, format=format, files=names)
    total = count_documents(inputs) if total_documents is None else total_documents
    tag = getattr(settings, "AUTO_TAG_ON_IMPORT", True) if tag is None else tag
    items = ItemLog(report)
    tagger = ImportTagger(enabled=tag and not dry_run)
    writer = Writer(report, items, tagger)
    try:
        _read_and_write(open_inputs(inputs), writer, items, report, format, default_source, total, progress)
    finally:
        tagger.close()
    reporting.finish_batch(report)
    return report


def _read_and_write(documents, writer, items, report, format, default_source, total, progress) -> None:
    pending: list[tuple[str, ArticleRecord]] = []
    done = 0
    for document in documents:
        if isinstance(document, ParseFailure):
            items.fail(document.name, document.message)
        else:
            records = parse_document(
                document, format=format, default_source=default_source, tz=settings.PAGE_TIME_ZONE
            )
            for record in records:
                report.read += 1
                if isinstance(record, ParseFailure):
                    items.fail(record.name, record.message)
                    continue
                pending.append((item_name(document.name, record), record))
                if len(pending) >= CHUNK_SIZE:
                    writer.submit(pending)
                    pending = []
                    reporting.save_counts(report)
                    # With DEBUG on, Django keeps every query's SQL (whole article texts in the bulk
                    # inserts): 800 MB at 200,000 records. A long import forgets them chunk by chunk.
                    reset_queries()
                    # Workers once the import is big and has something to tag: a second import
                    # of the same records writes nothing and needs none.
                    if report.read >= PARALLEL_AFTER and (report.created or report.updated):
                        writer.tagger.start_workers(getattr(settings, "IMPORT_TAG_WORKERS", 0))
        done += 1
        if progress:
            progress(done, total, report)
    writer.submit(pending)
    writer.drain()
    items.flush()
