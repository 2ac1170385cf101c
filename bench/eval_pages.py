"""The page reader on crawled news pages, field by field (issue 14).

    .venv/bin/python bench/eval_pages.py [--labels PATH ...] [--pages DIR] [--quiet] [--seed DIR]

Reads every manifest in bench/page_labels/*.jsonl (or the --labels paths), the page text from --pages
(default $PAGES14_DIR or /work/devpages/pages14: page text is never committed; a page that is missing
is skipped and counted), parses each page with the importer (``importers.parse_document``, as an upload
would be) and scores it against its labels:

- headline, byline, dateline, source: compared after normalising case, quotes, dashes and whitespace
  (a byline as the set of names credited; a source through the agency names of ``wire.canonical_source``);
- date: to the precision the label gives ("2024-01-03", or "2024-01" when only the month is known);
- kind, language: exactly;
- body start: the body begins with the labelled first sentence; body end (only where the label says the
  body ends inside the stored page): the body ends with the labelled last sentence;
- refused: an "empty" page must be refused, any other page imported.

Which pages are HELD OUT: every page of a manifest given with ``--held-out PATH``, and every page of
set k (labeller "k", drawn at stop 24 while the parser was tuned on a-j) however it is given; with
``--host-split`` the stop-18 rule too, a page whose host has ``int(sha1(host).hexdigest(), 16) % 3 == 0``
(host lower-cased, a leading "www." removed). Sets a-j are all development from stop 24 on (d, e and f
were the held-out sets of stop 19, of stop 20's first round and of stop 20's second round, g and h those
of stop 21, i that of stop 22, j that of stop 23, each scored once there).
Development misses are listed (expected vs got); held-out pages are reported as totals only. The seed
page (../shared/seed) is checked too, on the 13 fields its tests pin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.importers import parse_document  # noqa: E402
from articles.importers.records import InputDocument, ParseFailure  # noqa: E402
from articles.importers.wire import AGENCIES, canonical_source  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABELS_DIR = ROOT / "bench" / "page_labels"
PAGES_DIR = Path(os.environ.get("PAGES14_DIR", "/work/devpages/pages14"))
SEED_DIR = ROOT.parent / "shared" / "seed"
FIELDS = ("refused", "headline", "date", "byline", "dateline", "source", "kind", "language", "body_start",
          "body_end")  # fmt: skip
TZ = "America/Toronto"


def host_key(host: str) -> str:
    host = host.strip().lower()
    return host[4:] if host.startswith("www.") else host


# the held-out set of the current stop (l, drawn at stop 25 and held out again at stop 26, its misses never listed;
# k, held out at stop 24, and every earlier set are development now): totals only
HELD_OUT_LABELLERS = {"l"}


def is_held_out(host: str) -> bool:
    return int(hashlib.sha1(host_key(host).encode()).hexdigest(), 16) % 3 == 0


def page_path(pages: Path, address: str) -> Path:
    return pages / f"{hashlib.sha1(address.encode()).hexdigest()}.txt"


def norm(text: str | None) -> str:
    """Case, quotes, dashes, spaces and a final full stop do not count."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[‘’‚‛′`´]", "'", text)
    text = re.sub(r"[“”„‟″«»]", '"', text)
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return text.rstrip(" .")


def names(byline: str | None) -> set[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b|\|)\s*", norm(byline))
    return {norm(canonical_source(re.sub(r"^by\s+", "", part).strip())) for part in parts if part.strip()}


def source_right(label: str, got: str) -> bool:
    """The agency or outlet credited, as the archive spells it. A page rarely prints its own site's name,
    and an import names the site (``default_source``), so no source found is right for the site's own
    story (a label that names no agency) and wrong for a credited agency."""
    if not got:
        return canonical_source(label) not in AGENCIES.values()
    label_key, got_key = norm(canonical_source(label)), norm(canonical_source(got))
    return label_key == got_key or got_key in label_key


def date_text(record) -> str:
    if record.published_at is not None:
        return record.published_at.date().isoformat()  # the day as printed, in the zone printed
    if record.published_date is None:
        return ""
    if record.date_precision == "month":
        return f"{record.published_date:%Y-%m}"
    return record.published_date.isoformat()


def parse(text: bytes, name: str):
    results = list(parse_document(InputDocument(name=name, data=text), tz=TZ))
    return results[0] if results else ParseFailure(name, "nothing read")


