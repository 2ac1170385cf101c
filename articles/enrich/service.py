"""The one service that stores automatic topic and place tags.

The taggers in places.py and topics.py are pure; this module feeds them articles and writes what they
find as tags with origin "automatic". Tags an editor added or an import brought are never replaced:
each article has at most one tag per topic and per place, and an automatic tag is only written where
no other tag exists. Called by the ingest service after every import chunk and by
`python manage.py tag_articles`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction

from ..keys import name_key
from ..models import Article, ArticlePlace, ArticleTopic, Place, PlaceName, TagOrigin, Topic, TopicRule, bulk
from .gazetteer import default_gazetteer, iter_places, load_extract
from .place_names import refresh_display_names
from .topics import TopicRules, default_topics
from .workers import TOPIC_LIMIT, Found, find_tags

__all__ = ["TOPIC_LIMIT", "ArticleText", "current_topic_rules", "tag_articles", "tag_queryset"]

CHUNK_SIZE = 500


@dataclass
class TaggingReport:
    articles: int = 0
    topics: int = 0
    places: int = 0

    def summary(self) -> str:
        return f"tagged {self.articles} articles: {self.topics} topic tags, {self.places} place tags"


# -- the reference data: the IPTC taxonomy and the gazetteer, loaded by data migrations -------------


def load_taxonomy(topic_model=Topic, rule_model=TopicRule) -> int:
    """Create the IPTC Media Topics top level and their default rules where missing. Idempotent.

    Takes the model classes so that a data migration can pass its historical models.
    """
    created = 0
    for entry in default_topics():
        name = entry["name"][:1].upper() + entry["name"][1:]
        topic, made = topic_model.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "name": name,
                "iptc_code": entry.get("code", ""),
                "description": entry.get("description", ""),
            },
        )
        if made:
            created += 1
            rule_model.objects.bulk_create(
                rule_model(topic=topic, pattern=r["pattern"], weight=r["weight"], kind=r["kind"])
                for r in entry["rules"]
            )
    return created


def load_places(place_model=Place, name_model=PlaceName, *, only: set[str] | None = None) -> int:
    """Create the gazetteer's countries, regions and cities where missing (parents first). Idempotent.

    `only` limits it to those slugs and their parents (used to restore a place a tag needs).
    """
    rows = list(iter_places(load_extract()))
    if only is not None:
        by_slug = {row["slug"]: row for row in rows}
        wanted: set[str] = set()
        for slug in only:
            while slug and slug not in wanted and slug in by_slug:
                wanted.add(slug)
                slug = by_slug[slug]["parent_slug"]
        rows = [row for row in rows if row["slug"] in wanted]
    ids: dict[str, int] = _stored_place_ids(place_model, rows)
    new_rows = [row for row in rows if row["slug"] not in ids]
    # A slug another place holds (a database loaded with the gazetteer's old slugs) is not taken from it.
    held = set(
        place_model.objects.filter(slug__in=[row["slug"] for row in new_rows]).values_list("slug", flat=True)
    )
    new_rows = [row for row in new_rows if row["slug"] not in held]
    if not new_rows:
        return 0
    taken_ids = set(place_model.objects.exclude(geonames_id=None).values_list("geonames_id", flat=True))
    for kind in ("country", "region", "city"):  # parents are created before their children
        level = [row for row in new_rows if row["kind"] == kind]
        objects = []
        for row in level:
            geonames_id = row["geonames_id"] if row["geonames_id"] not in taken_ids else None
            taken_ids.add(geonames_id)
            objects.append(
                place_model(
                    name=row["name"][:200],
                    slug=row["slug"],
                    kind=row["kind"],
                    country_code=row["country_code"] or "",
                    parent_id=ids.get(row["parent_slug"]),
                    latitude=row["latitude"],
                    longitude=row["longitude"],
                    population=row["population"],
                    geonames_id=geonames_id,
                )
            )
        place_model.objects.bulk_create(objects, batch_size=2000)
        ids.update(place_model.objects.filter(slug__in=[r["slug"] for r in level]).values_list("slug", "id"))
    names = [
        name_model(
            place_id=ids[row["slug"]], name=n["name"][:200], kind=n["kind"], key=name_key(n["name"])[:200]
        )
        for row in new_rows
        for n in row["names"]
        if name_key(n["name"])
    ]
    name_model.objects.bulk_create(names, batch_size=5000)
    if any(field.name == "display_name" for field in place_model._meta.fields):  # not in 0005's models
        refresh_display_names(place_model, name_model, names={row["name"][:200] for row in new_rows})
    return len(new_rows)


def add_missing_names(place_model=Place, name_model=PlaceName, *, kinds=("country",)) -> int:
    """Give stored places of these kinds the gazetteer's names they lack (a demonym added to the extract
    after the archive was loaded: "Scottish" for the United Kingdom). Idempotent; returns names added."""
    rows = [row for row in iter_places(load_extract()) if row["kind"] in kinds]
    ids = _stored_place_ids(place_model, rows)
    stored = set(name_model.objects.filter(place_id__in=ids.values()).values_list("place_id", "kind", "key"))
    names = []
    for row in rows:
        pk = ids.get(row["slug"])
        for n in row["names"]:
            key = name_key(n["name"])[:200]
            if pk is not None and key and (pk, n["kind"], key) not in stored:
                stored.add((pk, n["kind"], key))
                names.append(name_model(place_id=pk, name=n["name"][:200], kind=n["kind"], key=key))
    name_model.objects.bulk_create(names, batch_size=5000)
    return len(names)


def _stored_place_ids(place_model, rows: list[dict]) -> dict[str, int]:
    """The stored place of each gazetteer row, by the row's slug: the place with its GeoNames id, else
    (regions have none) the one place without an id of its kind, country and name, or of its slug too
    where two regions of a country share a name (two in the extract do).

    Not by slug alone: a database loaded before keys.py made the one slugify keeps the gazetteer's old
    slugs ("cote-d-azur", not "cote-dazur"); checked against all 36,888 places of the extract.
    """
    ids: dict[str, int] = {}
    slug_of = {row["geonames_id"]: row["slug"] for row in rows if row["geonames_id"]}
    for geonames_id, pk in place_model.objects.filter(geonames_id__in=slug_of).values_list(
        "geonames_id", "id"
    ):
        ids[slug_of[geonames_id]] = pk
    rest = [row for row in rows if row["slug"] not in ids]
    if not rest:
        return ids
    stored = defaultdict(list)
    found = place_model.objects.filter(geonames_id=None, name__in={row["name"][:200] for row in rest})
    for pk, kind, code, name, slug in found.values_list("id", "kind", "country_code", "name", "slug"):
        stored[kind, code, name].append((pk, slug))
    for row in rest:
        options = stored.get((row["kind"], row["country_code"] or "", row["name"][:200]), [])
        if len(options) > 1:
            options = [option for option in options if option[1] == row["slug"]]
        if len(options) == 1:
            ids[row["slug"]] = options[0][0]
    return ids


# -- tagging ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _gazetteer():
    return default_gazetteer()


def current_topic_rules() -> TopicRules:
    """The rules as editors keep them in the database (the IPTC defaults plus their subtopics).

    Which standard topics are news desks (``"desk"`` in data/iptc_topics.json) is not stored in the
    database: it comes from the defaults by slug.
    """
    desks = {entry["slug"] for entry in default_topics() if entry.get("desk")}
    topics = {}
    for topic in Topic.objects.filter(rules__isnull=False).distinct().select_related("parent"):
        topics[topic.pk] = {
            "slug": topic.slug,
            "name": topic.name,
            "rules": [],
            "parent": "",
            "desk": topic.slug in desks,
        }
    for rule in TopicRule.objects.filter(topic_id__in=topics).order_by("pk"):
        topics[rule.topic_id]["rules"].append(
            {"pattern": rule.pattern, "weight": rule.weight, "kind": rule.kind}
        )
    by_pk = dict(Topic.objects.filter(pk__in=topics).values_list("pk", "parent__slug"))
    for pk, entry in topics.items():
        parent = by_pk.get(pk) or ""
        entry["parent"] = parent if any(t["slug"] == parent for t in topics.values()) else ""
    return TopicRules(list(topics.values()))


@dataclass
class ArticleText:
    """What the taggers read of an article."""

    pk: int
    title: str
    body: str = ""
    photo_caption: str = ""
    dateline: str = ""
    links: list = field(default_factory=list)
    source: str = ""

    def row(self) -> tuple:
        return (self.title, self.body, self.photo_caption, self.dateline, self.links, self.source)


def tag_articles(
    texts: Iterable[ArticleText],
    *,
    rules: TopicRules | None = None,
    found: dict[int, Found] | None = None,
    new: bool = False,
    places: dict[str, dict | None] | None = None,
) -> TaggingReport:
    """Replace the automatic tags of these articles with what the taggers find now.

    `found` holds tags already found for some of them (by pk: a worker process tagged them while the
    import stored others); `new` says the articles were just created, so have no automatic tags yet;
    `places` holds the `place_rows` of places found (by slug).
    """
    rules = rules if rules is not None else current_topic_rules()
    report = TaggingReport()
    chunk: list[ArticleText] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) >= CHUNK_SIZE:
            _tag_chunk(chunk, rules, report, found or {}, new=new, known=places)
            chunk = []
    if chunk:
        _tag_chunk(chunk, rules, report, found or {}, new=new, known=places)
    return report


def tag_queryset(queryset=None, *, rules: TopicRules | None = None) -> TaggingReport:
    """Tag every article of the queryset (all articles by default), reading them in chunks."""
    queryset = Article.objects.all() if queryset is None else queryset
    rows = (
        queryset.order_by("pk")
        .values_list("pk", "title", "body", "photo_caption", "dateline", "links", "source__name")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return tag_articles((ArticleText(*row[:6], source=row[6] or "") for row in rows), rules=rules)


def _tag_chunk(
    texts: list[ArticleText], rules: TopicRules, report: TaggingReport, found: dict, *, new: bool, known=None
) -> None:
    topic_rows, place_rows = [], []
    for article in texts:
        tags = found.get(article.pk)
        if tags is None:
            tags = find_tags(rules, _gazetteer(), article.row())
        topics, places = tags
        topic_rows.extend((article.pk, tag) for tag in topics)
        place_rows.extend((article.pk, tag) for tag in places)
    topic_ids = dict(
        Topic.objects.filter(slug__in={tag.slug for _, tag in topic_rows}).values_list("slug", "id")
    )
    place_slugs = {tag.slug for _, tag in place_rows}
    place_ids = _gazetteer_place_ids(place_slugs, known)
    if place_slugs - place_ids.keys():
        # The gazetteer is loaded by a migration; a place missing from the table (deleted by hand, or a
        # test database emptied) is restored from the extract rather than silently dropped.
        load_places(only=place_slugs - place_ids.keys())
        place_ids = _gazetteer_place_ids(place_slugs)
    ids = [article.pk for article in texts]
    topics = [
        (pk, topic_ids[tag.slug], TagOrigin.AUTOMATIC.value, tag.score, tag.evidence)
        for pk, tag in topic_rows
        if tag.slug in topic_ids
    ]
    places = [
        (pk, place_ids[tag.slug], TagOrigin.AUTOMATIC.value, tag.role, tag.score, tag.count, tag.evidence)
        for pk, tag in place_rows
        if tag.slug in place_ids
    ]
    with transaction.atomic():
        if not new:
            ArticleTopic.objects.filter(article_id__in=ids, origin=TagOrigin.AUTOMATIC).delete()
            ArticlePlace.objects.filter(article_id__in=ids, origin=TagOrigin.AUTOMATIC).delete()
        # Where an editor's or an import's tag holds that topic or place, it stays.
        bulk.insert_ignoring_conflicts(ArticleTopic, TOPIC_COLUMNS, topics, unique=TOPIC_KEY)
        bulk.insert_ignoring_conflicts(ArticlePlace, PLACE_COLUMNS, places, unique=PLACE_KEY)
    report.articles += len(texts)
    report.topics += len(topics)
    report.places += len(places)


def place_rows(slugs: Iterable[str], gazetteer=None) -> dict[str, dict | None]:
    """What finds each of these gazetteer places among the stored ones (`_stored_place_ids`), by slug
    (None: not in the gazetteer). A tagging worker sends them with its tags, so that the importing
    process stores the tags without loading the gazetteer itself (about 2 s of CPU)."""
    places = (gazetteer or _gazetteer()).by_slug
    return {
        slug: {
            "slug": p.slug,
            "geonames_id": p.geonames_id,
            "kind": p.kind,
            "country_code": p.country_code,
            "name": p.name,
        }
        if (p := places.get(slug))
        else None
        for slug in slugs
    }


def _gazetteer_place_ids(slugs: set[str], known: dict[str, dict | None] | None = None) -> dict[str, int]:
    """The stored places of the tagger's places (named by the gazetteer's slugs; `known`: their
    `place_rows`, found by a worker, so that the gazetteer is read here only for the others)."""
    known = known or {}
    rows = {slug: known[slug] for slug in slugs if slug in known}
    if len(rows) < len(slugs):
        rows.update(place_rows(slugs - rows.keys()))
    return _stored_place_ids(Place, [row for row in rows.values() if row is not None])


TOPIC_COLUMNS = ("article_id", "topic_id", "origin", "score", "evidence")
PLACE_COLUMNS = ("article_id", "place_id", "origin", "role", "score", "count", "evidence")
TOPIC_KEY, PLACE_KEY = ("article_id", "topic_id"), ("article_id", "place_id")  # their unique constraints
