"""What is counted or found once and read by key (issue 16): the home page's counts and each article's
"More like this" (articles.selectors.overview and .similar, their tasks and commands)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from articles.models import ArchiveOverview, Article, ImportBatch, SimilarArticles
from articles.selectors import overview, similar
from articles.tests.factories import make_article, make_place, make_source, make_topic, tag_place

pytestmark = pytest.mark.django_db

MISSILES = "NATO Patriot missiles bought for the allies' air defence."


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_reads_its_counts_from_one_row_every_worker_shares(client):
    economy = make_topic("Economy")
    make_article("Budget", topics=[economy], source=make_source("Wire"))
    overview.refresh_overviews()  # what an import leaves behind
    row = ArchiveOverview.objects.get(key="home")
    # Another worker's process would find the same row: the page shows what the row says.
    row.data = {**row.data, "article_count": 1234}
    row.save()
    page = text(client.get(reverse("articles:home")))
    assert "Search 1,234 archived articles" in page and ">Economy</a>" in page and ">Wire</a>" in page


def test_a_row_behind_the_archive_is_shown_and_a_recount_asked_for_once(client, monkeypatch):
    make_article("First")
    overview.refresh_overviews()
    make_article("Second")  # written behind the counts, outside the import
    asked = []
    overview.archive_overview(ask_refresh=lambda: asked.append(1))
    assert asked == []  # counted less than RECOUNT_EVERY ago
    monkeypatch.setattr(overview, "RECOUNT_EVERY", dt.timedelta(0))
    running = ImportBatch.objects.create(status=ImportBatch.Status.RUNNING, heartbeat_at=timezone.now())
    overview.archive_overview(ask_refresh=lambda: asked.append(1))
    assert asked == []  # an import is running: its end counts again
    running.delete()
    counts = overview.archive_overview(ask_refresh=lambda: asked.append(1))
    assert counts["article_count"] == 1 and asked == [1]
    overview.archive_overview(ask_refresh=lambda: asked.append(1))  # the same version: not again
    assert asked == [1]
    assert text(client.get(reverse("articles:home"))).count("Search 1 archived article<") == 1
    overview.refresh_overviews()
    assert overview.archive_overview()["article_count"] == 2


def test_an_import_counts_the_home_page_again_and_finds_its_articles_similar_ones(client):
    from articles.importers.records import InputDocument
    from articles.ingest import import_documents
    from articles.tasks import after_import

    make_article("Patriot missiles for NATO allies", body=MISSILES)
    records = [
        {"id": "a", "title": "NATO allies buy Patriot missiles", "body": MISSILES, "published_at": "2024-03-01"},
        {"id": "b", "title": "Harvest of wheat", "body": "Farmers bring in the wheat harvest.", "published_at": "2024-03-02"},
    ]  # fmt: skip
    data = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    report = import_documents([InputDocument("wire.jsonl", data)], tag=False)
    after_import(report.batch.pk)  # what the import task and command call (tasks run at once in tests)
    assert overview.archive_overview()["article_count"] == 3
    imported = Article.objects.get(title="NATO allies buy Patriot missiles")
    stored = SimilarArticles.objects.get(article=imported)
    assert [Article.objects.get(pk=pk).title for pk in stored.similar] == ["Patriot missiles for NATO allies"]
    assert SimilarArticles.objects.filter(article__title="Harvest of wheat").exists()
    page = text(client.get(imported.get_absolute_url()))
    assert "More like this" in page and "Patriot missiles for NATO allies" in page


def test_more_like_this_is_read_by_key_and_skips_articles_gone_or_copies(client):
    story = make_article("Patriot missiles for NATO", body=MISSILES)
    near = make_article("NATO buys Patriot missiles", body=MISSILES)
    gone = make_article("Allies order Patriot missiles", body=MISSILES)
    assert similar.find_similar([story.pk]) == 1
    assert set(SimilarArticles.objects.get(article=story).similar) == {near.pk, gone.pk}
    gone.delete()
    # A stored list is what the page shows, whatever the engine would find now.
    SimilarArticles.objects.filter(article=story).update(similar=[gone.pk, near.pk])
    assert similar.similar_articles(story) == [near]
    near.duplicate_of = story
    near.save()
    assert similar.similar_articles(story) == []


def test_an_article_not_yet_done_is_found_on_its_first_visit_and_stored(client):
    story = make_article("Patriot missiles for NATO", body=MISSILES)
    make_article("NATO buys Patriot missiles", body=MISSILES)
    assert not SimilarArticles.objects.filter(article=story).exists()
    assert "NATO buys Patriot missiles" in text(client.get(story.get_absolute_url()))
    assert SimilarArticles.objects.filter(article=story).exists()
    assert "NATO buys Patriot missiles" in text(client.get(story.get_absolute_url()))


def test_an_article_with_nothing_like_it_stores_an_empty_list_and_shows_no_heading(client):
    story = make_article("Patriot missiles for NATO", body=MISSILES)
    page = text(client.get(story.get_absolute_url()))
    assert "More like this" not in page
    assert SimilarArticles.objects.get(article=story).similar == []


def test_the_find_similar_command_does_the_missing_ones_newest_first(capsys):
    older = make_article("Patriot missiles for NATO", body=MISSILES)
    newer = make_article("NATO buys Patriot missiles", body=MISSILES)
    done = make_article("Allies order Patriot missiles", body=MISSILES)
    similar.find_similar([done.pk])
    call_command("find_similar", "--limit", "1")
    assert set(SimilarArticles.objects.values_list("article_id", flat=True)) == {done.pk, newer.pk}
    call_command("find_similar")
    assert SimilarArticles.objects.filter(article=older).exists()
    assert '"More like this" stored for 1 article.' in capsys.readouterr().out
    assert ArchiveOverview.objects.filter(key="home").exists()


def test_more_like_this_work_queued_first_never_holds_up_an_import_queued_after_it(settings):
    """The worker takes the highest priority first: an import queued behind hours of "More like this"
    (a big import at a million articles) still starts next."""
    from django_tasks_db.models import DBTaskResult

    from articles.tasks import find_similar_articles, run_import

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    find_similar_articles.enqueue([1, 2, 3])
    run_import.enqueue(1, "token")
    queued = DBTaskResult.objects.ready().values_list("task_path", flat=True)
    assert list(queued)[0] == "articles.tasks.run_import"


def test_the_import_command_counts_the_home_page_even_with_no_worker_running(client, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, never run
    make_article("Earlier", source=make_source("Wire"))
    overview.refresh_overviews()
    lines = [
        {
            "id": f"w{n}",
            "title": f"Story {n}",
            "body": "Text.",
            "source": "Daily Echo",
            "published_at": f"2024-05-0{n + 1}",
        }
        for n in range(2)
    ]
    path = tmp_path / "two.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    page = text(client.get(reverse("articles:home")))
    assert "Search 3 archived articles" in page and ">Daily Echo</a>" in page


def test_top_places_count_as_the_place_pages_do_places_within_included(client):
    # An article tagged only with a city counts for its region and country too, as their pages list it;
    # a passing mention counts for none of them; an exact copy counts, and is said, as the pages say it.
    country = make_place("Freedonia", kind="country")
    region = make_place("North Freedonia", parent=country, kind="region")
    city = make_place("Port Ville", parent=region, kind="city")
    first = make_article("Harbour reopens", places=[city])
    make_article("Region votes", places=[region])
    make_article("Copy of the harbour story", places=[city], duplicate_of=first)
    mentioned = make_article("Elsewhere, with a mention")
    tag_place(mentioned, country, "mention")
    counts = {place["slug"]: (place["n"], place["copies"]) for place in overview.top_places()}
    assert (counts["freedonia"], counts["north-freedonia"], counts["port-ville"]) == ((3, 1), (3, 1), (2, 1))
    assert overview.top_places(mentions=True)[0]["n"] == 4
    for slug, (n, copies) in counts.items():
        page = client.get(reverse("articles:place", args=[slug]))
        assert (page.context["search"].counts.matches, page.context["search"].counts.duplicates) == (
            n,
            copies,
        )


def test_the_home_count_includes_undated_articles_and_leaves_out_exact_copies(client):
    first = make_article("Dated")
    make_article("Undated", published_at=None)
    make_article("Exact copy", duplicate_of=first)
    overview.refresh_overviews()
    assert "Search 2 archived articles<" in text(client.get(reverse("articles:home")))


def test_a_source_that_ran_only_copies_counts_the_copies_it_ran(client):
    # An outlet that reprints the wire ran only exact copies: the sources page said "0 articles" and the
    # home page left it out, while its own page listed them. A source counts its copies, as a topic and a
    # place do (stop 27); the archive's total leaves them out, as the list of all articles does.
    wire, echo = make_source("Wire"), make_source("Daily Echo")
    first = make_article("Port closes", source=wire)
    make_article("Port closes", source=echo, duplicate_of=first)
    overview.refresh_overviews()
    home = text(client.get(reverse("articles:home")))
    assert "Search 1 archived article<" in home
    assert "Daily Echo 1 article (1 exact copy)" in strip_tags(home)
    sources = " ".join(text(client.get(reverse("articles:sources"))).split())
    assert "Daily Echo Publisher · 1 article (1 exact copy)" in " ".join(strip_tags(sources).split())
    assert 'Wire</a></h2> <p class="meta">Publisher · 1 article<' in sources
    assert "1 match (1 exact copy)" in strip_tags(text(client.get(echo.get_absolute_url())))
