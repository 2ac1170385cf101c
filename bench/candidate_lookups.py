"""What finding candidates costs a new article in an archive of a given size (issue 13): queries, band
rows read, candidates counted and compared, CPU, for chunks of new records placed (not written).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/na_<you> .venv/bin/python bench/candidate_lookups.py NEW.jsonl [--records 2000]

The archive is whatever the database holds (imported with grouping, e.g. by bench/import_rate.py);
the records of NEW.jsonl should not be in it. Each chunk of 500 goes through
articles.ingest.stories.place, which decides and writes nothing; the queries are counted with
Django's CaptureQueriesContext (those `place` makes: look-ups, exact copies, candidates' rows, decisions,
story keys). `--key-rows N` bounds the rows read under a key; `--decisions FILE` to compare two runs. Results go into docs/benchmarks.md by hand, with this command.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--key-rows", type=int, help="stories.KEY_ROWS (default: the code's; 0: every row)")
    parser.add_argument("--decisions", type=Path, help="write each new record's story, role and match here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.ingest import stories
    from articles.models import Article, StoryBand
    from articles.stories.similarity import StoryText, band_keys

    records = []
    with args.path.open() as handle:
        for line in handle:
            records.append(json.loads(line))
            if len(records) == args.records:
                break
    rows, compared = [0], [0]
    looked_up, compare = stories._bands_of, stories._compare

    def bands_of(keys):
        found = looked_up(keys)
        rows[0] += len(found)
        return found

    def counting_compare(*a):
        compared[0] += 1
        return compare(*a)

    candidates_of = stories._candidates
    cpu = [0.0]

    def timed_candidates(*a):
        began = time.process_time()
        try:
            return candidates_of(*a)
        finally:
            cpu[0] += time.process_time() - began

    stories._bands_of, stories._compare, stories._candidates = bands_of, counting_compare, timed_candidates
    if args.key_rows is not None:
        stories.KEY_ROWS = args.key_rows or None
    members = [
        stories.Member(
            external_id=f"new:{r['id']}", title=r.get("title") or "", body=r.get("body") or "",
            published_at=None, fingerprint=f"new:{r['id']}",
        )
        for r in records
    ]  # fmt: skip
    for member in members:  # the importer's tagging worker computes these
        member.bands = band_keys(StoryText(member.title, member.body))
    queries = 0
    for start in range(0, len(members), args.chunk):
        chunk = members[start : start + args.chunk]
        with CaptureQueriesContext(connection) as captured:
            stories.place(chunk)
        queries += len(captured)
    if args.decisions:
        with args.decisions.open("w") as out:
            for m in members:
                copied = m.copy_of.external_id if isinstance(m.copy_of, stories.Member) else m.copy_of
                matched = m.match.external_id if isinstance(m.match, stories.Member) else m.match
                print(m.external_id, m.story_key, m.role, copied, matched, m.merged, file=out)
    n = len(members)
    print(
        f"archive {Article.objects.count():,} articles, {StoryBand.objects.count():,} band rows; "
        f"{n:,} new records in chunks of {args.chunk}: {queries / n:.3f} queries, {rows[0] / n:.1f} band rows "
        f"read, {compared[0] / n:.2f} compared an article; "
        f"candidates' CPU {1000 * cpu[0] / n:.3f} ms an article, KEY_ROWS {stories.KEY_ROWS} (load {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
