"""An import's rows written in bulk (articles/models/bulk.py, articles/ingest/rows.py: COPY on PostgreSQL,
executemany on SQLite) are the rows the ORM's bulk_create wrote: the same articles, tags and import
report; a chunk the database refuses leaves none of its rows; undo removes them all, and ids go on."""

from __future__ import annotations

import json
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from articles import fulltext
from articles.importers.records import InputDocument
from articles.ingest import import_documents, matching, rows
from articles.ingest.undo import undo_batch
from articles.models import (
    Article,
    ArticlePlace,
    ArticleTopic,
    ImportBatch,
    ImportItem,
    RelatedLink,
    Story,
    StoryBand,
    TagOrigin,
    bulk,
)
from articles.tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "BRUSSELS (Reuters) - European Union farm ministers agreed on Tuesday to cut cocoa import duties "
    "from Ghana and the Ivory Coast, officials in Brussels said after a meeting that ran into the night.",
    "The cut, worth about 40 million euros a year to exporters, takes effect in March. France and Belgium "
    "had pressed for it since the autumn, while Germany asked for a review after two years.",
    "Cocoa futures in London rose two per cent on the news, traders said, before easing in late trading.",
]


def record(n: int, **more) -> dict:
    return {
        "id": f"rows:{n}",
        "title": f"EU cuts cocoa duties, round {n}",
        "body": "\n\n".join(PARAGRAPHS).replace("40 million", f"{40 + n} million"),
        "published_at": f"2024-03-{n % 27 + 1:02d}T10:00:00+01:00",
        "source": "Reuters",
        "dateline": "BRUSSELS",
        "topics": ["cocoa", {"name": "Trade", "slug": "trade", "score": 0.5, "evidence": "duties"}],
        "places": ["belgium", {"name": "Ghana", "slug": "ghana", "role": "about"}],
        "related": [{"title": f"EU cuts cocoa duties, round {n + 1}"}, {"title": "Cocoa prices"}],
        "url": "ftp://not-a-web-address" if n % 5 == 0 else f"https://example.org/{n}",
        "desk": {"shift": n},  # a field the importer does not know: kept in `extra`
        **more,
    }


RECORDS = [record(n) for n in range(1, 13)] + [
    {**record(1), "id": "rows:copy", "source": "AP"},  # the same text again: a copy in the same story
    {"id": "rows:undated", "title": "Undated brief", "body": "Short."},
    {"id": "rows:bad-date", "title": "Far future", "body": "x", "published_at": "9000-01-01"},  # fails
]
CHANGED = [{**record(2), "title": "EU cuts cocoa duties further"}, record(40)]


def run(records: list[dict], name: str = "rows.jsonl", **options):
    data = "\n".join(json.dumps(r) for r in records).encode()
    return import_documents([InputDocument(name=name, data=data)], **options)


def orm_insert_rows(model, columns, values):
    """The writers as they were: model instances through bulk_create."""
    model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in values])


def orm_insert_ignoring_conflicts(model, columns, values, *, unique):
    objects = [model(**dict(zip(columns, row, strict=True))) for row in values]
    model.objects.bulk_create(objects, ignore_conflicts=True)


def orm_create_articles(items):
    created = Article.objects.bulk_create([Article(**item.fields) for item in items])
    for item, article in zip(items, created, strict=True):
        item.existing_id = article.pk


@contextmanager
def through_the_orm():
    with (
        mock.patch.object(rows, "create_articles", orm_create_articles),
        mock.patch.multiple(
            bulk, insert_rows=orm_insert_rows, insert_ignoring_conflicts=orm_insert_ignoring_conflicts
        ),
    ):
        yield


# Ids and times differ from one import to the next; what they point at is compared instead.
LEFT_OUT = {"id", "created_at", "modified_at", "batch", "story", "duplicate_of", "source"}


