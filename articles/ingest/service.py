"""The entry point of every import: `import_documents` reads, maps, writes and reports.

The admin upload, the `import_articles` command and `load_demo` call it with what to import (paths,
staged uploads or documents); it opens containers (inputs.py), parses each document (importers),
prepares each record (fields.py), writes them in chunks (writer.py) and reports each (report.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db import reset_queries

from ..enrich.import_tagger import ImportTagger
from ..importers import parse_document
from ..importers.records import ArticleRecord, IdentifiedRecord, InputDocument, ParseFailure
from ..models import ImportBatch
from . import report as reporting
from . import unchanged
from .fields import item_name
from .inputs import Input, count_documents, labels, open_inputs
from .report import ImportReport, ItemLog, first_line
from .writer import Pending, Writer

log = logging.getLogger(__name__)

CHUNK_SIZE = 500
# The first chunks are smaller (50, 100, 200, 400 records, then CHUNK_SIZE), so that an import's progress
# page moves within seconds: the counts it shows are saved after each chunk, and a 320-file upload was
# one chunk, "0 of 320" until it ended. Four more transactions is nothing to a big import.
FIRST_CHUNK = 50
# An import that has read this many records tags the rest in worker processes (IMPORT_TAG_WORKERS);
# a smaller one is not worth their start (a second or so each, loading the gazetteer).
PARALLEL_AFTER = 1000
# ... but an import whose JSON Lines records are known to be new or changed before they are parsed
# (unchanged.Unparsed) starts them with its first full chunk: tagging in process would load the
# gazetteer here as well (about 2 s of CPU) and tag, parse and prepare the first 1,250 records on
# this core, a quarter of a 5,000-record import (docs/benchmarks.md, "Import speed: issue 16, stop 25").
PARALLEL_NEW = FIRST_CHUNK

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
    batch: ImportBatch | None = None,
) -> ImportReport:
    """Read, parse and store everything in `inputs`; return the report (with the saved batch unless `dry_run`).

    `inputs` are files and folders (paths), staged uploads (`Upload`) or documents. `files` names the
    batch's inputs (default: the paths and uploads given). `progress(documents_done, total_documents,
    report)` is called after each document and each chunk; the total is counted from the paths unless
    given (0: unknown). `tag` tags created and updated articles with topics and places (default:
    settings.AUTO_TAG_ON_IMPORT). `batch`, created beforehand (queued, by the admin), is the one to
    run; otherwise one is created. The batch is marked running, beats its heartbeat at every chunk,
    stops after the chunk during which someone asked to cancel it, and ends finished, cancelled or
    failed.
    """
    report = ImportReport(dry_run=dry_run)
    if not dry_run:
        names = list(files) if files is not None else labels(inputs)
        if not reporting.start_batch(report, batch=batch, user=user, via=via, format=format, files=names):
            return report  # cancelled before it started: nothing to do
    total = count_documents(inputs) if total_documents is None else total_documents
    tag = getattr(settings, "AUTO_TAG_ON_IMPORT", True) if tag is None else tag
    items = ItemLog(report)
    tagger = ImportTagger(enabled=tag and not dry_run, preview=tag and dry_run)
    writer = Writer(report, items, tagger)
    status, message = ImportBatch.Status.FINISHED, ""
    try:
        documents = _guarded(open_inputs(inputs), "the files given")
        if not _read_and_write(documents, writer, items, report, format, default_source, total, progress):
            status, message = ImportBatch.Status.CANCELLED, "Cancelled: it stopped after a whole chunk."
    except Exception as error:
        # Every record's own trouble is its failure (writer.py) and every document's (_guarded): what
        # gets here is the import's, the database going away most likely. The batch still ends.
        log.exception("import stopped")
        message = f"the import stopped: {first_line(error)}; importing the same files again completes it"
        items.fail("(the import)", message)
        items.flush()
        status = ImportBatch.Status.FAILED
    finally:
        tagger.close()
    reporting.finish_batch(report, status, message)
    report.items = reporting.in_file_order(report.items)
    return report


def _read_and_write(documents, writer, items, report, format, default_source, total, progress) -> bool:
    """Read, parse and write everything; False when it stopped early, cancelled."""
    pending: list[Pending] = []
    done = chunks = 0
    cancelled = False
    for document in documents:
        if isinstance(document, ParseFailure):
            items.fail(document.name, document.message)
        else:
            seen: dict[str, int] = {}  # id -> entry, to say when an id comes again in the same file
            records = unchanged.sort_out(_records(document, format, default_source), CHUNK_SIZE)
            for entry, record in enumerate(records, 1):
                report.read += 1
                if isinstance(record, ParseFailure):
                    items.fail(record.name, record.message)
                    continue
                note = _repeated(record, entry, seen)
                pending.append((item_name(document.name, record), record, note))
                if len(pending) >= min(CHUNK_SIZE, FIRST_CHUNK << min(chunks, 4)):
                    if _wants_workers(report, pending):
                        writer.tagger.start_workers(getattr(settings, "IMPORT_TAG_WORKERS", 0))
                    writer.submit(pending)
                    pending, chunks = [], chunks + 1
                    cancelled = reporting.beat(report)
                    # With DEBUG on, Django keeps every query's SQL (whole article texts in the bulk
                    # inserts): 800 MB at 200,000 records. A long import forgets them chunk by chunk.
                    reset_queries()
                    if progress:
                        progress(done, total, report)
                    if cancelled:
                        break
        if cancelled:
            break
        done += 1
        if progress:
            progress(done, total, report)
    if not cancelled:
        writer.submit(pending)
    writer.drain()
    items.flush()
    return not cancelled


def _wants_workers(report: ImportReport, pending: list[Pending]) -> bool:
    """Workers once the import is big and has something to tag (a second import of the same records
    writes nothing and needs none), or at once for records known to be new or changed (`PARALLEL_NEW`)."""
    new = any(isinstance(record, unchanged.Unparsed) for _, record, _ in pending)
    if report.read >= PARALLEL_NEW and new:
        return True
    return report.read >= PARALLEL_AFTER and bool(report.created or report.updated)


def _records(
    document: InputDocument, format: str, default_source: str
) -> Iterator[ArticleRecord | IdentifiedRecord | ParseFailure]:
    records = parse_document(
        document, format=format, default_source=default_source, tz=settings.PAGE_TIME_ZONE, identify=True
    )
    yield from _guarded(records, document.name)


def _guarded(items: Iterator, name: str) -> Iterator:
    """The items until one raises; then a ParseFailure saying so, and no more (the generator is done).

    A parser or container reports what it cannot read as a ParseFailure; an exception is what it did
    not foresee (a RecursionError on 100,000 "["). It costs the rest of that file, never the import.
    """
    count = 0
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as error:
            log.warning("import: reading %s stopped", name, exc_info=True)
            yield ParseFailure(
                name,
                f"entry {count + 1} could not be read ({type(error).__name__}: {first_line(error)}); "
                f"it and the rest of {name} were not imported",
            )
            return
        count += 1
        yield item


def _repeated(record: ArticleRecord, entry: int, seen: dict[str, int]) -> str:
    first = seen.setdefault(record.external_id, entry)
    if first == entry:
        return ""
    seen[record.external_id] = entry
    return f"the id {record.external_id} appears again in this file (entries {first} and {entry}); the later one wins"
