"""Stories on the pages (issue 13): search results one per story with `group=none` for every copy, the
story page with its copies and versions, the article page's line about its story, and bad input."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Story
from articles.tests.factories import local, make_article, make_source, make_topic

pytestmark = pytest.mark.django_db

FIRST = (
    "At least 73 people were killed when the earthquake struck the coast on Monday, officials said.\n\n"
    "Rescuers searched the rubble of collapsed buildings through the night.\n\n"
    "The quake had a magnitude of 6.8, the geological survey said."
)
LATER = (
    "At least 103 people were killed when the earthquake struck the coast on Monday, officials said.\n\n"
    "Rescuers searched the rubble of collapsed buildings through the night.\n\n"
    "The quake had a magnitude of 6.8, the geological survey said.\n\n"
    "The president declared three days of national mourning."
)


def text(response) -> str:
    """The page's words as a reader sees them: tags gone, spacing evened out."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r" ([;,.)])", r"\1", words)


@pytest.fixture
def quake():
    """One wire story: AP's first article at 8, copies on CityNews (its own headline) and CTV News,
    AP's update at 18 with the toll changed; and an unrelated article."""
    ap, citynews, ctv, other = (make_source(name) for name in ("AP", "CityNews", "CTV News", "Globe"))
    disaster = make_topic("Disaster")
    story = Story.objects.create(
        key="a1b2c3d4e5f60718", headline="Quake toll rises to 103", article_count=4, copy_count=2,
        version_count=2, first_published_at=local(2024, 3, 4, 8), last_published_at=local(2024, 3, 4, 18),
    )  # fmt: skip
    first = make_article(
        "Quake kills 73", body=FIRST, source=ap, story=story, story_role="first",
        published_at=local(2024, 3, 4, 8), topics=[disaster],
    )  # fmt: skip
    copies = [
        make_article(
            title,
            body=FIRST,
            source=source,
            story=story,
            story_role="copy",
            duplicate_of=first,
            published_at=local(2024, 3, 4, hour),
            topics=[disaster],
        )  # fmt: skip
        for title, source, hour in (
            ("Coastal tremor leaves dozens dead", citynews, 9),
            ("Quake kills 73", ctv, 10),
        )
    ]
    version = make_article(
        "Quake toll rises to 103", body=LATER, source=ap, story=story, story_role="version",
        published_at=local(2024, 3, 4, 18), topics=[disaster],
    )  # fmt: skip
    alone = make_article(
        "Harbour reopens", source=other, published_at=local(2024, 3, 5, 9), topics=[disaster]
    )
    return {"story": story, "first": first, "copies": copies, "version": version, "alone": alone}


def search(client, **params):
    return client.get(reverse("articles:search"), params)


