"""`manage.py group_stories [--all]` and editors' decisions (split, merge) in the admin: an archive
imported before stories gets them; a decision survives re-import, an undone import and `--all`."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.ingest.regroup import group_stories, merge_stories, split_article, ungrouped
from articles.ingest.undo import undo_batch
from articles.models import Article, Story, StoryBand, StoryDecision, story_key

from .test_ingest_stories import CUT_COPY, ORIGINAL, OTHER, UPDATE, jsonl, run

pytestmark = pytest.mark.django_db


def roles() -> dict[str, tuple[str, str]]:
    return {a.external_id: (a.story.key, a.story_role) for a in Article.objects.select_related("story")}


def as_before_stories():
    """The archive as migration 0011 leaves an archive imported before stories: each article in a story
    of its own (exact duplicates aside), no band keys."""
    StoryBand.objects.all().delete()
    Story.objects.all().delete()
    for article in Article.objects.all():
        story = Story.objects.create(key=story_key(article.external_id), article_count=1, version_count=1)
        Article.objects.filter(pk=article.pk).update(story=story, story_role="first", duplicate_of=None)


def test_group_stories_groups_an_archive_imported_before_stories_as_an_import_would():
    run(ORIGINAL, CUT_COPY, UPDATE, OTHER)
    imported = roles()
    as_before_stories()
    assert ungrouped().count() == 4 and Story.objects.count() == 4
    out = io.StringIO()
    call_command("group_stories", stdout=out)
    assert "Grouped 4 articles" in out.getvalue()
    assert roles() == imported
    assert Story.objects.count() == 2
    assert Story.objects.get(key=story_key("cp:1")).headline == UPDATE["title"]
    call_command("group_stories", stdout=io.StringIO())  # nothing left to group: nothing moves
    assert roles() == imported and ungrouped().count() == 0


def test_group_stories_all_regroups_everything_and_keeps_the_keys():
    run(ORIGINAL, CUT_COPY, UPDATE, OTHER)
    imported = roles()
    Article.objects.update(story_role="version")  # as if the comparison had changed its mind
    assert group_stories(everything=True) == 4
    assert roles() == imported
    assert StoryBand.objects.values("article").distinct().count() == 4


def test_a_split_survives_re_import_an_undone_import_and_group_stories_all():
    run(ORIGINAL, UPDATE, OTHER)
    editor = User.objects.create_user("ed")
    story = split_article(Article.objects.get(external_id="cp:2"), user=editor)
    assert story.key != story_key("cp:1") and story.article_count == 1
    decision = StoryDecision.objects.get(external_id="cp:2")
    assert (decision.action, decision.story_key, decision.decided_by) == ("split", story.key, editor)
    original_story = Article.objects.get(external_id="cp:1").story
    assert (original_story.article_count, original_story.headline) == (1, ORIGINAL["title"])

    changed = {**UPDATE, "title": UPDATE["title"] + " (corrected)"}
    assert run(changed).updated == 1
    assert Article.objects.get(external_id="cp:2").story.key == story.key
    group_stories(everything=True)
    assert Article.objects.get(external_id="cp:2").story.key == story.key
    assert Article.objects.get(external_id="cp:1").story.key == story_key("cp:1")

    assert run(changed, name="again.jsonl").unchanged == 1
    Article.objects.filter(external_id="cp:2").delete()
    batch = run(changed, name="back.jsonl").batch
    assert Article.objects.get(external_id="cp:2").story.key == story.key  # the decision, by its id
    undo_batch(batch)
    run(changed, name="back-again.jsonl")
    assert Article.objects.get(external_id="cp:2").story.key == story.key


def test_a_merge_survives_group_stories_all_and_re_import():
    run(ORIGINAL, OTHER)
    flood, council = (Article.objects.get(external_id=i).story for i in ("cp:1", "cp:3"))
    merged = merge_stories(flood, [flood, council])
    assert merged.article_count == 2 and not Story.objects.filter(pk=council.pk).exists()
    assert set(StoryDecision.objects.values_list("external_id", "action")) == {
        ("cp:1", "merge"),
        ("cp:3", "merge"),
    }
    group_stories(everything=True)
    assert set(Article.objects.values_list("story__key", flat=True)) == {flood.key}
    run({**OTHER, "title": "Council approves budget, again"})
    assert set(Article.objects.values_list("story__key", flat=True)) == {flood.key}
    assert Story.objects.get().article_count == 2


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(editor)
    return client


def test_the_admin_splits_an_article_and_merges_stories(editor_client):
    run(ORIGINAL, CUT_COPY, OTHER)
    copy = Article.objects.get(external_id="ctv:9")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "split_out_of_story", "_selected_action": [copy.pk]},
        follow=True,
    )
    assert "1 article split out" in response.content.decode()
    copy.refresh_from_db()
    assert copy.story.article_count == 1 and copy.story_role == "first"
    assert StoryDecision.objects.get(external_id="ctv:9").action == "split"

    stories = list(Story.objects.values_list("pk", flat=True))
    response = editor_client.post(
        reverse("admin:articles_story_changelist"),
        {"action": "merge_selected", "_selected_action": stories},
        follow=True,
    )
    assert "3 stories merged" in response.content.decode()
    assert Story.objects.get().article_count == 3
    page = editor_client.get(reverse("admin:articles_story_change", args=[Story.objects.get().pk]))
    assert page.status_code == 200 and "Merged into another story" in page.content.decode()
    listing = editor_client.get(reverse("admin:articles_article_changelist") + "?story_role=copy")
    assert listing.status_code == 200


def test_a_story_cannot_be_deleted_in_the_admin_which_would_leave_its_articles_half_grouped(editor_client):
    run(ORIGINAL, CUT_COPY)
    story = Story.objects.get()
    page = editor_client.get(reverse("admin:articles_story_change", args=[story.pk])).content.decode()
    assert "deletelink" not in page
    response = editor_client.post(reverse("admin:articles_story_delete", args=[story.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert set(Article.objects.values_list("story_id", "story_role")) == {
        (story.pk, "first"),
        (story.pk, "copy"),
    }


odd_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.one_of(st.none(), odd_text, st.integers(), st.lists(st.integers(), max_size=2)),
    role=st.one_of(st.none(), odd_text, st.integers()),
    title=odd_text,
    text=odd_text,
)
@example(key=None, role=None, title=" ", text="")  # blank titles are refused, rightly: not this test's case
@example(key=None, role=None, title="\x00", text="")
def test_odd_story_fields_and_texts_never_fail_an_import(key, role, title, text):
    # A title with nothing to show once NULs and spaces are taken out is refused by design (fields.prepare).
    title = title if title.replace("\x00", "").split() else "t"
    record = {"id": "odd:1", "title": title, "body": text, "story": key, "story_role": role}
    report = import_documents([InputDocument("odd.jsonl", jsonl(ORIGINAL, record))], tag=False)
    assert report.failed == 0
    article = Article.objects.select_related("story").get(external_id="odd:1")
    assert article.story is not None and article.story_role in ("first", "copy", "version")
    assert "story" not in article.extra
    for story in Story.objects.all():
        assert story.article_count == Article.objects.filter(story=story).count() > 0
    Article.objects.all().delete()
    Story.objects.all().delete()


def test_deleting_the_first_article_in_the_admin_leaves_its_story_whole(editor_client):
    run(ORIGINAL, CUT_COPY, OTHER)
    story = Article.objects.get(external_id="ctv:9").story
    first = Article.objects.get(story=story, story_role="first")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.article_count == 1
    assert Article.objects.get(story=story).story_role == "first"
    remaining = Article.objects.get(story=story)
    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[remaining.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()


def test_refiling_band_keys_files_todays_keys_and_leaves_stories_as_they_are():
    # What the migration of a new BANDS_VERSION does: keys filed under an older version are replaced.
    from articles.ingest.regroup import refile_bands
    from articles.stories.similarity import StoryText, band_keys

    run(ORIGINAL, CUT_COPY)
    stories = dict(Article.objects.values_list("pk", "story_id"))
    StoryBand.objects.update(key=7)  # as if filed by an older version
    assert refile_bands() == 2
    for article in Article.objects.all():
        filed = set(StoryBand.objects.filter(article=article).values_list("key", flat=True))
        assert filed == set(band_keys(StoryText(article.title, article.body))) != set()
    assert dict(Article.objects.values_list("pk", "story_id")) == stories
