"""Country-level accuracy of place roles on the hand-labelled set (bench/place_labels.jsonl).

    .venv/bin/python bench/eval_place_roles.py [--labels PATH] [--show-errors] [--parts dev,heldout,...,heldout7]
    .venv/bin/python bench/eval_place_roles.py --parts development --show-errors   # the eight development parts
    .venv/bin/python bench/eval_place_roles.py --parts heldout13 --model roles     # the fitted model instead (stop 27)

Only the development part is scored unless --parts names others ("development": every development part).
Since stop 23 dev, heldout, heldout2, heldout3, heldout4, heldout5, heldout6 and heldout7 are all development
(their errors can be listed), and since stop 24 heldout8 (90 articles labelled at stop 23, scored once then)
too. A part held out is scored once, after the rules are final, its errors never listed. With several parts asked for, the "all" rows score them as one, in all and per
corpus.

Each labelled article is read from its corpus (the Wikinews demo set in demo/, Reuters and BBC from
../shared/corpus: only their ids are in the repository) and tagged from its title, body and dateline. Two
views are scored against the labels, per part (dev: the rules were checked against it; heldout: all BBC
stories and the second half of the first Wikinews sample; heldout2: 60 more articles picked by SHA-1 order of
ids, bench/pick_place_sample.py; heldout3: 75 more, the next ones in that order, labelled before the third
round was measured on them; heldout4: 80 more, labelled before stop 20's rules were measured on them; heldout5: 60 more, labelled
before the second round's rules were measured on them; heldout6: 90 more, labelled before stop 21's rules were
measured on them; heldout7: labelled before stop 22's rules are measured on them; no held-out part was
looked at while writing rules):

- default view: the countries of dateline and about tags, against the countries the story is about;
- every tag as about: what pages showed before tags had roles, against the countries it is about;
- all tags: the countries of every tag, against the countries it is about or mentions (precision), and
  those it is about (recall).

heldout7 (issue 12, stop 22: 90 more, the next ones in the same SHA-1 order) was scored once at stop 22 and is
development from stop 23. heldout8 (stop 23: 90 more, drawn in a fresh SHA-1 order, bench/pick_place_sample.py
--seed heldout8) was scored once at stop 23 and is development from stop 24. heldout9 (stop 24: 90 more, drawn
with --seed heldout9) was scored once at stop 24 and is development from stop 25. heldout10 (stop 25, drawn with
--seed heldout10) was scored once at stop 25 and is development from stop 26. heldout11 (stop 26, drawn with
--seed heldout11) was scored at stop 26 (before and after its merges) and is development from stop 27. heldout12
(stop 27, drawn with --seed heldout12) was scored at stop 27 (before = after) and is development from stop 28.
heldout13 (stop 28, drawn with --seed heldout13) is held out: scored only when --parts names it (or all), before
and after the stop's merges, totals only; it is not in "development" and its errors are never listed.

Micro-averaged over (article, country) pairs. The labelling guide is in bench/README.md.
"""

import argparse
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.enrich.gazetteer import Gazetteer  # noqa: E402
from articles.enrich.places import DEFAULT_ROLES, tag_places  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).with_name("place_labels.jsonl")
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
# Parts whose errors may be listed: since stop 28 the first thirteen are development (heldout12 was scored at
# stop 27); heldout13 (labelled at stop 28) is held out, so it is not here.
DEVELOPMENT = ("dev", "heldout", *(f"heldout{n}" for n in range(2, 13)))
PARTS = (*DEVELOPMENT, "heldout13", "all")
FILES = {"reuters21578-train": "reuters21578-train.jsonl.gz", "bbc-dev": "bbc-dev.jsonl.gz"}


