"""Topic tagger accuracy and speed on the BBC News dataset (issue 4).

    .venv/bin/python bench/eval_topics.py
    .venv/bin/python bench/eval_topics.py --corpus ../shared/corpus/bbc-dev.jsonl.gz --show-errors 10

Reads the corpus straight from its gzip file (no database) and tags every article with the default
IPTC rules (``articles/enrich/data/iptc_topics.json``). The TOP topic is compared with the article's
BBC category, mapped onto the IPTC top level. Prints accuracy overall and per category, a confusion
table, how many articles got no topic at all, how many topics an article gets, and tagging speed on
one core. The rules were written from general news knowledge; this corpus is only used to measure.
"""

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.enrich.topics import default_rules, tag_topics  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-dev.jsonl.gz"
EXPECTED = {
    "business": "economy-business-and-finance",
    "entertainment": "arts-culture-entertainment-and-media",
    "politics": "politics",
    "sport": "sport",
    "tech": "science-and-technology",
}
SHORT = {
    "economy-business-and-finance": "economy",
    "arts-culture-entertainment-and-media": "arts",
    "politics": "politics",
    "sport": "sport",
    "science-and-technology": "sci-tech",
    None: "(none)",
}


def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(articles: list[dict], show_errors: int = 0) -> dict:
    rules = default_rules()
    confusion: dict[str, Counter] = defaultdict(Counter)
    sizes = Counter()
    anywhere = Counter()  # the expected topic among the tags, not necessarily first
    errors = []
    started = time.perf_counter()
    for article in articles:
        tags = tag_topics(rules, title=article["title"], body=article["body"])
        top = tags[0].slug if tags else None
        confusion[article["category"]][top] += 1
        sizes[len(tags)] += 1
        anywhere[article["category"]] += any(tag.slug == EXPECTED[article["category"]] for tag in tags)
        if top != EXPECTED[article["category"]] and len(errors) < show_errors:
            errors.append((article["id"], article["title"], [tag.evidence for tag in tags[:2]]))
    elapsed = time.perf_counter() - started
    return {
        "confusion": confusion,
        "sizes": sizes,
        "anywhere": anywhere,
        "errors": errors,
        "elapsed": elapsed,
        "n": len(articles),
    }


def report(result: dict) -> None:
    confusion, n = result["confusion"], result["n"]
    right = sum(confusion[category][slug] for category, slug in EXPECTED.items())
    found = sum(result["anywhere"].values())
    print(f"articles: {n}   top topic right: {right} ({100 * right / n:.1f}%)   "
          f"expected topic among the tags: {found} ({100 * found / n:.1f}%)")  # fmt: skip
    print(f"no topic: {result['sizes'][0]}   topics per article: " + ", ".join(
        f"{size}: {count}" for size, count in sorted(result["sizes"].items())))  # fmt: skip
    print()
    print(f"{'category':<14}{'n':>5}{'top right':>11}{'accuracy':>10}{'among tags':>12}")
    for category, slug in EXPECTED.items():
        total, right = sum(confusion[category].values()), confusion[category][slug]
        among = result["anywhere"][category]
        print(f"{category:<14}{total:>5}{right:>11}{100 * right / total:>9.1f}%{100 * among / total:>11.1f}%")
    print()
    columns = [*EXPECTED.values(), None]
    other = "other"
    print("confusion (rows: BBC category; columns: top topic)")
    print(f"{'':<14}" + "".join(f"{SHORT[c]:>10}" for c in columns) + f"{other:>10}")
    for category in EXPECTED:
        row = confusion[category]
        rest = sum(count for slug, count in row.items() if slug not in columns)
        print(f"{category:<14}" + "".join(f"{row[c]:>10}" for c in columns) + f"{rest:>10}")
    others = Counter()
    for row in confusion.values():
        others.update({slug: count for slug, count in row.items() if slug not in columns})
    if others:
        print("other top topics: " + ", ".join(f"{slug} {count}" for slug, count in others.most_common()))
    print()
    rate = n / result["elapsed"]
    print(
        f"speed: {n} articles in {result['elapsed']:.2f}s = {rate:,.0f} articles/s (one core, rules compiled once)"
    )
    for article_id, title, evidence in result["errors"]:
        print(f"\n{article_id}  {title}")
        for line in evidence or ["(no topic)"]:
            print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N misfiled articles")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} not found (the BBC corpus lives in ../shared/corpus)")
    articles = read(args.corpus)
    default_rules()  # compile outside the timing
    report(evaluate(articles, args.show_errors))


if __name__ == "__main__":
    main()