def archive() -> dict:
    """What a reader and an editor see of the archive: articles, their tags, links, stories, the report."""
    names = [f.attname for f in Article._meta.concrete_fields if f.name not in LEFT_OUT]
    articles = {
        row["external_id"]: row
        for row in Article.objects.values(
            *names,
            "batch__created",  # which import wrote it last: a batch is told apart by its counts here
            "source__name",
            "story__key",
            "story__article_count",
            "duplicate_of__external_id",
        )
    }
    return {
        "articles": articles,
        "topics": sorted(
            ArticleTopic.objects.values_list(
                "article__external_id", "topic__slug", "origin", "score", "evidence"
            )
        ),
        "places": sorted(
            ArticlePlace.objects.values_list(
                "article__external_id", "place__slug", "origin", "role", "score", "count", "evidence"
            )
        ),
        "links": sorted(
            RelatedLink.objects.values_list(
                "article__external_id", "position", "title", "target__external_id"
            )
        ),
        "bands": sorted(StoryBand.objects.values_list("article__external_id", "key")),
        "report": sorted(
            (row[0], row[1], row[2] or "", row[3], json.dumps(row[4]), json.dumps(_comparable(row[5])))
            for row in ImportItem.objects.values_list(
                "name", "status", "article__external_id", "message", "warnings", "previous"
            )
        ),
        "batches": sorted(
            ImportBatch.objects.values_list("created", "updated", "unchanged", "failed", "duplicates")
        ),
        "found": {word: _found(word) for word in ("cocoa", "undated", "round")},
    }


def _comparable(previous: dict | None) -> dict | None:
    if previous is None:
        return None
    fields = {k: v for k, v in previous["fields"].items() if k not in ("batch_id", "story_id", "modified_at")}
    links = [{k: v for k, v in link.items() if k != "target_id"} for link in previous["links"]]
    return {**previous, "fields": fields, "links": links}


def _found(word: str) -> list[str]:
    return sorted(fulltext.search(Article.objects.all(), word).values_list("external_id", flat=True))


def clear() -> None:
    Article.objects.all().delete()
    ImportBatch.objects.all().delete()
    Story.objects.all().delete()


def imported(*runs: list[dict]) -> dict:
    for records in runs:
        run(records)
    return archive()


def test_articles_tags_and_report_are_those_the_orm_wrote():
    with through_the_orm():
        before = imported(RECORDS, CHANGED)
    clear()
    after = imported(RECORDS, CHANGED)
    assert after["batches"] == [(1, 1, 0, 0, 0), (14, 0, 0, 1, 1)]
    assert len(after["articles"]) == 15
    assert after["found"]["cocoa"] and after["found"]["undated"] == ["rows:undated"]
    assert {origin for *_, origin, _, _ in after["topics"]} == {TagOrigin.IMPORTED, TagOrigin.AUTOMATIC}
    assert any(previous != "null" for *_, previous in after["report"])  # the update kept what it was
    for part in before:
        assert after[part] == before[part], part


def test_a_chunk_the_database_refuses_leaves_none_of_its_rows():
    good = RECORDS[:12]
    expected = imported(good)
    clear()
    refused = record(99, id="rows:refused")
    store_related = matching.store_related

    def refuse(items, **options):
        # After the articles, tags and band rows of the chunk are written: the chunk fails whole, then
        # each record is written alone and only the refused one fails.
        if any(item.fields["external_id"] == refused["id"] for item in items):
            raise IntegrityError("refused")
        return store_related(items, **options)

    with mock.patch.object(matching, "store_related", refuse):
        report = run([*good[:6], refused, *good[6:]])
    assert report.summary() == "created 12, updated 0, unchanged 0, failed 1"
    after = archive()
    assert ("rows.jsonl line 7 (id rows:refused)", "failed") in {row[:2] for row in after["report"]}
    # Written one by one, an article says it copies one "already in the archive", not "earlier in this
    # import": the report's messages differ, its rows do not (nor the lines after the refused one).
    assert sorted(row[1:3] for row in after.pop("report") if row[1] != "failed") == sorted(
        row[1:3] for row in expected.pop("report")
    )
    after["batches"] = expected["batches"]
    assert after == expected


