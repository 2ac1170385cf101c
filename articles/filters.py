"""The search page's FilterSet: what a researcher can ask of the archive, read from the query string.

Every parameter is a declared filter, so a search is its URL. Invalid values never raise: the form
drops the field and the page says why (see `ArticleFilter.problems`), and the rest of the search runs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db import connection, connections
from django.db.models import Case, F, IntegerField, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from articles import fulltext
from articles.models import Article, ArticlePlace, ArticleTopic, Place, Source, Topic

MAX_VALUES = 20  # of one kind (topic, place, source) in one search
MIN_YEAR, MAX_YEAR = 1000, 2999

TAG_KINDS = ("topic", "place", "source")
SORT_CHOICES = [("relevance", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")]

ALL_KINDS = "all"  # `kind=all`: every kind of page; without `kind`, articles only
KIND_CHOICES = [*Article.Kind.choices, (ALL_KINDS, "Every kind of page")]
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}$")

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class Period:
    """A year, month or day as typed: its first and last day (inclusive) and how precise it was."""

    first: dt.date
    last: dt.date
    text: str

    @property
    def start(self) -> dt.datetime:
        """Midnight at the start of the first day, in the site's time zone."""
        return local_midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        """Midnight after the last day, in the site's time zone (exclusive)."""
        return local_midnight(self.last + dt.timedelta(days=1))


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


def parse_period(text: str) -> Period:
    """Read YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError with a sentence a reader understands."""
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        raise ValueError(f"“{text}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-01-31.")
    year, month, day = (int(part) if part else None for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"“{text}”: the year must be between {MIN_YEAR} and {MAX_YEAR}.")
    try:
        if month is None:
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), text.strip())
        first = dt.date(year, month, 1)
        if day is None:
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return Period(first, following - dt.timedelta(days=1), text.strip())
        return Period(dt.date(year, month, day), dt.date(year, month, day), text.strip())
    except ValueError:
        raise ValueError(f"“{text}” is not a date on the calendar.") from None


class PeriodField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_period(value)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class PeriodFilter(django_filters.Filter):
    """`date_from` keeps articles from the first moment of its period, `date_to` to the last (inclusive)."""

    field_class = PeriodField

    def __init__(self, *args, bound: str, **kwargs):
        self.bound = bound
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        if self.bound == "from":
            return qs.filter(published_at__gte=value.start)
        return qs.filter(published_at__lt=value.end)


