"""Country-level accuracy of the place tagger on Reuters-21578 (the PLACES labels of ../shared/corpus).

    .venv/bin/python bench/eval_places.py [--corpus PATH] [--threshold 0.7] [--sweep] [--limit N]

Every record with PLACES labels is tagged from its title, body and dateline only (never its labels); the
countries of its dateline and about tags (what pages show by default; with --threshold, of all tags
scoring at least that) are compared with the labels mapped to ISO 3166-1 codes. Micro precision, recall and F1 over (record, country) pairs, next to a naive baseline on the same
records: the dateline's country plus every country whose name appears verbatim in the title or body.

Historic codes of the collection (1987) are mapped to today's country that the tagger also uses for
the old names, as news desks do: west-germany and east-germany -> DE (reunified 1990), ussr -> RU (its
continuing state in the UN), czechoslovakia -> CZ, yugoslavia -> RS (continuing state until 2006),
zaire -> CD, kampuchea -> KH, burma -> MM, both Yemens -> YE. The others match a country's slug.
"""

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.enrich.gazetteer import Gazetteer  # noqa: E402
from articles.enrich.places import DEFAULT_ROLES, MIN_SCORE, parse_dateline, tag_places  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters21578-train.jsonl.gz"
DEFAULT_THRESHOLD = MIN_SCORE
HISTORIC_CODES = {
    "usa": "US",
    "uk": "GB",
    "west-germany": "DE",
    "east-germany": "DE",
    "ussr": "RU",
    "czechoslovakia": "CZ",
    "yugoslavia": "RS",
    "zaire": "CD",
    "kampuchea": "KH",
    "burma": "MM",
    "yemen-arab-republic": "YE",
    "yemen-demo-republic": "YE",
    "netherlands": "NL",
    "uae": "AE",
    "trinidad-tobago": "TT",
    "congo": "CG",
    "us-virgin-islands": "VI",
    "antigua": "AG",
}


def label_codes(labels: list[str], by_slug: dict[str, str]) -> set[str]:
    codes = set()
    for label in labels:
        code = HISTORIC_CODES.get(label) or by_slug.get(label)
        if code is None:
            raise KeyError(f"no country for the Reuters place code {label!r}: add it to HISTORIC_CODES")
        codes.add(code)
    return codes


def naive_countries(gaz: Gazetteer, record: dict, patterns: list) -> set[str]:
    found = set()
    name, _ = parse_dateline(record.get("dateline") or "")
    places = [place for place, kind in gaz.lookup(name) if kind == "name"] if name else []
    if places:
        found.add(max(places, key=lambda p: p.population).country_code)
    text = f"{record.get('title') or ''}\n{record.get('body') or ''}"
    found.update(code for code, pattern in patterns if pattern.search(text))
    return found


def scores(pairs: list[tuple[set, set]]) -> dict:
    tp = sum(len(gold & found) for gold, found in pairs)
    fp = sum(len(found - gold) for gold, found in pairs)
    fn = sum(len(gold - found) for gold, found in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def read_records(path: Path, limit: int | None):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("places"):
                yield record
                if limit is not None:
                    limit -= 1
                    if not limit:
                        return


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--threshold", type=float, default=None, help=f"score instead of roles (it was {DEFAULT_THRESHOLD})"
    )
    parser.add_argument("--sweep", action="store_true", help="also report F1 at thresholds 0.0-0.9")
    parser.add_argument("--limit", type=int, default=None, help="only the first N labelled records")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus} not found (it lives in ../shared/corpus)", file=sys.stderr)
        return 2

    gaz = Gazetteer.load()
    by_slug = {place.slug: place.country_code for place in gaz.places if place.kind == "country"}
    patterns = [
        (place.country_code, re.compile(r"\b" + re.escape(place.name) + r"\b"))
        for place in gaz.places
        if place.kind == "country"
    ]
    records = list(read_records(args.corpus, args.limit))
    tagged, naive = [], []
    elapsed = 0.0
    for record in records:
        gold = label_codes(record["places"], by_slug)
        started = time.perf_counter()
        tags = tag_places(
            gaz,
            title=record.get("title") or "",
            body=record.get("body") or "",
            dateline=record.get("dateline") or "",
        )
        elapsed += time.perf_counter() - started
        tagged.append((gold, [(tag.country_code, tag.score, tag.role in DEFAULT_ROLES) for tag in tags]))
        naive.append((gold, naive_countries(gaz, record, patterns)))

    def at(threshold: float | None) -> dict:
        if threshold is None:
            return scores([(gold, {code for code, _, shown in tags if shown}) for gold, tags in tagged])
        return scores(
            [(gold, {code for code, score, _ in tags if score >= threshold}) for gold, tags in tagged]
        )

    print(f"records with PLACES labels: {len(records)}; tagging: {len(records) / elapsed:,.0f} articles/s")
    for label, result in (("tagger", at(args.threshold)), ("naive baseline", scores(naive))):
        print(
            f"{label:>15}: P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}"
            f"  (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})"
        )
    print(
        f"threshold: {args.threshold}" if args.threshold is not None else f"roles: {', '.join(DEFAULT_ROLES)}"
    )
    if args.sweep:
        for step in range(10):
            result = at(step / 10)
            print(
                f"  >= {step / 10:.1f}: P {result['precision']:.3f} R {result['recall']:.3f} F1 {result['f1']:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