def read_labels(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_articles(labels: list[dict], corpus_dir: Path = CORPUS_DIR) -> dict:
    wanted = defaultdict(set)
    for label in labels:
        wanted[label["corpus"]].add(str(label["id"]))
    found = {}
    for corpus, ids in wanted.items():
        path = ROOT / "demo" / "wikinews.jsonl.gz" if corpus == "wikinews" else corpus_dir / FILES[corpus]
        if not path.exists():
            raise SystemExit(f"{path} not found (Reuters and BBC live in ../shared/corpus)")
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if str(record["id"]) in ids:
                    found[corpus, str(record["id"])] = record
    return found


def counts(pairs) -> dict:
    tp = sum(len(found & right) for found, right, _ in pairs)
    fp = sum(len(found - right) for found, right, _ in pairs)
    found_gold = sum(len(found & gold) for found, _, gold in pairs)
    fn = sum(len(gold - found) for found, _, gold in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = found_gold / (found_gold + fn) if found_gold + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "fp": fp, "fn": fn}


def evaluate(gaz: Gazetteer, labels: list[dict], articles: dict, tagger=tag_places) -> dict:
    """{(part, view): scores} and the per-article rows behind them."""
    rows, tagged = [], {}
    for label in labels:
        record = articles[label["corpus"], str(label["id"])]
        tags = tagger(
            gaz,
            title=record.get("title") or "",
            body=record.get("body") or "",
            dateline=record.get("dateline") or "",
        )
        tagged[label["corpus"], str(label["id"])] = tags
        about, mention = set(label["about"]), set(label["mention"])
        default = {t.country_code for t in tags if t.role in DEFAULT_ROLES}
        every = {t.country_code for t in tags}
        rows.append((label, default, every, about, mention))
    results = {}
    for part in PARTS:
        chosen = [r for r in rows if part == "all" or r[0]["split"] == part]
        results[part, "default"] = counts([(d, a, a) for _, d, _, a, _ in chosen]) | {"articles": len(chosen)}
        results[part, "every tag as about"] = counts([(e, a, a) for _, _, e, a, _ in chosen]) | {
            "articles": len(chosen)
        }
        results[part, "all tags"] = counts([(e, a | m, a) for _, _, e, a, m in chosen]) | {
            "articles": len(chosen)
        }
    for split, corpus in sorted({(r[0]["split"], r[0]["corpus"]) for r in rows}):
        chosen = [r for r in rows if (r[0]["split"], r[0]["corpus"]) == (split, corpus)]
        results[f"{split}: {corpus}", "default"] = counts([(d, a, a) for _, d, _, a, _ in chosen]) | {
            "articles": len(chosen)
        }
    if len({r[0]["split"] for r in rows}) > 1:  # the parts asked for together ("all"), per corpus
        for corpus in sorted({r[0]["corpus"] for r in rows}):
            chosen = [r for r in rows if r[0]["corpus"] == corpus]
            results[f"all: {corpus}", "default"] = counts([(d, a, a) for _, d, _, a, _ in chosen]) | {
                "articles": len(chosen)
            }
    return {"scores": results, "rows": rows, "tags": tagged}


def fitted_tagger(labels_path: Path, corpus_dir: Path, gaz: Gazetteer, mode: str):
    """tag_places with each country's role decided by the model of bench/fit_place_model.py (L2 10, training
    precision 0.92, as at stops 23-27), fitted on the development parts only."""
    import fit_place_model as fitting

    from articles.enrich.places import tags_by_rules

    development = [label for label in read_labels(labels_path) if label["split"] in DEVELOPMENT]
    model = fitting.fit(
        fitting.tagged(development, read_articles(development, corpus_dir), gaz), 10.0, 0.92, mode
    )

    def tagger(gazetteer, *, title, body, dateline=""):
        tags, mentions = tags_by_rules(gazetteer, title=title, body=body, dateline=dateline)
        titled = frozenset(m.place.slug for m in mentions if m.in_title and m.place is not None)
        return fitting.apply_model(tags, mentions, body, titled, model)

    return tagger


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--corpus-dir", type=Path, default=CORPUS_DIR, help="where Reuters and BBC are")
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="list each development article's wrong and missed countries (never a held-out part's)",
    )
    parser.add_argument(
        "--show-tags",
        action="store_true",
        help="with --show-errors: each listed article's tags and their evidence",
    )
    parser.add_argument(
        "--parts",
        default="dev",
        help="comma-separated parts to score: dev (default), heldout, heldout2, ..., heldout12, heldout13, all;"
        " development = the thirteen development parts (not heldout13, which is held out: totals only, never listed)",
    )
    parser.add_argument(
        "--model",
        choices=("roles", "demote", "promote"),
        help="apply bench/fit_place_model.py's model, fitted on the twelve development parts (never a held-out"
        " one), to the rules' tags: stop 27's candidate that gained on heldout10+11, not in the tagger",
    )
    args = parser.parse_args(argv)
    labels = read_labels(args.labels)
    gaz = Gazetteer.load()
    parts = {part.strip() for part in args.parts.split(",")}
    if "development" in parts:
        parts = (parts - {"development"}) | set(DEVELOPMENT)
    if parts - set(PARTS):
        parser.error(f"unknown part {sorted(parts - set(PARTS))}; choose from {', '.join(PARTS)}")
    if "all" not in parts:
        labels = [label for label in labels if label["split"] in parts]
    tagger = tag_places if not args.model else fitted_tagger(args.labels, args.corpus_dir, gaz, args.model)
    result = evaluate(gaz, labels, read_articles(labels, args.corpus_dir), tagger)
    print("| part | view | articles | precision | recall | F1 | wrong | missed |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for (part, view), s in result["scores"].items():
        if not s["articles"]:
            continue
        print(
            f"| {part} | {view} | {s['articles']} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f}"
            f" | {s['fp']} | {s['fn']} |"
        )
    if args.show_errors:
        held_out = sorted({label["split"] for label, *_ in result["rows"]} - set(DEVELOPMENT))
        if held_out:
            print(
                f"not listed: {', '.join(held_out)} is held out (its errors are never shown)", file=sys.stderr
            )
        for label, default, _, about, _ in result["rows"]:
            if label["split"] not in DEVELOPMENT:
                continue
            wrong, missed = default - about, about - default
            if wrong or missed:
                print(
                    f"{label['split']} {label['corpus']}/{label['id']}: wrong {sorted(wrong)} missed {sorted(missed)}"
                )
                if args.show_tags:
                    for tag in result["tags"][label["corpus"], str(label["id"])]:
                        print(
                            f"    {tag.role:8} {tag.score:.2f} {tag.kind:7} {tag.name} ({tag.country_code}): {tag.evidence}"
                        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
