"""Place roles as a reader sees them: passing mentions left out of what pages count and show unless
`places=all` asks for them, listed apart on the article page, and written by the exports; display names
that tell same-named places apart."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from articles.exporting import iter_jsonl
from articles.models import Article, ArticlePlace, Place
from articles.tests.factories import local, make_article, make_place, make_topic, tag_place

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def story():
    """A story about Kenya, datelined Nairobi, that names Lesotho in passing (and only there)."""
    kenya = make_place("Kenya", kind="country", latitude=0.5, longitude=38.0)
    lesotho = make_place("Lesotho", kind="country", latitude=-29.5, longitude=28.2)
    nairobi = make_place("Nairobi", parent=kenya, kind="city")
    article = make_article(
        "Drought deepens in the north", published_at=local(2024, 2, 1), topics=[make_topic("Weather")]
    )
    tag_place(article, nairobi, "dateline", score=1.0)
    tag_place(article, kenya, "about", score=0.93, evidence="title: Kenya")
    tag_place(article, lesotho, "mention", score=0.31, count=1, evidence="body: Lesotho x1")
    return article


def test_the_search_page_hides_a_passing_mention_from_facet_chips_and_filter(client, story):
    page = text(client.get(reverse("articles:search")))
    assert ">Kenya<" in page and ">Nairobi<" in page
    assert "Lesotho" not in page  # neither a facet entry nor a chip on the result
    assert "Include passing mentions" in page
    filtered = text(client.get(reverse("articles:search"), {"place": "lesotho"}))
    assert "No matches" in filtered

    page = text(client.get(reverse("articles:search"), {"places": "all"}))
    assert ">Lesotho<" in page and "including passing mentions" in page
    assert "Drought deepens" in text(
        client.get(reverse("articles:search"), {"place": "lesotho", "places": "all"})
    )


def test_facet_links_pagination_and_exports_keep_the_switch(client, story):
    data = client.get(reverse("articles:search"), {"places": "all", "format": "json"}).json()
    facet = {item["slug"] for item in data["facets"]["place"]}
    assert "lesotho" in facet and data["query"]["places"] == "all"
    assert "lesotho" not in {
        item["slug"]
        for item in client.get(reverse("articles:search"), {"format": "json"}).json()["facets"]["place"]
    }
    [result] = data["results"]
    assert "Lesotho" in result["places"]
    roles = {tag["slug"]: (tag["role"], tag["evidence"]) for tag in result["place_tags"]}
    assert roles["lesotho"] == ("mention", "body: Lesotho x1") and roles["kenya"][0] == "about"

    page = text(client.get(reverse("articles:search"), {"places": "all", "q": "drought"}))
    links = re.findall(r'href="(\?[^"]*)"', page)
    topic_link = next(link for link in links if "topic=weather" in link)
    csv_link = next(link for link in links if "format=csv" in link)
    assert "places=all" in topic_link and "places=all" in csv_link
    feed = client.get(reverse("articles:search_feed"), {"places": "all", "place": "lesotho"})
    assert "Drought deepens" in text(feed)
    assert "Drought deepens" not in text(client.get(reverse("articles:search_feed"), {"place": "lesotho"}))

    rows = list(
        csv.DictReader(
            io.StringIO(
                "".join(
                    x.decode()
                    for x in client.get(reverse("articles:search"), {"format": "csv"}).streaming_content
                )
            )
        )
    )
    assert "Lesotho" not in rows[0]["places"] and "Kenya" in rows[0]["places"]
    assert {tag["slug"] for tag in json.loads(rows[0]["place_tags"])} == {"kenya", "lesotho", "nairobi"}
    rows = list(
        csv.DictReader(
            io.StringIO(
                "".join(
                    x.decode()
                    for x in client.get(
                        reverse("articles:search"), {"format": "csv", "places": "all"}
                    ).streaming_content
                )
            )
        )
    )
    assert "Lesotho" in rows[0]["places"]


def test_the_place_page_map_and_home_page(client, story):
    url = reverse("articles:place", args=["lesotho"])
    assert "Drought deepens" not in text(client.get(url))
    assert "Drought deepens" in text(client.get(url, {"places": "all"}))
    assert "Drought deepens" in text(client.get(reverse("articles:place", args=["kenya"])))

    assert "Lesotho" not in text(client.get(reverse("articles:search_map")))
    assert "Lesotho" in text(client.get(reverse("articles:search_map"), {"places": "all"}))

    home = text(client.get(reverse("articles:home")))
    assert "Lesotho" not in home and ">Kenya<" in home
    assert ">Lesotho<" in text(client.get(reverse("articles:home"), {"places": "all"}))


def test_the_article_page_lists_mentions_apart(client, story):
    page = text(client.get(story.get_absolute_url()))
    places, mentioned = page.split("Also mentioned")
    assert ">Kenya<" in places and "Lesotho" not in places
    assert ">Lesotho<" in mentioned.split("</p>")[0]


def test_also_mentioned_lists_only_places_the_text_names(client, story):
    # A city named in passing tags its country as a mention too ("contains Manzini"); the page lists the
    # city, not the country the text never names.
    swaziland = make_place("Eswatini", kind="country")
    manzini = make_place("Manzini", parent=swaziland, kind="city")
    tag_place(story, manzini, "mention", score=0.45, count=1, evidence='mentioned 1×: "Manzini"')
    tag_place(story, swaziland, "mention", score=0.3, count=0, evidence="contains Manzini")
    mentioned = text(client.get(story.get_absolute_url())).split("Also mentioned")[1].split("</p>")[0]
    assert ">Manzini<" in mentioned and ">Lesotho<" in mentioned and "Eswatini" not in mentioned


def test_editors_and_imported_tags_count_as_shown(client):
    chad = make_place("Chad", kind="country")
    make_article("Editors tagged this", places=[chad])  # origin editor, role empty
    assert ">Chad<" in text(client.get(reverse("articles:search")))


def test_json_lines_export_carries_roles_and_evidence_and_imports_unchanged(story):
    from articles.importers.records import InputDocument
    from articles.ingest import import_documents

    def snapshot():
        return sorted(ArticlePlace.objects.values_list("place__slug", "role", "origin", "score", "evidence"))

    before = snapshot()
    exported = "".join(iter_jsonl(Article.objects.all()))
    assert '"evidence": "body: Lesotho x1"' in exported and '"role": "about"' in exported
    Article.objects.all().delete()
    report = import_documents([InputDocument(name="export.jsonl", data=exported.encode())])
    assert report.created == 1 and snapshot() == before


def test_display_names_tell_same_named_places_apart(client):
    names = dict(
        Place.objects.filter(slug__in=["washington", "washington-us", "baghdad-iq", "georgia"]).values_list(
            "slug", "display_name"
        )
    )
    assert names == {
        "washington": "Washington (state)",
        "washington-us": "Washington, D.C.",
        "baghdad-iq": "Baghdad, Iraq",
        "georgia": "Georgia",
    }
    article = make_article("Rally in the capital")
    tag_place(article, Place.objects.get(slug="washington-us"), "about", score=0.9)
    page = text(client.get(reverse("articles:search"), {"place": "washington-us"}))
    assert page.count("Washington, D.C.") >= 2  # the filter's chip and the result's
    assert '<h1 class="page-title">Washington, D.C.</h1>' in text(
        client.get(reverse("articles:place", args=["washington-us"]))
    )


def test_native_spellings_are_kept():
    assert Place.objects.get(slug="bekes-county").name == "Békés County"


def test_an_imported_place_that_shares_a_name_says_which_it_is():
    from articles.importers.records import InputDocument
    from articles.ingest import import_documents

    record = {
        "id": "t:1",
        "title": "Ferry",
        "body": "Text.",
        "places": [{"name": "Springfield", "slug": "springfield-x", "kind": "city", "country_code": "AU"}],
    }
    import_documents([InputDocument(name="a.jsonl", data=json.dumps(record).encode())])
    assert Place.objects.get(slug="springfield-x").display_name == "Springfield, Australia"
    assert Place.objects.get(slug="springfield").display_name == "Springfield, Mo."


def test_a_place_an_editor_adds_in_the_admin_is_told_apart(admin_client):
    response = admin_client.post(
        reverse("admin:articles_place_add"),
        {
            "name": "Baghdad",
            "slug": "baghdad-fl",
            "kind": "city",
            "country_code": "US",
            "names-TOTAL_FORMS": 0,
            "names-INITIAL_FORMS": 0,
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert Place.objects.get(slug="baghdad-fl").display_name == "Baghdad, United States"
    assert Place.objects.get(slug="baghdad-iq").display_name == "Baghdad, Iraq"


def test_the_place_index_counts_what_pages_show(client, story):
    index = reverse("articles:places")
    page = text(client.get(index))
    assert ">Kenya<" in page and "1 place within" in page  # Nairobi, on Kenya's own list
    assert "Lesotho" not in page  # named only in passing
    assert "Include passing mentions" in page
    within = text(client.get(reverse("articles:place_within", args=["kenya"])))
    assert ">Nairobi<" in within and "Places in Kenya" in within
    page = text(client.get(index, {"places": "all"}))
    assert ">Lesotho<" in page and "Only places the stories are about" in page
    assert reverse("articles:place", args=["lesotho"]) + "?places=all" in page
    assert reverse("articles:place_within", args=["kenya"]) + "?places=all" in page


def test_the_place_index_counts_articles_and_says_how_many_are_copies(client, story):
    kenya = Place.objects.get(slug="kenya")
    copy = make_article("Drought deepens in the north (copy)", places=[kenya])
    copy.duplicate_of = story
    copy.save()
    make_article("Kenya votes", places=[kenya])
    page = text(client.get(reverse("articles:places")))
    kenya_row = re.search(
        r">Kenya</a>(?: <span class=\"muted\">[^<]*</span>)? · <span class=\"count\">(\d+) article", page
    )
    # The copy counted and named, as Kenya's page counts it (it was left out, silently, until stop 27).
    assert kenya_row and kenya_row.group(1) == "3" and "3 articles (1 exact copy)" in strip_tags(page)
    assert "1 country (and regions no country holds) with articles" in page  # Lesotho only with places=all
    assert ">Nairobi<" not in page  # on Kenya's list, counted once there
    within = text(client.get(reverse("articles:place_within", args=["kenya"])))
    assert re.search(
        r">Nairobi</a>(?: <span class=\"muted\">[^<]*</span>)? · <span class=\"count\">1 article</span>",
        within,
    )
