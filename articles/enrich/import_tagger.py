"""Tagging one import's articles as they are written: in process, or found ahead in worker processes.

A small import tags each chunk in process after storing it. A big one (the import decides when) starts
a `TagPool`: each chunk goes to a worker as soon as it is read (the import's job: its records prepared
and their texts tagged), and the tags come back
while this process stores the chunks before it. Whatever goes wrong with the workers (none to be had,
one that fails or hangs), the import goes on and tags in process: the tags are the same either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future

from .gazetteer import default_gazetteer
from .service import ArticleText, current_topic_rules, tag_articles
from .topics import TopicRules
from .workers import WORKER_TIMEOUT, Found, TagPool, TextRow, find_tags

log = logging.getLogger(__name__)


class ImportTagger:
    """The topic rules and the worker pool of one import; `enabled` False tags nothing.

    `preview` (a dry run of an import that tags) finds, without storing them, the tags of the articles
    its preview lists (`find`).
    """

    def __init__(self, *, enabled: bool, preview: bool = False):
        self.enabled = enabled
        self.preview = preview
        self._rules: TopicRules | None = None  # read from the database once, when first needed
        self._pool: TagPool | None = None
        self._pool_failed = False
        # The stored places' look-up rows of the places the workers found (`service.place_rows`), by
        # slug: with them the tags are stored without loading the gazetteer in this process.
        self.places: dict[str, dict | None] = {}

    @property
    def rules(self) -> TopicRules:
        if self._rules is None:
            self._rules = current_topic_rules()
        return self._rules

    @property
    def workers(self) -> int:
        """How many worker processes tag ahead (0: tagging happens in process)."""
        return self._pool.workers if self._pool else 0

    def start_workers(self, workers: int) -> None:
        """Tag the chunks still to come in `workers` processes while this one parses and stores."""
        if self._pool or self._pool_failed or not workers or not self.enabled:
            return
        rules = self.rules
        try:
            self._pool = TagPool(rules, workers)
        except OSError as error:  # no processes to be had: tag in process, as a small import does
            log.warning("import: tagging in process, no worker processes: %s", error)
            self._pool_failed = True

    def ahead(self, job: Callable, *args) -> Future | None:
        """Run `job(*args)` in a worker (a module-level function that may call `workers.find_all`); None
        when no worker runs (the caller does the job's work in process)."""
        if not self._pool:
            return None
        return self._pool.submit(job, *args)

    def collect(self, future: Future | None):
        """What a worker's job gave back; None when its work is to be done in process (no worker ran it,
        or the worker failed: the workers are stopped)."""
        if future is None or self._pool_failed:
            return None
        try:
            return future.result(timeout=WORKER_TIMEOUT)
        except Exception:  # whatever went wrong there, the import goes on and tags in process
            log.warning("import: tagging in a worker process failed, tagging in process", exc_info=True)
            self._stop(failed=True)
            return None

    def tag(self, texts: list[ArticleText], *, found: dict[int, Found], new: bool) -> None:
        """Store the automatic tags of these written articles (`found` ahead for some, by pk)."""
        if self.enabled:
            tag_articles(texts, rules=self.rules, found=found, new=new, places=self.places)

    def find(self, row: TextRow) -> Found | None:
        """The automatic tags one article would get, for a preview; None when the import does not tag."""
        return find_tags(self.rules, default_gazetteer(), row) if self.preview else None

    def close(self) -> None:
        """Stop the workers, however the import ends."""
        self._stop()

    def _stop(self, *, failed: bool = False) -> None:
        self._pool_failed = self._pool_failed or failed
        if self._pool:
            pool, self._pool = self._pool, None
            pool.close(kill=failed)
