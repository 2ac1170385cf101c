"""The page reader of two trees compared set group by set group: rule sets and check sets (issue 14, stop 26).

    .venv/bin/python bench/page_sets_compare.py score --tree DIR --sets abcdefghijk --out FILE.json
    .venv/bin/python bench/page_sets_compare.py compare BEFORE.json AFTER.json --rules abcdefghi --check jk

``score`` parses every page of the sets given with the page reader of ``--tree`` (a checkout: its
``articles`` and ``bench/eval_pages.py`` are the ones imported, so the tree before a change can be scored
by the same command) and stores, page by page, each field's (right, expected, got) from
``eval_pages.score``. ``compare`` prints the totals per field of two such files on the pages both hold, for
the rule sets (whose misses may be read: the pages that gain or lose are listed) and for the check sets
(totals only, so that a check set stays unread). Held-out sets (``eval_pages.HELD_OUT_LABELLERS``) are
refused by both.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FIELDS = ("refused", "headline", "date", "byline", "dateline", "source", "kind", "language", "body_start",
          "body_end")  # fmt: skip
HERE = Path(__file__).resolve().parent


def refuse_held_out(held_out: set[str], *groups: str) -> None:
    if found := sorted(set("".join(groups)) & held_out):
        raise SystemExit(f"set {', '.join(found)} is held out: not read here")


def score(tree: Path, sets: str, pages: Path | None) -> dict:
    """Per page ("a.jsonl:8"), per field: [right, expected, got], with ``tree``'s page reader (imported
    first, so that no other tree's modules are cached)."""
    sys.path[:0] = [str(tree / "bench"), str(tree)]
    import eval_pages

    refuse_held_out(set(eval_pages.HELD_OUT_LABELLERS), sets)
    pages = pages or eval_pages.PAGES_DIR
    results, missing = {}, 0
    for name in sets:
        for label in eval_pages.read_manifests([tree / "bench" / "page_labels" / f"{name}.jsonl"]):
            path = eval_pages.page_path(pages, label["address"])
            if not path.exists():
                missing += 1
                continue
            scored = eval_pages.score(label, eval_pages.parse(path.read_bytes(), path.name))
            results[label["_where"]] = {
                field: [bool(v[0]), str(v[1]), str(v[2])] for field, v in scored.items()
            }
    return {"tree": str(tree), "sets": sets, "missing": missing, "pages": results}


def totals(pages: dict, group: str) -> dict[str, list[int]]:
    out = {field: [0, 0] for field in FIELDS}
    for where, fields in pages.items():
        if where.split(".")[0] in group:
            for field, (right, *_) in fields.items():
                out[field][0] += right
                out[field][1] += 1
    return out


def compare(before: dict, after: dict, rules: str, check: str) -> list[str]:
    common = set(before["pages"]) & set(after["pages"])
    old = {w: v for w, v in before["pages"].items() if w in common}
    new = {w: v for w, v in after["pages"].items() if w in common}
    lines = []
    for kind, group in (("rule sets", rules), ("check sets", check)):
        for part in [*group, group] if len(group) > 1 else [group]:
            pages = sum(1 for w in common if w.split(".")[0] in part)
            lines.append(f"[{kind} {part}] {pages} pages: field before -> after")
            a, b = totals(old, part), totals(new, part)
            for field in FIELDS:
                delta = b[field][0] - a[field][0]
                mark = f"  ({delta:+d})" if delta else ""
                lines.append(
                    f"  {field:<11} {a[field][0]}/{a[field][1]} -> {b[field][0]}/{b[field][1]}{mark}"
                )
    for where in sorted(common, key=lambda w: (w.split(".")[0], int(w.split(":")[1]))):
        if where.split(".")[0] not in rules:
            continue  # a check set's pages are never listed
        for field, (right, *_) in old[where].items():
            if field in new[where] and new[where][field][0] != right:
                lines.append(f"{'gain' if new[where][field][0] else 'loss'} {where} {field}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("score", help="score the sets with a tree's page reader")
    run.add_argument("--tree", type=Path, default=HERE.parent)
    run.add_argument("--sets", required=True)
    run.add_argument("--pages", type=Path)
    run.add_argument("--out", type=Path, required=True)
    both = commands.add_parser("compare", help="compare two score files")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    both.add_argument("--rules", required=True, help="sets whose changed pages are listed")
    both.add_argument("--check", default="", help="sets reported by totals only")
    args = parser.parse_args()
    if args.command == "score":
        result = score(args.tree.resolve(), args.sets, args.pages)
        args.out.write_text(json.dumps(result))
        print(f"{len(result['pages'])} pages scored, {result['missing']} missing, with {result['tree']}")
        return 0
    sys.path.insert(0, str(HERE))
    import eval_pages

    refuse_held_out(set(eval_pages.HELD_OUT_LABELLERS), args.rules, args.check)
    before, after = (json.loads(path.read_text()) for path in (args.before, args.after))
    print("\n".join(compare(before, after, args.rules, args.check)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
