"""Bad input in a POSTed form: any values in the admin's change forms (an article with its date boxes and
tag inlines, a source, a place and its parent, a topic), its story actions, the sign-in form and the
public collection forms are a page that says what was wrong, or a redirect after a save that kept what
was sent; never a server error (docs/benchmarks.md, "Posted forms: stop 28").

The form is read from its rendered page as a browser would submit it (test_admin.form_data), then some
fields are replaced with drawn values. The test client skips the CSRF check, as it does for every test.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.models import Article, Collection, Story
from articles.tests.factories import local, make_article, make_place, make_source, make_topic
from articles.tests.test_admin import form_data

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# A form field's value: text a browser can send (no lone surrogates), edge values, numbers and dates.
EDGE = [
    "", " ", "0", "-1", "99999999999999999999", "1e309", "nan", "٣", "\x00", "a\x00b", "x" * 3000,
    "0001-01-01", "9999-12-31", "2024-02-30", "10000-01-01", "23:59:59.999999", "24:00", "<b>", "'; --",
]  # fmt: skip
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
VALUE = st.one_of(st.sampled_from(EDGE), TEXT, st.integers(-(10**20), 10**20).map(str))


def assert_answered(response, form_marker: str = "errornote"):
    """A 302, or the form again (200/400) saying what was wrong."""
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        assert form_marker.encode() in response.content


def saved_text(sent: str) -> str:
    return sent.strip()  # a form's CharField strips; nothing else may change


@pytest.fixture
def archive():
    source = make_source("Harbour Gazette")
    country = make_place("Freedonia", kind="country")
    town = make_place("Port Smith", parent=country, kind="city")
    topic = make_topic("Shipping")
    child_topic = make_topic("Ferries", parent=topic)
    first = make_article("Ferries return", source=source, topics=[topic], places=[town])
    second = make_article("Ferries late", source=source, places=[country])
    for key, article in [("a", first), ("b", second)]:
        story = Story.objects.create(key=key, headline=article.title, article_count=1)
        story.articles.add(article)
    return {
        "article": first, "other": second, "source": source, "country": country, "town": town,
        "topic": topic, "child_topic": child_topic,
    }  # fmt: skip


def change_url(obj) -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def post_change(client, obj, changes: dict):
    url = change_url(obj)
    data = form_data(client.get(url), f"{obj._meta.model_name}_form")
    data.update({k: v for k, v in changes.items() if v is not None})
    return client.post(url, data)


ARTICLE = st.fixed_dictionaries(
    {
        "title": VALUE,
        "body": VALUE,
        "byline": st.one_of(st.none(), VALUE),
        "published_at_0": st.one_of(st.none(), VALUE),
        "published_at_1": st.one_of(st.none(), VALUE),
        "source": st.one_of(st.none(), VALUE, st.sampled_from(["source", "other"])),
        "place_tags-0-role": st.one_of(st.none(), VALUE, st.sampled_from(["dateline", "mention", "about"])),
        "place_tags-0-score": st.one_of(st.none(), VALUE),
        "topic_tags-0-score": st.one_of(st.none(), VALUE),
        "topic_tags-1-topic": st.one_of(st.none(), VALUE, st.just("topic"), st.just("child_topic")),
        "place_tags-1-place": st.one_of(st.none(), VALUE, st.just("town")),
    }
)


def resolve(archive, changes: dict) -> dict:
    """Names of fixture objects in a drawn value become their ids (a real choice, or a duplicate)."""
    out = {}
    for key, value in changes.items():
        if value in archive and value != "source" or (value == "source" and key == "source"):
            value = str(archive[value].pk)
        elif value == "other" and key == "source":
            value = str(make_source("Coast Times").pk)
        out[key] = value
    return out


@settings(FUZZ)
@given(changes=ARTICLE)
@example(changes={"title": " Ferries resume ", "body": "All crossings run.", "published_at_0": "2024-01-03",
                  "published_at_1": "08:30", "byline": "Ann Lee", "source": "source",
                  "place_tags-0-role": "mention", "place_tags-0-score": "0.5", "topic_tags-0-score": "0.9",
                  "topic_tags-1-topic": "child_topic", "place_tags-1-place": None})  # fmt: skip
@example(changes={"title": "Ferries resume", "body": "All crossings run.", "published_at_0": "9999-12-31",
                  "published_at_1": "23:59:59", "byline": None, "source": None, "place_tags-0-role": None,
                  "place_tags-0-score": None, "topic_tags-0-score": None, "topic_tags-1-topic": None,
                  "place_tags-1-place": None})  # fmt: skip
@example(changes={"title": "a\x00b", "body": "\x00", "published_at_0": "0001-01-01", "published_at_1": "00:00",
                  "byline": "\x00", "source": "99999999999999999999", "place_tags-0-role": "x",
                  "place_tags-0-score": "1e309", "topic_tags-0-score": "nan", "topic_tags-1-topic": "topic",
                  "place_tags-1-place": "town"})  # fmt: skip
def test_any_values_in_the_article_form(admin_client, archive, changes):
    article = archive["article"]
    changes = resolve(archive, changes)
    response = post_change(admin_client, article, changes)
    assert_answered(response)
    if changes["title"] == " Ferries resume ":  # the valid example saves, its date and new tag too
        assert response.status_code == 302
    if response.status_code == 302:
        article.refresh_from_db()
        if changes["title"] == " Ferries resume ":
            assert article.published_at == local(2024, 1, 3, 8, 30)
            assert article.topics.filter(pk=archive["child_topic"].pk).exists()
        assert article.title == saved_text(changes["title"])
        assert article.body == saved_text(changes["body"])
        if changes["byline"] is not None:
            assert article.byline == saved_text(changes["byline"])


@settings(FUZZ)
@given(name=VALUE, slug=VALUE, homepage=st.one_of(st.none(), VALUE))
@example(name="Coast Times", slug="coast-times", homepage="https://example.org/")
@example(name="a\x00", slug="\x00", homepage="http://[::1")
def test_any_values_in_the_source_form(admin_client, archive, name, slug, homepage):
    source = archive["source"]
    response = post_change(admin_client, source, {"name": name, "slug": slug, "homepage": homepage})
    assert_answered(response)
    if response.status_code == 302:
        source.refresh_from_db()
        assert (source.name, source.slug) == (saved_text(name), saved_text(slug))


PARENT = st.one_of(st.none(), VALUE, st.sampled_from(["itself", "child", "country"]))


@settings(FUZZ)
@given(name=VALUE, slug=VALUE, parent=PARENT, population=st.one_of(st.none(), VALUE), which=st.booleans())
@example(name="Freedonia", slug="freedonia", parent="itself", population=None, which=True)
@example(name="Freedonia", slug="freedonia", parent="child", population=None, which=True)
@example(
    name="Port Smith", slug="port-smith", parent="country", population="99999999999999999999", which=False
)
def test_any_values_in_the_place_form(admin_client, archive, name, slug, parent, population, which):
    place = archive["country"] if which else archive["town"]
    parent_id = {"itself": place.pk, "child": archive["town"].pk, "country": archive["country"].pk}.get(
        parent
    )
    changes = {"name": name, "slug": slug, "population": population}
    changes["parent"] = str(parent_id) if parent_id is not None else parent
    response = post_change(admin_client, place, changes)
    assert_answered(response)
    if response.status_code == 302:
        place.refresh_from_db()
        assert (place.name, place.slug) == (saved_text(name), saved_text(slug))
        assert place.parent_id != place.pk  # never its own parent
        if parent_id is not None:
            assert place.parent_id == parent_id
            ancestor, seen = place.parent, {place.pk}
            while ancestor is not None:  # no cycle through a child either
                assert ancestor.pk not in seen
                seen.add(ancestor.pk)
                ancestor = ancestor.parent


@settings(FUZZ)
@given(name=VALUE, slug=VALUE, parent=PARENT, iptc=st.one_of(st.none(), VALUE))
@example(name="Shipping", slug="shipping", parent="itself", iptc=None)
@example(name="Shipping", slug="shipping", parent="child", iptc=None)
def test_any_values_in_the_topic_form(admin_client, archive, name, slug, parent, iptc):
    topic = archive["topic"]
    parent_id = {"itself": topic.pk, "child": archive["child_topic"].pk}.get(parent)
    changes = {"name": name, "slug": slug, "iptc_code": iptc}
    changes["parent"] = str(parent_id) if parent_id is not None else (None if parent == "country" else parent)
    response = post_change(admin_client, topic, changes)
    assert_answered(response)
    if response.status_code == 302:
        topic.refresh_from_db()
        assert (topic.name, topic.slug) == (saved_text(name), saved_text(slug))
        ancestor, seen = topic.parent, {topic.pk}
        while ancestor is not None:
            assert ancestor.pk not in seen
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


ACTIONS = [
    ("article", "split_out_of_story"),
    ("article", "merge_articles_stories"),
    ("story", "merge_selected"),
    ("article", "delete_selected"),
    ("source", "delete_selected"),
    ("place", "delete_selected"),
]


@settings(FUZZ)
@given(action=st.sampled_from(ACTIONS), selected=st.lists(st.one_of(VALUE, st.just("own")), max_size=3))
@example(action=("article", "merge_articles_stories"), selected=["own", "own"])
@example(action=("story", "merge_selected"), selected=["own", "99999999999999999999"])
def test_any_selection_for_an_action(admin_client, archive, action, selected):
    model, name = action
    own = list(apps.get_model("articles", model).objects.order_by("pk").values_list("pk", flat=True)[:2])
    ids = [str(own[i % len(own)]) if value == "own" else value for i, value in enumerate(selected)]
    before = Article.objects.count()
    response = admin_client.post(
        reverse(f"admin:articles_{model}_changelist"), {"action": name, "_selected_action": ids, "index": "0"}
    )
    assert response.status_code in (200, 302)
    if name != "delete_selected":
        assert Article.objects.count() == before  # a story action never loses an article
        assert sum(Story.objects.values_list("article_count", flat=True)) == before


@settings(FUZZ)
@given(username=VALUE, password=VALUE, next_url=st.one_of(st.none(), VALUE))
@example(username="reader", password="right horse battery", next_url="/collections/")
@example(username="reader\x00", password="\x00", next_url="//evil.example/")
def test_any_values_in_the_sign_in_form(client, username, password, next_url):
    User.objects.get_or_create(username="reader", defaults={"password": ""})[0].set_password(
        "right horse battery"
    )
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    response = client.post(reverse("login"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")


@pytest.fixture
def reader(client, archive, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    return user


@settings(FUZZ)
@given(name=VALUE, notes=VALUE, query=VALUE, scope=VALUE)
@example(name="Ferries", notes="From the storm week.", query="q=ferries", scope="")
@example(name="\x00", notes="\x00", query="q=%00", scope="\x00")
def test_any_values_in_a_collections_forms(client, reader, archive, name, notes, query, scope):
    response = client.post(
        reverse("articles:collection_save"), {"name": name, "query": query, "scope": scope}
    )
    assert_answered(response, "form")
    if response.status_code == 302:
        collection = Collection.objects.filter(owner=reader).latest("pk")
        assert collection.name == saved_text(name)
        response = client.post(
            reverse("articles:collection_edit", args=[collection.pk]), {"name": name, "notes": notes}
        )
        assert_answered(response, "form")
        if response.status_code == 302:
            collection.refresh_from_db()
            assert (collection.name, collection.notes) == (saved_text(name), saved_text(notes))


@settings(FUZZ)
@given(view=st.sampled_from(["collection_add", "collection_remove", "collection_share", "collection_delete"]),
       article=VALUE, collection=VALUE, page=VALUE, share=VALUE)  # fmt: skip
@example(view="collection_add", article="own", collection="own", page="", share="")
@example(
    view="collection_remove", article="99999999999999999999", collection="\x00", page="\x00", share="off"
)
def test_any_values_in_the_collection_buttons(
    client, reader, archive, view, article, collection, page, share
):
    own = Collection.objects.create(owner=reader, name="Mine")
    article = str(archive["article"].pk) if article == "own" else article
    collection = str(own.pk) if collection == "own" else collection
    args = [] if view == "collection_add" else [own.pk]
    data = {"article": article, "collection": collection, "page": page, "share": share}
    response = client.post(reverse(f"articles:{view}", args=args), data)
    assert response.status_code in (302, 404), response.status_code
