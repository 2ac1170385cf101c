"""The real-news file of grouping's cost measurements: Reuters-21578 train, BBC dev and Wikinews, in order.

    .venv/bin/python bench/real_news.py /work/devpages/<you>/real.jsonl
    .venv/bin/python bench/real_news.py OUT --corpus DIR --wikinews demo/wikinews.jsonl.gz

Writes, as JSON Lines the importer reads, Reuters-21578 train in date order, then BBC dev (undated, in
the file's order), then demo/wikinews.jsonl.gz in date order (17,243 records; ties keep the file's
order): the archive stops 24 and 26 measured grouping's import cost on (docs/benchmarks.md,
"Grouping's import cost"). The corpus (`--corpus`, default /work/shared/corpus, or STORY_CORPUS) is
licensed for research and testing only: write the file outside the repository and never commit it.
"""

import argparse
import gzip
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def records(path: Path, *, by_date: bool) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        found = [json.loads(line) for line in lines if line.strip()]
    # ISO dates sort as text; a record without one goes first (sorted() keeps the file's order for ties).
    return sorted(found, key=lambda record: record.get("date") or "") if by_date else found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--corpus", type=Path, default=Path(os.environ.get("STORY_CORPUS", "/work/shared/corpus"))
    )
    parser.add_argument("--wikinews", type=Path, default=ROOT / "demo" / "wikinews.jsonl.gz")
    args = parser.parse_args()
    parts = [
        records(args.corpus / "reuters21578-train.jsonl.gz", by_date=True),
        records(args.corpus / "bbc-dev.jsonl.gz", by_date=False),
        records(args.wikinews, by_date=True),
    ]
    with args.out.open("w", encoding="utf-8") as out:
        for part in parts:
            for record in part:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{args.out}: {' + '.join(f'{len(p):,}' for p in parts)} = {sum(map(len, parts)):,} records")


if __name__ == "__main__":
    main()
