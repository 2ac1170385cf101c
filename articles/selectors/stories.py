"""The reads of stories: a story's page (every copy by outlet and time, the versions with what changed
between each), the line a search result or an article page shows about its story ("also on CityNews,
CTV News and 12 more · 3 versions").

    page = story_page("3f2a9c...", page="2")     # None for an unknown key
    lines = story_lines(articles)                # {article id: StoryLine}, two queries at most
    line = story_line(article)                   # the article page's, or None
    articles = with_story_lines(page)            # a list page's articles, each with .story_line
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max

from articles.changes import VersionDiff, compare
from articles.models import Article, Story, StoryRole, tag_url
from articles.selectors.paging import clamp_page

ALSO_ON_NAMED = 2  # outlets named before "and N more": "also on CityNews, CTV News and 12 more"
COPIES_PER_PAGE = 100  # a story page's list of copies; a syndicated story can run on hundreds of sites
# Versions compared on one story page. Each comparison reads two bodies and runs difflib over their
# paragraphs (about a millisecond for a wire story); a story updated more often than this through a
# day shows its first MAX_VERSIONS - 1 changes and the change to its latest version.
MAX_VERSIONS = 40
STORY_KEY = re.compile(r"[-\w]{1,40}", re.ASCII)  # what articles.models.story_key gives, and room to spare
ROLE_NAMES = {
    StoryRole.FIRST: "the first article of this story",
    StoryRole.COPY: "a copy of an earlier article",
    StoryRole.VERSION: "an updated version",
}


@dataclass
class StoryLine:
    """What a result or an article says about its story."""

    key: str
    url: str
    headline: str
    copies: int  # every article of the story, copies and versions alike
    versions: int
    role: str
    also_on: list[str] = field(default_factory=list)  # the first outlets of its other articles
    more_outlets: int = 0  # outlets beyond those named

    @property
    def grouped(self) -> bool:
        """Whether the story holds more than this one article."""
        return self.copies > 1

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, "not compared with other articles yet")


def _line(article: Article, story: Story | None) -> StoryLine | None:
    if story is None:
        return None
    return StoryLine(
        key=story.key,
        url=story.get_absolute_url(),
        headline=story.headline,
        copies=story.article_count,
        versions=story.version_count,
        role=article.story_role,
    )


def story_lines(articles: list[Article]) -> dict[int, StoryLine]:
    """The story line of each article of a page that belongs to a story (read through
    `select_related("story")`), with the outlets its story's other articles ran on, newest first
    (one query, for the stories of more than one article)."""
    story_field = Article._meta.get_field("story")
    unread = {a.story_id for a in articles if a.story_id and not story_field.is_cached(a)}
    fetched = Story.objects.in_bulk(unread) if unread else {}
    lines = {}
    for article in articles:
        story = fetched.get(article.story_id) if article.story_id in unread else article.story
        if line := _line(article, story):
            lines[article.pk] = line
    # A list page can hold two versions of one story (the date archive): each names the others' outlets.
    shared = [article for article in articles if article.pk in lines and lines[article.pk].grouped]
    if not shared:
        return lines
    outlets = (
        Article.objects.filter(story_id__in={article.story_id for article in shared}, source__isnull=False)
        .values("story_id", "source_id", "source__name")
        .annotate(latest=Max("published_at"))
        .order_by("story_id", "-latest", "source__name")
    )
    by_story: dict[int, list[tuple[int, str]]] = {}
    for row in outlets:
        by_story.setdefault(row["story_id"], []).append((row["source_id"], row["source__name"]))
    for article in shared:
        # "also on" its own outlet says nothing
        found = [
            name for source_id, name in by_story.get(article.story_id, []) if source_id != article.source_id
        ]
        line = lines[article.pk]
        line.also_on = found[:ALSO_ON_NAMED]
        line.more_outlets = max(0, len(found) - ALSO_ON_NAMED)
    return lines


def with_story_lines(articles) -> list[Article]:
    """A list page's articles (the date archive, every article, the home page's newest), each with
    `story_line`, so that its teaser says it is one version of a story in the words a search result uses
    (includes/story_line.html): two queries at most."""
    articles = list(articles)
    lines = story_lines(articles)
    for article in articles:
        article.story_line = lines.get(article.pk)
    return articles


def story_line(article: Article) -> StoryLine | None:
    """The article page's line about its story (None when it belongs to none)."""
    if not article.story_id:
        return None
    return story_lines([article]).get(article.pk)


@dataclass
class Version:
    """One version of the story and what changed from the version before it (None for the first)."""

    article: Article
    number: int
    changes: VersionDiff | None


@dataclass
class Outlet:
    name: str
    url: str
    count: int


@dataclass
class StoryPage:
    story: Story
    copies: Page  # every article of the story by time, COPIES_PER_PAGE at a time
    page_problem: str | None
    outlets: list[Outlet]
    versions: list[Version]
    versions_left_out: int  # versions between MAX_VERSIONS - 1 and the latest, not compared here

    @property
    def first(self) -> Article | None:
        return self.versions[0].article if self.versions else None

    @cached_property
    def dated(self) -> tuple[Article | None, Article | None]:
        """The story's earliest and latest dated articles, so that its dates are shown as precisely as
        those articles give them ("March 2024" for a month-only page, never "1 March 2024")."""
        dated = (
            Article.objects.of_story(self.story)
            .filter(published_at__isnull=False)
            .only("published_at", "date_precision")
        )
        return dated.order_by("published_at", "pk").first(), dated.order_by("-published_at", "-pk").first()


COPY_FIELDS = (
    "title", "slug", "published_at", "date_precision", "story_role", "duplicate_of", "url", "word_count",
    "source__name", "source__slug", "story",
)  # fmt: skip


def story_page(key: str, *, page: str | None = None) -> StoryPage | None:
    """A story by its key, with its articles and versions; None when no story has this key."""
    if not STORY_KEY.fullmatch(key):  # a NUL byte or a space could not be a key, nor be asked for
        return None
    story = Story.objects.filter(key=key).first()
    if story is None:
        return None
    articles = Article.objects.of_story(story)
    copies = articles.select_related("source").only(*COPY_FIELDS)
    paginator = Paginator(copies, COPIES_PER_PAGE)
    number, problem = clamp_page(page, paginator)
    outlets = [
        Outlet(row["source__name"] or "Outlet not known", _source_url(row), row["n"])
        for row in articles.values("source__name", "source__slug", "source_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "source__name", "source_id")
    ]
    return StoryPage(story, paginator.page(number), problem, outlets, *_versions(articles))


def _source_url(row: dict) -> str:
    return tag_url("source", row["source__slug"], row["source_id"]) if row["source_id"] else ""


def _versions(articles) -> tuple[list[Version], int]:
    """The first article and the versions, in time order, each compared with the one before it."""
    heads = articles.exclude(story_role=StoryRole.COPY).select_related("source")
    total = heads.count()
    if total > MAX_VERSIONS:
        ids = list(heads.values_list("pk", flat=True))
        kept = ids[: MAX_VERSIONS - 1] + ids[-1:]
        heads = heads.filter(pk__in=kept)
    versions: list[Version] = []
    before = None
    for number, article in enumerate(heads, start=1):
        changes = None
        if before is not None:
            changes = compare(before.title, before.paragraphs, article.title, article.paragraphs)
        versions.append(Version(article, number if number < MAX_VERSIONS else total, changes))
        before = article
    return versions, max(0, total - MAX_VERSIONS)
