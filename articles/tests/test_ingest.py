"""The ingest service: idempotence, duplicates, failures among good documents, links, round trip."""

import gzip
import json

import pytest
from django.db import DatabaseError

from articles.exporting import iter_jsonl
from articles.importers.containers import iter_documents
from articles.importers.records import InputDocument
from articles.importers.text import MAX_ARTICLE_BYTES, TOO_LONG
from articles.ingest import import_documents, service, writer
from articles.models import (
    Article,
    ArticlePlace,
    ArticleTopic,
    ImportBatch,
    ImportItem,
    Place,
    RelatedLink,
    Source,
    SourceAlias,
    TagOrigin,
    Topic,
)

from .conftest import SEED_PAGE

pytestmark = pytest.mark.django_db


def jsonl(*records: dict) -> bytes:
    return "\n".join(json.dumps(r) for r in records).encode()


def doc(name: str, data: bytes) -> InputDocument:
    return InputDocument(name=name, data=data)


def story(n: int, **extra) -> dict:
    return {
        "id": f"test:{n}",
        "title": f"Story number {n} about harbour dredging",
        "body": f"Paragraph one of story {n}.\n\nParagraph two of story {n}.",
        "published_at": f"2024-02-0{n % 9 + 1}T10:00:00+00:00",
        **extra,
    }


def test_seed_page_is_stored_with_every_field(seed_bytes):
    report = import_documents([doc("000_de03b18f589e2f63.txt", seed_bytes)])
    assert report.summary() == "created 1, updated 0, unchanged 0, failed 0"
    article = Article.objects.get()
    assert article.title.startswith("NATO to help buy 1,000 Patriot missiles")
    assert article.source.name == "The Associated Press"
    assert article.source.kind == Source.Kind.AGENCY
    assert article.dateline == "BRUSSELS"
    assert article.photo_credit == "AP Photo/Efrem Lukatsky"
    assert article.body.startswith("NATO announced Wednesday")
    assert article.body.endswith("its two-year mark.")
    assert article.lede.startswith("NATO announced Wednesday")
    assert article.original == seed_bytes.decode("utf-8")
    assert article.word_count > 200
    assert article.batch == report.batch
    local = article.published_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Toronto"))
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2024, 1, 3, 8, 50)
    sections = list(article.related_links.values_list("section", flat=True))
    assert sections.count("Top Stories") == 4
    assert sections.count("Most Watched Today") == 5


def test_the_local_day_is_stored_for_timelines():
    import_documents([doc("a.jsonl", jsonl(story(1, published_at="2024-02-01T03:00:00+00:00"), story(2)))])
    days = dict(Article.objects.values_list("external_id", "published_on"))
    assert str(days["test:1"]) == "2024-01-31"  # 22:00 on 31 January in Toronto
    assert str(days["test:2"]) == "2024-02-03"


def test_importing_again_changes_nothing_and_a_changed_file_updates(seed_bytes):
    import_documents([doc("page.txt", seed_bytes)])
    first = Article.objects.get()
    again = import_documents([doc("page.txt", seed_bytes)])
    assert again.summary() == "created 0, updated 0, unchanged 1, failed 0"
    assert Article.objects.get().modified_at == first.modified_at

    changed = seed_bytes.replace(b"NATO provides only non-lethal", b"NATO supplies only non-lethal")
    report = import_documents([doc("page.txt", changed)])
    assert report.summary() == "created 0, updated 1, unchanged 0, failed 0"
    article = Article.objects.get()
    assert article.pk == first.pk
    assert "NATO supplies only non-lethal" in article.body
    assert article.related_links.count() == first.related_links.count()


def test_the_same_article_twice_in_one_batch_is_one_article():
    report = import_documents(
        [doc("a.jsonl", jsonl(story(1), story(1, title="Story one, corrected headline")))]
    )
    assert (report.created, report.updated) == (1, 1)
    assert Article.objects.get().title == "Story one, corrected headline"


