"""Run one piece of database work on a second connection while the request's own connection does another.

The search page asks two independent questions of the database: the counts (matches, facets, timeline)
and the page of results. Each reads every match, so on a two-core server they take about as long as
each other; asked side by side the page costs the longer of the two rather than their sum (see
docs/benchmarks.md, "Scale"). Only where that is safe (`available`): PostgreSQL, a connection
not inside a transaction (a transaction's uncommitted rows are invisible to a second connection, as in
tests), and SEARCH_ALONGSIDE on. Whether it is worth it is the caller's call (articles/selectors asks
it only of searches expected to match many articles).

Each worker process keeps up to two background threads. Each piece of work opens its own connection and
closes it when done (2-4 ms on loopback): a connection kept by a pooled thread would outlive what it
serves (a test database, a CONN_MAX_AGE) with nothing to close it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings
from django.db import connections

T = TypeVar("T")

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def available(using: str) -> bool:
    connection = connections[using]
    return (
        getattr(settings, "SEARCH_ALONGSIDE", True)
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def submit(work: Callable[[], T]) -> Future[T]:
    """Start `work` in a background thread; its result (or exception) comes from `.result()`."""
    return _pool().submit(_as_a_request, work)


def _as_a_request(work: Callable[[], T]) -> T:
    try:
        return work()
    finally:
        connections.close_all()


def _pool() -> ThreadPoolExecutor:
    # Made on first use, in the process that uses it.
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="second-connection")
        return _executor


def _forget_pool() -> None:
    """In a forked child: a pool made before the fork (gunicorn's master warming the pages up before it
    forks the workers, newsarchive/warmup.py) counts threads that do not run here, so it would start
    none and the work would wait for ever; the child makes its own."""
    global _executor, _lock
    _executor, _lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_pool)
