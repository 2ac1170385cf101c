"""bench/run.py's search mix on Reuters-21578 in a database of its own (issue 13), so that measuring the
search page with and without story grouping neither drops nor reuses another run's `na_scale_reuters`.

    .venv/bin/python bench/stories_search.py --db postgres --only search            # load, then measure
    .venv/bin/python bench/stories_search.py --db postgres --only search --reuse    # measure again

Every option is bench/run.py's (`--reuters` is implied); the database is `na_storypages_reuters`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
import run  # noqa: E402

NAME = "na_storypages_reuters"


def _renamed(function):
    def call(db: str, name: str):
        return function(db, NAME if name == "na_scale_reuters" else name)

    return call


if __name__ == "__main__":
    generate.database_url = _renamed(generate.database_url)
    generate.fresh_database = _renamed(generate.fresh_database)
    sys.argv = [sys.argv[0], "--reuters", *sys.argv[1:]]
    run.main()