def test_exact_duplicates_are_kept_and_pointed_at_the_first():
    wire = {"title": "Quake shakes coast", "body": "A strong earthquake shook the coast on Monday."}
    report = import_documents(
        [
            doc("a.jsonl", jsonl({"id": "site-a:1", **wire})),
            doc("b.jsonl", jsonl({"id": "site-b:9", **wire}, {"id": "site-c:3", **wire})),
        ]
    )
    assert report.created == 3 and report.duplicates == 2
    first = Article.objects.get(external_id="site-a:1")
    assert first.duplicate_of is None
    assert set(first.duplicates.values_list("external_id", flat=True)) == {"site-b:9", "site-c:3"}
    assert Article.objects.canonical().count() == 1


def test_a_bad_line_among_good_ones_fails_alone():
    data = jsonl(story(1)) + b"\n{not json at all\n" + jsonl(story(2)) + b'\n{"id": "x:1", "title": ""}\n'
    report = import_documents([doc("mixed.jsonl", data)])
    assert (report.created, report.failed) == (2, 2)
    failures = [item for item in report.items if item.status == "failed"]
    assert all(item.name.startswith("mixed.jsonl") for item in failures)
    assert all(item.message for item in failures)
    assert ImportItem.objects.filter(batch=report.batch, status="failed").count() == 2
    assert report.batch.failed == 2


def test_a_database_failure_fails_only_that_document(monkeypatch):
    real_store = writer.Writer._store

    def store(self, items):
        if any(item.record.title.startswith("Poison") for item in items):
            raise DatabaseError("simulated failure")
        return real_store(self, items)

    monkeypatch.setattr(writer.Writer, "_store", store)
    poison = story(3, title="Poison pill", topics=["harbours"])
    report = import_documents([doc("batch.jsonl", jsonl(story(1, topics=["harbours"]), poison, story(2)))])
    assert (report.created, report.failed) == (2, 1)
    assert not Article.objects.filter(title__startswith="Poison").exists()
    assert Article.objects.count() == 2
    assert ArticleTopic.objects.count() == 1
    failed = next(item for item in report.items if item.status == "failed")
    assert "simulated failure" in failed.message


def test_dry_run_writes_nothing_but_reports_what_would_happen(seed_bytes):
    import_documents([doc("a.jsonl", jsonl(story(1)))])
    report = import_documents(
        [doc("a.jsonl", jsonl(story(1), story(2))), doc("page.txt", seed_bytes)], dry_run=True
    )
    assert report.summary() == "created 2, updated 0, unchanged 1, failed 0"
    assert report.batch is None
    assert Article.objects.count() == 1
    assert ImportBatch.objects.count() == 1


def test_related_links_find_their_article_whichever_comes_first():
    page = story(1, related=[{"title": "Ferry strike ends", "section": "Top Stories", "age": "1h ago"}])
    import_documents([doc("a.jsonl", jsonl(page))])
    link = RelatedLink.objects.get()
    assert link.target is None
    import_documents(
        [doc("b.jsonl", jsonl({"id": "t:2", "title": "Ferry Strike Ends!", "body": "Crews return."}))]
    )
    link.refresh_from_db()
    assert link.target.title == "Ferry Strike Ends!"

    later = story(5, related=[{"title": "ferry strike ends", "section": "Most Read"}])
    import_documents([doc("c.jsonl", jsonl(later))])
    assert Article.objects.get(external_id="test:5").related_links.get().target == link.target


def test_editor_tags_survive_a_reimport_that_updates_imported_ones():
    import_documents([doc("a.jsonl", jsonl(story(1, topics=["shipping"], places=["halifax"])))])
    article = Article.objects.get()
    editor_topic = Topic.objects.create(name="Ports", slug="ports")
    ArticleTopic.objects.create(article=article, topic=editor_topic, origin=TagOrigin.EDITOR)

    import_documents([doc("a.jsonl", jsonl(story(1, topics=["fisheries"], places=["halifax"])))])
    tags = set(article.topic_tags.values_list("topic__slug", "origin"))
    assert tags == {("ports", "editor"), ("fisheries", "imported")}
    assert ArticlePlace.objects.get().place == Place.objects.get(slug="halifax")


