"""The lists' counts and the search feed's query, median ms, for the checkout this runs from: the home
row's recount (`count_overview`, with and without passing mentions), the places index's top level
(uncached), the topics index's query, and the feed's 50 entries for a few searches.

    cd <checkout> && PYTHONPATH=<checkout> DATABASE_URL=postgres://postgres@127.0.0.1:5432/na_<you> \
        /work/main/.venv/bin/python /path/to/bench/list_counts.py [--repeat 11]

Run it from two checkouts (e.g. `git archive <commit> | tar -x -C /tmp/base`) against one database to
compare; the feed's function is `last_added` (stop 27) or, before it, `newest_matches`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

import django  # noqa: E402

django.setup()

from django.http import QueryDict  # noqa: E402

from articles.models import Article, Place, Topic  # noqa: E402
from articles.selectors import overview, places, search_page  # noqa: E402

FEEDS = ["", "group=none", "q=oil", "place=united-kingdom"]


def median_ms(fn, repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    repeat = parser.parse_args().repeat
    feed = getattr(search_page, "last_added", None) or search_page.newest_matches

    def run_feed(query: str):
        return feed(search_page.read_search(QueryDict(query), base=Article.objects.published()), 50)

    top = Place.objects.filter(parent__isnull=True)
    rows = {
        "count_overview (home row)": lambda: overview.count_overview(False),
        "count_overview, places=all": lambda: overview.count_overview(True),
        "places index, top level": lambda: places._counted(top, False),
        "topics index": lambda: list(overview.counted(Topic.objects.all(), "articles")),
        **{f"feed, {query or 'whole archive'}": (lambda q=query: run_feed(q)) for query in FEEDS},
    }
    for name, fn in rows.items():
        print(f"{name}\t{median_ms(fn, repeat):.0f}")


if __name__ == "__main__":
    main()
