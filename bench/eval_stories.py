"""Story grouping (issue 13): pairwise precision and recall on labelled pages, false merges on Reuters and BBC.

    .venv/bin/python bench/eval_stories.py pages [--pages DIR] [--show dev]
    .venv/bin/python bench/eval_stories.py pages --labels bench/story_labels_heldout.jsonl   # the second held-out set
    .venv/bin/python bench/eval_stories.py pages --labels bench/story_labels_heldout3.jsonl  # the third held-out set
    .venv/bin/python bench/eval_stories.py pages --labels bench/story_labels_heldout4.jsonl  # the fourth held-out set
    .venv/bin/python bench/eval_stories.py pages --labels bench/story_labels_heldout5.jsonl  # the fifth held-out set
    .venv/bin/python bench/eval_stories.py pages --labels bench/story_labels_heldout6.jsonl  # the sixth held-out set
    .venv/bin/python bench/eval_stories.py pages --labels bench/story_labels_heldout7.jsonl  # the seventh held-out set
    .venv/bin/python bench/eval_stories.py pages --labels bench/story_labels_heldout8.jsonl  # the eighth held-out set
    .venv/bin/python bench/eval_stories.py pages --part all   # story_labels.jsonl whole, one archive (stop 19's dev)
    .venv/bin/python bench/eval_stories.py corpus [--corpus reuters21578-train|bbc-dev] [--examples N]
    .venv/bin/python bench/eval_stories.py corpus --key-rows 16 --decisions OUT   # each key's newest 16 rows; every decision

Both replay an archive's imports: articles arrive in date order, each article's band keys
(articles.stories.similarity.band_keys) are looked up in an in-memory dict that mirrors the database's
band-key table, the CANDIDATES earlier articles sharing the most keys with it are compared with it
(similarity.compare; a version only within VERSION_WINDOW of its story's beginning), and the article
joins the story of the best match (highest similarity), or starts a story of its own: the rules the
archive's grouping applies (articles/ingest/stories.py).

`pages`: the crawled pages of bench/story_labels.jsonl (their text is not in the repository: it is read
from --pages, default $STORY_PAGES or /work/devpages/stories13, one file per page named by the SHA-1 of
its address) are parsed with the importer (articles.importers.parse_document), as the archive stores
them. The split was fixed before any tuning: a story is held out when the SHA-1 of its label is 0
modulo 3, unless its row names its part (`"split"`: bench/story_labels_heldout.jsonl, drawn and
labelled later, is all "heldout2", bench/story_labels_heldout3.jsonl all "heldout3",
bench/story_labels_heldout4.jsonl all "heldout4" and bench/story_labels_heldout5.jsonl all
"heldout5", bench/story_labels_heldout6.jsonl all "heldout6", bench/story_labels_heldout7.jsonl all
"heldout7"; every part up to heldout7 is development since stop 25, heldout7 having been scored once at stop
24; the set drawn at stop 25 (bench/story_labels_heldout8.jsonl, all "heldout8") is held out at stops 25 and 26 (only
its totals were ever printed): the lead scores it and prints its totals only, never its errors or matches; `--labels` reads one instead,
or several together when given more than once). Each
part is replayed as its own archive and scored on pairs of its pages: precision is the share of pairs
put in one story that are one story by the labels, recall the share of labelled pairs put in one story.

`corpus`: a corpus from ../shared/corpus (Reuters-21578 train, BBC dev). It has no story labels, so
every article put into a story is checked against the one it joined: the same words (after case,
punctuation and spacing are set aside) is a duplicate; anything else is counted as a merge of texts that
differ, and listed for a person to judge. Also times band_keys and compare (CPU milliseconds).
"""

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.importers import parse_document  # noqa: E402
from articles.importers.records import ArticleRecord, InputDocument  # noqa: E402
from articles.stories.similarity import (  # noqa: E402
    StoryText,
    band_keys,
    compare,
    known_until,
    outside_window,
    top_candidates,
    words,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).with_name("story_labels.jsonl")
# heldout2: story_labels_heldout.jsonl, heldout3: story_labels_heldout3.jsonl,
# heldout4: story_labels_heldout4.jsonl, heldout5: story_labels_heldout5.jsonl, heldout6:
# story_labels_heldout6.jsonl, heldout7: story_labels_heldout7.jsonl (every row's "split"; heldout7 development since stop 25),
# heldout8: story_labels_heldout8.jsonl (held out at stop 25)
PARTS = ["dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8"]
PAGES = Path(os.environ.get("STORY_PAGES", "/work/devpages/stories13"))
# ../shared/corpus beside the main checkout; a worktree under /work/wt names it with $STORY_CORPUS
CORPUS_DIR = Path(os.environ.get("STORY_CORPUS", ROOT.parent / "shared" / "corpus"))
# The rows read under one band key: its newest KEY_ROWS articles (articles.ingest.stories.KEY_ROWS, which
# this replay cannot import without Django; `--key-rows` sets it), None for all.
KEY_ROWS: int | None = None