def test_source_aliases_are_one_source():
    import_documents(
        [
            doc("a.jsonl", jsonl(story(1, source="AP"), story(2, source="The Associated Press"))),
            doc("b.jsonl", jsonl(story(3, source="associated press"))),
        ]
    )
    assert Source.objects.count() == 1
    assert Source.objects.get().name == "The Associated Press"


def test_nul_characters_and_overlong_fields_do_not_fail_the_import():
    record = story(1, byline="B" * 400, body="Text with a \x00 NUL in it.")
    report = import_documents([doc("a.jsonl", jsonl(record))])
    assert report.created == 1
    article = Article.objects.get()
    assert "\x00" not in article.body
    assert len(article.byline) == 300
    assert any("byline" in warning for warning in article.import_warnings)


def test_export_then_import_into_an_empty_archive_gives_the_same_articles(seed_bytes):
    # An empty archive still has what its migrations load: the IPTC topics and the gazetteer.
    reference_topics = set(Topic.objects.values_list("pk", flat=True))
    reference_places = set(Place.objects.values_list("pk", flat=True))
    import_documents(
        [
            doc("page.txt", seed_bytes),
            doc(
                "a.jsonl",
                jsonl(
                    story(
                        1, source="Reuters", topics=[{"name": "Shipping", "slug": "shipping", "score": 0.8}]
                    ),
                    story(
                        2,
                        places=[
                            {"name": "Halifax", "kind": "city", "country_code": "CA", "role": "dateline"}
                        ],
                    ),
                    {"id": "d:1", "title": "Day only", "body": "Text.", "date": "2020-05-17"},
                    {"id": "m:1", "title": "Month only", "body": "Text.", "published_at": "2020-06"},
                ),
            ),
        ]
    )
    article = Article.objects.get(external_id="test:1")
    ArticleTopic.objects.create(article=article, topic=Topic.objects.create(name="Ports", slug="ports"))

    def snapshot():
        articles = {}
        for a in Article.objects.order_by("external_id"):
            articles[a.external_id] = (
                a.title, a.body, a.lede, a.byline, a.dateline, a.published_at, a.date_precision,
                a.source_updated_at, a.source.name if a.source else "", a.photo_caption, a.photo_credit, a.url,
                a.links,
                sorted(a.topic_tags.values_list("topic__slug", "topic__name", "origin", "score")),
                sorted(a.place_tags.values_list("place__slug", "place__kind", "place__country_code", "role", "origin")),
                list(a.related_links.values_list("section", "kind", "title", "summary", "age", "duration", "url")),
            )  # fmt: skip
        return articles

    before = snapshot()
    exported = "".join(iter_jsonl(Article.objects.order_by("pk"))).encode()
    Article.objects.all().delete()
    Topic.objects.exclude(pk__in=reference_topics).delete()
    Place.objects.exclude(pk__in=reference_places).delete()
    Source.objects.all().delete()

    report = import_documents([doc("export.jsonl", exported)])
    assert report.summary() == "created 5, updated 0, unchanged 0, failed 0"
    assert snapshot() == before
    related = Article.objects.get(external_id__startswith="file:").related_links.all()
    assert len(related) == 9


def test_a_folder_zip_and_gzip_import_through_containers(tmp_path, seed_bytes):
    import gzip
    import zipfile

    (tmp_path / "site" / "deep").mkdir(parents=True)
    (tmp_path / "site" / "deep" / "page.txt").write_bytes(seed_bytes)
    (tmp_path / "lines.jsonl.gz").write_bytes(gzip.compress(jsonl(story(1), story(2))))
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as archive:
        archive.writestr("inner/one.json", json.dumps([story(3)]))
    report = import_documents(iter_documents([tmp_path]))
    assert report.summary() == "created 4, updated 0, unchanged 0, failed 0"