class SlugListField(forms.Field):
    """Repeated `?topic=a&topic=b` values: stripped, without repeats, at most MAX_VALUES."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        slugs: list[str] = []
        for item in values:
            slug = str(item).replace("\x00", "").strip()[:200]
            if slug and slug not in slugs:
                slugs.append(slug)
        return slugs[:MAX_VALUES]


def descendants_sql(model, ids: list[int]) -> RawSQL:
    """The given rows and all rows below them through `parent`, at any depth, as one subquery."""
    table = connection.ops.quote_name(model._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    # UNION (not UNION ALL) stops at rows already seen, so a parent cycle cannot loop forever.
    return RawSQL(
        f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE id IN ({marks}) "
        f"UNION SELECT child.id FROM {table} child JOIN tree ON child.parent_id = tree.id) "
        "SELECT id FROM tree",
        ids,
    )


@dataclass(frozen=True)
class Chosen:
    """The topics, places or sources a search asks for: those found (in the order asked) and the slugs
    of those that do not exist."""

    found: list = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


class TagFilter(django_filters.Filter):
    """Topics, places or sources by slug. OR within one kind; a place includes the places within it."""

    field_class = SlugListField

    def __init__(self, *args, tag_model, noun: str, **kwargs):
        self.tag_model, self.noun = tag_model, noun
        super().__init__(*args, **kwargs)

    def look_up(self, slugs: list[str]) -> Chosen:
        found = {obj.slug: obj for obj in self.tag_model.objects.filter(slug__in=slugs)} if slugs else {}
        return Chosen([found[slug] for slug in slugs if slug in found], [s for s in slugs if s not in found])

    def filter(self, qs, value):
        chosen = self.parent.chosen[self.noun]
        if not chosen.found:
            return qs
        return qs.filter(**articles_tagged(self.noun, *chosen.found, mentions=self.parent.include_mentions))


EVERY_COPY = "none"  # `group=none`: every copy and version, not one entry per story
GROUP_CHOICES = [("story", "One entry per story"), (EVERY_COPY, "Every copy and version")]


def story_group():
    """What groups articles into stories in a query: the story, or for an article not grouped yet the
    article it is an exact duplicate of (or itself). An expression, so the count query and the list
    group the same way."""
    return Coalesce(F("story"), -Coalesce(F("duplicate_of"), F("pk")), output_field=IntegerField())


def one_per_story(matches, order: str):
    """One match per story: the one the page's `order` puts first, copies after the story's other
    articles (so its latest version for newest first, its first article for oldest first, its best-
    ranked match for best match; a copy only when no other article of the story matches). A story
    whose first article does not match (a copy's own headline, another outlet chosen) is still found
    through the article that does."""
    copy_last = Case(When(duplicate_of__isnull=True, then=Value(0)), default=Value(1))
    within = [copy_last]
    if order == "oldest":
        within += [F("published_at").asc(nulls_last=True), F("pk").asc()]
    else:
        within += [F("published_at").desc(nulls_last=True), F("pk").desc()]
    ranks = "search_rank" in matches.query.annotations
    if connections[matches.db].vendor == "sqlite" and ranks:
        # FTS5 ranks (bm25) only in the query that holds its MATCH, never beside a window function:
        # the window goes through the matches' ids in a query of its own, by version and time (a
        # story's latest version, or its first for oldest first, stands for it in best match too).
        ids = matches.model._default_manager.filter(pk__in=matches.order_by().values("pk"))
        first = ids.annotate(story_place=_place_in_story(within)).filter(story_place=1)
        return matches.filter(pk__in=first.values("pk"))
    if order == "relevance" and ranks:
        within.insert(0, F("search_rank").desc())
    return matches.annotate(story_place=_place_in_story(within)).filter(story_place=1)


def _place_in_story(order_by: list) -> Window:
    return Window(RowNumber(), partition_by=story_group(), order_by=order_by)


ALL_PLACES = "all"  # `places=all`: passing mentions count too (see ArticlePlaceQuerySet.shown)


def includes_mentions(params) -> bool:
    """Whether the query string asks for every place tag, passing mentions too."""
    return params.get("places") == ALL_PLACES


def articles_tagged(kind: str, *objs, mentions: bool = False) -> dict:
    """Filter arguments for articles with any of these topics, places (or places within them) or sources;
    a place's passing mentions only with `mentions=True`."""
    ids = [obj.pk for obj in objs]
    if kind == "source":
        return {"source__in": ids}
    if kind == "place":
        tags = ArticlePlace.objects.shown(mentions).filter(place_id__in=descendants_sql(Place, ids))
        return {"pk__in": tags.values("article_id")}
    return {"pk__in": ArticleTopic.objects.filter(topic_id__in=ids).values("article_id")}


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", label="Search for")
    date_from = PeriodFilter(bound="from", label="From")
    date_to = PeriodFilter(bound="to", label="To")
    topic = TagFilter(tag_model=Topic, noun="topic", label="Topic")
    place = TagFilter(tag_model=Place, noun="place", label="Place")
    source = TagFilter(tag_model=Source, noun="source", label="Source")
    # Ordering is applied last, in filter_queryset, because relevance needs the rank that `q` adds.
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="keep", empty_label=None, label="Sort by")
    duplicates = django_filters.ChoiceFilter(
        choices=[("show", "Show exact duplicates")], method="keep", label="Duplicates"
    )
    places = django_filters.ChoiceFilter(
        choices=[(ALL_PLACES, "Include passing mentions")], method="keep", label="Places"
    )
    # Pages that are not one article (digests, galleries, videos, listings, link-out stubs) are kept and
    # searchable, but a search shows articles unless `kind` asks for another kind or for all.
    kind = django_filters.ChoiceFilter(choices=KIND_CHOICES, method="keep", label="Kind of page")
    language = django_filters.CharFilter(
        method="filter_language",
        label="Language",
        validators=[
            RegexValidator(_LANGUAGE, "must be a language code of two or three letters, e.g. en or et.")
        ],
    )
    # Grouping is applied last, in filter_queryset, with the order: which match stands for its story
    # depends on it.
    group = django_filters.ChoiceFilter(choices=GROUP_CHOICES, method="keep", label="Group")

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        # Undated articles too: words, topics, places and sources find them (sorted last); only a date
        # filter leaves them out.
        if queryset is None:
            queryset = Article.objects.all()
        super().__init__(data, queryset, **kwargs)
        # The words are read (cleaned, cut to their one length limit) by the query reader alone.
        self.query = fulltext.read_query(self.data.get("q") if self.data else "")

    def filter_words(self, queryset, name, value):
        if self.query.is_blank:
            return queryset
        return fulltext.search(queryset, self.query)

    def keep(self, queryset, name, value):
        return queryset

    def filter_language(self, queryset, name, value):
        return queryset.filter(language=value.lower())

    @cached_property
    def values(self) -> dict:
        """The parameters as validated: one that is not valid is left out (`problems` says why)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()  # validates once; cleaned_data then holds every valid field
        return self.form.cleaned_data

    @cached_property
    def chosen(self) -> dict[str, Chosen]:
        """The topics, places and sources asked for, each kind looked up once (one query per kind given)."""
        return {name: self.filters[name].look_up(self.values.get(name) or []) for name in TAG_KINDS}

    def matching(self, queryset):
        """Every article of `queryset` that the search selects, exact duplicates included, unordered."""
        # Without `kind`, articles only: digests, galleries, videos, listings and stubs stay searchable
        # (kind=<that kind> or kind=all) but out of the default results.
        if self.kind_shown != ALL_KINDS:
            queryset = queryset.filter(kind=self.kind_shown)
        for name, value in self.values.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    @cached_property
    def with_duplicates(self):
        """Every match, exact duplicates included (what the counts count), unordered."""
        return self.matching(self.queryset.all())

    def filter_queryset(self, queryset):
        """What `qs` gives: the matches listed, one per story unless every copy is asked for (`group=none`),
        in the order asked."""
        return self.order(self.grouped(self.matching(queryset)))

    def grouped(self, matches):
        """`matches` one per story (see `one_per_story`), or all of them with `group=none`."""
        return one_per_story(matches, self.sort_order) if self.grouping else matches

    def order(self, queryset):
        sort = self.sort_order
        if sort == "relevance" and "search_rank" in queryset.query.annotations:
            return queryset.order_by("-search_rank", F("published_at").desc(nulls_last=True), "-pk")
        if sort == "oldest":
            return queryset.oldest_first()
        return queryset.newest_first()

    # What the page shows about this search.

    def cleaned(self, name):
        return self.values.get(name)

    @property
    def searching(self) -> bool:
        return not self.query.is_blank

    @property
    def sort_order(self) -> str:
        sort = self.cleaned("sort")
        if not self.searching and sort in (None, "", "relevance"):
            return "newest"
        return sort or "relevance"

    @property
    def sort_label(self) -> str:
        return {"relevance": "best match first", "oldest": "oldest first"}.get(
            self.sort_order, "newest first"
        )

    @property
    def sort_choice(self) -> str:
        """What the sort menu shows: the order actually used. Without words there is nothing to rank by,
        so a page with no query (a topic's, a source's, filters only) shows "Newest first", not
        "Best match" (issue 15)."""
        return self.sort_order

    @property
    def cleaned_sort(self) -> str:
        """The order asked for in the URL ("" when none was)."""
        return self.cleaned("sort") or ""

    @property
    def showing_duplicates(self) -> bool:
        """Every copy listed: `group=none`, or `duplicates=show` as links made before stories say it."""
        return self.cleaned("group") == EVERY_COPY or self.cleaned("duplicates") == "show"

    @property
    def grouping(self) -> bool:
        """One entry per story (the default)."""
        return not self.showing_duplicates

    @property
    def kind_shown(self) -> str:
        """The kind of page shown: `kind` when valid, else articles only ("all" for every kind)."""
        return self.cleaned("kind") or Article.Kind.ARTICLE

    @property
    def language_code(self) -> str:
        return (self.cleaned("language") or "").lower()

    @property
    def include_mentions(self) -> bool:
        """Places count and show by every tag, passing mentions too (`places=all`)."""
        return self.cleaned("places") == ALL_PLACES

    def period(self, name: str) -> Period | None:
        return self.cleaned(name)

    @property
    def problems(self) -> list[str]:
        """Plain sentences for everything in the URL that the search had to ignore."""
        problems = []
        if self.query.was_cut:
            problems.append(
                f"Your search was longer than {fulltext.MAX_LENGTH} characters; only the start was used."
            )
        labels = {"date_from": "From", "date_to": "To", "language": "Language"}
        # A choice that is not one: the value given and the choices, once (Django's own message, "Select
        # a valid choice. x is not one of the available choices.", does not say what they are).
        choices = {
            "sort": ("Sort", "relevance, newest or oldest"),
            "duplicates": ("Duplicates", "“show”"),
            "places": ("Places", "“all” (include passing mentions)"),
            "kind": ("Kind of page", ", ".join(value for value, _ in KIND_CHOICES)),
            "group": ("Group", "“story” (one entry per story, the default) or “none” (every copy)"),
        }
        for name, errors in self.errors.items():
            if name in choices:
                label, allowed = choices[name]
                given = str(self.data.get(name, ""))
                given = given if len(given) <= 40 else given[:40] + "…"
                problems.append(f"{label}: “{given}” is not one of the choices ({allowed}). It was ignored.")
                continue
            for error in errors:
                problems.append(f"{labels.get(name, name)}: {error} This filter was ignored.")
        for kind, chosen in self.chosen.items():
            for slug in chosen.unknown:
                problems.append(f"There is no {kind} called “{slug}”; it was left out of the search.")
        start, end = self.period("date_from"), self.period("date_to")
        if start and end and start.first > end.last:
            problems.append("The start date is after the end date, so nothing can match.")
        return problems