class TestGroupedSearch:
    def test_one_entry_per_story_its_latest_version(self, client, quake):
        response = search(client)
        page = text(response)
        assert "2 stories, 5 articles" in page
        titles = [result.article.title for result in response.context["results"]]
        assert titles == ["Harbour reopens", "Quake toll rises to 103"]
        assert "Also on CTV News, CityNews" in page
        assert "4 articles, 2 versions of this story" in page
        assert reverse("articles:story", args=[quake["story"].key]) in response.content.decode()

    def test_the_copies_among_the_articles_are_counted_as_the_home_page_leaves_them_out(self, client, quake):
        """The home page said "Search 3 archived articles" (copies left out) and the search "2 stories, 5
        articles" (copies in): two "articles" counts for one archive, with nothing to say why."""
        assert "2 stories, 5 articles (2 exact copies)" in text(search(client))
        assert "5 articles (2 exact copies) in 2 stories" in text(search(client, group="none"))
        assert "1 match (1 exact copy)" in text(search(client, source="citynews"))
        data = search(client, format="json").json()
        assert (data["stories"], data["articles"], data["copies"]) == (2, 5, 2)  # as the page says
        home = text(client.get(reverse("articles:home")))
        assert "Search 3 archived articles" in home
        assert "Exact copies of another article are not counted here" in home

    def test_every_copy_with_group_none_kept_in_links(self, client, quake):
        response = search(client, group="none", topic="disaster")
        page = text(response)
        assert "5 articles (2 exact copies) in 2 stories" in page
        assert len(response.context["results"]) == 5
        html = response.content.decode()
        facet_links = [item.href for facet in response.context["search"].tag_facets for item in facet.items]
        assert facet_links and all("group=none" in href for href in facet_links)
        assert "group=none" in response.context["feed_url"]
        assert "One entry per story (2)" in page
        assert 'name="group" id="id_group" value="none" checked' in html

    def test_a_story_is_found_through_a_copy_alone(self, client, quake):
        """Words only in CityNews' own headline, or CityNews chosen as the source: the story is still
        listed, by that copy."""
        for params in ({"q": "tremor"}, {"source": "citynews"}):
            results = search(client, **params).context["results"]
            assert [r.article.title for r in results] == ["Coastal tremor leaves dozens dead"], params
            assert results[0].story.key == quake["story"].key

    def test_oldest_first_lists_the_story_by_its_first_article(self, client, quake):
        results = search(client, sort="oldest").context["results"]
        assert [r.article.pk for r in results] == [quake["first"].pk, quake["alone"].pk]

    def test_best_match_picks_the_best_ranked_article(self, client, quake):
        results = search(client, q="103 mourning").context["results"]
        assert [r.article.pk for r in results] == [quake["version"].pk]

    def test_facets_count_stories_unless_every_copy(self, client, quake):
        def counts(response, kind):
            facet = next(f for f in response.context["search"].tag_facets if f.name == kind)
            return {item.name: item.count for item in facet.items}

        grouped = search(client)
        assert counts(grouped, "topic")["Disaster"] == 2
        assert counts(grouped, "source") == {"AP": 1, "CityNews": 1, "CTV News": 1, "Globe": 1}
        every = search(client, group="none")
        assert counts(every, "topic")["Disaster"] == 5
        assert counts(every, "source")["AP"] == 2
        years = {item.key: item.count for item in grouped.context["search"].date_facet.items}
        assert years == {"2024": 2}

    def test_pages_go_through_stories(self, client, quake):
        for n in range(25):
            make_article(f"Filler {n}", published_at=local(2023, 1, 1 + n % 28))
        response = search(client, page="2")
        assert response.context["paginator"].count == 27
        assert len(response.context["results"]) == 7

    def test_json_carries_story_copies_and_versions(self, client, quake):
        data = json.loads(search(client, format="json").content)
        assert (data["count"], data["stories"], data["articles"], data["group"]) == (2, 2, 5, "story")
        entry = next(r for r in data["results"] if r["title"] == "Quake toll rises to 103")
        assert (entry["story"], entry["copies"], entry["versions"]) == (quake["story"].key, 4, 2)
        assert entry["story_role"] == "version"
        alone = next(r for r in data["results"] if r["title"] == "Harbour reopens")
        assert (alone["story"], alone["copies"], alone["versions"]) == (None, None, None)
        every = json.loads(search(client, format="json", group="none").content)
        assert (every["count"], every["group"]) == (5, "none")

    def test_csv_and_feed_follow_the_switch(self, client, quake):
        def rows(**params):
            body = b"".join(search(client, format="csv", **params).streaming_content).decode()
            return list(csv.DictReader(io.StringIO(body)))

        assert len(rows()) == 2
        assert len(rows(group="none")) == 5
        feed = client.get(reverse("articles:search_feed")).content.decode()
        assert feed.count("<entry>") == 2
        assert (
            client.get(reverse("articles:search_feed"), {"group": "none"}).content.decode().count("<entry>")
            == 5
        )

    def test_the_export_links_say_one_row_per_story(self, client, quake):
        # "2 stories, 5 articles" beside "Export CSV (every match)", and the file had 2 rows: a researcher
        # counting on 5 was not told that each row is a story (stop 25's review).
        grouped, every = text(search(client)), text(search(client, group="none"))
        assert "Export CSV (every match, one row per story)" in grouped
        assert "(every match, one entry per story, for a reference manager)" in grouped
        assert "Export CSV (every match)" in every and "one row per story" not in every

    def test_old_duplicates_links_still_show_every_copy(self, client, quake):
        assert len(search(client, duplicates="show").context["results"]) == 5

    def test_queries_do_not_grow_with_the_stories_on_a_page(self, client, quake):
        with CaptureQueriesContext(connection) as few:
            search(client)
        for n in range(6):
            story = Story.objects.create(key=f"k{n}", headline=f"Story {n}", article_count=2, version_count=1)
            first = make_article(f"Story {n}", story=story, story_role="first", source=make_source())
            make_article(
                f"Story {n}", story=story, story_role="copy", duplicate_of=first, source=make_source()
            )
        with CaptureQueriesContext(connection) as many:
            response = search(client)
        assert len(response.context["results"]) == 8
        assert len(many) == len(few)