def test_undo_removes_every_row_and_new_articles_take_new_ids():
    first = run(RECORDS)
    before = archive()
    second = run(CHANGED)
    undo_batch(second.batch)
    restored = archive()
    assert restored["articles"] == before["articles"]
    assert (restored["topics"], restored["places"], restored["bands"]) == (
        before["topics"],
        before["places"],
        before["bands"],
    )
    highest = Article.objects.order_by("-pk").values_list("pk", flat=True)[0]
    undo_batch(first.batch)
    assert not Article.objects.exists()
    assert not (ArticleTopic.objects.exists() or ArticlePlace.objects.exists() or StoryBand.objects.exists())
    assert not (RelatedLink.objects.exists() or Story.objects.filter(article_count__gt=0).exists())
    # After rows written by COPY with ids the database gave, its sequence gives the next ones.
    by_hand = make_article("Written by an editor")
    again = run(CHANGED)
    assert by_hand.pk > highest
    assert min(Article.objects.filter(batch=again.batch).values_list("pk", flat=True)) > by_hand.pk


def test_an_editors_tag_stays_when_automatic_tags_of_the_same_topic_are_written():
    article, other = make_article("Cocoa duties"), make_article("Cocoa prices")
    cocoa, trade = make_topic("Cocoa"), make_topic("Trade")
    ArticleTopic.objects.create(article=article, topic=cocoa, origin=TagOrigin.EDITOR)
    automatic = TagOrigin.AUTOMATIC.value
    written = [
        (article.pk, cocoa.pk, automatic, 0.9, "cocoa"),
        (article.pk, trade.pk, automatic, 0.5, "duties"),
        (other.pk, cocoa.pk, automatic, 0.8, "cocoa"),
        (other.pk, cocoa.pk, automatic, 0.7, "cocoa again"),  # the same tag twice: the first wins
    ]
    # Read as they are, and as if the editor's tag came in between reading the stored tags and writing.
    for stored in ({"read": True}, {"read": False}):
        ArticleTopic.objects.exclude(origin=TagOrigin.EDITOR).delete()
        keys = bulk._stored_keys if stored["read"] else (lambda *args: set())
        with mock.patch.object(bulk, "_stored_keys", keys):
            bulk.insert_ignoring_conflicts(
                ArticleTopic,
                ("article_id", "topic_id", "origin", "score", "evidence"),
                written,
                unique=("article_id", "topic_id"),
            )
        tags = sorted(ArticleTopic.objects.values_list("article_id", "topic_id", "origin", "evidence"))
        assert tags == sorted(
            [
                (article.pk, cocoa.pk, TagOrigin.EDITOR, ""),
                (article.pk, trade.pk, automatic, "duties"),
                (other.pk, cocoa.pk, automatic, "cocoa"),
            ]
        )


def test_rows_the_database_refuses_leave_none_written_and_the_import_goes_on():
    article, cocoa, trade = make_article("Cocoa duties"), make_topic("Cocoa"), make_topic("Trade")
    ArticleTopic.objects.create(article=article, topic=cocoa, origin=TagOrigin.EDITOR)
    written = [
        (article.pk, trade.pk, "automatic", 0.5, "duties"),
        (article.pk, cocoa.pk, "automatic", 0.9, ""),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert_rows(ArticleTopic, ("article_id", "topic_id", "origin", "score", "evidence"), written)
    assert list(ArticleTopic.objects.values_list("topic_id", "origin")) == [(cocoa.pk, TagOrigin.EDITOR)]
    report = run(RECORDS[:2])
    assert report.summary() == "created 2, updated 0, unchanged 0, failed 0"
