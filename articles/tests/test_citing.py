"""Citing an article: the byline's authors, the meta tags reference managers read, the Cite box's
APA, Chicago and MLA strings (articles/citing/)."""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.citing import Author, Citation, authors_from_byline
from articles.citing.styles import formatted
from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.tests.factories import local, make_article, make_place, make_source, make_topic

pytestmark = pytest.mark.django_db

META = re.compile(r'<meta name="([^"]+)" content="([^"]*)">')


def meta_tags(page: str) -> list[tuple[str, str]]:
    return [(name, html.unescape(content)) for name, content in META.findall(page)]


def cite_box(page: str) -> dict[str, str]:
    """Each style's citation as the reader sees it (tags dropped, entities decoded)."""
    found = re.findall(r'<p class="cite__text" id="cite-(\w+)"[^>]*>(.*?)</p>', page, re.S)
    return {key: html.unescape(re.sub(r"<[^>]+>", "", text)) for key, text in found}


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Roe and John Doe, The Associated Press", [("Jane", "Roe"), ("John", "Doe")]),
        ("By The Associated Press", []),
        ("By JANE ROE Associated Press Writer", [("Jane", "Roe")]),
        ("Jane Roe, John Doe & Mary Major", [("Jane", "Roe"), ("John", "Doe"), ("Mary", "Major")]),
        ("By  Jane   Roe", [("Jane", "Roe")]),
        ("Martin Luther King Jr.", [("Martin Luther", "King Jr.")]),
        ("By Jean-Luc O'Neil | Reuters", [("Jean-Luc", "O'Neil")]),
        ("Wikinews contributors", []),
        ("Staff", []),
        ("", []),
    ],
)
def test_authors_from_byline(byline, authors):
    found = authors_from_byline(byline, outlet="The Associated Press")
    assert found == tuple(Author(given, family) for given, family in authors)


def test_seed_article_carries_meta_tags_and_citations(client, seed_bytes):
    import_documents([InputDocument("seed.txt", seed_bytes)])
    article = Article.objects.get()
    page = client.get(article.get_absolute_url()).content.decode()
    tags = meta_tags(page)
    title = (
        "NATO to help buy 1,000 Patriot missiles to defend allies as Russia ramps up air assault on Ukraine"
    )
    assert ("citation_title", title) in tags
    assert ("citation_publication_date", "2024/01/03") in tags
    assert ("citation_journal_title", "The Associated Press") in tags
    assert ("citation_public_url", "http://testserver" + article.get_absolute_url()) in tags
    # "By The Associated Press" names no person.
    assert not [content for name, content in tags if name == "citation_author"]

    today = timezone.localdate()
    cited = cite_box(page)
    archive = "http://testserver" + article.get_absolute_url()
    url = article.url or archive
    assert cited["apa"] == f"The Associated Press. (2024, January 3). {title}. The Associated Press. {url}"
    assert cited["chicago"] == (
        "The Associated Press. 2024. “NATO to Help Buy 1,000 Patriot Missiles to Defend Allies as Russia "
        f"Ramps up Air Assault on Ukraine.” The Associated Press, January 3. {url}."
    )
    assert cited["mla"].startswith("The Associated Press. “NATO to Help Buy 1,000 Patriot Missiles")
    assert cited["mla"].endswith(f"The Associated Press, 3 Jan. 2024, {url}.")
    assert today.isoformat() not in page  # a dated article needs no access date in these styles


def test_wikinews_article_with_authors_and_precision(client):
    source = make_source("Wikinews")
    article = make_article(
        "Magnitogorsk apartment building collapses after explosion, dozens dead",
        source=source,
        byline="By Jane Roe and John Doe, Wikinews",
        url="https://en.wikinews.org/wiki/Magnitogorsk",
        published_at=local(2019, 1, 4, 0),
        date_precision="day",
        language="en",
        topics=[make_topic("Disasters")],
        places=[make_place("Magnitogorsk")],
    )
    page = client.get(article.get_absolute_url()).content.decode()
    tags = meta_tags(page)
    assert [content for name, content in tags if name == "citation_author"] == ["Roe, Jane", "Doe, John"]
    assert ("citation_publication_date", "2019/01/04") in tags
    assert ("citation_journal_title", "Wikinews") in tags
    assert ("citation_fulltext_html_url", "https://en.wikinews.org/wiki/Magnitogorsk") in tags
    assert ("DC.source", "https://en.wikinews.org/wiki/Magnitogorsk") in tags
    assert ("DC.date", "2019-01-04") in tags
    assert ("citation_keywords", "Disasters; Magnitogorsk") in tags

    cited = cite_box(page)
    assert cited["apa"] == (
        "Roe, J., & Doe, J. (2019, January 4). Magnitogorsk apartment building collapses after explosion, "
        "dozens dead. Wikinews. https://en.wikinews.org/wiki/Magnitogorsk"
    )
    assert cited["chicago"] == (
        "Roe, Jane, and John Doe. 2019. “Magnitogorsk Apartment Building Collapses After Explosion, Dozens "
        "Dead.” Wikinews, January 4. https://en.wikinews.org/wiki/Magnitogorsk."
    )
    assert cited["mla"] == (
        "Roe, Jane, and John Doe. “Magnitogorsk Apartment Building Collapses After Explosion, Dozens Dead.” "
        "Wikinews, 4 Jan. 2019, https://en.wikinews.org/wiki/Magnitogorsk."
    )
    # The copy button copies the same text.
    assert f'data-text="{html.escape(cited["mla"])}"' in page


