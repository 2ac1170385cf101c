"""Automatic tagging stored in the database: at import, on demand, and never over editors' tags."""

import io
import json

import pytest
from django.core.management import call_command

from articles.enrich.service import load_places, load_taxonomy, tag_queryset
from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article, ArticlePlace, ArticleTopic, Place, TagOrigin, Topic, TopicRule

pytestmark = pytest.mark.django_db

IPTC_TOP_LEVEL = 17


def import_seed(seed_bytes, **kwargs) -> Article:
    report = import_documents([InputDocument("000_de03b18f589e2f63.txt", seed_bytes)], **kwargs)
    assert report.created == 1
    return Article.objects.get()


def automatic_places(article) -> dict[str, str]:
    tags = article.place_tags.filter(origin=TagOrigin.AUTOMATIC).select_related("place")
    return {tag.place.slug: tag.role for tag in tags}


def test_migrations_load_the_iptc_topics_and_the_gazetteer():
    iptc = Topic.objects.exclude(iptc_code="")
    assert iptc.count() == IPTC_TOP_LEVEL
    assert iptc.get(slug="conflict-war-and-peace").iptc_code == "medtop:16000000"
    assert TopicRule.objects.filter(topic__slug="sport").count() > 20
    assert Place.objects.filter(kind="country").count() > 190
    brussels = Place.objects.get(slug="brussels")
    assert brussels.kind == "city" and brussels.latitude and brussels.longitude
    assert brussels.parent.parent.name == "Belgium"
    assert Place.objects.get(slug="ontario").parent.slug == "canada"
    # Loading again adds nothing.
    assert load_taxonomy() == 0 and load_places() == 0


def test_the_seed_is_tagged_at_import(seed_bytes):
    article = import_seed(seed_bytes)
    places = automatic_places(article)
    assert places["brussels"] == "dateline"
    assert article.place_tags.get(role="dateline").place.parent.parent.slug == "belgium"
    assert (
        places["ukraine"] == places["russia"] == places["belgium"] == "about"
    )  # the title's, the dateline's
    for slug in ("kyiv", "germany", "netherlands", "romania", "spain"):
        assert places.get(slug) == "mention", slug
    topics = set(article.topic_tags.filter(origin=TagOrigin.AUTOMATIC).values_list("topic__slug", flat=True))
    assert "conflict-war-and-peace" in topics
    why = article.topic_tags.get(topic__slug="conflict-war-and-peace").evidence
    assert "missile" in why
    assert "BRUSSELS" in article.place_tags.get(place__slug="brussels").evidence


def test_importing_without_tagging_then_tagging_on_demand(seed_bytes):
    article = import_seed(seed_bytes, tag=False)
    assert not article.topic_tags.exists() and not article.place_tags.exists()
    out = io.StringIO()
    call_command("tag_articles", stdout=out)
    assert "tagged 1 articles" in out.getvalue()
    assert automatic_places(article)["brussels"] == "dateline"
    out = io.StringIO()
    call_command("tag_articles", stdout=out)  # only untagged articles without --all
    assert "tagged 0 articles" in out.getvalue()


def test_editor_and_imported_tags_survive_retagging(seed_bytes):
    article = import_seed(seed_bytes)
    conflict = ArticleTopic.objects.get(article=article, topic__slug="conflict-war-and-peace")
    conflict.origin = TagOrigin.EDITOR
    conflict.save()
    sport = Topic.objects.get(slug="sport")
    ArticleTopic.objects.create(article=article, topic=sport, origin=TagOrigin.EDITOR)
    spain = ArticlePlace.objects.get(article=article, place__slug="spain")
    spain.origin, spain.role = TagOrigin.EDITOR, ""
    spain.save()
    # An editor's place the tagger never finds, marked as what the story is about.
    chad = ArticlePlace.objects.create(
        article=article,
        place=Place.objects.get(slug="chad"),
        origin=TagOrigin.EDITOR,
        role="about",
        score=1.0,
    )

    call_command("tag_articles", "--all", stdout=io.StringIO())

    tags = dict(article.topic_tags.values_list("topic__slug", "origin"))
    assert tags["conflict-war-and-peace"] == "editor"
    assert tags["sport"] == "editor"
    spain = ArticlePlace.objects.get(article=article, place__slug="spain")  # one tag: the editor's, as set
    assert (spain.origin, spain.role) == ("editor", "")
    chad.refresh_from_db()
    assert (chad.origin, chad.role, chad.score) == ("editor", "about", 1.0)
    assert automatic_places(article)["brussels"] == "dateline"


def test_an_editors_subtopic_with_its_rules_tags_after_rules_change(seed_bytes):
    article = import_seed(seed_bytes)
    conflict = Topic.objects.get(slug="conflict-war-and-peace")
    war = Topic.objects.create(name="Russia-Ukraine war", slug="russia-ukraine-war", parent=conflict)
    TopicRule.objects.create(topic=war, pattern="/hub/russia-ukraine", weight=6, kind="hint")
    TopicRule.objects.create(topic=war, pattern="Ukraine", weight=2, kind="term")

    tag_queryset()

    topics = set(article.topic_tags.values_list("topic__slug", flat=True))
    assert {"russia-ukraine-war", "conflict-war-and-peace"} <= topics
    assert "hub/russia-ukraine" in article.topic_tags.get(topic__slug="russia-ukraine-war").evidence


def test_ambiguous_names_are_read_in_context():
    lines = [
        {"id": "t:1", "title": "Georgia votes", "body": "Voters in Tbilisi chose a new parliament in Georgia."},
        {"id": "t:2", "title": "Georgia votes", "body": "Atlanta and Savannah turned out as Georgia voted in the US."},
        {"id": "t:3", "title": "Ontario budget", "body": "Ontario's finance minister spoke at Queen's Park.",
         "dateline": "TORONTO"},
        {"id": "t:4", "title": "Police appeal", "body": "Toronto police say a man was arrested in Scarborough."},
    ]  # fmt: skip
    data = "\n".join(json.dumps(line) for line in lines).encode()
    import_documents([InputDocument("context.jsonl", data)])

    def places(external_id):
        return automatic_places(Article.objects.get(external_id=external_id))

    assert "georgia" in places("t:1") and "georgia-us" not in places("t:1")
    assert "georgia-us" in places("t:2") and "georgia" not in places("t:2")
    assert places("t:3")["ontario"] == "about"  # the dateline's province, named in the title
    assert Place.objects.get(slug="ontario").kind == "region"
    assert {"toronto", "canada"} <= set(places("t:4"))
    assert not any(Place.objects.get(slug=slug).country_code == "GB" for slug in places("t:4"))


def test_a_place_missing_from_the_table_is_restored_from_the_gazetteer(seed_bytes):
    Place.objects.filter(slug="brussels").delete()
    article = import_seed(seed_bytes)
    assert automatic_places(article)["brussels"] == "dateline"
    assert Place.objects.get(slug="brussels").parent.parent.slug == "belgium"
