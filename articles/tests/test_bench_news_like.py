"""bench/news_like.py, the file grouping's import cost is measured on (issue 13, stop 28): no article's
opening is another's unless it copies it, and the share of copies and versions is the one asked for."""

import datetime as dt
import sys

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402
import news_like  # noqa: E402


def made(tmp_path, count=1200, share=0.1, seed=1, corpus=None):
    corpus = corpus or generate.read_corpus(tmp_path)  # none there: the committed Wikinews demo (293 stories)
    maker = news_like.NewsLike(corpus, seed=seed, count=count, share=share, sizes={2: 3, 3: 1})
    return list(maker.records())


def test_openings_are_not_reused_but_copies_follow_their_story(tmp_path):
    corpus = generate.read_corpus(tmp_path)
    records = made(tmp_path, corpus=corpus)
    # Paragraphs the corpus itself repeats (Wikinews's review notice) come back as they are, as in real news.
    seen, repeated = set(), set()
    for story in corpus.stories:
        for paragraph in set(story.paragraphs):
            (repeated if paragraph in seen else seen).add(paragraph)
    by_opening = {}
    for record in records:
        opening = record["body"].split("\n\n")[0]
        if len(opening.split()) >= 10 and opening not in repeated:  # (a short one may keep its words)
            by_opening.setdefault(opening, []).append(record)
    # 1,200 articles from 293 stories: generate.py's way would open four articles with each lede.
    reused = [group for group in by_opening.values() if len(group) > 1]
    members = sum(len(group) - 1 for group in reused)
    assert 0.05 * len(records) < members < 0.15 * len(records)
    for group in reused:  # one story's, within two days of its first (versions are joined within two)
        dates = [dt.datetime.fromisoformat(record["published_at"]) for record in group]
        assert max(dates) - min(dates) < dt.timedelta(days=2)


def test_one_seed_makes_one_file_and_another_seed_another(tmp_path):
    assert made(tmp_path, count=300) == made(tmp_path, count=300)
    assert made(tmp_path, count=300) != made(tmp_path, count=300, seed=2)
