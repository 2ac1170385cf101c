"""A small statistical model of about-vs-mention over the place tagger's evidence, measured against the rules.

    .venv/bin/python bench/fit_place_model.py --corpus-dir /work/shared/corpus [--min-precision 0.92] [--l2 10]
        [--mode roles|demote|promote] [--parts development] [--test-parts heldout9,heldout10]

A measurement, not part of the tagger (issue 12, stop 23): fitted leave-one-part-out it did not beat the rules
(docs/benchmarks.md, "Place roles: issue 12, stop 23 (helper places5)"), nor, refitted on eleven parts, at
stop 26 in any mode ("... stop 26 (helper places8)"), so the tagger keeps its rules and no weights are
committed; this script keeps the experiment repeatable.

--mode: "roles" (the model alone decides each country's role), "demote" (only the rules' about countries
can stay about, when the model agrees: a precision filter), "promote" (the rules' about countries and any the
model adds); demote and promote take the threshold of the best F1 over the training rows. --parts: the parts
fitted on, each left out in turn; --test-parts: fit once on --parts and score only these (stop 26's
pseudo-held-out check: fit on dev..heldout8, score heldout9 and heldout10).

Reads only the development parts (eval_place_roles.DEVELOPMENT; never the held-out part). Each labelled
article is tagged by the rules (places.tags_by_rules); each country tag becomes one row of
FEATURES, labelled 1 when the article is about that country. A logistic regression (numpy,
Newton's method, L2 penalty --l2 on the standardised features) is fitted, and its threshold is the lowest
that keeps precision over the training rows at --min-precision or more (a country the rules never tagged
counts as missed), so that recall is gained without the precision the targets need.

The honest figure is leave-one-part-out: for each development part, fit on all the others, then score that
part's default view (dateline + about, country level, as bench/eval_place_roles.py does) with the model
applied; printed per part and per corpus beside the rules alone. The model decides each country's role; a
dateline keeps its role, and a city or region follows its country (one named in the headline stays about).
"""

import argparse
import math
import re
import sys
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval_place_roles import CORPUS_DIR, DEVELOPMENT, LABELS, counts, read_articles, read_labels  # noqa: E402

from articles.enrich.gazetteer import Gazetteer  # noqa: E402
from articles.enrich.place_mentions import Mention  # noqa: E402
from articles.enrich.place_roles import ABOUT, DATELINE, DEFAULT_ROLES, MENTION, PlaceTag  # noqa: E402
from articles.enrich.places import tags_by_rules  # noqa: E402

