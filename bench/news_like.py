"""A file of any size whose near-duplicates look like real news's, for grouping's import cost (issue 13).

    .venv/bin/python bench/news_like.py 100000 /work/devpages/<you>/news100k.jsonl
    .venv/bin/python bench/news_like.py 100000 OUT --share 0.0513 --sizes 2:694,3:22,4:2 --seed 1

bench/generate.py opens each of its articles with one of the corpus's 16,146 ledes, so at 100,000 every
lede comes back six times and its band keys are shared by unrelated articles: grouping's cost there is
the crowding's (stop 23, +705%), not real news's. Here every article's text is its own, and a measured
share of them copy an earlier one, the way copies and versions of news do:

- **distinct text**: an article takes the title and paragraphs of real stories as generate.py does (the
  title and first paragraph of one story, further paragraphs from stories of the same corpus and category),
  but a title or paragraph used before by the file has half its words replaced by words drawn from that
  category's text (REUSED_REPLACED): word frequencies and lengths stay real news's (its syntax does not),
  and two uses of one paragraph share about 1 in 8 of their shingles (1 in 60 for two replaced uses).
  The first use is verbatim, so the start of a file is real text;
- **stories**: an original starts a story with a probability chosen so that `--share` of all records are
  a story's later members, its size drawn from `--sizes`; each later member follows within WINDOW
  records, dated within SPREAD of the story's first (versions join only within 2 days), from another
  source, and is made from the story's latest member: its headline partly rewritten (half the members),
  cut after another paragraph (half), a few of a paragraph's words changed as figures are updated (two
  in five), a paragraph added (three in ten); with none of these it is an exact copy. These kinds are
  those the notes of the development story set name (bench/story_labels.jsonl: write-thrus, cuts,
  edited figures, sites' own headlines, paragraphs added); their shares are this file's choice;
- the defaults are real news's (`bench/real_news.py`'s 17,243 records imported with grouping: 4.31% of
  the articles joined a story, in stories of 2, 3 and 4 articles as `--sizes` gives): `compare` turns
  about one later member in six down (a short item under a rewritten headline, an edit it reads as
  another text), so 5.13% made gives 4.2% joined (docs/benchmarks.md, "Grouping's import cost: issue
  13, stop 28"). The labelled crawled story sets (story_labels*.jsonl: 697 pages in 419 stories, 40% of
  the pages in another's story) are the syndicated world's upper end: `--share 0.45 --sizes
  2:35,3:47,4:19,5:18,6:4` (not measured).

For one count and seed the file is always the same. Dates rise with the record's number over 2005-2024,
as real_news.py's file is in date order. The records carry no topics, places or dateline of their own
(real_news.py's Reuters records do). The corpus (`NA_CORPUS`, default /work/shared/corpus) is for
research and testing only: write the file outside the repository and never commit it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REUSED_REPLACED = 0.5  # of a reused title's or paragraph's words
WINDOW = 400  # records: a story's later members follow its first within this many
HEADLINE, CUT, EDIT, ADD = 0.5, 0.5, 0.4, 0.3  # chance of each change in a story's later member
EDITED = 0.05  # of an edited paragraph's words (figures updated, a word changed)
REWRITTEN = 0.3  # of a rewritten headline's words
SPREAD = 36 * 3600  # seconds: a later member appears within this of its story's first (versions: 2 days)
REAL_SHARE = 0.0513
REAL_SIZES = "2:694,3:22,4:2"


class NewsLike:
    def __init__(self, corpus, *, seed: int, count: int, share: float, sizes: dict[int, int]):
        from generate import MAX_PARAGRAPHS, SOURCES

        self.stories, self.groups, self.sources = corpus.stories, corpus.groups, SOURCES
        self.max_paragraphs = MAX_PARAGRAPHS
        self.rng = random.Random(seed)
        self.seed, self.count = seed, count
        self.used: set[tuple[int, int]] = set()  # (story, paragraph; -1 the title) already in the file
        self.words: dict[str, list[str]] = {}  # a category's text, word by word
        self.sizes, self.weights = list(sizes), list(sizes.values())
        extra = sum((size - 1) * n for size, n in sizes.items()) / sum(self.weights)
        # Each original starts a story with chance p; a story brings `extra` later members on average.
        self.start = share / ((1 - share) * extra)
        self.due: dict[int, int] = {}  # record number: story (its first record's number)
        self.latest: dict[int, tuple[str, list[str], str, int]] = {}  # story: title, paragraphs, group, left
        self.began: dict[int, dt.datetime] = {}  # story: its first record's date

    def records(self):
        for i in range(self.count):
            story = self.due.pop(i, None)
            if story is None:
                title, paragraphs, group = self._original()
                if self.rng.random() < self.start:
                    size = self.rng.choices(self.sizes, self.weights)[0]
                    self.latest[i] = (title, paragraphs, group, size - 1)
                    for _ in range(size - 1):
                        self._schedule(i + self.rng.randint(1, WINDOW), i)
            else:
                title, paragraphs, group = self._member(story)
            yield self._record(i, title, paragraphs, story)

    def _schedule(self, position: int, story: int) -> None:
        while position in self.due:
            position += 1
        self.due[position] = story  # beyond the end: never made (a story cut off by the file's end)

    def _original(self) -> tuple[str, list[str], str]:
        number = self.rng.randrange(len(self.stories))
        story = self.stories[number]
        group = self.groups[story.group]
        parts = [(number, -1, story.title), (number, 0, story.paragraphs[0])]
        for _ in range(min(len(story.paragraphs), self.max_paragraphs) - 1):
            other = group[self.rng.randrange(len(group))]
            which = self.rng.randrange(len(self.stories[other].paragraphs))
            parts.append((other, which, self.stories[other].paragraphs[which]))
        texts = []
        for other, which, text in parts:
            if (other, which) in self.used:
                text = self._replaced(text, story.group, REUSED_REPLACED)
            self.used.add((other, which))
            texts.append(text)
        return texts[0], texts[1:], story.group

    def _member(self, story: int) -> tuple[str, list[str], str]:
        title, paragraphs, group, left = self.latest.pop(story)
        paragraphs = list(paragraphs)
        if self.rng.random() < HEADLINE:
            title = self._replaced(title, group, REWRITTEN)
        if len(paragraphs) > 1 and self.rng.random() < CUT:
            paragraphs = paragraphs[
                : self.rng.randint(max(1, math.ceil(len(paragraphs) * 0.3)), len(paragraphs) - 1)
            ]
        if self.rng.random() < EDIT:
            which = self.rng.randrange(len(paragraphs))
            paragraphs[which] = self._replaced(paragraphs[which], group, EDITED)
        if self.rng.random() < ADD:
            _, added, _ = self._original()
            paragraphs.insert(self.rng.randint(1, len(paragraphs)), added[0])
        if left > 1:
            self.latest[story] = (title, paragraphs, group, left - 1)
        return title, paragraphs, group

    def _replaced(self, text: str, group: str, share: float) -> str:
        pool = self.words.get(group)
        if pool is None:
            pool = self.words[group] = [
                word for n in self.groups[group] for p in self.stories[n].paragraphs for word in p.split()
            ]
        return " ".join(
            pool[self.rng.randrange(len(pool))] if self.rng.random() < share else word
            for word in text.split()
        )

    def _record(self, i: int, title: str, paragraphs: list[str], story: int | None) -> dict:
        from generate import FIRST_DAY, SECONDS

        if story is None:
            published = FIRST_DAY + dt.timedelta(seconds=SECONDS * i // self.count + self.rng.randrange(600))
            if i in self.latest:
                self.began[i] = published
        else:
            published = self.began[story] + dt.timedelta(seconds=self.rng.randrange(SPREAD))
            if story not in self.latest:
                del self.began[story]
        name, domain = self.sources[
            min(int(len(self.sources) * self.rng.random() ** 2), len(self.sources) - 1)
        ]
        slug = "-".join(title.lower().split()[:8])
        return {
            "id": f"newslike-{self.seed}-{i}",
            "title": title,
            "body": "\n\n".join(paragraphs),
            "published_at": published.isoformat(),
            "source": name,
            "url": f"https://{domain}/{published:%Y/%m/%d}/{slug}-{i}",
            "language": "en",
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--share", type=float, default=REAL_SHARE, help="of the records joining a story")
    parser.add_argument("--sizes", default=REAL_SIZES, help="stories of 2+ records by size: SIZE:N,...")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    os.environ.setdefault("NA_CORPUS", "/work/shared/corpus")  # generate.py's default is beside /work/main
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from generate import read_corpus

    sizes = {int(size): int(n) for size, n in (part.split(":") for part in args.sizes.split(","))}
    maker = NewsLike(read_corpus(), seed=args.seed, count=args.count, share=args.share, sizes=sizes)
    with args.out.open("w", encoding="utf-8") as out:
        for record in maker.records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{args.out}: {args.count:,} records")


if __name__ == "__main__":
    main()