def reuters_sample(corpus, folder, count: int = 3000):
    """The corpus' first `count` stories and the one with neither title nor body (line 12,793), in a file
    of the corpus' own name (its records' keys come from it). Every line of the whole corpus is parsed by
    test_importers_jsonl.py::test_reuters_corpus_imports; a sample is enough to write (CI's time)."""
    with gzip.open(corpus / "reuters21578-train.jsonl.gz", "rt", encoding="utf-8") as whole:
        lines = [line for number, line in enumerate(whole, start=1) if number <= count or number == 12793]
    sample = folder / "reuters21578-train.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    return sample


@pytest.mark.postgresql_in_ci
def test_the_reuters_corpus_imports_as_it_is(corpus, tmp_path):
    sample = reuters_sample(corpus, tmp_path)
    report = import_documents(iter_documents([sample]))
    # One record of the corpus has neither title nor body: it is reported, not guessed at.
    assert (report.created, report.failed) == (3000, 1)
    assert report.duplicates > 10
    first = Article.objects.get(external_id="reuters21578-train:1")
    assert first.title == "BAHIA COCOA REVIEW"
    assert first.source.name == "Reuters"
    assert first.dateline == "SALVADOR, Feb 26"
    assert not first.body.rstrip().endswith("Reuter")
    imported = {"origin": "imported"}
    assert set(first.topic_tags.filter(**imported).values_list("topic__slug", flat=True)) == {"cocoa"}
    # The corpus' own place codes are matched to the gazetteer: "usa" is the United States.
    assert set(first.place_tags.filter(**imported).values_list("place__slug", flat=True)) == {
        "el-salvador",
        "united-states",
        "uruguay",
    }
    # And the article is tagged automatically too: cocoa trade is economy, business and finance.
    automatic = set(first.topic_tags.filter(origin="automatic").values_list("topic__slug", flat=True))
    assert "economy-business-and-finance" in automatic
    again = import_documents(iter_documents([sample]))
    assert (again.unchanged, again.created, again.updated) == (3000, 0, 0)


@pytest.mark.postgresql_in_ci
def test_the_bbc_and_wikinews_corpora_import(corpus):
    report = import_documents(iter_documents([corpus / "bbc-dev.jsonl.gz", corpus / "wikinews.jsonl.gz"]))
    assert report.failed == 0
    assert report.created == 1560 + 293
    assert (
        Topic.objects.filter(slug__in=["business", "sport", "tech", "politics", "entertainment"]).count() == 5
    )
    wiki = Article.objects.filter(url__contains="wikinews.org").first()
    assert wiki.source.name == "Wikinews"
    assert wiki.published_at is not None


def test_the_seed_file_is_the_shared_seed():
    shared = SEED_PAGE.parents[1].parent / "shared" / "seed" / SEED_PAGE.name
    if not shared.exists():
        pytest.skip("needs ../shared/seed")
    assert shared.read_bytes() == SEED_PAGE.read_bytes()


def test_a_big_json_lines_file_streamed_from_disk_imports_as_if_held_whole(tmp_path):
    too_long = b'{"title": "' + b"x" * MAX_ARTICLE_BYTES + b'"}'
    legacy = json.dumps(story(3, title="Caf\u00e9 owner wins the harbour award"), ensure_ascii=False)
    data = b"\n".join([jsonl(story(1)), b"{not json", too_long, legacy.encode("cp1252"), jsonl(story(2))])
    path = tmp_path / "big.jsonl"
    path.write_bytes(data)
    [document] = iter_documents([path])
    assert document.streamed

    held = import_documents([doc(str(path), data)], dry_run=True)
    streamed = import_documents([document])
    assert [(i.name, i.status, i.message, i.warnings) for i in streamed.items] == [
        (i.name, i.status, i.message, i.warnings) for i in held.items
    ]
    assert sorted((i.name.removeprefix(f"{path} "), i.message) for i in streamed.items if i.message) == [
        ("line 2", "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        ("line 3", TOO_LONG),
    ]
    assert (streamed.created, streamed.failed) == (3, 2)
    legacy_article = Article.objects.get(external_id="test:3")
    assert legacy_article.title == "Caf\u00e9 owner wins the harbour award"
    assert "not valid UTF-8; read as Windows-1252 (cp1252)" in legacy_article.import_warnings


def test_a_long_import_with_debug_on_does_not_keep_every_query(monkeypatch, settings):
    from django.db import connection

    settings.DEBUG = True
    monkeypatch.setattr(service, "CHUNK_SIZE", 10)
    report = import_documents([doc("many.jsonl", jsonl(*(story(n) for n in range(200))))], tag=False)
    assert report.created == 200
    # Twenty chunks of inserts, each logged in full with DEBUG on; only the last chunk's are kept.
    assert len(connection.queries) < 40


# -- what a dry run shows of each article (the admin's preview, issue 15) ---------------------------

PORT = {
    "id": "p:1",
    "title": "Storm closes port of Halifax",
    "body": "The storm closed the port of Halifax, Nova Scotia, on Wednesday. Ferries stayed in harbour.",
    "dateline": "HALIFAX",
    "date": "2024-01-03",
    "source": "Harbour Gazette",
    "topics": ["Shipping"],
    "places": [{"name": "Halifax", "slug": "halifax", "kind": "city", "country_code": "CA"}],
}


def stored_rows() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Source, SourceAlias, Topic, Place, ArticleTopic, ArticlePlace, ImportBatch)
    } | {"ImportItem": ImportItem.objects.count(), "RelatedLink": RelatedLink.objects.count()}


