"""The public pages, as a reader sees them: content, links, friendly errors and pinned query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Topic
from articles.tests.factories import local, make_article, make_place, make_related, make_source, make_topic

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def archive():
    """A small archive: two topics, a country with a city, two sources, a duplicate."""
    economy, sport = make_topic("Economy"), make_topic("Sport")
    canada = make_place("Canada", kind="country")
    toronto = make_place("Toronto", parent=canada, kind="city")
    ap = make_source("The Associated Press", slug="ap", kind="agency")
    reuters = make_source("Reuters", kind="agency")
    first = make_article(
        "NATO to help buy Patriot missiles",
        body="NATO announced it would help buy up to 1,000 Patriot missiles.\n\nAllies welcomed it.",
        published_at=local(2024, 1, 3, 8, 50),
        topics=[economy],
        places=[toronto],
        source=ap,
        byline="By Lorne Cook",
        dateline="BRUSSELS",
    )
    make_article(
        "Hockey night in Toronto",
        published_at=local(2024, 2, 10),
        topics=[sport],
        places=[toronto],
        source=reuters,
    )
    make_article("Markets rally", published_at=local(2023, 11, 5), topics=[economy], source=reuters)
    make_article(
        "NATO to help buy Patriot missiles (copy)",
        published_at=local(2024, 1, 4),
        duplicate_of=first,
        source=reuters,
        topics=[economy],
    )
    return {"first": first, "economy": economy, "canada": canada, "toronto": toronto, "ap": ap}


class TestBrowsePages:
    def test_home(self, client, archive):
        page = text(client.get(reverse("articles:home")))
        assert "Search 3 archived articles" in page
        assert "Hockey night in Toronto" in page
        assert 'href="/topics/economy/"' in page and 'href="/places/toronto/"' in page
        assert reverse("articles:archive_month", args=[2024, 1]) in page  # the archive's timeline

    def test_masthead_nav_and_landmarks(self, client, archive):
        page = text(client.get(reverse("articles:home")))
        for landmark in (
            '<header class="masthead"',
            '<nav class="site-nav"',
            '<main id="content"',
            "<footer",
        ):
            assert landmark in page
        assert 'class="skip-link" href="#content"' in page
        for name in ("Search", "Archive", "Topics", "Places", "Sources"):
            assert f">{name}</a>" in page

    def test_article_list_paginates_by_20(self, client):
        for i in range(25):
            make_article(f"Story {i}", published_at=local(2024, 1, 1) + dt.timedelta(days=i))
        first = text(client.get(reverse("articles:list")))
        assert "Story 24" in first and "Story 4" not in first and "Page 1 of 2" in first
        second = text(client.get(reverse("articles:list"), {"page": 2}))
        assert "Story 4" in second and "Story 5" not in second

    def test_article_list_holds_what_the_home_page_counts(self, client, archive):
        # "Search 3 archived articles" linked to "All articles: 5 articles": the list held the exact
        # copy and a gallery page, which the home page's count, the date archive and the topic, place
        # and source counts all leave out. It lists what they count, undated articles last.
        make_article("Photos of the rally", kind=Article.Kind.GALLERY)
        make_article("Undated note", published_at=None)
        home = text(client.get(reverse("articles:home")))
        listed = client.get(reverse("articles:list"))
        assert "Search 4 archived articles<" in home and "4 articles, newest first" in text(listed)
        titles = [article.title for article in listed.context["object_list"]]
        assert "Photos of the rally" not in titles and titles[-1] == "Undated note"
        assert "NATO to help buy Patriot missiles (copy)" not in titles and len(titles) == 4

    @pytest.mark.parametrize("page", ["abc", "0", "99999"])
    def test_bad_page_on_the_list_is_a_page_with_a_note(self, client, archive, page):
        response = client.get(reverse("articles:list"), {"page": page})
        assert response.status_code == 200
        assert "first page" in text(response) or "last" in text(response)

    def test_indexes(self, client, archive):
        assert "Economy" in text(client.get(reverse("articles:topics")))
        places = text(client.get(reverse("articles:places")))
        assert (
            re.search(
                r'>Canada</a>(?: <span class="muted">[^<]*</span>)? · <span class="count">2 articles</span>',
                places,
            )
            and "Toronto" not in places
        )
        within = text(client.get(reverse("articles:place_within", args=["canada"])))
        assert re.search(
            r'>Toronto</a>(?: <span class="muted">[^<]*</span>)? · <span class="count">2 articles</span>',
            within,
        )
        assert "The Associated Press" in text(client.get(reverse("articles:sources")))

    def test_topic_page_is_the_search_prefiltered(self, client, archive):
        archive["economy"].description = "Money, trade and markets."
        archive["economy"].save()
        page = text(client.get(reverse("articles:topic", args=["economy"])))
        assert "<h1" in page and "Economy" in page and "Money, trade and markets." in page
        assert "Markets rally" in page and "Hockey night" not in page
        assert "2 matches" in page

    def test_place_page_includes_places_within(self, client, archive):
        page = text(client.get(reverse("articles:place", args=["canada"])))
        assert (
            "Hockey night in Toronto" in page and "NATO to help buy" in page and "Markets rally" not in page
        )

    def test_place_page_names_where_it_is(self, client, archive):
        assert 'In <a href="/places/canada/">Canada</a>' in text(
            client.get(reverse("articles:place", args=["toronto"]))
        )

    def test_topic_page_facets_leave_out_the_topic_itself(self, client, archive):
        page = text(client.get(reverse("articles:topic", args=["economy"])))
        assert 'href="?topic=economy"' not in page
        assert 'href="?place=toronto"' in page  # facet links stay on the topic page

    def test_topic_page_facet_narrows_within_the_topic(self, client, archive):
        sport = Topic.objects.get(slug="sport")
        archive["first"].topics.add(sport)
        page = text(client.get(reverse("articles:topic", args=["economy"])))
        assert 'href="?topic=sport">Sport</a> <span class="count">1</span>' in page
        narrowed = text(client.get(reverse("articles:topic", args=["economy"]), {"topic": "sport"}))
        assert "1 match" in narrowed and "Markets rally" not in narrowed

    def test_source_page_with_more_filters(self, client, archive):
        page = text(client.get(reverse("articles:source", args=["reuters"]), {"topic": "economy"}))
        assert "Markets rally" in page and "Hockey night" not in page

    def test_unknown_topic_page_is_404(self, client, archive):
        response = client.get(reverse("articles:topic", args=["nothing-here"]))
        assert response.status_code == 404
        assert "We could not find that page" in text(response)


class TestDateArchive:
    def test_index_year_month_day(self, client, archive):
        assert "2024" in text(client.get(reverse("articles:archive")))
        year = text(client.get(reverse("articles:archive_year", args=[2024])))
        assert "Hockey night in Toronto" in year and "Markets rally" not in year and "February" in year
        month = text(client.get(reverse("articles:archive_month", args=[2024, 1])))
        assert "NATO to help buy" in month and "Hockey" not in month
        day = text(client.get(reverse("articles:archive_day", args=[2024, 2, 10])))
        assert "Hockey night in Toronto" in day

    def test_days_are_local(self, client):
        make_article("Late evening in Toronto", published_at=dt.datetime(2024, 2, 11, 3, 0, tzinfo=dt.UTC))
        assert "Late evening" in text(client.get(reverse("articles:archive_day", args=[2024, 2, 10])))

    @pytest.mark.parametrize("args", [[2024, 13], [9999, 12], [1850, 1]])
    def test_impossible_or_empty_months_are_404(self, client, archive, args):
        assert client.get(reverse("articles:archive_month", args=args)).status_code == 404

    def test_an_empty_day_says_so_and_links_to_the_nearest_days_with_articles(self, client, archive):
        response = client.get(reverse("articles:archive_day", args=[2024, 1, 20]))
        assert response.status_code == 404  # not found, for crawlers; a page a reader can use
        page = text(response)
        assert "No articles are archived for this day" in page
        # the nearest earlier day: the copy's, listed in the date archive as a dated search lists it (stop 28)
        assert reverse("articles:archive_day", args=[2024, 1, 4]) in page
        assert reverse("articles:archive_day", args=[2024, 2, 10]) in page  # and later one
        month = text(client.get(reverse("articles:archive_month", args=[1850, 1])))
        assert "No articles are archived for this month" in month


class TestArticlePage:
    def test_content(self, client, archive):
        page = text(client.get(archive["first"].get_absolute_url()))
        assert "NATO to help buy Patriot missiles</h1>" in page
        assert "By Lorne Cook" in page and "BRUSSELS —" in page and "Allies welcomed it." in page
        assert "3 January 2024, 8:50 a.m." in page
        assert 'href="/sources/ap/"' in page and 'href="/topics/economy/"' in page
        assert "The same text also appears as" in page and "(copy)" in page

    def test_lede_printed_once_when_the_body_repeats_it(self, client):
        repeated = make_article("Repeat", lede="The first sentence.", body="The first sentence.\n\nMore.")
        page = text(client.get(repeated.get_absolute_url()))
        assert 'class="story__lede"' not in page and "<p>The first sentence.</p>" in page
        separate = make_article("Separate", lede="A standfirst.", body="The story.\n\nMore.")
        assert 'class="story__lede">A standfirst.' in text(client.get(separate.get_absolute_url()))

    def test_updated_time_and_photo(self, client):
        article = make_article(
            "Flood",
            published_at=local(2024, 3, 1, 9),
            source_updated_at=local(2024, 3, 1, 11),
            photo_caption="Water in the streets.",
            photo_credit="(AP Photo/Someone)",
        )
        page = text(client.get(article.get_absolute_url()))
        assert "Updated" in page and "Water in the streets." in page and "(AP Photo/Someone)" in page

    def test_duplicate_links_to_its_original(self, client, archive):
        copy = archive["first"].duplicates.get()
        page = text(client.get(copy.get_absolute_url()))
        assert "exact copy of" in page and archive["first"].get_absolute_url() in page

    def test_wrong_slug_redirects_and_unknown_pk_is_404(self, client, archive):
        article = archive["first"]
        response = client.get(reverse("articles:detail", args=[article.pk, "old-title"]))
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
        assert client.get(reverse("articles:detail", args=[99999, "x"])).status_code == 404

    def test_address_without_slug_redirects_to_the_article(self, client, archive):
        article = archive["first"]
        response = client.get(f"/articles/{article.pk}/")
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
        assert client.get("/articles/99999/").status_code == 404

    def test_previous_and_next(self, client, archive):
        page = text(client.get(archive["first"].get_absolute_url()))
        assert "Previous article" in page and "Markets rally" in page
        assert "Next article" in page and "Hockey night in Toronto" in page

    def test_related_links_grouped_and_linked_when_archived(self, client, archive):
        article, target = archive["first"], make_article("Archived story")
        make_related(article, "Archived story", section="Top Stories", target=target)
        make_related(article, "Elsewhere", section="Top Stories", summary="A summary.", age="1h ago")
        make_related(article, "A clip", section="Most Watched", kind="video", duration="2:33")
        page = text(client.get(article.get_absolute_url()))
        assert page.index("Top Stories") < page.index("Most Watched")
        assert f'href="{target.get_absolute_url()}">Archived story</a>' in page
        assert "Elsewhere" in page and "A summary." in page and "1h ago" in page and "2:33" in page

    def test_coverage_links(self, client):
        article = make_article(
            "Hub", links=["https://example.org/hub/ukraine", {"url": "https://example.org/x", "text": "More"}]
        )
        page = text(client.get(article.get_absolute_url()))
        assert 'href="https://example.org/hub/ukraine"' in page and ">More</a>" in page

    def test_wikinews_attribution(self, client):
        article = make_article("Wiki story", url="https://en.wikinews.org/wiki/Wiki_story")
        page = text(client.get(article.get_absolute_url()))
        assert "From Wikinews, CC BY 2.5" in page and 'href="https://en.wikinews.org/wiki/Wiki_story"' in page
        other = make_article("Elsewhere", url="https://notwikinews.org.example.com/x")
        assert "From Wikinews" not in text(client.get(other.get_absolute_url()))

    def test_more_like_this(self, client, archive):
        make_article("NATO buys more Patriot missiles", body="NATO Patriot missiles purchase for allies.")
        page = text(client.get(archive["first"].get_absolute_url()))
        assert "More like this" in page and "NATO buys more Patriot missiles" in page

    def test_each_topic_says_why_it_was_given(self, client):
        from articles.enrich.service import tag_queryset
        from articles.models import Article

        article = make_article(
            "Minister calls snap election",
            body="The prime minister called an election for May. Opposition MPs said the election "
            "was a gamble; the minister said voters would back the government.\n\nParliament rises.",
            topics=[make_topic("Editors' pick")],
        )
        tag_queryset(Article.objects.filter(pk=article.pk))
        page = text(client.get(article.get_absolute_url()))
        politics = page.index(">Politics</a>")
        why = page.index("why: words: election ×3, minister ×3", politics)
        assert why - politics < 100  # said beside the topic, not somewhere else on the page
        assert "(title: election, minister)" in page[why : why + 300]
        assert page.index(">Editors&#x27; pick</a>") < page.index("added by an editor") < politics


class TestErrorPages:
    def test_500_template_renders_without_a_request(self):
        from django.template.loader import render_to_string

        page = render_to_string("500.html")
        assert "Something went wrong on our side" in page and "site.css" in page


# PostgreSQL's planner is asked how many articles a search should match (articles.fulltext.estimate_count).
GUESS = int(connection.vendor == "postgresql")
# The places index counts with PostgreSQL's JIT off (articles/selectors/places.py): in a transaction
# (within a test's, a savepoint and its release) with SET LOCAL.
NO_JIT = 3 * int(connection.vendor == "postgresql")


class TestQueryCounts:
    """The same number of queries for 5 articles as for 25: nothing is fetched per article."""

    @staticmethod
    def fill(n: int):
        topics = [make_topic() for _ in range(3)]
        places = [make_place() for _ in range(3)]
        source = make_source()
        for i in range(n):
            make_article(
                f"Patriot story {i}",
                body="Patriot missiles story.",
                published_at=local(2024, 1, 1) + dt.timedelta(days=i),
                topics=topics[: i % 3 + 1],
                places=places[: i % 2 + 1],
                source=source,
            )
        return topics, places

    @pytest.mark.parametrize("n", [5, 25])
    def test_search_page(self, client, django_assert_num_queries, n):
        topics, places = self.fill(n)
        url = reverse("articles:search")
        # the archive's version (the cache key); counts, facets and timeline together; the page's
        # entries (one per story), then their articles; their topics and places together; +1 per
        # chosen kind of tag, and +1 per chosen kind to count its other values without it (a second
        # topic gives either's matches); on PostgreSQL, +1 for its planner's guess of how many match
        chosen = {"topic": topics[0].slug, "place": places[0].slug, "date_from": "2024"}
        with django_assert_num_queries(5 + GUESS):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(9 + GUESS):
            client.get(url, chosen)
        # The same searches again: the version, and the chosen tags; the rest comes from the cache.
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(3):
            client.get(url, chosen)

    @pytest.mark.parametrize("n", [5, 25])
    def test_search_page_with_words(self, client, django_assert_num_queries, n):
        self.fill(n)
        # as above, and the snippets; then the same search from the cache
        with django_assert_num_queries(6 + GUESS):
            assert client.get(reverse("articles:search"), {"q": "patriot"}).status_code == 200
        with django_assert_num_queries(1):
            assert client.get(reverse("articles:search"), {"q": "patriot"}).status_code == 200

    @pytest.mark.parametrize("n", [5, 25])
    def test_article_page(self, client, django_assert_max_num_queries, n):
        self.fill(n)
        article = make_article("Centre", topics=[make_topic()], places=[make_place()])
        for i in range(3):
            make_related(article, f"Related {i}", target=article if i else None)
        # article, topics, places, related links, duplicates, previous, next, the archive's version (the
        # formatted citations' cache key), and "More like this": its stored row, missing on a first
        # visit, so found by the engine and stored (one upsert); then read by key, with its articles
        with django_assert_max_num_queries(12):
            assert client.get(article.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(article.get_absolute_url()).status_code == 200

    @pytest.mark.parametrize("n", [5, 25])
    def test_home_list_and_archive(self, client, django_assert_num_queries, n):
        self.fill(n)
        # the newest articles with their tags; the stored whole-archive counts, none on the first visit
        # (so the archive's version, the counts, and storing them; the places counted with JIT off, as the
        # places index is); then the stored row and the version
        with django_assert_num_queries(11 + NO_JIT):
            client.get(reverse("articles:home"))
        with django_assert_num_queries(5):
            client.get(reverse("articles:home"))
        with django_assert_num_queries(4):
            client.get(reverse("articles:list"))
        with django_assert_num_queries(7):  # an empty year is a page too: no query to find out first
            client.get(reverse("articles:archive_year", args=[2024]))
        with django_assert_num_queries(1):
            client.get(reverse("articles:topics"))
        # the archive's version and the counts of the index's places; a second visit, the version only
        with django_assert_num_queries(2 + NO_JIT):
            client.get(reverse("articles:places"))
        with django_assert_num_queries(1):
            client.get(reverse("articles:places"))


class TestSearchPage:
    def test_results_show_what_a_reader_needs(self, client, archive):
        page = text(client.get(reverse("articles:search"), {"topic": "economy"}))
        assert "2 stories, 3 articles" in page  # the exact duplicate is listed under its original
        assert "NATO to help buy Patriot missiles" in page and "The Associated Press" in page
        assert "Toronto" in page and "Economy" in page
        assert "Show every copy (3)" in page
        assert 'href="?topic=economy&amp;format=csv"' in page and "Export CSV" in page
        assert "Atom feed" in page and "JSON" in page

    def test_undated_articles_are_found_labelled_and_counted(self, client, archive):
        make_article("Undated economy story", published_at=None, topics=[archive["economy"]])
        page = text(client.get(reverse("articles:search"), {"topic": "economy"}))
        assert "3 stories, 4 articles" in page and "Undated economy story" in page
        assert "<span>Undated</span>" in page
        assert page.index("Markets rally") < page.index("Undated economy story")  # undated last
        found = text(client.get(reverse("articles:search"), {"q": "undated"}))
        assert "1 match" in found and "<mark>Undated</mark> economy story" in found
        assert "Undated economy story" in text(client.get(archive["economy"].get_absolute_url()))
        dated_only = text(client.get(reverse("articles:search"), {"topic": "economy", "date_from": "2000"}))
        assert "2 stories, 3 articles" in dated_only and "Undated economy story" not in dated_only
        assert "Undated economy story" not in text(client.get(reverse("articles:home")))

    def test_place_facet_counts_the_places_within(self, client, archive):
        page = text(client.get(reverse("articles:search")))
        # Canada holds Toronto's two (non-duplicate) articles, as clicking it shows.
        assert '<a href="?place=canada">Canada</a> <span class="count">2</span>' in page
        assert "2 matches" in text(client.get(reverse("articles:search"), {"place": "canada"}))

    def test_chips_remove_one_filter(self, client, archive):
        page = text(client.get(reverse("articles:search"), {"topic": "economy", "source": "ap"}))
        assert 'href="?source=ap"' in page  # the Economy chip
        assert 'href="?topic=economy"' in page  # the AP chip

    def test_every_copy_is_a_chip_too(self, client, archive):
        # Passing mentions, a kind and a language had chips; `group=none` had none to remove it by.
        page = text(client.get(reverse("articles:search"), {"topic": "economy", "group": "none"}))
        assert '<span class="chip__label">Entries:</span> every copy' in page
        assert 'href="?topic=economy"' in page

    def test_links_leave_out_an_unknown_topic_the_page_ignored(self, client, archive):
        # The page says it left "nope" out of the search, but every facet, page and export link kept it,
        # so the notice followed the reader from page to page (and a URL of 1,000 of them made 1.5 MB).
        page = text(client.get(reverse("articles:search"), {"topic": ["nope", "economy"]}))
        assert "There is no topic called “nope”" in page
        assert "topic=nope" not in page
        assert 'href="?topic=economy&amp;format=csv"' in page
        assert 'href="?topic=economy&amp;places=all"' in page

    def test_facet_links_add_a_filter_and_keep_the_rest(self, client, archive):
        page = text(client.get(reverse("articles:search"), {"date_from": "2023", "page": "1"}))
        assert 'href="?date_from=2023&amp;topic=economy"' in page
        assert 'href="?date_from=2023&amp;place=toronto"' in page

    def test_pagination_keeps_filters(self, client):
        topic = make_topic("Economy")
        for i in range(45):
            make_article(f"Story {i}", topics=[topic])
        page = text(client.get(reverse("articles:search"), {"topic": "economy", "page": 2}))
        assert 'href="?topic=economy&amp;page=3"' in page and 'href="?topic=economy&amp;page=1"' in page
        assert "Page 2 of 3" in page and "45 matches" in page

    def test_pages_leave_out_an_unknown_topic_too(self, client):
        topic = make_topic("Economy")
        for i in range(25):
            make_article(f"Story {i}", topics=[topic])
        page = text(client.get(reverse("articles:search"), {"topic": ["nope", "economy"]}))
        assert 'href="?topic=economy&amp;page=2"' in page and "topic=nope" not in page

    def test_a_new_search_from_the_form_keeps_the_page_size(self, client):
        # Searching again from a page of 50 went back to 20 a page: the form did not carry per_page.
        make_article("Story")
        page = text(client.get(reverse("articles:search"), {"q": "story", "per_page": "50"}))
        assert '<input type="hidden" name="per_page" value="50">' in page
        for params in ({"q": "story"}, {"q": "story", "per_page": "7"}):  # the default, or one not offered
            assert 'name="per_page"' not in text(client.get(reverse("articles:search"), params))

    def test_timeline_is_accessible_svg_with_links(self, client, archive):
        page = text(client.get(reverse("articles:search")))
        assert '<figure class="timeline" aria-labelledby="timeline-caption">' in page
        assert "Bar chart of 3 matches by month, November 2023 to February 2024" in page
        link = '<a class="timeline__link" href="?date_from=2024-01&amp;date_to=2024-01">'
        assert link + '<svg class="timeline__svg"' in page
        assert 'role="img" aria-label="January 2024: 1 match"><title>January 2024: 1 match</title>' in page
        assert "<title>December 2023: 0 matches</title>" in page  # empty months are drawn too

    def test_timeline_by_day_for_short_ranges(self, client, archive):
        page = text(client.get(reverse("articles:search"), {"date_from": "2024-01", "date_to": "2024-02"}))
        assert "Matches by day" in page
        assert 'href="?date_from=2024-01-03&amp;date_to=2024-01-03"' in page

    def test_month_facet_within_a_chosen_year(self, client, archive):
        page = text(client.get(reverse("articles:search"), {"date_from": "2024", "date_to": "2024"}))
        assert "Months of 2024" in page and 'href="?date_from=2024-02&amp;date_to=2024-02"' in page

    def test_duplicates_toggle(self, client, archive):
        page = text(client.get(reverse("articles:search"), {"duplicates": "show"}))
        assert "(copy)" in page and "4 articles (1 exact copy) in 3 stories" in strip_tags(page)
        assert "One entry per story (3)" in page

    @pytest.mark.parametrize(
        "params, message",
        [
            ({"date_from": "2024-13"}, "is not a date"),
            ({"date_to": "soon"}, "is not a date"),
            ({"topic": "x"}, "There is no topic called “x”"),
            ({"place": "nowhere"}, "There is no place called “nowhere”"),
            ({"source": "rumour-mill"}, "There is no source called “rumour-mill”"),
            ({"page": "abc"}, "is not a page number"),
            ({"page": "99999"}, "here is the last"),
            ({"sort": "sideways"}, "“sideways” is not one of the choices (relevance, newest or oldest)"),
            ({"format": "xml"}, "There is no “xml” format"),
            ({"q": "word " * 200}, "only the start was used"),
        ],
    )
    def test_bad_input_is_explained_not_an_error(self, client, archive, params, message):
        response = client.get(reverse("articles:search"), params)
        assert response.status_code == 200
        assert message in text(response)

    def test_keyword_search_highlights(self, client, archive):
        page = text(client.get(reverse("articles:search"), {"q": "patriot"}))
        assert "1 match" in page and "<mark>" in page and "Hockey" not in page

    def test_query_explanation_when_operators(self, client, archive):
        page = text(client.get(reverse("articles:search"), {"q": 'nato -hockey "patriot missiles"'}))
        assert "How we read your query" in page


# 75 examples (150 before stop 23; CI time), each a search page and its feed.
@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "q": st.text(max_size=60),
            "date_from": st.one_of(st.text(max_size=12), st.from_regex(r"\A\d{4}(-\d{1,2}(-\d{1,2})?)?\Z")),
            "date_to": st.one_of(st.text(max_size=12), st.from_regex(r"\A\d{4}(-\d{1,2}(-\d{1,2})?)?\Z")),
            "topic": st.lists(
                st.one_of(st.sampled_from(["economy", "sport"]), st.text(max_size=10)), max_size=3
            ),
            "place": st.lists(
                st.one_of(st.sampled_from(["canada", "toronto"]), st.text(max_size=10)), max_size=3
            ),
            "source": st.lists(
                st.one_of(st.sampled_from(["ap", "reuters"]), st.text(max_size=10)), max_size=3
            ),
            "sort": st.one_of(st.sampled_from(["relevance", "newest", "oldest"]), st.text(max_size=8)),
            "page": st.one_of(st.integers(-5, 10**12).map(str), st.text(max_size=6)),
            "format": st.sampled_from(["", "json", "csv", "html", "x"]),
            "duplicates": st.sampled_from(["show", "", "no"]),
            # Stop 26: the rest of the search form, and the reference formats.
            "per_page": st.one_of(st.sampled_from(["20", "50", "100"]), st.text(max_size=6)),
            "group": st.one_of(st.sampled_from(["none", "story"]), st.text(max_size=6)),
            "places": st.one_of(st.just("all"), st.text(max_size=6)),
            "kind": st.one_of(st.sampled_from(["all", "article", "gallery", "digest"]), st.text(max_size=8)),
            "language": st.one_of(st.sampled_from(["en", "fr", "EN"]), st.text(max_size=5)),
        },
    ),
    output=st.sampled_from(["", "ris", "bibtex"]),
    # The same query string on the map and on a facet's every value (neither had a test of bad input).
    beside=st.sampled_from(
        [
            ("articles:search_map", ()),
            *(("articles:search_values", (kind,)) for kind in ("topic", "place", "source")),
        ]
    ),
)
def test_no_input_gives_a_server_error(client, archive, params, output, beside):
    # Empty parameters redirect once to the clean URL (a loop would raise here).
    response = client.get(reverse("articles:search"), params, follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 1
    if params.get("format") == "csv":
        b"".join(response.streaming_content)
    feed = client.get(reverse("articles:search_feed"), params)
    assert feed.status_code == 200
    if output:
        references = client.get(reverse("articles:search"), {**params, "format": output}, follow=True)
        assert references.status_code == 200
        if references.streaming:
            b"".join(references.streaming_content)
    other = client.get(reverse(beside[0], args=beside[1]), params, follow=True)
    assert other.status_code == 200 and len(other.redirect_chain) <= 1


def test_home_page_counts_are_kept_and_counted_again_after_a_write(client, monkeypatch):
    """The counts are read from one stored row; an article written behind it is shown on the visit
    after the one that finds the row behind (which asks the task worker, here run at once, to count)."""
    from articles.models import ArchiveOverview
    from articles.selectors import overview

    monkeypatch.setattr(overview, "RECOUNT_EVERY", dt.timedelta(0))
    economy = make_topic("Economy")
    make_article("First", topics=[economy])
    assert "Search 1 archived article<" in client.get(reverse("articles:home")).content.decode()
    assert ArchiveOverview.objects.filter(key="home").exists()  # counted once, for every worker
    economy.name = "Economics"  # a rename is not an addition: the stored counts stand
    economy.save()
    assert ">Economy</a>" in client.get(reverse("articles:home")).content.decode()
    make_article("Second", topics=[economy])  # written behind the counts
    assert "Search 1 archived article<" in client.get(reverse("articles:home")).content.decode()
    page = client.get(reverse("articles:home")).content.decode()
    assert "Search 2 archived articles<" in page and ">Economics</a>" in page


def test_a_facets_full_list_keeps_the_pages_scope_and_refuses_unknown_kinds(client):
    """A topic page's "All places" lists the places of that topic's matches, every one of them."""
    labour, other = make_topic("Labour"), make_topic("Other")
    for n in range(15):
        make_article(f"Strike {n}", topics=[labour], places=[make_place(f"Mill town {n:02d}")])
    make_article("Elsewhere", topics=[other], places=[make_place("Far away")])
    page = client.get(reverse("articles:topic", args=["labour"])).content.decode()
    assert 'href="/search/values/place/?topic=labour"' in page
    listed = client.get("/search/values/place/?topic=labour").content.decode()
    assert all(f"Mill town {n:02d}" in listed for n in range(15)) and "Far away" not in listed
    assert "/search/?topic=labour&amp;place=mill-town-07" in listed
    assert client.get("/search/values/nope/").status_code == 404
    assert client.get("/search/values/topic/?q=&topic=labour").url == "/search/values/topic/?topic=labour"
