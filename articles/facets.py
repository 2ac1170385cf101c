"""Facet counts and the timeline of the current matches: one aggregate query per facet.

Each facet value carries the query parameters of the search that adds it, so templates render links
with `{% querystring item.params page=None %}` and every facet click is a permalink.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncDay, TruncMonth
from django.http import QueryDict
from django.utils import timezone

from articles.models import ArticlePlace, ArticleTopic

FACET_LIMIT = 12
DAILY_LIMIT_DAYS = 92  # a date range of three months or less is drawn day by day
MONTHLY_LIMIT = 240  # more months than this are drawn year by year


@dataclass
class FacetItem:
    key: str
    name: str
    count: int
    params: QueryDict


@dataclass
class Facet:
    name: str  # the query parameter: topic, place, source, year, month
    title: str
    items: list[FacetItem] = field(default_factory=list)


def with_values(params: QueryDict, key: str, values: list[str], **replace: str | None) -> QueryDict:
    """A copy of `params` with `key` set to `values`, other keys replaced or removed, and no page."""
    new = params.copy()
    new.setlist(key, values)
    for name, value in {"page": None, **replace}.items():
        if value is None:
            new.pop(name, None)
        else:
            new[name] = value
    return new


def tag_facets(
    matches,
    params: QueryDict,
    selected: dict[str, list[str]],
    limit: int = FACET_LIMIT,
    fixed: dict[str, list[str]] | None = None,
) -> list[Facet]:
    """Counts of matches by topic, place and source, most frequent first; chosen values left out.

    `fixed` values (a topic page's own topic) are left out too, but are not added to the links.
    """
    fixed = fixed or {}
    ids = matches.order_by().values("pk")
    queries = {
        "topic": (ArticleTopic.objects.filter(article__in=ids), "topic"),
        "place": (ArticlePlace.objects.filter(article__in=ids), "place"),
        "source": (matches.order_by().exclude(source=None), "source"),
    }
    titles = {"topic": "Topics", "place": "Places", "source": "Sources"}
    facets = []
    for kind, (query, relation) in queries.items():
        chosen = selected.get(kind, [])
        rows = (
            query.exclude(**{f"{relation}__slug__in": [*chosen, *fixed.get(kind, [])]})
            .values_list(f"{relation}__slug", f"{relation}__name")
            .annotate(n=Count("pk"))
            .order_by("-n", f"{relation}__name")[:limit]
        )
        facet = Facet(kind, titles[kind])
        for slug, name, count in rows:
            facet.items.append(FacetItem(slug, name, count, with_values(params, kind, [*chosen, slug])))
        facets.append(facet)
    return facets


@dataclass
class Bar:
    label: str  # "March 2024", "3 March 2024" or "2024"
    count: int
    date_from: str
    date_to: str
    x: float = 0
    height: float = 0
    params: QueryDict | None = None

    @property
    def y(self) -> float:
        return 100 - self.height


@dataclass
class Timeline:
    unit: str  # day, month or year
    bars: list[Bar]
    total: int

    @property
    def width(self) -> int:
        return max(len(self.bars), 1) * 10

    @property
    def first(self) -> Bar | None:
        return self.bars[0] if self.bars else None

    @property
    def last(self) -> Bar | None:
        return self.bars[-1] if self.bars else None

    @property
    def description(self) -> str:
        if not self.bars:
            return "No dated matches to chart."
        peak = max(self.bars, key=lambda bar: bar.count)
        return (
            f"Bar chart of {self.total} matches by {self.unit}, {self.first.label} to {self.last.label}; "
            f"the most, {peak.count}, in {peak.label}."
        )


def period_counts(matches, daily: bool) -> Counter:
    """Matches per local day or month: {date of the period's first day: count}, one query."""
    tz = timezone.get_default_timezone()
    trunc = TruncDay if daily else TruncMonth
    rows = (
        matches.order_by()
        .exclude(published_at=None)
        .annotate(period=trunc("published_at", tzinfo=tz))
        .values_list("period")
        .annotate(n=Count("pk"))
    )
    counts: Counter = Counter()
    for period, n in rows:
        day = period.astimezone(tz).date() if isinstance(period, dt.datetime) else period
        counts[day] += n
    return counts


def is_daily(date_from, date_to) -> bool:
    return bool(date_from and date_to and (date_to.last - date_from.first).days < DAILY_LIMIT_DAYS)


def build_timeline(counts: Counter, daily: bool, params: QueryDict, date_from=None, date_to=None) -> Timeline:
    """Bars for every period between the first and the last match (or the chosen dates), empty ones too."""
    if not counts:
        return Timeline("day" if daily else "month", [], 0)
    first, last = min(counts), max(counts)
    if daily and date_from and date_to:
        first, last = min(first, date_from.first), max(last, date_to.last)
    if daily:
        bars = [_day_bar(first + dt.timedelta(days=i), counts) for i in range((last - first).days + 1)]
        unit = "day"
    else:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if months <= MONTHLY_LIMIT:
            bars = [_month_bar(_add_months(first, i), counts) for i in range(months)]
            unit = "month"
        else:
            years = Counter()
            for day, n in counts.items():
                years[day.year] += n
            bars = [Bar(str(y), years[y], str(y), str(y)) for y in range(first.year, last.year + 1)]
            unit = "year"
    peak = max(bar.count for bar in bars) or 1
    for i, bar in enumerate(bars):
        bar.x = i * 10
        # A period with any match keeps a sliver of a bar, however tall the peak.
        bar.height = max(round(100 * bar.count / peak, 2), 1.5) if bar.count else 0
        bar.params = with_values(params, "date_from", [bar.date_from], date_to=bar.date_to)
    return Timeline(unit, bars, sum(counts.values()))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _day_bar(day: dt.date, counts: Counter) -> Bar:
    iso = day.isoformat()
    return Bar(f"{day.day} {day:%B %Y}", counts.get(day, 0), iso, iso)


def _month_bar(month: dt.date, counts: Counter) -> Bar:
    key = f"{month:%Y-%m}"
    return Bar(f"{month:%B %Y}", counts.get(month, 0), key, key)


def date_facet(counts: Counter, params: QueryDict, date_from=None, date_to=None) -> Facet:
    """Matches by year, or by month when the chosen dates lie within one year."""
    one_year = date_from and date_to and date_from.first.year == date_to.last.year
    if one_year:
        year = date_from.first.year
        months: Counter = Counter()
        for day, n in counts.items():
            if day.year == year:
                months[day.month] += n
        facet = Facet("month", f"Months of {year}")
        for month in sorted(months):
            key = f"{year}-{month:02d}"
            label = dt.date(year, month, 1).strftime("%B")
            facet.items.append(
                FacetItem(key, label, months[month], with_values(params, "date_from", [key], date_to=key))
            )
        return facet
    years: Counter = Counter()
    for day, n in counts.items():
        years[day.year] += n
    facet = Facet("year", "Years")
    for year in sorted(years):
        key = str(year)
        facet.items.append(
            FacetItem(key, key, years[year], with_values(params, "date_from", [key], date_to=key))
        )
    return facet
