"""Tagging in worker processes, so that a big import tags on one core while it stores on another.

The import sends each chunk to a worker and stores the tags that come back, exactly the tags
`find_tags` gives in process; the taggers are pure, and a worker never uses the database. (The job a
worker runs is the import's: ingest/writer.py's `prepare_ahead` prepares the chunk's records there too,
then calls `find_all`.) The worker also works out each text's story band keys (`stories.similarity.band_keys`, pure too), which grouping
would otherwise compute in the importing process: the same keys, found on the other core. Workers are
forked: "spawn" would run the importing script's main module again in each worker, which a script
without an `if __name__ == "__main__"` guard does not survive (its import hung). Each loads the
gazetteer once, and the pool is shut down when the import ends, however it ends; a worker stuck for
WORKER_TIMEOUT is killed.

A worker dies with its import, and holds nothing of it. An import killed with SIGKILL runs no clean-up,
so its workers used to live on (parent PID 1), each holding the socket of the import's PostgreSQL
connection that the fork copied: the server kept the session "idle in transaction" with its locks on
articles_article, and the next import waited on them for ever. So, first thing in the worker:
- the kernel is asked to kill it when the thread that forked it ends (Linux `prctl(PR_SET_PDEATHSIG)`;
  elsewhere a thread watches the parent's pid), and it exits at once if the import already died;
- the sockets of the database connections it inherited are closed with `os.close`: only this process's
  copy goes, and the import's session stays as it was. `connection.close()` would instead end that
  session on the server, under the import's feet.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from django.conf import settings
from django.db import connections

from ..stories.similarity import StoryText, band_keys
from .gazetteer import default_gazetteer
from .places import PlaceTag, tag_places
from .topics import TopicRules, TopicTag, tag_topics

TOPIC_LIMIT = 3
WORKER_TIMEOUT = 120  # seconds for one chunk (it takes well under one)

# What the taggers read of one article: (title, body, photo_caption, dateline, links, source).
TextRow = tuple[str, str, str, str, list, str]
Found = tuple[list[TopicTag], list[PlaceTag]]
# What a worker sends back for one article: its tags and its story band keys.
Ahead = tuple[Found, list[int]]


def find_tags(rules: TopicRules, gazetteer, row: TextRow) -> Found:
    """The topic and place tags of one article (the one definition, in process and in a worker)."""
    title, body, photo_caption, dateline, links, source = row
    # The photo caption often names the place ("... in Kyiv, Ukraine"), so it is read with the body.
    body = "\n\n".join(part for part in (body, photo_caption) if part)
    topics = tag_topics(rules, title=title, body=body, links=links or (), source=source)
    places = tag_places(gazetteer, title=title, body=body, dateline=dateline, source=source)
    return topics[:TOPIC_LIMIT], places


_rules: TopicRules | None = None
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_POLL_SECONDS = 0.5  # where there is no parent-death signal: how often the parent is looked for


def _start_worker(rules: TopicRules, parent_pid: int) -> None:
    global _rules
    _die_with_parent(parent_pid)
    _close_inherited_connections()
    _rules = rules
    default_gazetteer()  # once per worker, before its first chunk


def _die_with_parent(parent_pid: int) -> None:
    """SIGKILL this process when its parent dies (see the module's docstring)."""
    asked = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            asked = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if not asked:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # it died before the signal was asked for
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _close_inherited_connections() -> None:
    """Close this process's copy of the database sockets the fork inherited (not the sessions)."""
    if not settings.configured:
        return
    for connection in connections.all(initialized_only=True):
        fileno = getattr(connection.connection, "fileno", None)  # PostgreSQL; SQLite has no socket
        if fileno is None:
            continue
        with contextlib.suppress(Exception):  # a connection already closed has no descriptor
            os.close(fileno())


def find_all(rows: list[TextRow]) -> list[Ahead]:
    """In a worker: the tags and band keys of each text, in order (with the rules the pool was given)."""
    gazetteer = default_gazetteer()
    return [(find_tags(_rules, gazetteer, row), band_keys(StoryText(row[0], row[1]))) for row in rows]


class TagPool:
    """`workers` processes that tag chunks of texts with `rules`; `submit` returns a future.

    What a worker runs is the caller's: `find_all` for texts, or the import's own job (ingest/writer.py
    prepares a chunk's records there, then tags them with `find_all`), a module-level function.
    """

    def __init__(self, rules: TopicRules, workers: int):
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(rules, os.getpid()),
        )

    def submit(self, job: Callable, *args) -> Future:
        """Run `job(*args)` in a worker."""
        return self._executor.submit(job, *args)

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers; chunks not started are dropped (the import tags what it needs in process)."""
        if kill:  # a worker that failed or hung is not waited for
            processes = getattr(self._executor, "_processes", None) or {}  # no public way in 3.11
            for process in list(processes.values()):
                process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=True)