class Archive:
    """Articles in arrival order, their band keys as the database table holds them, and their stories."""

    def __init__(self):
        self.texts: list[StoryText] = []
        self.story: list[int] = []
        self.began: dict[int, dt.datetime | None] = {}  # a story's beginning: its earliest article's time
        self.began_until: dict[int, dt.datetime | None] = {}  # ... up to which a date alone may stand for it
        self.joined: list[tuple[int, object] | None] = []  # (the article it matched, the Match)
        self.table: dict[int, list[int]] = defaultdict(list)
        self.cpu = {"keys": 0.0, "compare": 0.0, "compares": 0}
        self.merges = 0  # articles moved into another story by `merge`
        self.moved: list[tuple[int, int, int]] = []  # (article moved, story it went to, article that merged)

    def add(self, text: StoryText, at: dt.datetime | None = None, until: dt.datetime | None = None) -> int:
        """As the archive's grouping does (articles/ingest/stories.py): the CANDIDATES articles sharing
        the most band keys are compared, and a version must fall within VERSION_WINDOW of its story's
        beginning (a date known only to the day or month stands for any moment up to `until`)."""
        started = time.process_time()
        keys = band_keys(text)
        self.cpu["keys"] += time.process_time() - started
        shared: Counter = Counter()
        for key in set(keys):
            shared.update(self.table[key] if KEY_ROWS is None else self.table[key][-KEY_ROWS:])
        best = None
        matched = set()
        started = time.process_time()
        for other in top_candidates(shared):  # as the archive picks them: the latest first among equals
            match = compare(text, self.texts[other])
            self.cpu["compares"] += 1
            story = self.story[other]
            if (
                match
                and match.role == "version"
                and outside_window(at, self.began[story], at_until=until, began_until=self.began_until[story])
            ):
                match = None
            if match:
                matched.add(self.story[other])
            if match and (best is None or match.similarity > best[1].similarity):
                best = (other, match)
        self.cpu["compare"] += time.process_time() - started
        if len(matched) > 1:
            self.merge(matched)
        index = len(self.texts)
        self.texts.append(text)
        story = self.story[best[0]] if best else index
        self.story.append(story)
        began = self.began.get(story)
        self.began[story] = min(began, at) if began and at else began or at
        began_until, until = self.began_until.get(story), until or at
        self.began_until[story] = min(began_until, until) if began_until and until else began_until or until
        self.joined.append(best)
        for key in set(keys):
            self.table[key].append(index)
        return index

    def merge(self, stories: set[int]) -> None:
        """An article matching two stories merges them (stories._Stories): the one that began first
        keeps its articles and takes the others'."""
        never = dt.datetime.max.replace(tzinfo=dt.UTC)
        root = min(stories, key=lambda story: (self.began[story] or never, story))
        for index, story in enumerate(self.story):
            if story in stories and story != root:
                self.story[index] = root
                self.merges += 1
                self.moved.append((index, root, len(self.texts)))
        began = [self.began[story] for story in stories if self.began[story]]
        self.began[root] = min(began) if began else None
        until = [self.began_until[story] for story in stories if self.began_until[story]]
        self.began_until[root] = min(until) if until else None


def moment(value) -> dt.datetime | None:
    """A record's time as an aware datetime (a day alone is its midnight UTC), or None."""
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# Labelled pages ----------------------------------------------------------------------------------


def held_out(story: str) -> bool:
    return int(hashlib.sha1(story.encode()).hexdigest(), 16) % 3 == 0


def part_of(row: dict) -> str:
    """The row's own "split" when the manifest names one, else the rule fixed in round 1."""
    return row.get("split") or ("heldout" if held_out(row["story"]) else "dev")