class TestStoryPage:
    def test_copies_by_outlet_and_time_and_versions_with_changes(self, client, quake):
        response = client.get(quake["story"].get_absolute_url())
        assert response.status_code == 200
        page = text(response)
        html = response.content.decode()
        assert "Quake toll rises to 103" in page
        assert "4 articles on 3 outlets · 2 versions" in page
        copies = [a.title for a in response.context["copies"]]
        assert copies == [
            "Quake kills 73",
            "Coastal tremor leaves dozens dead",
            "Quake kills 73",
            "Quake toll rises to 103",
        ]
        assert "Version 2:" in page
        assert "Headline changed; 1 paragraph changed, 1 added since version 1" in page
        assert "<del>73</del> <ins>103</ins>" in html.replace("\n", "")  # apart when read or copied
        assert "<ins>The president declared three days of national mourning.</ins>" in html

    def test_its_dates_are_as_precise_as_its_articles(self, client, quake):
        # Shown as the earliest and latest articles give them: a first article known only to the month
        # says "March 2024", never "1 March 2024", which no source printed.
        page = text(client.get(quake["story"].get_absolute_url()))
        assert "first published 4 March 2024, 8 a.m., latest 4 March 2024, 6 p.m. Story key" in page
        first = quake["first"]
        first.published_at, first.date_precision = local(2024, 3, 1), "month"
        first.save(update_fields=["published_at", "date_precision"])
        page = text(client.get(quake["story"].get_absolute_url()))
        assert "first published March 2024, latest 4 March 2024, 6 p.m. Story key" in page

    def test_an_unknown_key_is_a_404_that_says_so(self, client):
        response = client.get(reverse("articles:story", args=["no-such-story"]))
        assert response.status_code == 404

    def test_an_odd_page_shows_the_first_with_a_note(self, client, quake):
        response = client.get(quake["story"].get_absolute_url(), {"page": "ten"})
        assert response.status_code == 200
        assert "is not a page number" in text(response)


class TestArticlePage:
    def test_links_to_its_story_and_says_its_role(self, client, quake):
        page = text(client.get(quake["copies"][0].get_absolute_url()))
        assert "One of 4 articles of this story; 2 versions" in page
        assert "This article is a copy of an earlier article." in page
        version = client.get(quake["version"].get_absolute_url())
        assert quake["story"].get_absolute_url() in version.content.decode()
        assert "This article is an updated version." in text(version)

    def test_an_article_alone_says_nothing_of_stories(self, client, quake):
        assert "articles of this story" not in text(client.get(quake["alone"].get_absolute_url()))


def test_odd_group_values_give_a_message(client, quake):
    response = search(client, group="maybe")
    assert response.status_code == 200
    assert "Group: “maybe” is not one of the choices (“story” (one entry per story" in text(response)
    assert len(response.context["results"]) == 2  # grouped, the default


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.fixed_dictionaries(
        {
            "group": st.one_of(st.sampled_from(["none", "story", "", "NONE", "all"]), st.text(max_size=8)),
            "sort": st.sampled_from(["relevance", "newest", "oldest", "x"]),
            "page": st.one_of(st.sampled_from(["1", "2", "0", "-1", "99999999"]), st.text(max_size=5)),
            "q": st.sampled_from(["", "quake", "103 OR tremor", '"killed when"', "-quake"]),
            "format": st.sampled_from(["", "json", "csv"]),
        }
    ),
    st.text(max_size=20),
)
def test_no_query_string_gives_a_500(client, quake, params, key):
    params = {name: value.replace("\x00", "") for name, value in params.items()}
    response = search(client, **params)
    assert response.status_code in (200, 302)
    story = client.get(f"/stories/{key.replace('/', '')}/", {"page": params["page"]})
    assert story.status_code in (200, 301, 404)


class TestListsMarkVersions:
    """The date archive, every article and the home page list a story's versions (copies are left out):
    each says it is one of the story's, in the search result's words, and the lone article says nothing."""

    @pytest.mark.parametrize(
        "name, args",
        [("archive_day", [2024, 3, 4]), ("archive_month", [2024, 3]), ("list", []), ("home", [])],
    )
    def test_each_version_says_it_is_one_of_the_story(self, client, quake, name, args):
        response = client.get(reverse(f"articles:{name}", args=args))
        html = response.content.decode()
        for title in ("Quake kills 73", "Quake toll rises to 103"):
            teaser = html.split(f">{title}</a>", 1)[1].split("</article>", 1)[0]
            assert "4 articles, 2 versions of this story" in text_of(teaser)
            assert quake["story"].get_absolute_url() in teaser
        assert "Also on CTV News, CityNews" in text(response)
        if "Harbour reopens" in html:
            lone = html.split(">Harbour reopens</a>", 1)[1].split("</article>", 1)[0]
            assert "of this story" not in lone

    def test_the_words_are_the_search_results(self, client, quake):
        found = text(search(client, q="quake"))
        listed = text(client.get(reverse("articles:archive_day", args=[2024, 3, 4])))
        line = "Also on CTV News, CityNews · 4 articles, 2 versions of this story"
        assert line in found and line in listed


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