def test_a_dry_run_shows_the_source_date_and_tags_each_article_would_get_and_writes_nothing():
    import_documents([doc("a.jsonl", jsonl(story(1, source="AP")))], tag=False)  # "AP" exists now
    before = stored_rows()
    records = [
        PORT,
        {**PORT, "id": "p:2", "title": "Ferries resume", "date": "2024-01", "topics": [], "places": []},
        story(3, source="Associated Press"),  # an alias of the agency stored as "The Associated Press"
        story(4, source="Dockside Weekly", published_at="2024-02-05T10:00:00+00:00"),
    ]
    report = import_documents([doc("b.jsonl", jsonl(*records))], dry_run=True, tag=True)
    assert stored_rows() == before  # nothing written: no source, topic, place, tag, batch nor article

    assert report.new_sources == {"Harbour Gazette": 2, "Dockside Weekly": 1}
    details = {item.title: item.details for item in report.items}
    port, ferries = details[PORT["title"]], details["Ferries resume"]
    agency, dock = details[story(3)["title"]], details[story(4)["title"]]
    assert (port["source"], port["new_source"]) == ("Harbour Gazette", True)
    assert (agency["source"], agency["new_source"]) == ("The Associated Press", False)
    assert (port["published"][:10], port["precision"]) == ("2024-01-03", "day")
    assert ferries["precision"] == "month" and dock["precision"] == "time"
    assert {"name": "Shipping", "origin": "imported"} in port["topics"]
    assert {"name": "Halifax", "origin": "imported"} in port["places"]
    # Tagging on import is on: the automatic tags are shown too, an imported place not twice.
    assert [place["name"] for place in port["places"]].count("Halifax") == 1
    assert any(place["origin"] == "automatic" for place in port["places"] + ferries["places"])

    untagged = import_documents([doc("b.jsonl", jsonl(*records))], dry_run=True, tag=False)
    port = next(item.details for item in untagged.items if item.title == PORT["title"])
    assert all(tag["origin"] == "imported" for tag in port["topics"] + port["places"])


def test_a_big_dry_run_tags_only_the_articles_it_lists(monkeypatch):
    from articles.enrich.import_tagger import ImportTagger
    from articles.ingest import report as reporting

    monkeypatch.setattr(reporting, "REPORT_ITEM_LIMIT", 3)
    found = []
    real = ImportTagger.find
    monkeypatch.setattr(ImportTagger, "find", lambda self, row: found.append(row) or real(self, row))
    records = [story(n, id=f"big:{n}", source="New Wire") for n in range(1, 9)]
    report = import_documents([doc("big.jsonl", jsonl(*records))], dry_run=True, tag=True)
    assert report.created == 8 and len(found) == 3
    assert [item.details is not None for item in report.items] == [True, True, True]
    assert report.new_sources == {"New Wire": 8}  # counted over every article, listed or not
