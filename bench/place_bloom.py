"""The place facet's lookups by equality against by a range of one value (SQLite's Bloom filters), by ablation.

    NA_CORPUS=... python bench/place_bloom.py DATABASE_URL [RUNS] [--words N] [--phrases N]

Draws selective words and phrases from the archive as bench/http_bench.py does (its `draw_queries`, seed
16), adds the five searches of bench/run.py's Reuters mix, renders each in process (DEBUG off,
SEARCH_CACHE_SECONDS=0, SEARCH_ALONGSIDE=false) and keeps the counting statements with a place facet
(articles/facets.py). Each is then run on one connection, alternated, RUNS times: with the place tags and
parents looked up by equality (`tag.article_id = matches.match_id`) and by a range of one value (`BETWEEN
matches.match_id AND matches.match_id`, what the facet does on SQLite), whichever the branch builds.
Checks that both give the same rows; prints p50 and min per search (its statements summed per run) and
over the set. docs/benchmarks.md, "SQLite's place facet: issue 16, stop 28".
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]
import generate  # noqa: E402
import http_bench  # noqa: E402
import run  # noqa: E402
from place_within_ablation import URLS as MIX  # noqa: E402
from place_within_ablation import counting_statements, timed  # noqa: E402

EQUAL = {
    "tag.article_id = matches.match_id": "tag.article_id BETWEEN matches.match_id AND matches.match_id",
    "up.id = within.ancestor_id": "up.id BETWEEN within.ancestor_id AND within.ancestor_id",
}


def variants(sql: str) -> dict[str, str]:
    """The statement with the lookups by equality and by a range, whichever it was built with."""
    equality = ranged = sql
    for equal, ranging in EQUAL.items():
        assert equal in sql or ranging in sql, sql
        equality, ranged = equality.replace(ranging, equal), ranged.replace(equal, ranging)
    return {"equality": equality, "range": ranged}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("runs", type=int, nargs="?", default=15)
    parser.add_argument("--words", type=int, default=30, help="selective words drawn (at most 30)")
    parser.add_argument("--phrases", type=int, default=15, help="phrases drawn (at most 25)")
    args = parser.parse_args()
    os.environ.update(run.PRODUCTION, SEARCH_ALONGSIDE="false")
    generate.setup_django(args.url)
    drawn = http_bench.draw_queries(16)
    urls = MIX + drawn["selective"][: args.words] + drawn["phrase"][: args.phrases]
    from django.db import connection

    captured = counting_statements(urls, "within(place_id")  # the counting statements with a place facet

    print(f"{connection.vendor}, {len(urls)} searches, {args.runs} runs, load {os.getloadavg()}")
    print("| search | equality p50 (min) | range p50 (min) |\n|---|---:|---:|")
    totals = {"equality": [], "range": []}
    for current, statements in captured.items():
        if not statements:
            continue  # no place facet counted (none of the searches drawn, in practice)
        built = [(variants(sql), params) for sql, params in statements]
        for sqls, params in built:
            assert timed(sqls["equality"], params)[1] == timed(sqls["range"], params)[1], current
        times = {name: [] for name in totals}
        for _ in range(args.runs):
            for name in times:
                times[name].append(sum(timed(sqls[name], params)[0] for sqls, params in built))
        for name, values in times.items():
            totals[name].append(statistics.median(values))
        cells = " | ".join(f"{statistics.median(t):.1f} ({min(t):.1f})" for t in times.values())
        print(f"| `{current.split('?', 1)[1]}` | {cells} |")
    for name, values in totals.items():
        print(f"{name}: sum of p50s {sum(values):.0f} ms, median p50 {statistics.median(values):.1f} ms")
    ratios = [r / e for e, r in zip(totals["equality"], totals["range"], strict=True)]
    print(f"range / equality per search: median {statistics.median(ratios):.2f}, max {max(ratios):.2f}")
    print(f"load at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
