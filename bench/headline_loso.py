"""Headline choice as a fitted scorer, measured leave-one-set-out (issue 14, stop 23).

    .venv/bin/python bench/headline_loso.py [--pages DIR] [--sets abcdefghi] [--test jk] [--write]

The page reader chooses a headline among the header's title and the text lines above the story
(``page_headline.choose``). This script records, for every development page that prints a headline, the
candidates ``choose`` was given, describes each by a few shape and place features (``FEATURES``), and fits
a conditional-logit scorer (softmax over one page's candidates, L2, numpy) on every set but one and scores
the set left out, for each set. It prints, set by set, how often the fitted scorer and the rules of
``choose`` pick the labelled headline on the pages where one of the candidates is it; that is the honest
figure for choosing, since no page of the scored set was seen by the fit. ``--write`` stores the weights
fitted on all the sets given in bench/headline_weights.json (not read by the parser: see docs/benchmarks.md,
"Page reader: issue 14, stop 23 (helper pages5)"). With ``--test``, the scorer is also fitted once on all of
``--sets`` and judged on each set of ``--test`` and on them together, beside the rules (stop 26: rule sets and
check sets). Held-out sets (``eval_pages.HELD_OUT_LABELLERS``) are refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import eval_pages as ev  # noqa: E402

from articles.importers import page_headline as ph  # noqa: E402
from articles.importers import page_lines as pl  # noqa: E402
from articles.importers.dates import find_printed_date  # noqa: E402

FEATURES = (
    "header", "first_line", "last_line", "position", "title_like", "ends_stop", "ends_question", "prose",
    "words_lt4", "words_4_7", "words_gt20", "short", "upper", "caption_credit", "repeated", "in_header",
    "header_in", "opening_shared", "opening_share", "has_date", "furniture", "banner", "colon",
)  # fmt: skip


def features(text: str, index: int, total: int, header: bool, counts: Counter, header_text: str,
             opening: set[str]) -> list[float]:  # fmt: skip
    words = pl.word_count(text)
    mine = ph.content_words(text)
    shared = len(mine & opening)
    low = text.casefold()
    return [
        float(header),
        float(not header and index == 0),
        float(not header and index == total - 1),
        0.0 if header else min(index, 6) / 6,
        float(pl.is_title_like(text)),
        float(text.endswith(".")),
        float(text.endswith("?")),
        float(pl.is_prose(text) and pl.ends_sentence(text)),
        float(words < 4),
        float(4 <= words <= 7),
        float(words > 20),
        float(len(text) < 20),
        float(text.isupper()),
        float(bool(ph._CREDIT_END.search(text) or ph._PHOTO_CREDIT_END.search(text))),
        float(counts[text] > 1),
        float(not header and len(header_text) >= 10 and low in header_text.casefold()),
        float(not header and len(header_text) >= 10 and header_text.casefold() in low),
        min(shared, 5) / 5,
        shared / len(mine) if mine else 0.0,
        float(find_printed_date(text) is not None),
        float(pl.is_furniture(text) or pl.is_nav(text)),
        float(bool(ph.SITE_BANNER.search(text))),
        float(":" in text),
    ]


def collect(sets: str, pages: Path) -> list[dict]:
    """One entry per page that prints a headline: its set, the candidates' features, which are right, and
    whether the rules' choice is right."""
    rows: list[dict] = []
    seen: dict = {}
    real_choose = ph.choose

    def spy(header_title, candidates, counts, header_text, opening_text):
        chosen = real_choose(header_title, candidates, counts, header_text, opening_text)
        seen.update(header_title=header_title, candidates=list(candidates), counts=counts,
                    header_text=header_text, opening_text=opening_text, chosen=chosen)  # fmt: skip
        return chosen

    ph.choose = spy
    try:
        for name, label, path in ev.development_pages(sets, pages, "headline"):
            seen.clear()
            ev.parse(path.read_bytes(), path.name)
            if seen:
                rows.append(describe(name, label, seen))
    finally:
        ph.choose = real_choose
    return rows


