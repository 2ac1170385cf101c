"""The archive itself: sources, articles, related-story links, topics and places.

Writes go through `articles.ingest` (imports) or the admin (editors); query vocabulary lives on the
QuerySets below, so views read `Article.objects.published().for_list()`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.db import models
from django.db.models.functions import Left
from django.urls import reverse

from ..keys import name_key, normalise_alias, normalise_title, slugify
from ..local_time import local_day
from .stories import StoryRole

# What the URL patterns' <slug:...> accepts. A slug stored some other way (by hand, by another tool, or
# by an import before slugs were checked: "a b/c?d#e", "../../etc", "") still gets a page, at its id.
URL_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def tag_url(kind: str, slug: str, pk: int, *, feed: bool = False) -> str:
    """The page (or feed) of a topic, place or source: by its slug, or by its id when the slug could not
    be a URL's."""
    name = f"articles:{kind}{'_feed' if feed else ''}"
    if URL_SLUG.fullmatch(slug or ""):
        return reverse(name, args=[slug])
    return reverse(f"{name}_by_id", args=[pk])


class Source(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", "News agency"
        PUBLISHER = "publisher", "Publisher"
        BROADCASTER = "broadcaster", "Broadcaster"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PUBLISHER)
    homepage = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return tag_url("source", self.slug, self.pk)


class SourceAlias(models.Model):
    """Another name for a source ("AP" for "The Associated Press"), matched on `key`."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "source aliases"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalise_alias(self.name)
        super().save(*args, **kwargs)


class TagOrigin(models.TextChoices):
    IMPORTED = "imported", "Imported"
    EDITOR = "editor", "Editor"
    AUTOMATIC = "automatic", "Automatic"


class Topic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    iptc_code = models.CharField(
        "IPTC code", max_length=40, blank=True, help_text="IPTC Media Topic code, e.g. medtop:16000000"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return tag_url("topic", self.slug, self.pk)


class TopicRule(models.Model):
    """A word, phrase or link hint that tags articles with a topic (see articles.enrich.topics).

    Patterns: one word also matches its regular endings ("missile" finds "missiles"); "a|b" matches
    exactly those forms; a word with a capital matches only capitalised ("Labour"); a hint matches a
    link or the source name at a path break ("/hub/russia-ukraine").
    """

    class Kind(models.TextChoices):
        TERM = "term", "Word"
        PHRASE = "phrase", "Phrase"
        HINT = "hint", "Link or source hint"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="rules")
    pattern = models.CharField(max_length=200)
    weight = models.FloatField(default=1.0, help_text="2 strong, 1 ordinary, 0.5 weak evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TERM)

    class Meta:
        ordering = ["topic", "-weight", "pattern"]

    def __str__(self) -> str:
        return self.pattern


class PlaceQuerySet(models.QuerySet):
    def in_use(self, mentions: bool = True):
        """Places some article is tagged with (by a tag pages show, unless `mentions`): the gazetteer holds
        tens of thousands more."""
        return self.filter(pk__in=ArticlePlace.objects.shown(mentions).values("place_id"))


class Place(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        REGION = "region", "Region"
        CITY = "city", "City"

    name = models.CharField(max_length=200)
    display_name = models.CharField(max_length=300, blank=True, editable=False)  # enrich/place_names.py
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True)
    country_code = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    geonames_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    population = models.PositiveBigIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name or self.name

    def save(self, *args, **kwargs):
        self.display_name = self.display_name if self.display_name.startswith(self.name) else self.name
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return tag_url("place", self.slug, self.pk)


class PlaceName(models.Model):
    """Another name a place goes by: a spelling, a short form ("U.K.") or a demonym ("British")."""

    class Kind(models.TextChoices):
        NAME = "name", "Name"
        SHORT = "short", "Short form"
        DEMONYM = "demonym", "Demonym"
        ABBR = "abbr", "Abbreviation"

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NAME)
    key = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["place", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)[:200]
        super().save(*args, **kwargs)


def fingerprint(title: str, body: str) -> str:
    """Equal for exact copies of a story (the same wire text on several sites): case and spacing folded."""
    text = normalise_title(title) + "\n" + " ".join(body.split()).lower()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def derived_fields(*, title: str, body: str, published_at: dt.datetime | None, slug: str = "") -> dict:
    """An article's fields computed from its others: the one definition, for `Article.save`, the admin
    and imports (which write in bulk, without `save`). A slug an editor chose is kept."""
    return {
        "title_key": normalise_title(title),
        "slug": slug or slugify(title)[:200] or "article",
        "published_on": local_day(published_at),
        "word_count": len(body.split()),
        "fingerprint": fingerprint(title, body),
    }


class MonthOf(models.Func):
    """The first day of a date's month, computed by the database itself (no per-row Python on SQLite)."""

    output_field = models.DateField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s, 'start of month')", **extra)

    def as_sql(self, compiler, connection, **extra):
        extra.setdefault("template", "CAST(date_trunc('month', %(expressions)s) AS date)")
        return super().as_sql(compiler, connection, **extra)


