"""Pick a fresh sample of articles to label for bench/place_labels.jsonl, by a rule fixed before reading them.

    .venv/bin/python bench/pick_place_sample.py --per-corpus 20 > ids.tsv

For each corpus (Wikinews, Reuters-21578 train NORM records with more than 200 characters of body, BBC dev),
the records not yet in the labels (and, for BBC, whose body is not an exact copy of one already labelled or
picked) are ordered by SHA-1 of "<corpus>:<id>" (with --seed S, of "<S>:<corpus>:<id>", a fresh order) and the
first N are taken. Nobody reads a record before it is
picked, so no record is chosen for being easy or hard. Prints corpus and id, tab-separated.
"""

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).with_name("place_labels.jsonl")
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
FILES = {
    "wikinews": "wikinews.jsonl.gz",
    "reuters21578-train": "reuters21578-train.jsonl.gz",
    "bbc-dev": "bbc-dev.jsonl.gz",
}


def eligible(corpus: str, record: dict) -> bool:
    if corpus == "reuters21578-train":
        return record.get("text_type") == "NORM" and len(record.get("body") or "") > 200
    return bool(record.get("body"))


def order_key(corpus: str, key: str, seed: str | None = None) -> str:
    text = f"{corpus}:{key}" if seed is None else f"{seed}:{corpus}:{key}"
    return hashlib.sha1(text.encode()).hexdigest()


def pick(corpus: str, path: Path, taken: set, n: int, seed: str | None = None) -> list[str]:
    records = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if eligible(corpus, record):
                records[str(record["id"])] = record
    seen_bodies = {records[i]["body"] for i in taken if i in records}
    chosen = []
    for key in sorted(records, key=lambda i: order_key(corpus, i, seed)):
        body = records[key]["body"]
        if key in taken or body in seen_bodies:
            continue
        seen_bodies.add(body)
        chosen.append(key)
        if len(chosen) == n:
            break
    return chosen


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-corpus", type=int, default=20)
    parser.add_argument("--corpus-dir", type=Path, default=CORPUS_DIR)
    parser.add_argument("--corpus", action="append", choices=sorted(FILES), help="only these corpora")
    parser.add_argument(
        "--seed", help="order by SHA-1 of '<seed>:<corpus>:<id>' instead (no seed: the old order)"
    )
    args = parser.parse_args(argv)
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for corpus, name in FILES.items():
        if args.corpus and corpus not in args.corpus:
            continue
        taken = {str(label["id"]) for label in labels if label["corpus"] == corpus}
        for key in pick(corpus, args.corpus_dir / name, taken, args.per_corpus, args.seed):
            print(f"{corpus}\t{key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