def describe(name: str, label: dict, seen: dict) -> dict:
    want = ev.norm(label["headline"])
    opening = ph.content_words(seen["opening_text"])
    texts = [(seen["header_title"], True)] * bool(seen["header_title"])
    texts += [(text, False) for text in seen["candidates"]]
    total = len(seen["candidates"])
    vectors, right = [], []
    for index, (text, header) in enumerate(texts):
        clean = ph.without_counts(text, seen["counts"])
        vectors.append(features(clean, index - (1 if seen["header_title"] else 0), total, header,
                                seen["counts"], seen["header_text"], opening))  # fmt: skip
        right.append(ev.norm(clean) == want)
    return {"set": name, "where": label["_where"], "x": vectors, "y": right,
            "rules_right": ev.norm(seen["chosen"]) == want}  # fmt: skip


def fit(pages: list[dict], l2: float = 0.05, steps: int = 400, rate: float = 0.5) -> np.ndarray:
    """Conditional logit: maximise the log-probability of a right candidate in each page's softmax."""
    usable = [p for p in pages if any(p["y"])]
    weights = np.zeros(len(usable[0]["x"][0]) + 1)  # FEATURES and a bias (body_start_fit.py has its own)
    for _ in range(steps):
        grad = l2 * weights
        for page in usable:
            x = np.hstack([np.array(page["x"]), np.ones((len(page["x"]), 1))])
            scores = x @ weights
            prob = np.exp(scores - scores.max())
            prob /= prob.sum()
            y = np.array(page["y"], dtype=float)
            target = y / y.sum()
            grad -= (target - prob) @ x / len(usable)
        weights -= rate * grad
    return weights


def pick(page: dict, weights: np.ndarray) -> int:
    x = np.hstack([np.array(page["x"]), np.ones((len(page["x"]), 1))])
    return int(np.argmax(x @ weights))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=ev.PAGES_DIR)
    parser.add_argument("--sets", default="abcdefghi")
    parser.add_argument("--test", default="", help="sets to judge a scorer fitted on all of --sets")
    parser.add_argument("--write", action="store_true", help="store the weights fitted on all sets given")
    args = parser.parse_args()
    pages = collect(args.sets + args.test, args.pages)
    test_pages = [p for p in pages if p["set"] in args.test]
    pages = [p for p in pages if p["set"] not in args.test]
    print(f"{len(pages)} pages that print a headline; {sum(any(p['y']) for p in pages)} with it among the "
          f"candidates")  # fmt: skip
    print(f"{'set':<4} {'pages':>6} {'choosable':>10} {'rules':>12} {'fitted (LOSO)':>14}")
    totals = [0, 0, 0, 0]
    for name in args.sets:
        test = [p for p in pages if p["set"] == name]
        choosable = [p for p in test if any(p["y"])]
        weights = fit([p for p in pages if p["set"] != name])
        rules = sum(p["rules_right"] for p in choosable)
        fitted = sum(p["y"][pick(p, weights)] for p in choosable)
        totals = [a + b for a, b in zip(totals, (len(test), len(choosable), rules, fitted), strict=True)]
        print(f"{name:<4} {len(test):>6} {len(choosable):>10} {rules:>12} {fitted:>14}")
    print(f"{'all':<4} {totals[0]:>6} {totals[1]:>10} {totals[2]:>12} {totals[3]:>14}")
    if args.test:
        weights = fit(pages)
        print(f"fitted on {args.sets}, judged on:")
        for name in [*args.test, args.test] if len(args.test) > 1 else [args.test]:
            test = [p for p in test_pages if p["set"] in name]
            choosable = [p for p in test if any(p["y"])]
            rules = sum(p["rules_right"] for p in choosable)
            fitted = sum(p["y"][pick(p, weights)] for p in choosable)
            print(f"{name:<4} {len(test):>6} {len(choosable):>10} {rules:>12} {fitted:>14}")
    if args.write:
        weights = fit(pages)
        out = Path(__file__).resolve().parent / "headline_weights.json"
        out.write_text(json.dumps({"sets": args.sets, "features": [*FEATURES, "bias"],
                                   "weights": [round(float(w), 4) for w in weights]}, indent=1) + "\n")  # fmt: skip
        print(f"weights fitted on {args.sets} written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
