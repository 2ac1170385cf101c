"""The one service that writes imported articles; `import_documents` is its entry point.

Split by step: `service` (the entry point), `inputs` (paths, uploads and documents, containers opened),
`fields` (a record mapped to Article field values, pure), `writer` (chunks, transactions, retries),
`lookups` (sources, topics, places), `matching` (exact copies and related links) and `report` (what
happened to each record, and the batch). Tagging goes through `articles.enrich.import_tagger`.
"""

from ..models import fingerprint
from .inputs import Upload
from .lookups import resolve_source
from .report import ImportReport, ItemReport, in_file_order, interrupted_batches
from .service import import_documents

__all__ = [
    "ImportReport",
    "ItemReport",
    "Upload",
    "fingerprint",
    "import_documents",
    "in_file_order",
    "interrupted_batches",
    "resolve_source",
]