def test_month_precision_and_undated_articles(client):
    source = make_source("Wikinews")
    month = make_article("Known to the month", source=source, published_at=local(2019, 1, 1, 0))
    Article.objects.filter(pk=month.pk).update(date_precision="month")
    page = client.get(month.get_absolute_url()).content.decode()
    assert ("citation_publication_date", "2019/01") in meta_tags(page)
    assert "(2019, January)" in cite_box(page)["apa"]

    undated = make_article("No date at all", source=source, published_at=None, date_precision="")
    page = client.get(undated.get_absolute_url()).content.decode()
    assert not [name for name, _ in meta_tags(page) if "date" in name.lower()]
    today = timezone.localdate()
    cited = cite_box(page)
    assert "(n.d.)" in cited["apa"] and f"Retrieved {today:%B} {today.day}, {today.year}" in cited["apa"]
    assert f"Accessed {today.day} {today:%b}." in cited["mla"]
    assert f"Accessed {today:%B} {today.day}, {today.year}" in cited["chicago"]


def test_markup_in_a_title_stays_text(client):
    article = make_article('<script>alert("x")</script> & {braces} 50%', source=make_source("Reuters"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    cited = cite_box(page)
    assert '<script>alert("x")</script> & {braces} 50%' in cited["apa"]


def test_citations_are_kept_per_day(client, monkeypatch):
    article = make_article("Cached citation", source=make_source("Reuters"))
    first = cite_box(client.get(article.get_absolute_url()).content.decode())
    calls = []
    monkeypatch.setattr("articles.views.pages.formatted", lambda cite: calls.append(cite) or [])
    assert cite_box(client.get(article.get_absolute_url()).content.decode()) == first
    assert calls == []
    # Another day is another key: a new access date.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr("articles.citing.timezone.localdate", lambda: tomorrow)
    client.get(article.get_absolute_url())
    assert len(calls) == 1


ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=ANY_TEXT, byline=ANY_TEXT, outlet=ANY_TEXT)
def test_any_title_byline_and_outlet_cite_as_text(title, byline, outlet):
    """Whatever a row holds, the styles format it (no exception, so no 500) and the HTML holds no
    markup but the styles' own italics."""
    cite = Citation(
        title=title, authors=authors_from_byline(byline, outlet=outlet), outlet=outlet, date=(2024, 1, 3),
        url="https://example.com/a", archive_url="http://testserver/articles/1/a/",
        accessed=dt.date(2026, 12, 2), abstract="", keywords=(), language="en", key="newsarchive1",
    )  # fmt: skip
    for style in formatted(cite):
        assert re.sub(r"</?i>", "", style.html).count("<") == 0
        assert "https://example.com/a" in style.text


def test_periods_go_inside_double_quotes_but_not_into_a_possessive():
    cite = Citation(
        title="Strike by the teachers’", authors=(Author("Jane", "Roe"),), outlet="The Chronicle Herald",
        date=(2024, 1, 4), url="https://example.com/strike", archive_url="http://testserver/articles/1/s/",
        accessed=dt.date(2026, 12, 2), abstract="", keywords=(), language="en", key="newsarchive1",
    )  # fmt: skip
    styles = {style.key: style.text for style in formatted(cite)}
    assert "(2024, January 4). Strike by the teachers’. The Chronicle Herald." in styles["apa"]
    assert "“Strike by the Teachers’.” The Chronicle Herald, January 4." in styles["chicago"]


def test_an_article_with_no_author_and_no_outlet_is_cited_by_its_title_once():
    cite = Citation(
        title="Quake hits Japan", authors=(), outlet="", date=(2024, 1, 2), url="https://example.com/q",
        archive_url="http://testserver/articles/1/q/", accessed=dt.date(2026, 12, 2), abstract="",
        keywords=(), language="en", key="newsarchive1",
    )  # fmt: skip
    styles = {style.key: style.text for style in formatted(cite)}
    assert styles["apa"] == "Quake hits Japan. (2024, January 2). https://example.com/q"
    for text in styles.values():
        assert text.count("Quake") == 1, text


def test_title_case_is_for_english_titles_only():
    def cite(title, language):
        return Citation(
            title=title, authors=(), outlet="Der Spiegel", date=(2024, 1, 2), url="https://example.com/g",
            archive_url="http://testserver/articles/1/g/", accessed=dt.date(2026, 12, 2), abstract="",
            keywords=(), language=language, key="newsarchive1",
        )  # fmt: skip

    german = {s.key: s.text for s in formatted(cite("Die Regierung plant neue Gesetze", "de"))}
    assert "“Die Regierung plant neue Gesetze.”" in german["chicago"]
    assert "“Die Regierung plant neue Gesetze.”" in german["mla"]
    english = {s.key: s.text for s in formatted(cite("The government plans new laws", "en"))}
    assert "“The Government Plans New Laws.”" in english["chicago"]
