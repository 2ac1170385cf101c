"""Which imported articles are copies of which, and which related-story links point at which article.

Exact copies (the same wire story on several sites, equal `fingerprint`) are kept and pointed at the
first one archived (`duplicate_of`). A related-story link printed with an article points at the
archived article of the same title (`title_key`), whichever of the two came first.
"""

from __future__ import annotations

from ..keys import normalise_title
from ..models import Article, RelatedLink
from .fields import Prepared

SAME_TEXT = "the same text as an article already in the archive"


def assign_duplicates(items: list[Prepared]) -> None:
    """Point each item at the first archived article with its text, if any (before it is written)."""
    fingerprints = {item.fields["fingerprint"] for item in items}
    canonical: dict[str, int] = {}
    rows = (
        Article.objects.filter(fingerprint__in=fingerprints, duplicate_of__isnull=True)
        .order_by("id")
        .values_list("fingerprint", "id")
    )
    for fingerprint, pk in rows:
        canonical.setdefault(fingerprint, pk)
    for item in items:
        original = canonical.get(item.fields["fingerprint"])
        item.fields["duplicate_of_id"] = original if original != item.existing_id else None


def fix_duplicates_within(new: list[Prepared]) -> None:
    """Copies among the articles just created point at the first of them."""
    first: dict[str, int] = {}
    changed = []
    for item in new:
        fingerprint = item.fields["fingerprint"]
        if item.fields["duplicate_of_id"] is None:
            if fingerprint in first:
                item.fields["duplicate_of_id"] = first[fingerprint]
                changed.append(Article(pk=item.existing_id, duplicate_of_id=first[fingerprint]))
            else:
                first[fingerprint] = item.existing_id
    if changed:
        Article.objects.bulk_update(changed, ["duplicate_of"])


def preview_duplicates(items: list[Prepared]) -> set[int]:
    """For a dry run: the positions of the new items that would be copies of an earlier article."""
    fingerprints = set(
        Article.objects.filter(fingerprint__in=[i.fields["fingerprint"] for i in items]).values_list(
            "fingerprint", flat=True
        )
    )
    copies = set()
    for position, item in enumerate(items):
        if item.status == "created" and item.fields["fingerprint"] in fingerprints:
            copies.add(position)
        fingerprints.add(item.fields["fingerprint"])
    return copies


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
        if item.fields["duplicate_of_id"] is None:
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
