"""The search page's other counts of a kind with a value chosen (selectors.search_page._either): the
whole count (matches, copies, stories, every facet, the periods) against that kind's facet alone
(`facets.count_matches(only=kind)`, stop 26), the same counts asserted, median of `--repeat` runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/na_review .venv/bin/python bench/either_counts.py

on an archive already loaded (stop 26: `manage.py import_articles` of ../shared/corpus's
reuters21578-train.jsonl.gz and bbc-dev.jsonl.gz, 16,949 articles, then VACUUM ANALYZE).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
import django  # noqa: E402

django.setup()

from django.http import QueryDict  # noqa: E402

from articles import facets  # noqa: E402
from articles.selectors.search_page import _count_arguments, read_search  # noqa: E402

SEARCHES = [
    ("topic=earn", "topic"),
    ("place=united-kingdom", "place"),
    ("source=reuters", "source"),
    ("q=oil&topic=acq", "topic"),
    ("q=oil&place=united-states", "place"),
]


def median_ms(arguments: dict, repeat: int) -> tuple[float, list]:
    times, counts = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        counts = facets.count_matches(**arguments)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for query, kind in SEARCHES:
        asked = read_search(QueryDict(query))
        params = asked.params.copy()
        params.pop(kind)
        other = read_search(params)
        arguments = {
            **_count_arguments(other, facets.FACET_LIMIT, False),
            "skip": facets.facet_skip(asked.chosen, asked.fixed),
        }
        whole, whole_counts = median_ms(arguments, repeat)
        alone, alone_counts = median_ms({**arguments, "only": kind}, repeat)
        assert whole_counts.tags[kind] == alone_counts.tags[kind], query
        print(f"{query:28} {kind:6} whole {whole:6.1f} ms   {kind} alone {alone:6.1f} ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
