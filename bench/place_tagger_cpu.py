"""CPU time of the place tagger alone, to compare two versions of it on the same stories.

    .venv/bin/python bench/place_tagger_cpu.py [--code DIR] [--passes 3]

Tags the first 4,000 Reuters-21578 train stories and the first 1,000 BBC stories (bodies not empty) of
../shared/corpus with ``tag_places`` from the checkout at ``--code`` (default: this one; a copy of an older
commit, made with ``git archive <commit> | tar -x -C DIR``, for "before"), and prints the best of
``--passes`` passes in CPU seconds (``time.process_time``: on a shared, loaded machine wall-clock rates say
little). Run the two versions one after the other, a few times, and compare the best figures.
"""

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
SAMPLES = (("reuters21578-train.jsonl.gz", 4000), ("bbc-dev.jsonl.gz", 1000))


def read(path: Path, limit: int) -> list[dict]:
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("body"):
                records.append(record)
                if len(records) >= limit:
                    break
    return records


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose tagger is timed")
    parser.add_argument("--corpus-dir", type=Path, default=CORPUS_DIR)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve()))
    from articles.enrich.gazetteer import Gazetteer
    from articles.enrich.places import tag_places

    gaz = Gazetteer.load()
    for name, limit in SAMPLES:
        records = read(args.corpus_dir / name, limit)
        best = float("inf")
        for _ in range(args.passes):
            started = time.process_time()
            for r in records:
                tag_places(gaz, title=r.get("title") or "", body=r["body"], dateline=r.get("dateline") or "")
            best = min(best, time.process_time() - started)
        print(
            f"{args.code}: {name}: {len(records)} stories, best CPU {best:.3f} s, {len(records) / best:,.0f}/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