def read_labels(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        if not path.exists():
            raise SystemExit(f"no manifest at {path}")
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def plain_record(data: bytes, name: str) -> ArticleRecord:
    """The page as plain text: its header's date, no headline, everything else the body (furniture too)."""
    text = data.decode("utf-8")
    match = re.match(r"\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)", text)
    return ArticleRecord(
        external_id=name, body=text[match.end() :] if match else text, extra={"date": match and match[1]}
    )


def read_pages(
    directory: Path, reader: str = "importer", labels: list[Path] | None = None
) -> list[tuple[dict, ArticleRecord]]:
    rows = read_labels(labels or [LABELS])
    pages, missing = [], []
    for row in rows:
        path = directory / (hashlib.sha1(row["address"].encode()).hexdigest() + ".txt")
        if not path.exists():
            missing.append(row["address"])
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            print(f"changed since it was labelled, skipped: {row['address']}", file=sys.stderr)
            continue
        if reader == "plain":
            record = plain_record(data, path.name)
        else:
            if reader == "importer-split":
                # The text after the header's date on a line of its own: the page parser today takes
                # it for the headline (or drops it), losing the story's first paragraph.
                data = re.sub(rb"^(\s*date\s+\d{4}-\d{2}(?:-\d{2})?)[ \t]+", rb"\1\n", data)
            record = next(iter(parse_document(InputDocument(name=path.name, data=data), tz="UTC")))
        if not isinstance(record, ArticleRecord):
            print(f"not parsed, skipped: {row['address']}: {record}", file=sys.stderr)
            continue
        pages.append((row, record))
    if missing:
        print(
            f"{len(missing)} of {len(rows)} pages missing from {directory}; scored without them",
            file=sys.stderr,
        )
    if not pages:
        raise SystemExit(f"no labelled pages in {directory} (set --pages or STORY_PAGES)")
    return pages


def arrival(record: ArticleRecord) -> str:
    when = record.published_at or record.published_date or record.extra.get("date")
    return str(when or "")


def decisions(out, names: list[str], archive: Archive) -> None:
    """Each article's story (named by its earliest article), the article it joined and how: two runs'
    files are the same when they grouped every article the same way."""
    first: dict[int, str] = {}
    for index, story in enumerate(archive.story):
        first.setdefault(story, names[index])
    for index, name in enumerate(names):
        best = archive.joined[index]
        joined = f"{names[best[0]]} {best[1].role} {best[1].similarity:.4f}" if best else "-"
        print(name, first[archive.story[index]], joined, file=out)


def score_pages(pages, show: bool, out=None) -> dict:
    pages = sorted(pages, key=lambda p: (arrival(p[1]), p[0]["address"]))
    archive = Archive()
    for _, record in pages:
        at = moment(record.published_at or record.published_date)
        archive.add(StoryText(record.title, record.body), at, known_until(at, record.date_precision))
    if out:
        decisions(out, [row["address"] for row, _ in pages], archive)
    tp = fp = fn = 0
    for i, j in combinations(range(len(pages)), 2):
        same = pages[i][0]["story"] == pages[j][0]["story"]
        grouped = archive.story[i] == archive.story[j]
        tp += same and grouped
        fp += grouped and not same
        fn += same and not grouped
        if show and same != grouped:
            print(
                f"  {'FALSE MERGE' if grouped else 'MISSED'}: {pages[i][0]['address']}\n      {pages[j][0]['address']}"
            )
    if show:
        for index, best in enumerate(archive.joined):
            if best:
                print(
                    f"  {pages[index][0]['address'][:70]} -> {pages[best[0]][0]['address'][:60]}: {best[1]}"
                )
    stories = len({p[0]["story"] for p in pages})
    return {
        "pages": len(pages),
        "stories": stories,
        "labelled_pairs": tp + fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "false_merges": fp,
        "missed": fn,
    }


def run_pages(args) -> None:
    global KEY_ROWS
    KEY_ROWS = args.key_rows
    out = args.decisions.open("w") if args.decisions else None
    pages = read_pages(Path(args.pages), args.reader, [Path(path) for path in args.labels or [LABELS]])
    found = {part_of(row) for row, _ in pages}
    for part in args.part or [part for part in PARTS if part in found] + sorted(found - set(PARTS)):
        chosen = [p for p in pages if part == "all" or part_of(p[0]) == part]
        if not chosen:
            print(part, "no pages", file=sys.stderr)
            continue
        result = score_pages(chosen, show=args.show == part, out=out)
        print(part, json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}))


# Corpora -----------------------------------------------------------------------------------------


def bands(merged) -> dict:
    """How many merges of differing texts fall in each band of the share of the shorter text found."""
    counted = {"0.00-0.60": 0, "0.60-0.90": 0, "0.90-1.00": 0}
    for _, (_, match) in merged:
        name = (
            "0.00-0.60" if match.similarity < 0.6 else "0.60-0.90" if match.similarity < 0.9 else "0.90-1.00"
        )
        counted[name] += 1
    return counted