FEATURES = (
    "score",  # the tag's score (1 - exp(-weight))
    "rel",  # its weight over the most-named country's
    "share",  # its weight over all countries' weight
    "top",  # the most-named country
    "second",  # the second most-named
    "count",  # log(1 + mentions of the country's own names)
    "n_countries",  # log(1 + countries the article names)
    "dateline",  # the dateline's country
    "rule",  # the rules (place_roles.py) made it dateline or about
    "title",  # the headline names it or a place in it
    "first_sentence",  # the body's first sentence names it or a place in it
    "first_para",  # ... the first paragraph
    "first_rel",  # where the body first names it (0 at the start, 1 at 3,000 characters or never)
    "spread",  # share of the body's paragraphs that name it
    "span",  # from its first to its last mention, over the body's length
    "contains",  # named through a place in it ("contains Lisbon")
    "implied_only",  # implied only by institutions or prices ("MPs", "£")
    "demonym_only",  # named only by demonyms ("British", "Scottish")
    "n_surfaces",  # log(1 + distinct ways it is written)
    "lead",  # the opening sentence's subject or the headline's principal names it (place_lead.py)
    "title_first",  # the headline's first place
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_BLANK_LINE = re.compile(r"\n\s*\n")
FIRST_CHARS = 3000


def country_features(tags: list[PlaceTag], mentions: list[Mention], body: str) -> dict[str, list[float]]:
    """{country code: feature values in FEATURES order} for each country tag of an article."""
    countries = [t for t in tags if t.kind == "country"]
    if not countries:
        return {}
    weight = {t.country_code: -math.log(max(1.0 - t.score, 1e-6)) for t in countries}
    total = sum(weight.values()) or 1.0
    top = max(weight.values()) or 1.0
    order = sorted(weight, key=weight.__getitem__, reverse=True)
    start = len(body) - len(body.lstrip())
    found = _SENTENCE_END.search(body, start)
    sentence_end = found.end() if found else len(body)
    breaks = [m.start() for m in _BLANK_LINE.finditer(body, start)]
    paragraphs = len(breaks) + 1
    first_para_end = breaks[0] if breaks else len(body)
    by_code: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.place is not None:
            by_code.setdefault(mention.place.country_code, []).append(mention)
    title_first = min((m for m in mentions if m.in_title and m.place is not None), key=_start, default=None)
    rows = {}
    for tag in countries:
        code = tag.country_code
        named = by_code.get(code, [])
        starts = sorted(m.start for m in named if not m.in_title)
        first = starts[0] if starts else len(body)
        contains = "contains " in tag.evidence
        values = {
            "score": tag.score,
            "rel": weight[code] / top,
            "share": weight[code] / total,
            "top": float(order[0] == code),
            "second": float(len(order) > 1 and order[1] == code),
            "count": math.log1p(tag.count),
            "n_countries": math.log1p(len(countries)),
            "dateline": float(tag.role == DATELINE or "dateline" in tag.evidence),
            "rule": float(tag.role in DEFAULT_ROLES),
            "title": float(any(m.in_title for m in named)),
            "first_sentence": float(bool(starts) and first < sentence_end),
            "first_para": float(bool(starts) and first < first_para_end),
            "first_rel": min(first, FIRST_CHARS) / FIRST_CHARS,
            "spread": len({bisect_right(breaks, s) for s in starts}) / paragraphs,
            "span": (starts[-1] - first) / max(len(body), 1) if starts else 0.0,
            "contains": float(contains),
            "implied_only": float("implied by" in tag.evidence and not tag.count and not contains),
            "demonym_only": float(bool(named) and all(_demonym(m) for m in named)),
            "n_surfaces": math.log1p(len({m.text for m in named})),
            "lead": float(any(m.subject or (m.principal and not m.in_title) for m in named)),
            "title_first": float(bool(title_first) and title_first.place.country_code == code),
        }
        rows[code] = [values[name] for name in FEATURES]
    return rows


def _start(mention: Mention) -> int:
    return mention.start


def _demonym(mention: Mention) -> bool:
    return all(kind == "demonym" for _, kind in mention.candidates)


def probability(model: dict, values: list[float]) -> float:
    z = model["intercept"] + sum(
        c * (v - m) / s
        for c, v, m, s in zip(model["coef"], values, model["mean"], model["scale"], strict=True)
    )
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def chosen_about(model: dict, features: dict[str, list[float]]) -> set[str]:
    """The countries ``model`` makes about. mode "roles": its probability alone decides; "demote": a country
    the rules made about stays so only at the threshold or above; "promote": the rules' about countries and
    any other at the threshold or above."""
    rule = FEATURES.index("rule")
    mode = model.get("mode", "roles")
    about = set()
    for code, values in features.items():
        passes = probability(model, values) >= model["threshold"]
        by_rules = values[rule] > 0
        if passes if mode == "roles" else (by_rules and passes) if mode == "demote" else (by_rules or passes):
            about.add(code)
    return about


def apply_model(
    tags: list[PlaceTag], mentions: list[Mention], body: str, titled: frozenset, model: dict
) -> list[PlaceTag]:
    """The tags with each country's role decided by ``model``. ``titled``: slugs of the places the headline
    names, which stay about whatever their country's role."""
    about = chosen_about(model, country_features(tags, mentions, body))
    about |= {t.country_code for t in tags if t.role == DATELINE}
    changed = []
    for tag in tags:
        if tag.role == DATELINE:
            changed.append(tag)
        elif tag.kind == "country":
            changed.append(replace(tag, role=ABOUT if tag.country_code in about else MENTION))
        elif tag.role == ABOUT and tag.country_code not in about and tag.slug not in titled:
            changed.append(replace(tag, role=MENTION))
        else:
            changed.append(tag)
    return changed


def tagged(labels: list[dict], articles: dict, gaz: Gazetteer) -> list[dict]:
    rows = []
    for label in labels:
        record = articles[label["corpus"], str(label["id"])]
        body = record.get("body") or ""
        tags, mentions = tags_by_rules(
            gaz, title=record.get("title") or "", body=body, dateline=record.get("dateline") or ""
        )
        titled = frozenset(m.place.slug for m in mentions if m.in_title and m.place is not None)
        features = country_features(tags, mentions, body)
        rows.append(
            {
                "label": label,
                "tags": tags,
                "mentions": mentions,
                "body": body,
                "titled": titled,
                "features": features,
            }
        )
    return rows


def fit(rows: list[dict], l2: float, min_precision: float, mode: str = "roles") -> dict:
    xs, ys, never = [], [], 0
    for row in rows:
        about = set(row["label"]["about"])
        for code, values in row["features"].items():
            xs.append(values)
            ys.append(float(code in about))
        never += len(about - row["features"].keys())
    x, y = np.array(xs), np.array(ys)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.c_[np.ones(len(x)), (x - mean) / scale]
    w = np.zeros(z.shape[1])
    penalty = l2 * np.diag(np.r_[0.0, np.ones(z.shape[1] - 1)])
    for _ in range(100):
        p = 1 / (1 + np.exp(-z @ w))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + penalty, z.T @ (p - y) + penalty @ w)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    p = 1 / (1 + np.exp(-z @ w))
    threshold = 0.8
    if mode == "roles":
        for candidate in np.arange(0.80, 0.19, -0.01):  # the lowest threshold that keeps the precision
            chosen = p >= candidate
            tp, fp = int((chosen & (y == 1)).sum()), int((chosen & (y == 0)).sum())
            if tp and tp / (tp + fp) >= min_precision:
                threshold = float(candidate)
    else:  # the threshold of the best F1 over the training rows, the rules' decisions kept on the other side
        by_rules = x[:, FEATURES.index("rule")] > 0
        best = -1.0
        for candidate in np.arange(0.01, 1.0, 0.01):
            passes = p >= candidate
            chosen = (by_rules & passes) if mode == "demote" else (by_rules | passes)
            tp, fp = int((chosen & (y == 1)).sum()), int((chosen & (y == 0)).sum())
            fn = int((~chosen & (y == 1)).sum()) + never
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            if f1 > best + 1e-9:
                best, threshold = f1, float(candidate)
    return {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "intercept": round(float(w[0]), 6),
        "coef": [round(float(v), 6) for v in w[1:]],
        "threshold": round(threshold, 2),
        "mode": mode,
        "l2": l2,
        "min_precision": min_precision,
        "rows": len(x),
        "never_tagged": never,
    }


