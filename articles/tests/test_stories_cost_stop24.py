"""The band-key look-up reads each key's newest KEY_ROWS articles by default (issue 13, stop 24), so the
rows read for a new article do not grow with the archive; a copy of a recent article still joins it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.ingest import stories as ingest_stories
from articles.models import Article, StoryBand, StoryRole

WIKINEWS = Path(__file__).resolve().parents[2] / "demo" / "wikinews.jsonl.gz"


def _body() -> str:
    with gzip.open(WIKINEWS, "rt", encoding="utf-8") as handle:
        row = json.loads(handle.readline())
    return " ".join(row["body"].split()[:80])


@pytest.mark.django_db
def test_the_look_up_is_bounded_by_default_and_a_copy_still_joins_its_story():
    bound = ingest_stories.KEY_ROWS
    assert bound is not None
    body = _body()
    # More articles sharing the same opening than the bound: every key's list is longer than KEY_ROWS.
    records = [
        {"id": f"s{n}", "title": f"Item {n}", "body": f"{body} Item {n} adds its own closing line here.",
         "published_at": f"2020-03-{1 + n // 10:02d}T{n % 10:02d}:00:00Z"}
        for n in range(bound + 4)
    ]  # fmt: skip
    import_documents(
        [InputDocument(name="s.jsonl", data="\n".join(map(json.dumps, records)).encode())], tag=False
    )
    keys = list(StoryBand.objects.values_list("key", flat=True).distinct())
    per_key: dict[int, list[int]] = {}
    for key, article in ingest_stories._bands_of(keys):
        per_key.setdefault(key, []).append(article)
    assert per_key and max(map(len, per_key.values())) == bound
    # An exact copy of the latest article, imported later, still finds it.
    latest = records[-1]
    copy = {**latest, "id": "copy", "published_at": "2020-03-09T12:00:00Z"}
    import_documents([InputDocument(name="c.jsonl", data=json.dumps(copy).encode())], tag=False)
    article = Article.objects.get(external_id__endswith=":copy")
    assert article.story_role == StoryRole.COPY
    assert article.story_id == Article.objects.get(external_id__endswith=f":{latest['id']}").story_id
