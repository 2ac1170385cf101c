"""Tagging in worker processes, so that a big import tags on one core while it stores on another.

Pure like the taggers (no Django): the import sends each chunk's texts to a worker and stores the tags
that come back, exactly the tags `find_tags` gives in process. Workers are forked: "spawn" would run
the importing script's main module again in each worker, which a script without an
`if __name__ == "__main__"` guard does not survive (its import hung). A forked worker runs only the
taggers and never touches the database connection it inherits. Each loads the gazetteer once, and the
pool is shut down when the import ends, however it ends; a worker stuck for WORKER_TIMEOUT is killed.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from .gazetteer import default_gazetteer
from .places import PlaceTag, tag_places
from .topics import TopicRules, TopicTag, tag_topics

TOPIC_LIMIT = 3
WORKER_TIMEOUT = 120  # seconds for one chunk (it takes well under one)

# What the taggers read of one article: (title, body, photo_caption, dateline, links, source).
TextRow = tuple[str, str, str, str, list, str]
Found = tuple[list[TopicTag], list[PlaceTag]]


def find_tags(rules: TopicRules, gazetteer, row: TextRow) -> Found:
    """The topic and place tags of one article (the one definition, in process and in a worker)."""
    title, body, photo_caption, dateline, links, source = row
    # The photo caption often names the place ("... in Kyiv, Ukraine"), so it is read with the body.
    body = "\n\n".join(part for part in (body, photo_caption) if part)
    topics = tag_topics(rules, title=title, body=body, links=links or (), source=source)
    places = tag_places(gazetteer, title=title, body=body, dateline=dateline, source=source)
    return topics[:TOPIC_LIMIT], places


_rules: TopicRules | None = None


def _start_worker(rules: TopicRules) -> None:
    global _rules
    _rules = rules
    default_gazetteer()  # once per worker, before its first chunk


def _find_all(rows: list[TextRow]) -> list[Found]:
    gazetteer = default_gazetteer()
    return [find_tags(_rules, gazetteer, row) for row in rows]


class TagPool:
    """`workers` processes that tag chunks of texts with `rules`; `submit` returns a future."""

    def __init__(self, rules: TopicRules, workers: int):
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(rules,),
        )

    def submit(self, rows: list[TextRow]) -> Future:
        return self._executor.submit(_find_all, rows)

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers; chunks not started are dropped (the import tags what it needs in process)."""
        if kill:  # a worker that failed or hung is not waited for
            processes = getattr(self._executor, "_processes", None) or {}  # no public way in 3.11
            for process in list(processes.values()):
                process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=True)