def run_corpus(args) -> None:
    global KEY_ROWS
    KEY_ROWS = args.key_rows
    path = CORPUS_DIR / f"{args.corpus}.jsonl.gz"
    if not path.exists():
        raise SystemExit(f"{path} not found (the corpora live in ../shared/corpus)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    records.sort(key=lambda r: (r.get("date") or "", str(r["id"])))
    archive = Archive()
    started = time.perf_counter()
    for record in records:
        archive.add(
            StoryText(record.get("title") or "", record.get("body") or ""), moment(record.get("date"))
        )
    elapsed = time.perf_counter() - started
    if args.decisions:
        with args.decisions.open("w") as out:
            decisions(out, [str(r["id"]) for r in records], archive)
    same, differ = [], []
    for index, best in enumerate(archive.joined):
        if best:
            a, b = archive.texts[index], archive.texts[best[0]]
            (same if words(a.body) == words(b.body) else differ).append((index, best))
    n = len(records)
    roles = defaultdict(int)
    for _, best in differ:
        roles[best[1].role] += 1
    print(
        json.dumps(
            {
                "corpus": args.corpus,
                "articles": n,
                "joined_a_story": len(same) + len(differ),
                "same_words": len(same),
                "words_differ": len(differ),
                "words_differ_rate": round(len(differ) / n, 5),
                "words_differ_roles": dict(roles),
                "words_differ_by_share_found": bands(differ),
                "stories_of_2_or_more": len({archive.story[i] for i, _ in same + differ}),
                "moved_by_merges": archive.merges,
                "band_keys_ms": round(1000 * archive.cpu["keys"] / n, 3),
                "compares": archive.cpu["compares"],
                "compares_per_article": round(archive.cpu["compares"] / n, 2),
                "compare_ms": round(1000 * archive.cpu["compare"] / max(1, archive.cpu["compares"]), 3),
                "wall_s": round(elapsed, 1),
                "largest_key_rows": max((len(v) for v in archive.table.values()), default=0),
            }
        )
    )
    if args.band:
        low, high = args.band
        differ = [d for d in differ if low <= d[1][1].similarity < high]
    for index, root, by in archive.moved[: args.examples]:
        print(
            f"\n--- {records[index]['id']} moved to the story of {records[root]['id']} by {records[by]['id']}"
        )
        for shown in (index, root, by):
            text = archive.texts[shown]
            print(f"  {records[shown]['id']}: {text.title!r}: {text.body[: args.chars]!r}")
    for index, best in differ[: args.examples]:
        a, b = archive.texts[index], archive.texts[best[0]]
        print(
            f"\n--- {records[index]['id']} joined {records[best[0]]['id']}: {best[1].role}, {best[1].reason}"
        )
        print(f"  new: {a.title!r}: {a.body[: args.chars]!r}")
        print(f"  old: {b.title!r}: {b.body[: args.chars]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    pages = sub.add_parser("pages")
    pages.add_argument("--pages", default=str(PAGES))
    pages.add_argument(
        "--reader",
        choices=["importer", "importer-split", "plain"],
        default="importer",
        help="importer: as the archive stores a page; importer-split: the same with the header line's text "
        "moved to a line of its own; plain: the page's text whole, furniture and all",
    )
    pages.add_argument(
        "--labels",
        action="append",
        help=f"a manifest of labelled pages (default {LABELS.name}; give it twice to read two together)",
    )
    pages.add_argument("--show", choices=PARTS + ["all"], help="print the errors and matches of one part")
    pages.add_argument(
        "--part",
        choices=PARTS + ["all"],
        action="append",
        help="score only this part (while tuning: dev); all: every page read, replayed as one archive",
    )
    corpus = sub.add_parser("corpus")
    corpus.add_argument("--corpus", default="reuters21578-train")
    corpus.add_argument("--examples", type=int, default=20)
    corpus.add_argument("--chars", type=int, default=300)
    corpus.add_argument(
        "--band", type=float, nargs=2, help="list only merges whose share found is in [LOW, HIGH)"
    )
    for command in (pages, corpus):
        command.add_argument("--key-rows", type=int, help="read only each band key's newest N articles")
        command.add_argument("--decisions", type=Path, help="write every article's story and match here")
    args = parser.parse_args()
    run_pages(args) if args.command == "pages" else run_corpus(args)


if __name__ == "__main__":
    main()