def default_view(row: dict, model: dict | None) -> set[str]:
    tags = (
        row["tags"]
        if model is None
        else apply_model(row["tags"], row["mentions"], row["body"], row["titled"], model)
    )
    return {t.country_code for t in tags if t.role in DEFAULT_ROLES}


def score(rows: list[dict], views: list[set]) -> dict:
    return counts(
        [
            (view, set(r["label"]["about"]), set(r["label"]["about"]))
            for r, view in zip(rows, views, strict=True)
        ]
    )


def _parts(text: str) -> tuple[str, ...]:
    parts = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    parts = tuple(q for p in parts for q in (DEVELOPMENT if p == "development" else (p,)))
    if set(parts) - set(DEVELOPMENT):
        raise SystemExit(f"not a development part: {sorted(set(parts) - set(DEVELOPMENT))}")
    return parts


def _line(name: str, count: int, a: dict, b: dict, threshold: str = "") -> str:
    return (
        f"| {name} | {count} | {a['precision']:.3f} / {a['recall']:.3f} ({a['fp']}, {a['fn']})"
        f" | {b['precision']:.3f} / {b['recall']:.3f} ({b['fp']}, {b['fn']}) | {threshold} |"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--corpus-dir", type=Path, default=CORPUS_DIR)
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--min-precision", type=float, default=0.92)
    parser.add_argument("--mode", choices=("roles", "demote", "promote"), default="roles")
    parser.add_argument("--parts", default="development", help="the parts fitted on (left out one by one)")
    parser.add_argument(
        "--test-parts",
        default="",
        help="fit once on --parts and score only these (the pseudo-held-out check), not leave-one-part-out",
    )
    args = parser.parse_args(argv)
    parts, test_parts = _parts(args.parts), _parts(args.test_parts)
    labels = [label for label in read_labels(args.labels) if label["split"] in parts + test_parts]
    rows = tagged(labels, read_articles(labels, args.corpus_dir), Gazetteer.load())
    rules, model_views = [None] * len(rows), [None] * len(rows)
    print(
        f"| part | articles | rules P / R (wrong, missed) | model ({args.mode}) P / R (wrong, missed) | threshold |"
    )
    print("|---|---:|---|---|---:|")
    folds = (
        [(test_parts, parts)]
        if test_parts
        else [((part,), tuple(q for q in parts if q != part)) for part in parts]
    )
    for scored, fitted in folds:
        model = fit(
            [r for r in rows if r["label"]["split"] in fitted], args.l2, args.min_precision, args.mode
        )
        index = [i for i, r in enumerate(rows) if r["label"]["split"] in scored]
        for i in index:
            rules[i], model_views[i] = default_view(rows[i], None), default_view(rows[i], model)
        for part in scored:
            here = [i for i in index if rows[i]["label"]["split"] == part]
            a = score([rows[i] for i in here], [rules[i] for i in here])
            b = score([rows[i] for i in here], [model_views[i] for i in here])
            print(_line(part, len(here), a, b, f"{model['threshold']:.2f}"))
    scored_rows = [i for i, view in enumerate(model_views) if view is not None]
    for corpus in sorted({rows[i]["label"]["corpus"] for i in scored_rows}) + ["all"]:
        index = [i for i in scored_rows if corpus in ("all", rows[i]["label"]["corpus"])]
        a = score([rows[i] for i in index], [rules[i] for i in index])
        b = score([rows[i] for i in index], [model_views[i] for i in index])
        print(_line(corpus, len(index), a, b))
    return 0


if __name__ == "__main__":
    sys.exit(main())