def score(label: dict, result) -> dict[str, tuple[bool, str, str]]:
    """field -> (right, expected, got) for every field the label lets us judge."""
    refused = isinstance(result, ParseFailure)
    empty = label.get("kind") == "empty"
    out = {"refused": (refused == empty, "refused" if empty else "imported",
                       f"refused: {result.message}" if refused else "imported")}  # fmt: skip
    if empty:
        return out
    rec = None if refused else result

    def got(attr: str) -> str:
        return "" if rec is None else (getattr(rec, attr, "") or "")

    if label.get("headline"):
        out["headline"] = (norm(label["headline"]) == norm(got("title")), label["headline"], got("title"))
    if label.get("date"):
        value = "" if rec is None else date_text(rec)
        out["date"] = (value == label["date"], label["date"], value)
    if label.get("byline") is not None:
        out["byline"] = (names(label["byline"]) == names(got("byline")), label["byline"], got("byline"))
    if label.get("dateline") is not None:
        out["dateline"] = (
            norm(label["dateline"]) == norm(got("dateline")),
            label["dateline"],
            got("dateline"),
        )
    if label.get("source") is not None:
        out["source"] = (source_right(label["source"], got("source")), label["source"],
                         got("source"))  # fmt: skip
    if label.get("kind"):
        out["kind"] = (label["kind"] == got("kind"), label["kind"], got("kind"))
    if label.get("language"):
        out["language"] = (label["language"] == got("language"), label["language"], got("language"))
    body = norm(got("body"))
    if label.get("body_first"):
        first = norm(label["body_first"])
        out["body_start"] = (body.startswith(first), label["body_first"], got("body")[: len(first) + 40])
    if label.get("body_ends_in_excerpt") and label.get("body_last"):
        last = norm(label["body_last"])
        out["body_end"] = (body.endswith(last), label["body_last"], got("body")[-(len(last) + 40) :])
    return out


def read_manifests(paths: list[Path], held_out: bool = False) -> list[dict]:
    labels = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    label = json.loads(line)
                    label["_where"] = f"{path.name}:{number}"
                    label["_held_out"] = held_out
                    labels.append(label)
    return labels


def development_pages(sets: str, pages: Path, field: str):
    """(set, label, text path) for each labelled page of the named sets whose label gives ``field`` and whose
    text is present. A held-out set is refused before any page is read (headline_loso.py, body_start_fit.py and
    standfirst_measure.py read their pages this way)."""
    held = [name for name in sets if name in HELD_OUT_LABELLERS]
    if held:
        raise SystemExit(f"set {', '.join(held)} is held out: not read here")
    for name in sets:
        for label in read_manifests([LABELS_DIR / f"{name}.jsonl"]):
            path = page_path(pages, label["address"])
            if label.get(field) and path.exists():
                yield name, label, path


def evaluate(labels: list[dict], pages: Path, host_split: bool = False) -> dict:
    totals = {part: defaultdict(lambda: [0, 0]) for part in ("development", "held-out")}
    misses: list[tuple[dict, str, str, str]] = []
    counts = {"development": 0, "held-out": 0, "missing": 0, "changed": 0}
    for label in labels:
        path = page_path(pages, label["address"])
        if not path.exists():
            counts["missing"] += 1
            continue
        data = path.read_bytes()
        if label.get("sha256") and hashlib.sha256(data).hexdigest() != label["sha256"]:
            counts["changed"] += 1
        # set k (labeller "k") is held out however it is given: its misses are never listed
        held = (
            label.get("_held_out")
            or label.get("labeller") in HELD_OUT_LABELLERS
            or (host_split and is_held_out(label.get("host") or ""))
        )
        part = "held-out" if held else "development"
        counts[part] += 1
        for name, (right, expected, got) in score(label, parse(data, path.name)).items():
            totals[part][name][0] += right
            totals[part][name][1] += 1
            if not right and part == "development":
                misses.append((label, name, str(expected), str(got)))
    return {"totals": totals, "misses": misses, "counts": counts}