# Columns no list of articles shows: the body, the source document as it came in, unknown input fields.
LIST_DEFERRED = ("body", "original", "extra", "import_warnings", "links", "photo_caption")
OPENING_CHARS = 1000  # of the body, for an article without a lede


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def for_list(self, *, tags: bool = True, mentions: bool = False):
        """What a list of articles shows: source, topics and places, fetched in a fixed number of queries
        (`tags=False` for a caller that fetches the tags its own way); places shown: `shown_place_tags`.

        The large text columns stay in the database; `opening` holds the start of the body of an
        article without a lede, which lists show instead (see articles.fulltext.marks.lead_text).
        """
        queryset = (
            self.defer(*LIST_DEFERRED)
            .annotate(
                opening=models.Case(
                    models.When(lede="", then=Left("body", OPENING_CHARS)),
                    default=models.Value(""),
                    output_field=models.TextField(),
                )
            )
            .select_related("source")
        )
        if not tags:
            return queryset
        return queryset.prefetch_related(
            models.Prefetch("topics", queryset=Topic.objects.only("name", "slug").order_by("name")),
            models.Prefetch(
                "place_tags", ArticlePlace.objects.shown(mentions).for_list(), "shown_place_tags"
            ),
        )

    def newest_first(self):
        """Newest first, undated last (read in this order from an index, see Meta.indexes)."""
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-pk")

    def oldest_first(self):
        """Oldest first, undated last."""
        return self.order_by(models.F("published_at").asc(nulls_last=True), "pk")

    def canonical(self):
        """Leave out copies: articles whose story holds the same text before them (the same wire story
        on another site, maybe cut shorter). Versions stay; `story_heads` leaves them out too."""
        return self.filter(duplicate_of__isnull=True)

    def articles_only(self):
        """Pages that are one article: digests, galleries, videos, listings and link-out stubs are kept
        and searchable (`kind=` in a search) but left out of the archive's lists."""
        return self.filter(kind=Article.Kind.ARTICLE)

    def story_heads(self):
        """One article per story: its first (and articles not grouped yet, e.g. just added by hand).

        For lists that show stories rather than articles; the story's headline, counts and dates are
        on `article.story` (select_related("story") to read them without a query per row). Copies
        have `duplicate_of` set, so this is `canonical()` without the later versions as well.
        """
        return self.canonical().exclude(story_role=StoryRole.VERSION)

    def of_story(self, story):
        """A story's articles in time order (undated last): the story page's list."""
        return self.filter(story=story).oldest_first()


