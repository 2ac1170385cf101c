"""Editors' changes survive re-imports: the fields an editor changed in the admin keep their values when
the article's file is imported again with other text, and the admin says so and can give them back."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article, FieldEdit
from articles.tests.test_admin import form_data

pytestmark = pytest.mark.django_db


def record(**fields) -> bytes:
    base = {
        "id": "wire-1",
        "title": "Ferries cancelled after storm",
        "body": "All crossings to the islands are off until Friday, the ferry company said on Monday.",
        "published_at": "2024-03-04T09:00:00+00:00",
        "byline": "By A. Reporter",
        "source": "Island Post",
    }
    return (json.dumps(base | fields) + "\n").encode()


def load(data: bytes):
    return import_documents([InputDocument("wire.jsonl", data)], tag=False)


def edit(client, article, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url), "article_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""


def test_a_reimport_keeps_the_editors_title_and_updates_the_rest(admin_client):
    load(record())
    article = Article.objects.get()
    edit(admin_client, article, title="Storm cancels island ferries")
    assert list(FieldEdit.objects.values_list("field", flat=True)) == ["title"]

    report = load(record(body="All crossings are off until Sunday, the company said.", byline="By B. Writer"))
    article.refresh_from_db()
    assert report.updated == 1
    assert article.title == "Storm cancels island ferries"
    assert article.body == "All crossings are off until Sunday, the company said."
    assert article.byline == "By B. Writer"
    assert article.word_count == 9
    [item] = report.items
    assert "kept the editor's changes to title" in item.message


def test_an_edited_body_is_what_the_article_keeps_and_is_counted_from(admin_client):
    load(record())
    article = Article.objects.get()
    edit(admin_client, article, body="Corrected: crossings resume on Thursday.", byline="By C. Editor")
    assert set(FieldEdit.objects.values_list("field", flat=True)) == {"body", "byline"}

    load(record(title="Ferries still cancelled", body="Crossings stay off, the ferry company said again."))
    article.refresh_from_db()
    assert (article.title, article.body, article.byline) == (
        "Ferries still cancelled",
        "Corrected: crossings resume on Thursday.",
        "By C. Editor",
    )
    assert article.word_count == 5


def test_the_change_page_lists_kept_fields_and_the_action_gives_them_back(admin_client):
    load(record())
    article = Article.objects.get()
    edit(admin_client, article, title="Storm cancels island ferries")
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Kept over re-imports" in page and "A re-import of this article keeps these values" in page

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "give_back_to_import", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "1 edited field given back" in response.content.decode()
    load(record(title="Ferries cancelled after big storm"))
    article.refresh_from_db()
    assert article.title == "Ferries cancelled after big storm"


def test_saving_without_changes_records_nothing(admin_client):
    load(record())
    edit(admin_client, Article.objects.get())
    assert not FieldEdit.objects.exists()


def test_a_kept_body_keeps_the_lede_taken_from_it(admin_client):
    # A record without a lede gets its body's first paragraph: with the editor's body kept, the lede
    # (shown in lists and searched) is taken from that body, not from the re-imported text.
    load(record())
    article = Article.objects.get()
    edit(admin_client, article, body="Corrected: crossings resume on Thursday.\n\nMore later.")

    load(record(body="Crossings stay off until Sunday, the ferry company said again."))
    article.refresh_from_db()
    assert article.body.startswith("Corrected:")
    assert article.lede == "Corrected: crossings resume on Thursday."


def test_an_imported_lede_is_still_updated_beside_a_kept_body(admin_client):
    load(record(lede="Ferries are off."))
    article = Article.objects.get()
    edit(admin_client, article, body="Corrected: crossings resume on Thursday.")

    load(record(lede="Ferries stay off.", body="Crossings stay off until Sunday."))
    article.refresh_from_db()
    assert (article.lede, article.body) == ("Ferries stay off.", "Corrected: crossings resume on Thursday.")


def test_the_preview_shows_the_kept_title_and_says_so(admin_client):
    load(record())
    article = Article.objects.get()
    edit(admin_client, article, title="Storm cancels island ferries")

    data = record(title="Ferries cancelled after big storm", body="Crossings are off until Sunday.")
    report = import_documents([InputDocument("wire.jsonl", data)], tag=False, dry_run=True)
    [item] = report.items
    assert item.status == "updated"
    assert item.title == "Storm cancels island ferries"
    assert "kept the editor's changes to title" in item.message
    article.refresh_from_db()
    assert article.body == json.loads(record())["body"]  # a preview writes nothing


def test_the_import_command_lists_the_articles_whose_changes_it_kept(admin_client, tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_bytes(record())
    call_command("import_articles", str(path), "--no-tag", stdout=io.StringIO(), stderr=io.StringIO())
    edit(admin_client, Article.objects.get(), title="Storm cancels island ferries")

    path.write_bytes(record(body="Crossings are off until Sunday."))
    out = io.StringIO()
    call_command("import_articles", str(path), "--no-tag", stdout=out, stderr=io.StringIO())
    assert "wire.jsonl line 1 (id wire-1): kept the editor's changes to title" in out.getvalue()
    assert "updated 1" in out.getvalue()


def test_fields_given_back_are_overwritten_by_the_same_file_imported_again(admin_client):
    # The action says the next re-import updates every field: an unchanged file too, not only a new one.
    load(record())
    article = Article.objects.get()
    edit(admin_client, article, title="Storm cancels island ferries")
    assert load(record()).unchanged == 1  # nothing new to import, the editor's title stays
    admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "give_back_to_import", "_selected_action": [article.pk]},
    )

    report = load(record())
    article.refresh_from_db()
    assert report.updated == 1
    assert article.title == "Ferries cancelled after storm"


def test_an_edited_title_is_its_storys_headline_at_once(admin_client):
    load(record())
    article = Article.objects.get()
    assert article.story.headline == "Ferries cancelled after storm"
    edit(admin_client, article, title="Storm cancels island ferries")
    article.story.refresh_from_db()
    assert article.story.headline == "Storm cancels island ferries"
    story_page = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "Storm cancels island ferries</a> (first)" in story_page  # the "story" line, headline and role
