"""Topic tagger accuracy and speed on the BBC News dataset (issue 4).

    .venv/bin/python bench/eval_topics.py
    .venv/bin/python bench/eval_topics.py --corpus ../shared/corpus/bbc-dev.jsonl.gz --show-errors 10
    .venv/bin/python bench/eval_topics.py --reuters     # also: do Reuters economy stories stay economy?

Reads the corpus straight from its gzip file (no database) and tags every article with the default
IPTC rules (``articles/enrich/data/iptc_topics.json``). The TOP topic is compared with the article's
BBC category, mapped onto the IPTC top level. Prints accuracy overall and per category, a confusion
table, how many articles got no topic at all, how many topics an article gets, and tagging speed on
one core. The rules were written from general news knowledge; this corpus is only used to measure.

The set is split before any error was read (issue 12): within each BBC category, articles are ordered
by the SHA-1 of their id and every third one (positions 2, 5, 8, ...) is HELD OUT; the rest is the
DEVELOPMENT part. ``--show-errors`` prints errors of the development part only, so the held-out
figure stays a measurement of rules that were not shaped by it. Accuracy is printed for both parts
and for the whole set.
"""

import argparse
import gzip
import hashlib
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


REUTERS = ROOT.parent / "shared" / "corpus" / "reuters21578-train.jsonl.gz"
# Reuters-21578 topic codes that are business news whatever else the story mentions.
REUTERS_ECONOMY = {
    "earn", "acq", "money-fx", "interest", "trade", "crude", "grain", "wheat", "corn", "ship",
    "money-supply", "sugar", "coffee", "gnp", "gold", "veg-oil", "oilseed", "nat-gas", "cpi", "bop",
}  # fmt: skip


def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split(articles: list[dict]) -> tuple[list[dict], list[dict]]:
    """(development, held out): within each category, by SHA-1 of the id, every third one held out."""
    development, held_out = [], []
    by_category = defaultdict(list)
    for article in articles:
        by_category[article["category"]].append(article)
    for members in by_category.values():
        members.sort(key=lambda a: hashlib.sha1(str(a["id"]).encode()).hexdigest())
        for position, article in enumerate(members):
            (held_out if position % 3 == 2 else development).append(article)
    return development, held_out


def reuters_check(path: Path) -> None:
    """Share of Reuters stories with an economy code whose top topic is economy."""
    rules, total, right, others = default_rules(), 0, 0, Counter()
    for article in read(path):
        if not REUTERS_ECONOMY & set(article.get("topics") or ()):
            continue
        tags = tag_topics(rules, title=article["title"], body=article["body"])
        total += 1
        top = tags[0].slug if tags else "(none)"
        right += top == EXPECTED["business"]
        others[top] += top != EXPECTED["business"]
    print(f"Reuters-21578 train, stories with an economy code: {total}, top topic economy: {right} "
          f"({100 * right / total:.1f}%)")  # fmt: skip
    print("  otherwise: " + ", ".join(f"{slug} {count}" for slug, count in others.most_common(6) if count))


def evaluate(articles: list[dict], show_errors: int = 0) -> dict:
    rules = default_rules()
    confusion: dict[str, Counter] = defaultdict(Counter)
    sizes = Counter()
    anywhere = Counter()  # the expected topic among the tags, not necessarily first
    errors = []
    started = time.process_time()
    for article in articles:
        tags = tag_topics(rules, title=article["title"], body=article["body"])
        top = tags[0].slug if tags else None
        confusion[article["category"]][top] += 1
        sizes[len(tags)] += 1
        anywhere[article["category"]] += any(tag.slug == EXPECTED[article["category"]] for tag in tags)
        if top != EXPECTED[article["category"]] and len(errors) < show_errors:
            errors.append((article["id"], article["title"], [tag.evidence for tag in tags[:2]]))
    elapsed = time.process_time() - started
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
        f"speed: {n} articles in {result['elapsed']:.2f}s = {rate:,.0f} articles/s, "
        f"{1000 * result['elapsed'] / n:.3f} ms per article (CPU time, one core, rules compiled once)"
    )
    for article_id, title, evidence in result["errors"]:
        print(f"\n{article_id}  {title}")
        for line in evidence or ["(no topic)"]:
            print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="print N misfiled articles of the development part",
    )
    parser.add_argument("--reuters", action="store_true", help="also check Reuters economy stories")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} not found (the BBC corpus lives in ../shared/corpus)")
    articles = read(args.corpus)
    development, held_out = split(articles)
    default_rules()  # compile outside the timing
    for name, part, errors in (
        ("DEVELOPMENT part (2/3)", development, args.show_errors),
        ("HELD-OUT part (1/3: never read for errors)", held_out, 0),
        ("WHOLE set", articles, 0),
    ):
        print(f"=== {name}")
        report(evaluate(part, errors))
        print()
    if args.reuters:
        reuters_check(REUTERS)


if __name__ == "__main__":
    main()