class Article(models.Model):
    class DatePrecision(models.TextChoices):
        TIME = "time", "Date and time"
        DAY = "day", "Day"
        MONTH = "month", "Month"
        UNKNOWN = "", "Unknown"

    class Kind(models.TextChoices):
        """What an imported page is (issue 14): one story, or a page that is not one article."""

        ARTICLE = "article", "Article"
        DIGEST = "digest", "Digest of several stories"
        GALLERY = "gallery", "Photo gallery"
        VIDEO = "video", "Video page"
        LISTING = "listing", "List of stories"
        STUB = "stub", "Link to a story elsewhere"

    title = models.CharField(max_length=500)
    title_key = models.CharField(max_length=300, db_index=True, editable=False)
    slug = models.SlugField(max_length=200, allow_unicode=False)
    lede = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Clean paragraphs separated by a blank line.")
    byline = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(max_length=200, blank=True, help_text="As written, e.g. BRUSSELS")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_on = models.DateField(
        null=True, blank=True, editable=False, help_text="The day of published_at in the site's time zone."
    )
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, blank=True)
    source_updated_at = models.DateTimeField(
        null=True, blank=True, help_text="The source's own 'last updated'."
    )
    photo_caption = models.TextField(blank=True)
    photo_credit = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=20, blank=True, help_text="ISO 639-1 code, e.g. en, fr, et.")
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.ARTICLE,
        help_text="What the page is; searches show articles unless asked for other kinds.",
    )
    word_count = models.PositiveIntegerField(default=0)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    links = models.JSONField(
        default=list, blank=True, help_text="Links kept from the page, e.g. a coverage hub."
    )

    external_id = models.CharField(
        max_length=500, unique=True, help_text="Stable key for idempotent re-import."
    )
    fingerprint = models.CharField(
        max_length=64, db_index=True, editable=False, help_text="Hash of title and body."
    )
    record_hash = models.CharField(max_length=64, editable=False, help_text="Hash of everything imported.")
    # Derived from the story: a copy points at the article whose text it copies (articles/ingest/stories.py).
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    story = models.ForeignKey(
        "Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    story_role = models.CharField(max_length=10, choices=StoryRole.choices, blank=True)
    original = models.TextField(blank=True, help_text="The document as it came in.")
    original_format = models.CharField(max_length=20, blank=True)
    extra = models.JSONField(default=dict, blank=True, help_text="Input fields the importer does not know.")
    import_warnings = models.JSONField(default=list, blank=True)
    batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    topics = models.ManyToManyField(Topic, through="ArticleTopic", related_name="articles", blank=True)
    places = models.ManyToManyField(Place, through="ArticlePlace", related_name="articles", blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        # Importing in bulk is a right of its own, given to editors (README.md, "Access").
        permissions = [("import_articles", "Can import articles")]
        indexes = [
            models.Index(fields=["source", "published_at"]),
            # The archive without exact duplicates, oldest first (PostgreSQL's newest first: migration 0003).
            models.Index(fields=["duplicate_of", "published_at", "id"], name="article_canonical_time"),
            # What the search page counts (source facet, timeline), read from the index alone.
            models.Index(
                fields=["duplicate_of", "published_on", "source", "id"], name="article_canonical_day"
            ),
            # The few pages of other kinds (left out of the indexes' counts) found without a full scan.
            models.Index(fields=["id"], condition=~models.Q(kind="article"), name="article_other_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        derived = derived_fields(
            title=self.title, body=self.body, published_at=self.published_at, slug=self.slug
        )
        for name, value in derived.items():
            setattr(self, name, value)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk, self.url_slug])

    @property
    def url_slug(self) -> str:
        """The slug in the article's URL: the stored one, or one made from it (or from the title) when
        it could not be a URL's; the article is found by its id either way."""
        if URL_SLUG.fullmatch(self.slug or ""):
            return self.slug
        return slugify(self.slug)[:200] or slugify(self.title)[:200] or "article"

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class ArticleTopic(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="topic_tags")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_tags")
    origin = models.CharField(max_length=20, choices=TagOrigin.choices, default=TagOrigin.EDITOR)
    score = models.FloatField(null=True, blank=True)
    evidence = models.TextField(blank=True, help_text="Why an automatic tag was given.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "topic"], name="unique_article_topic")]
        indexes = [models.Index(fields=["topic", "article"])]

    def __str__(self) -> str:
        return f"{self.topic} ({self.get_origin_display()})"


class ArticlePlaceQuerySet(models.QuerySet):
    def shown(self, mentions: bool = False):
        """Dateline, about, editors' and imported tags (role empty), not passing mentions; every tag with
        `mentions=True` (`places=all`). The one definition: facets, filters, results, map and pages."""
        return self if mentions else self.exclude(role__in=ArticlePlace.PASSING_ROLES)

    def for_list(self):
        fields = ("article_id", "role", "place__name", "place__display_name", "place__slug")
        return self.select_related("place").only(*fields).order_by("place__display_name", "place_id")


class ArticlePlace(models.Model):
    class Role(models.TextChoices):
        DATELINE = "dateline", "Dateline"
        ABOUT = "about", "About"
        MENTION = "mention", "Mention"
        UNSPECIFIED = "", "Unspecified"

    PASSING_ROLES = (Role.MENTION,)  # hidden unless passing mentions are included (see `shown`)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="place_tags")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="article_tags")
    origin = models.CharField(max_length=20, choices=TagOrigin.choices, default=TagOrigin.EDITOR)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    score = models.FloatField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0, help_text="Mentions in the text (automatic tags).")
    evidence = models.TextField(blank=True, help_text="Why an automatic tag was given.")

    objects = ArticlePlaceQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "place"], name="unique_article_place")]
        indexes = [models.Index(fields=["place", "article"])]

    def __str__(self) -> str:
        return f"{self.place} ({self.get_origin_display()})"


class RelatedLink(models.Model):
    """An entry of a related-stories list printed with an article; `target` is set when that story is archived."""

    class Kind(models.TextChoices):
        STORY = "story", "Story"
        VIDEO = "video", "Video"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    position = models.PositiveIntegerField(default=0)
    section = models.CharField(max_length=200, blank=True, help_text='As printed, e.g. "Top Stories"')
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STORY)
    title = models.CharField(max_length=500)
    title_key = models.CharField(max_length=300, db_index=True, editable=False)
    summary = models.TextField(blank=True)
    age = models.CharField(max_length=50, blank=True, help_text='As printed, e.g. "1h ago"')
    duration = models.CharField(max_length=20, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    target = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="linked_from"
    )

    class Meta:
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = normalise_title(self.title)
        super().save(*args, **kwargs)
