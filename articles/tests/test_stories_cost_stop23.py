"""The screen before compare (articles/stories/screen.py, read by articles/ingest/stories.py): it turns
down only pairs compare turns down, so grouping decides exactly as without it, for less CPU."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.ingest import stories as ingest_stories
from articles.models import Article, Story, StoryBand
from articles.stories.screen import may_match, sketch
from articles.stories.similarity import StoryText, compare

WIKINEWS = Path(__file__).resolve().parents[2] / "demo" / "wikinews.jsonl.gz"


def _wikinews(count: int) -> list[StoryText]:
    with gzip.open(WIKINEWS, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [StoryText(r.get("title") or "", r.get("body") or "") for r in rows[:count]]


def _variants(text: StoryText, rng: random.Random) -> list[StoryText]:
    """What outlets make of one story: cut at several points, a header on top, paragraphs moved, figures
    changed, words edited, a short notice, a lede alone."""
    paragraphs = [p for p in text.body.split("\n") if p.strip()]
    words = text.body.split()
    made = [StoryText(f"Copy: {text.title}", "\n\n".join(paragraphs[:cut])) for cut in (1, 2, 3, 5)]
    made.append(StoryText(text.title, "Photo: staff. Share this story.\n\n" + "\n\n".join(paragraphs[:4])))
    made.append(StoryText(text.title, "\n\n".join(paragraphs[1:] + paragraphs[:1])))
    made.append(StoryText(text.title, " ".join(w if not w[:1].isdigit() else "97" for w in words)))
    edited = list(words)
    for at in rng.sample(range(len(edited)), min(len(edited), max(1, len(edited) // 30))):
        edited[at] = "reportedly"
    made.append(StoryText(text.title, " ".join(edited)))
    made.append(StoryText(text.title, " ".join(words[:20])))
    made.append(StoryText(text.title, " ".join(words[:45]) + " More to follow."))
    return made


def test_the_screen_never_turns_down_a_pair_compare_accepts():
    rng = random.Random(23)
    texts = _wikinews(40)
    accepted = screened = 0
    for index, text in enumerate(texts):
        family = [text, *_variants(text, rng)]
        strangers = [texts[(index + step) % len(texts)] for step in (1, 7)]
        for new in family:
            for old in family + strangers:
                match = compare(new, old)
                passes = may_match(sketch(new), sketch(old))
                assert passes or match is None, (new.title, new.body[:80], old.body[:80])
                accepted += match is not None
                screened += not passes
    assert accepted > 1000  # the cut and edited copies were compared, and joined
    assert screened > 500  # and unrelated pairs were turned down before compare


def test_the_screen_lets_through_a_copy_cut_where_the_other_goes_on_and_identical_texts():
    story = _wikinews(3)[2].body.split()
    # The longer text opens with 40 words of its own and stops after the story's first 50; the shorter
    # runs on to 88: compare counts its share up to where the other stops (evidence.found_span).
    furniture = " ".join(f"menu{n}" for n in range(40))
    cut = StoryText("Elsewhere", furniture + " " + " ".join(story[:50]))
    whole = StoryText("Fire", " ".join(story[:88]))
    assert compare(whole, cut) is not None
    assert may_match(sketch(whole), sketch(cut)) and may_match(sketch(cut), sketch(whole))
    notice = StoryText(
        "Acme Corp sets dividend", "Qtly div 12 cts vs 12 cts prior Pay April 15 Record April 1"
    )
    assert may_match(sketch(notice), sketch(StoryText(notice.title, notice.body)))
    assert may_match(sketch(StoryText("A", "")), sketch(notice))  # compare decides empty bodies


@pytest.mark.django_db
def test_an_import_groups_alike_with_the_screen_and_without_it(monkeypatch):
    rng = random.Random(7)
    records = []
    for index, text in enumerate(_wikinews(12)):
        for number, variant in enumerate([text, *_variants(text, rng)[:6]]):
            records.append({"id": f"w{index}-{number}", "title": variant.title, "body": variant.body,
                            "published_at": f"2020-03-0{1 + number % 2}T{10 + index}:00:00Z"})  # fmt: skip
    data = "\n".join(json.dumps(r) for r in records).encode()

    def grouped():
        import_documents([InputDocument(name="w.jsonl", data=data)], tag=False)
        found = sorted(
            Article.objects.values_list(
                "external_id", "story__key", "story_role", "duplicate_of__external_id"
            )
        )
        Article.objects.all().delete()
        Story.objects.all().delete()
        return found

    calls = []
    real = ingest_stories.may_match
    monkeypatch.setattr(ingest_stories, "may_match", lambda a, b: calls.append(1) or real(a, b))
    screened = grouped()
    monkeypatch.setattr(ingest_stories, "may_match", lambda a, b: True)
    assert calls and screened == grouped()
    assert len({key for _, key, _, _ in screened}) < len(screened)  # copies did join stories


@pytest.mark.django_db
def test_a_band_key_read_for_its_newest_articles_only_when_bounded(monkeypatch):
    lede = " ".join(_wikinews(1)[0].body.split()[:60])
    records = [
        {"id": f"s{n}", "title": f"Item {n}", "body": f"{lede} Item {n} says more here."} for n in range(5)
    ]
    data = "\n".join(json.dumps(r) for r in records).encode()
    import_documents([InputDocument(name="s.jsonl", data=data)], tag=False)
    keys = list(StoryBand.objects.values_list("key", flat=True).distinct())
    every = ingest_stories._bands_of(keys)
    monkeypatch.setattr(ingest_stories, "KEY_ROWS", 2)
    bounded = ingest_stories._bands_of(keys)
    per_key = {}
    for key, article in every:
        per_key.setdefault(key, []).append(article)
    newest = {(key, article) for key, ids in per_key.items() for article in sorted(ids)[-2:]}
    assert max(map(len, per_key.values())) > 2 and set(bounded) == newest


def test_the_candidates_compared_do_not_depend_on_the_order_the_rows_came_in():
    # Twelve earlier articles share as many keys with a new one, more than CANDIDATES: which ten are
    # compared was Counter.most_common's pick, i.e. whichever rows the database returned first.
    from collections import Counter

    from articles.stories.similarity import CANDIDATES, top_candidates

    shares = {pk: (5 if pk % 3 else 9) for pk in range(100, 112)}
    forwards, backwards = Counter(), Counter()
    for pk in sorted(shares):
        forwards[pk] = shares[pk]
    for pk in sorted(shares, reverse=True):
        backwards[pk] = shares[pk]
    chosen = top_candidates(forwards)
    assert chosen == top_candidates(backwards)
    assert len(chosen) == CANDIDATES
    assert chosen[:4] == [111, 108, 105, 102]  # the most keys first; among equals, the latest
    assert chosen[4:] == [110, 109, 107, 106, 104, 103]
