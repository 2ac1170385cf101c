"""Where the story starts, as a fitted choice among the page's rows (issue 14, stop 26).

    .venv/bin/python bench/body_start_fit.py --sets abcdefghi --test jk [--without-rules] [--pages DIR]

The page reader picks the row where the story starts (``page.parse_page``: ``body_start`` and the checks
after it). This script records, for every page whose label gives the first sentence, the rows the reader
had (the first 40 text rows are the candidates), describes each by its shape and place (prose, a finished
sentence, length, the rows around it: bylines, times, captions, a dateline; the words it shares with the
headline) and, unless ``--without-rules``, by whether it is the rules' row or next to it. A
conditional-logit scorer (``headline_loso.fit``) is fitted leave-one-set-out on ``--sets`` and once on all
of them, judged on ``--test``. A page is right when the chosen row holds the labelled first sentence: a
row-level count, beside the rules' on the same pages. Held-out sets are refused.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import eval_pages as ev  # noqa: E402
import headline_loso as hl  # noqa: E402

from articles.importers import page as reader  # noqa: E402
from articles.importers import page_headline as ph  # noqa: E402
from articles.importers import page_lines as pl  # noqa: E402
from articles.importers.dates import find_printed_date  # noqa: E402


def features(rows: list, index: int, rule: int, headline: str, with_rules: bool) -> list[float]:
    row = rows[index]
    text, words = row.text, pl.word_count(row.text)
    after = [later.kind for later in rows[index + 1 : index + 4]]
    before = [earlier.kind for earlier in rows[max(0, index - 2) : index]]
    prose_before = sum(1 for earlier in rows[:index] if earlier.kind == "text" and pl.is_prose(earlier.text))
    following = next((later for later in rows[index + 1 :] if later.kind == "text"), None)
    mine = ph.content_words(text)
    marks = [float(index == rule), float(index == rule - 1), float(index == rule + 1)] if with_rules else []
    return marks + [
        float(pl.is_prose(text)), float(pl.ends_sentence(text)), float(words < 8), float(8 <= words < 20),
        float(20 <= words < 40), float(words >= 40), min(prose_before, 4) / 4,
        float("byline" in after or "time" in after), float("byline" in before or "time" in before),
        float("caption" in before), float("caption" in after), float(bool(pl.parse_dateline(text))),
        float(pl.is_title_like(text)), float(text.endswith("?")), float(text.endswith(":")),
        float(following is not None and pl.is_prose(following.text)), float(find_printed_date(text) is not None),
        len(mine & ph.content_words(headline)) / len(mine) if mine else 0.0, float(index == 0),
    ]  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", ev.norm(text)).strip()


def collect(sets: str, pages: Path, with_rules: bool) -> list[dict]:
    seen: dict = {}
    real = reader.pp.settle_start

    def spy(rows, start):
        start = real(rows, start)
        seen.update(rows=list(rows), start=start)
        return start

    out = []
    reader.pp.settle_start = spy
    try:
        for name, label, path in ev.development_pages(sets, pages, "body_first"):
            seen.clear()
            ev.parse(path.read_bytes(), path.name)
            if not seen:
                continue
            rows, rule, want = seen["rows"], seen["start"], _key(label["body_first"])[:50]
            candidates = [i for i, row in enumerate(rows[:40]) if row.kind == "text"]
            if not candidates or not want:
                continue
            right = [want in _key(rows[i].text)[: len(want) + 120] for i in candidates]
            out.append({"set": name, "where": label["_where"], "y": right,
                        "x": [features(rows, i, rule, label.get("headline") or "", with_rules) for i in candidates],
                        "rules_right": rule in candidates and right[candidates.index(rule)]})  # fmt: skip
    finally:
        reader.pp.settle_start = real
    return out


def counts(pages: list[dict], weights) -> tuple[int, int, int]:
    choosable = [p for p in pages if any(p["y"])]
    return (len(choosable), sum(p["rules_right"] for p in choosable),
            sum(p["y"][hl.pick(p, weights)] for p in choosable))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=ev.PAGES_DIR)
    parser.add_argument("--sets", default="abcdefghi")
    parser.add_argument("--test", default="")
    parser.add_argument("--without-rules", action="store_true", help="no feature says where the rules start")
    args = parser.parse_args()
    pages = collect(args.sets + args.test, args.pages, not args.without_rules)
    train = [p for p in pages if p["set"] in args.sets]
    print(f"{'set':<4} {'choosable':>10} {'rules':>6} {'fitted':>7}   (leave one set out on {args.sets})")
    total = [0, 0, 0]
    for name in args.sets:
        found = counts([p for p in train if p["set"] == name], hl.fit([p for p in train if p["set"] != name]))
        total = [a + b for a, b in zip(total, found, strict=True)]
        print(f"{name:<4} {found[0]:>10} {found[1]:>6} {found[2]:>7}")
    print(f"{'all':<4} {total[0]:>10} {total[1]:>6} {total[2]:>7}")
    if args.test:
        weights = hl.fit(train)
        print(f"fitted on {args.sets}, judged on:")
        for name in [*args.test, args.test] if len(args.test) > 1 else [args.test]:
            found = counts([p for p in pages if p["set"] in name], weights)
            print(f"{name:<4} {found[0]:>10} {found[1]:>6} {found[2]:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