def seed_checks(text: str, name: str) -> list[tuple[str, bool]]:
    """The 13 fields the seed page's tests pin (articles/tests/test_importers_page.py)."""
    from zoneinfo import ZoneInfo

    toronto = ZoneInfo(TZ)
    rec = parse(text.encode("utf-8"), name)
    if isinstance(rec, ParseFailure):
        return [("imported", False)]
    paragraphs = rec.body.split("\n\n")
    return [
        (
            "title",
            rec.title == "NATO to help buy 1,000 Patriot missiles to defend allies as Russia ramps up "
            "air assault on Ukraine",
        ),  # fmt: skip
        ("date", rec.published_date == dt.date(2024, 1, 3)),
        ("published_at", rec.published_at == dt.datetime(2024, 1, 3, 8, 50, tzinfo=toronto)),
        ("updated_at", rec.updated_at == dt.datetime(2024, 1, 3, 8, 56, tzinfo=toronto)),
        ("precision", rec.date_precision == "time"),
        ("byline", rec.byline == "The Associated Press"),
        ("source", rec.source == "The Associated Press"),
        ("dateline", rec.dateline == "BRUSSELS"),
        ("photo_credit", rec.photo_credit == "AP Photo/Efrem Lukatsky"),
        (
            "photo_caption",
            rec.photo_caption.startswith("Volunteers and residents clear debris")
            and "Copyright" not in rec.photo_caption,
        ),  # fmt: skip
        ("body_start", paragraphs[0].startswith("NATO announced Wednesday that it would help buy")),
        (
            "body_end",
            paragraphs[-1].endswith("as the war approaches its two-year mark.") and len(paragraphs) == 8,
        ),
        ("related", len(rec.related) == 9 and rec.links == ["https://apnews.com/hub/russia-ukraine"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, action="append", help="a manifest (repeatable); "
                        "default: bench/page_labels/*.jsonl")  # fmt: skip
    parser.add_argument(
        "--held-out",
        type=Path,
        action="append",
        default=[],
        help="a manifest whose pages are all held out (repeatable)",
    )
    parser.add_argument(
        "--host-split",
        action="store_true",
        help="hold out pages by the SHA-1 of their host (the stop-18 split)",
    )
    parser.add_argument("--pages", type=Path, default=PAGES_DIR, help="directory of the stored page text")
    parser.add_argument("--seed", type=Path, default=SEED_DIR, help="directory of the seed page(s)")
    parser.add_argument("--quiet", action="store_true", help="totals only, no list of development misses")
    parser.add_argument("--field", action="append", help="list the misses of these fields only")
    args = parser.parse_args()

    paths = args.labels or ([] if args.held_out else sorted(LABELS_DIR.glob("*.jsonl")))
    labels = read_manifests(paths) + read_manifests(args.held_out, held_out=True)
    result = evaluate(labels, args.pages, host_split=args.host_split)
    paths = paths + args.held_out
    counts = result["counts"]
    print(f"manifests: {', '.join(str(p) for p in paths) or 'none'}; pages from {args.pages}")
    print(f"{len(labels)} labelled pages: {counts['development']} development, {counts['held-out']} held out, "
          f"{counts['missing']} missing (skipped), {counts['changed']} whose text differs from its sha256")  # fmt: skip
    print()
    print(f"{'field':<12} {'development':>18} {'held-out':>18}")
    for name in FIELDS:
        cells = []
        for part in ("development", "held-out"):
            right, total = result["totals"][part][name]
            cells.append(f"{right}/{total} {100 * right / total:5.1f}%" if total else "-")
        print(f"{name:<12} {cells[0]:>18} {cells[1]:>18}")

    if not args.quiet and result["misses"]:
        print("\nDevelopment misses (expected | got):")
        for label, name, expected, got in result["misses"]:
            if args.field and name not in args.field:
                continue
            print(f"- {label['_where']} {label.get('host')} [{name}]\n    expected: {expected}"
                  f"\n    got:      {got}")  # fmt: skip

    seeds = sorted(args.seed.glob("*.txt")) if args.seed.is_dir() else []
    if not seeds:
        print(f"\nseed: no seed page in {args.seed} (skipped)")
        return 0
    ok = True
    for path in seeds:
        checks = seed_checks(path.read_text(encoding="utf-8"), path.name)
        right = sum(passed for _, passed in checks)
        wrong = [name for name, passed in checks if not passed]
        ok = ok and not wrong
        print(
            f"\nseed {path.name}: {right} of {len(checks)}"
            + (f" (wrong: {', '.join(wrong)})" if wrong else "")
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
