"""Small factories for view, filter, feed and export tests: plain functions with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

from articles.keys import slugify
from articles.models import Article, ArticlePlace, ArticleTopic, Place, RelatedLink, Source, Topic

_counter = itertools.count(1)


def local(year: int, month: int = 1, day: int = 1, hour: int = 12, minute: int = 0) -> dt.datetime:
    """An aware datetime in the site's time zone."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))


def make_source(name: str = "", **kw) -> Source:
    name = name or f"Source {next(_counter)}"
    kw.setdefault("slug", slugify(name))
    return Source.objects.create(name=name, **kw)


def make_topic(name: str = "", parent: Topic | None = None, **kw) -> Topic:
    name = name or f"Topic {next(_counter)}"
    slug = kw.pop("slug", slugify(name))
    # The data migration loads the IPTC topics: a test's "Sport" is that row, set as the test says.
    return Topic.objects.update_or_create(slug=slug, defaults={"name": name, "parent": parent, **kw})[0]


def make_place(name: str = "", parent: Place | None = None, kind: str = "", **kw) -> Place:
    name = name or f"Place {next(_counter)}"
    slug = kw.pop("slug", slugify(name))
    # The data migration loads the gazetteer: a test's "Canada" is that row, set as the test says.
    defaults = {"name": name, "parent": parent, "kind": kind, **kw}
    return Place.objects.update_or_create(slug=slug, defaults=defaults)[0]


def make_article(
    title: str = "",
    *,
    body: str = "",
    published_at: dt.datetime | None | str = "default",
    topics=(),
    places=(),
    source: Source | None = None,
    **kw,
) -> Article:
    n = next(_counter)
    title = title or f"Article number {n}"
    if published_at == "default":
        published_at = local(2024, 1, 3, 9) + dt.timedelta(hours=n)
    kw.setdefault("external_id", f"test:{n}")
    kw.setdefault("date_precision", "time")
    body = body or f"{title}. The first paragraph of the story.\n\nA second paragraph with more detail."
    article = Article.objects.create(title=title, body=body, published_at=published_at, source=source, **kw)
    for topic in topics:
        ArticleTopic.objects.create(article=article, topic=topic)
    for place in places:
        ArticlePlace.objects.create(article=article, place=place)
    return article


def make_related(
    article: Article, title: str, *, section: str = "Top Stories", target=None, **kw
) -> RelatedLink:
    kw.setdefault("position", article.related_links.count())
    return RelatedLink.objects.create(article=article, title=title, section=section, target=target, **kw)


def tag_place(article: Article, place: Place, role: str, *, score: float = 0.5, **kw) -> ArticlePlace:
    """An automatic place tag with an explicit role ("dateline", "about" or "mention")."""
    kw.setdefault("origin", "automatic")
    return ArticlePlace.objects.create(article=article, place=place, role=role, score=score, **kw)


def write_files(root: Path, files: dict[str, str]) -> Path:
    """A folder of text files to import, by path inside it; returns the folder."""
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
