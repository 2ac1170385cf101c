"""The place facet's walk up Place.parent against a table of places within places, by ablation.

    NA_CORPUS=... python bench/place_within_ablation.py DATABASE_URL [RUNS]

Renders the five searches of bench/run.py's Reuters mix in process (DEBUG off, SEARCH_CACHE_SECONDS=0,
SEARCH_ALONGSIDE=false), keeps the counting statements they ran (articles/facets.py), and times on one
connection, alternated, each statement as built (the walk), with the walk replaced by a join to a
temporary table of every (place, place it lies within) pair, and without the place facet. Checks that the
first two give the same rows. docs/benchmarks.md, "Search against Datasette: issue 16, stop 28".
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]
import generate  # noqa: E402
import run  # noqa: E402

URLS = [
    "/search/?q=cocoa", '/search/?q="crude+oil"', "/search/?q=said", "/search/?source=reuters",
    "/search/?date_from=1987-03&date_to=1987-04&place=japan",
]  # fmt: skip
WITHIN = re.compile(r", within\(place_id, ancestor_id\) AS \(.*?WHERE up\.parent_id IS NOT NULL\s*\)", re.S)
PLACE_ARM = re.compile(r" UNION ALL SELECT \* FROM \(SELECT 'place' AS kind.*?\) place_counts", re.S)
TABLE = """CREATE TEMPORARY TABLE place_within AS
    WITH RECURSIVE w(place_id, ancestor_id) AS (SELECT id, id FROM articles_place
    UNION SELECT w.place_id, p.parent_id FROM w JOIN articles_place p ON p.id = w.ancestor_id
    WHERE p.parent_id IS NOT NULL) SELECT * FROM w"""


def with_table(sql: str) -> str:
    return WITHIN.sub("", sql).replace("CROSS JOIN within WHERE", "CROSS JOIN place_within within WHERE")


def without_place(sql: str, params: list) -> tuple[str, list]:
    arm = PLACE_ARM.search(sql)
    before, inside = sql[: arm.start()].count("%s"), arm.group(0).count("%s")
    return sql[: arm.start()] + sql[arm.end() :], params[:before] + params[before + inside :]


def counting_statements(urls: list[str], wanted: str) -> dict[str, list]:
    """Each URL rendered in process (it must answer 200), with the statements it ran that contain `wanted`,
    as (sql, params). Django must be set up first."""
    from django.db.backends import utils
    from django.test import Client

    captured: dict[str, list] = {}
    execute = utils.CursorWrapper.execute
    current = ""

    def keep(self, sql, params=None):
        if wanted in sql:
            captured[current].append((sql, list(params or [])))
        return execute(self, sql, params)

    utils.CursorWrapper.execute = keep
    try:
        for current in urls:
            captured[current] = []
            assert Client().get(current).status_code == 200, current
    finally:
        utils.CursorWrapper.execute = execute
    return captured


def timed(sql: str, params: list) -> tuple[float, list]:
    """One run of a statement on the default connection: milliseconds, and its rows in a fixed order."""
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall(), key=repr)
    return (time.perf_counter() - started) * 1000, rows


def main() -> None:
    url, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15
    os.environ.update(run.PRODUCTION, SEARCH_ALONGSIDE="false")
    generate.setup_django(url)
    from django.db import connection

    captured = counting_statements(URLS, "everything AS")
    with connection.cursor() as cursor:
        cursor.execute(TABLE)
        cursor.execute("CREATE UNIQUE INDEX place_within_key ON place_within (place_id, ancestor_id)")
        cursor.execute("VACUUM ANALYZE place_within" if connection.vendor == "postgresql" else "ANALYZE")

    print(f"{connection.vendor}, {runs} runs, load {os.getloadavg()}")
    for current, statements in captured.items():
        for number, (sql, params) in enumerate(statements):
            if "within(place_id" not in sql:
                continue  # the place facet is not counted here (a kind with a value chosen, see _either)
            variants = {
                "walk": (sql, params),
                "table": (with_table(sql), params),
                "no place": without_place(sql, params),
            }
            assert timed(*variants["walk"])[1] == timed(*variants["table"])[1], current
            times = {name: [] for name in variants}
            for _ in range(runs):
                for name, variant in variants.items():
                    times[name].append(timed(*variant)[0])
            cells = " | ".join(
                f"{name} {statistics.median(t):.0f} (min {min(t):.0f})" for name, t in times.items()
            )
            print(f"{current} #{number}: {cells}")
    print(f"load at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
