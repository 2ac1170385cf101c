"""The rows an imported record points at: its source, and the topics and places it is tagged with.

Each is found (or created) once per import and its id kept, so that a chunk of 500 records costs a few
queries, not one per record and tag.
"""

from __future__ import annotations

from django.db.models import Case, F, Q, When

from ..enrich.place_names import refresh_display_names
from ..enrich.service import PLACE_COLUMNS, PLACE_KEY, TOPIC_COLUMNS, TOPIC_KEY
from ..importers.records import ArticleRecord
from ..importers.wire import AGENCIES, canonical_source
from ..keys import name_key, normalise_alias, slugify
from ..models import ArticlePlace, ArticleTopic, Place, PlaceName, Source, SourceAlias, TagOrigin, Topic, bulk

AGENCY_NAMES = frozenset(AGENCIES.values())


class Lookups:
    """Ids of sources, topics and places by key, for one import."""

    def __init__(self) -> None:
        self.sources: dict[str, int] = {}
        self.topics: dict[str, int] = {}
        self.places: dict[str, int] = {}
        self.known: dict[str, str] = {}  # a dry run's: key -> the existing source's name ("": none)

    def forget(self) -> None:
        # Rows created inside a rolled-back transaction are gone; so must their cached ids be.
        self.sources.clear()
        self.topics.clear()
        self.places.clear()

    def source_id(self, name: str) -> int | None:
        name = canonical_source(" ".join((name or "").split()))[:200]
        if not name:
            return None
        key = normalise_alias(name)
        if key not in self.sources:
            self.sources[key] = resolve_source(name).pk
        return self.sources[key]

    def known_source(self, name: str) -> tuple[str, bool]:
        """A dry run's look-up, which creates nothing: the name the record's source would be stored
        under (the source an alias names), and True when no source or alias of that name exists yet."""
        name = canonical_source(" ".join((name or "").split()))[:200]
        if not name:
            return "", False
        key = normalise_alias(name)
        if key not in self.known:
            alias = SourceAlias.objects.filter(key=key).values_list("source__name", flat=True).first()
            exists = alias or Source.objects.filter(name=name).values_list("name", flat=True).first()
            self.known[key] = exists or ""
        return self.known[key] or name, not self.known[key]

    def topic_id(self, tag) -> int:
        slug = (tag.slug or slugify(tag.name))[:200] or "topic"
        if slug not in self.topics:
            topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": tag.name[:200] or slug})
            self.topics[slug] = topic.pk
        return self.topics[slug]

    def place_id(self, tag) -> int:
        slug = (tag.slug or slugify(tag.name))[:200] or "place"
        if slug not in self.places:
            place = Place.objects.filter(slug=slug).first() or _gazetteer_place(tag)
            if place is None:
                kind = tag.kind if tag.kind in Place.Kind.values else ""
                place, created = Place.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "name": tag.name[:200] or slug,
                        "kind": kind,
                        "country_code": tag.country_code[:2].upper(),
                    },
                )
                if created:  # a name the gazetteer has too says which place it is ("Halifax, Canada")
                    refresh_display_names(Place, PlaceName, names=[place.name])
            self.places[slug] = place.pk
        return self.places[slug]

    def store_tags(self, items: list[tuple[int, ArticleRecord]], *, replace: bool) -> None:
        """The topic and place tags the input gave, for each (article id, record)."""
        ids = [article_id for article_id, _ in items]
        if replace:
            # Only what an import gave is replaced; editors' and automatic tags stay.
            ArticleTopic.objects.filter(article_id__in=ids, origin=TagOrigin.IMPORTED).delete()
            ArticlePlace.objects.filter(article_id__in=ids, origin=TagOrigin.IMPORTED).delete()
        topic_rows, place_rows = [], []
        for article_id, record in items:
            for tag in record.topics:
                topic_rows.append(
                    (article_id, self.topic_id(tag), _origin(tag.origin), tag.score, tag.evidence)
                )
            for tag in record.places:
                role = tag.role if tag.role in ArticlePlace.Role.values else ""
                place_rows.append(
                    (article_id, self.place_id(tag), _origin(tag.origin), role, tag.score, 0, tag.evidence)
                )
        bulk.insert_ignoring_conflicts(ArticleTopic, TOPIC_COLUMNS, topic_rows, unique=TOPIC_KEY)
        bulk.insert_ignoring_conflicts(ArticlePlace, PLACE_COLUMNS, place_rows, unique=PLACE_KEY)


def resolve_source(name: str) -> Source:
    """The source called `name` or known by it as an alias; created (with its agency aliases) if new."""
    name = canonical_source(name)
    alias = SourceAlias.objects.select_related("source").filter(key=normalise_alias(name)).first()
    if alias:
        return alias.source
    kind = Source.Kind.AGENCY if name in AGENCY_NAMES else Source.Kind.PUBLISHER
    source, _ = Source.objects.get_or_create(
        name=name, defaults={"slug": _unique_source_slug(name), "kind": kind}
    )
    spellings = {name} | {spelling for spelling, canonical in AGENCIES.items() if canonical == name}
    for spelling in spellings:
        key = normalise_alias(spelling)
        if spelling == spelling.lower():  # the agency table's keys are lower case: "ap", "reuter"
            spelling = spelling.upper() if len(spelling) <= 4 else spelling.title()
        if key:
            SourceAlias.objects.get_or_create(key=key, defaults={"source": source, "name": spelling})
    return source


def _unique_source_slug(name: str) -> str:
    base = slugify(name)[:190] or "source"
    slug, n = base, 2
    while Source.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _gazetteer_place(tag) -> Place | None:
    """The gazetteer's place an imported name stands for ("usa", "U.K.", "west-germany"), if any.

    Imported labels use their own codes; matching them to the gazetteer's names and aliases lets the
    place filter, its hierarchy and the map work for imported and automatic tags alike.
    """
    key = name_key(tag.name.replace("-", " "))
    if not key:
        return None
    candidates = Place.objects.filter(Q(names__key=key) | Q(name__iexact=tag.name.replace("-", " ")))
    if tag.kind in Place.Kind.values:
        candidates = candidates.filter(kind=tag.kind)
    if tag.country_code:
        candidates = candidates.filter(country_code=tag.country_code[:2].upper())
    rank = Case(When(kind="country", then=0), When(kind="region", then=1), default=2)
    return candidates.order_by(rank, F("population").desc(nulls_last=True), "pk").first()


def _origin(value: str) -> str:
    return value if value in TagOrigin.values else TagOrigin.IMPORTED
