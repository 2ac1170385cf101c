"""A standfirst printed as the header line, or the story's first paragraph: how well measures tell them apart
(issue 14, stop 26).

    .venv/bin/python bench/standfirst_measure.py --sets abcdefghi --test jk [--pages DIR]

For every labelled page whose header line reads as prose (``page_headline.header_is_body``), the header is
the story's first paragraph when the label's first sentence opens it ("lead"), a standfirst when the label's
first sentence opens the next paragraph instead ("standfirst"); other pages are left out. Each page is
described by measures of the header (H) and the next paragraph (P): the share of H's words back in P's first
sentence and the reverse, P's length over H's, H's length and sentences, P opening with a word of H, the
capitalised words they share and those P adds, H ending on a full stop. The script prints each measure's
AUC (the chance that a standfirst scores above a lead) on ``--sets`` and on ``--test``, and a logistic
regression fitted leave-one-set-out on ``--sets`` and once on all of them, judged on ``--test``: how many
pages it would flag at each threshold, standfirsts and leads. Held-out sets are refused.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import eval_pages as ev  # noqa: E402

from articles.importers import page_headline as ph  # noqa: E402

NAMES = ("h_in_p1", "p1_in_h", "length_ratio", "h_length", "h_sentences", "p_opens_with_h_word",
         "names_shared", "p1_new_names", "h_ends_stop")  # fmt: skip
_HEADER = re.compile(r"^\s*date\s+\d{4}-\d{2}(?:-\d{2})?\s*(.*)$")


def _first_sentence(text: str) -> str:
    found = re.search(r"(?<=[a-zß-ÿ0-9)\"”’])[.!?]\s+(?=[A-ZÀ-ÖØ-Þ«\"“])", text)
    return text[: found.start() + 1] if found else text


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def _stems(text: str) -> set[str]:
    return {word.casefold()[:5] for word in _words(text) if len(word) >= 4}


def _names(text: str) -> set[str]:
    return {word for word in _words(text)[1:] if word[0].isupper() and len(word) >= 3}


def measures(header: str, following: str) -> list[float]:
    first = _first_sentence(following)
    h, p1, opening = _stems(header), _stems(first), _words(following)[:1]
    shared = len(h & p1)
    return [
        shared / max(1, len(h)), shared / max(1, len(p1)),
        min(len(_words(following)) / max(1, len(_words(header))), 5) / 5, min(len(_words(header)), 60) / 60,
        min(len(re.findall(r"[a-zß-ÿ0-9)][.!?][\"'”’]?(?:\s+|$)", header)), 4) / 4,
        float(bool(opening) and opening[0][0].isupper() and opening[0] in _words(header)),
        len(_names(header) & _names(first)) / max(1, len(_names(header))),
        float(len(_names(first) - _names(header)) >= 2), float(header.rstrip().endswith((".", "!", "?"))),
    ]  # fmt: skip


def collect(sets: str, pages: Path) -> list[dict]:
    out = []
    for name, label, path in ev.development_pages(sets, pages, "body_first"):
        lines = path.read_text(encoding="utf-8").splitlines()
        found = _HEADER.match(lines[0]) if lines else None
        header = found[1].strip() if found else ""
        rest = [line.strip() for line in lines[1:] if line.strip()]
        if not header or not rest or not ph.header_is_body(header):
            continue
        want = re.sub(r"\W+", " ", ev.norm(label["body_first"]))[:60]
        key = lambda text: re.sub(r"\W+", " ", ev.norm(text))  # noqa: E731
        kind = (
            "lead" if key(header).startswith(want) else "standfirst" if key(rest[0]).startswith(want) else ""
        )
        if kind:
            out.append({"set": name, "x": measures(header, rest[0]), "y": kind == "standfirst"})
    return out


def auc(scores: np.ndarray, y: np.ndarray) -> float:
    pos, neg = scores[y == 1], scores[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    """Logistic regression, the two kinds weighted equally (standfirsts are one page in ten)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    balance = np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum()))
    weights = np.zeros(xb.shape[1])
    for _ in range(steps):
        prob = 1 / (1 + np.exp(-xb @ weights))
        weights -= rate * (xb.T @ ((prob - y) * balance) + l2 * weights)
    return weights


def prob(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.hstack([x, np.ones((len(x), 1))]) @ weights))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=ev.PAGES_DIR)
    parser.add_argument("--sets", default="abcdefghi")
    parser.add_argument("--test", default="")
    args = parser.parse_args()
    rows = collect(args.sets + args.test, args.pages)
    train = [r for r in rows if r["set"] in args.sets]
    test = [r for r in rows if r["set"] in args.test]
    x, y = np.array([r["x"] for r in train]), np.array([r["y"] for r in train], float)
    groups = np.array([r["set"] for r in train])
    loso = np.zeros(len(y))
    for name in args.sets:
        held = groups == name
        if held.any():
            loso[held] = prob(x[held], fit(x[~held], y[~held]))
    print(f"{args.sets}: {len(y)} pages, {int(y.sum())} standfirsts; {args.test or '-'}: {len(test)} pages, "
          f"{sum(r['y'] for r in test)} standfirsts")  # fmt: skip
    tx = np.array([r["x"] for r in test]) if test else np.zeros((0, len(NAMES)))
    ty = np.array([r["y"] for r in test], float)
    for k, name in enumerate(NAMES):
        print(
            f"  AUC {name:<20} {args.sets} {auc(x[:, k], y):.2f}   {args.test or '-'} {auc(tx[:, k], ty):.2f}"
        )
    weights = fit(x, y)
    tp = prob(tx, weights) if test else np.zeros(0)
    print(f"  AUC regression (LOSO on {args.sets}) {auc(loso, y):.2f}   fitted on {args.sets}, on {args.test or '-'} "
          f"{auc(tp, ty):.2f}")  # fmt: skip
    for threshold in (0.5, 0.7, 0.8, 0.9):
        a, b = loso >= threshold, tp >= threshold
        print(f"  p >= {threshold}: LOSO flags {int(a.sum())} ({int((a & (y == 1)).sum())} standfirsts), "
              f"{args.test or '-'} flags {int(b.sum())} ({int((b & (ty == 1)).sum())} standfirsts)")  # fmt: skip
    print("  weights", json.dumps(dict(zip([*NAMES, "bias"], np.round(weights, 2).tolist(), strict=True))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
