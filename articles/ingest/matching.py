"""Which related-story links point at which article.

A related-story link printed with an article points at the archived article of the same title
(`title_key`), whichever of the two came first. (Which articles are copies of which: stories.py.)
"""

from __future__ import annotations

from ..keys import normalise_title
from ..models import Article, RelatedLink, StoryRole
from .fields import Prepared


def store_related(items: list[Prepared], *, replace: bool) -> None:
    """The related-story lists printed with these articles, each entry linked when its story is archived."""
    if replace:
        RelatedLink.objects.filter(article_id__in=[item.existing_id for item in items]).delete()
    rows = []
    for item in items:
        for position, link in enumerate(item.record.related):
            title = " ".join(link.title.split())[:500]
            if not title:
                continue
            rows.append(
                RelatedLink(
                    article_id=item.existing_id,
                    position=position,
                    section=link.section[:200],
                    kind=link.kind if link.kind in RelatedLink.Kind.values else RelatedLink.Kind.STORY,
                    title=title,
                    title_key=normalise_title(title),
                    summary=link.summary,
                    age=link.age[:50],
                    duration=link.duration[:20],
                    url=link.url[:1000],
                )
            )
    if not rows:
        return
    keys = {row.title_key for row in rows}
    targets: dict[str, int] = {}
    for key, pk in (
        Article.objects.filter(title_key__in=keys)
        .order_by("duplicate_of_id", "id")
        .values_list("title_key", "id")
    ):
        targets.setdefault(key, pk)
    for row in rows:
        target = targets.get(row.title_key)
        row.target_id = target if target != row.article_id else None
    RelatedLink.objects.bulk_create(rows)


def link_targets(items: list[Prepared]) -> None:
    """Point links printed before this article was archived at it (whichever came first)."""
    by_key = {}
    for item in items:
        if getattr(item.placed, "role", "") != StoryRole.COPY:
            by_key.setdefault(item.fields["title_key"], item.existing_id)
    waiting = set(
        RelatedLink.objects.filter(title_key__in=by_key, target__isnull=True).values_list(
            "title_key", flat=True
        )
    )
    for key in waiting:
        RelatedLink.objects.filter(title_key=key, target__isnull=True).exclude(article_id=by_key[key]).update(
            target_id=by_key[key]
        )
