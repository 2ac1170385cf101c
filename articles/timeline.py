"""The timeline of the current matches: a bar per day, month or year, each a link to that period's search.

Counted by articles.facets.count_matches (`Counts.periods`); drawn here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from articles.facets import period_within, query_href, with_values

DAILY_LIMIT_DAYS = 92  # a date range of three months or less is drawn day by day
MONTHLY_LIMIT = 240  # more months than this are drawn year by year
# Over more months than this, matches in fewer than one month in SPARSE_SHARE are drawn year by year too:
# two matches years apart drew 59 bars, two slivers among empty months, a chart that looked empty (stop 28).
SPARSE_MONTHS = 24
SPARSE_SHARE = 4
# When at most this many periods hold matches among empty ones, they are also said in words, each a link.
HELD_SAID = 8
# At most this many years are drawn, the busiest stretch of them; matches before and after it are one bar
# each ("before 1987", "after 2024"). One article dated 0001-01-01 beside the rest in 2024 drew 10,000
# bars of a year (a 52 KB search page became 3.1 MB); 60 years keep a century of news readable.
YEARLY_LIMIT = 60


@dataclass
class Bar:
    label: str  # "March 2024", "3 March 2024" or "2024"
    count: int
    date_from: str
    date_to: str
    x: float = 0
    height: float = 0
    base: str = "?"  # the search's query string without dates or page (shared by every bar)
    about: bool = False  # the count is estimated from a sample

    @property
    def params(self) -> QueryDict:
        params = QueryDict(self.base[1:], mutable=True)
        for name, value in (("date_from", self.date_from), ("date_to", self.date_to)):
            if value:  # the bar of the years before (or after) the chart is open at one end
                params.setlist(name, [value])
        return params

    @property
    def href(self) -> str:
        """The same search for this period alone (dates are ISO digits and dashes: nothing to quote)."""
        dates = "&".join(
            f"{name}={value}"
            for name, value in (("date_from", self.date_from), ("date_to", self.date_to))
            if value
        )
        return f"{self.base}{'&' if len(self.base) > 1 else ''}{dates}"

    @property
    def y(self) -> float:
        return 100 - self.height

    @property
    def caption(self) -> str:
        """ "March 1987: 5 matches", what the bar says to a screen reader and on hover."""
        about = "about " if self.about else ""
        return f"{self.label}: {about}{self.count} match{'' if self.count == 1 else 'es'}"

    @property
    def in_words(self) -> str:
        """ "2 in March 1987", "1 before 1987": the bar in the line under a chart (Timeline.held)."""
        about = "about " if self.about else ""
        return (
            f"{about}{self.count} {'' if self.label.startswith(('before ', 'after ')) else 'in '}{self.label}"
        )

    @property
    def svg_y(self) -> str:
        return f"{self.y:.2f}"

    @property
    def svg_height(self) -> str:
        return f"{self.height:.2f}"


@dataclass
class Timeline:
    unit: str  # day, month or year
    bars: list[Bar]
    total: int
    about: bool = False  # counts estimated from a sample of the matches

    @property
    def width(self) -> int:
        return max(len(self.bars), 1) * 10

    @property
    def chart(self) -> SafeString:
        """The bars' markup, built here rather than by the template: a daily timeline has up to 92
        bars, and five template lookups a bar cost more than the query that counted them."""
        return format_html_join(
            "",
            '<a class="timeline__link" href="{}"><svg class="timeline__svg" viewBox="0 0 10 100" '
            'preserveAspectRatio="none" role="img" aria-label="{}"><title>{}</title><rect class="timeline__bar" '
            'x="1" y="{}" width="8" height="{}"></rect></svg></a>',
            ((bar.href, bar.caption, bar.caption, bar.svg_y, bar.svg_height) for bar in self.bars),
        )

    @property
    def held(self) -> list[Bar]:
        """The periods that hold matches, when they are few and empty periods lie between them: what the
        page says in words under the chart, which would otherwise be read bar by bar."""
        held = [bar for bar in self.bars if bar.count]
        return held if len(held) < len(self.bars) and 1 < len(held) <= HELD_SAID else []

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
            f"Bar chart of {self.total} match{'es' if self.total != 1 else ''} by {self.unit}, {self.first.label} to {self.last.label}; "
            f"the most, {peak.count}, in {peak.label}."
        )


def is_daily(date_from, date_to) -> bool:
    return bool(date_from and date_to and (date_to.last - date_from.first).days < DAILY_LIMIT_DAYS)


def build_timeline(
    counts: Counter, daily: bool, params: QueryDict, date_from=None, date_to=None, *, about: bool = False
) -> Timeline:
    """Bars for every period between the first and the last match (or the chosen dates), empty ones too.
    `about`: the counts are estimates (see SAMPLE_ABOVE)."""
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
        held = len({(day.year, day.month) for day, n in counts.items() if n})
        sparse = months > SPARSE_MONTHS and held * SPARSE_SHARE < months
        if months <= MONTHLY_LIMIT and not sparse:
            bars = [_month_bar(_add_months(first, i), counts) for i in range(months)]
            unit = "month"
        else:
            bars = _year_bars(counts)
            unit = "year"
    peak = max(bar.count for bar in bars) or 1
    base = query_href(with_values(params, "date_from", [], date_to=None))
    for i, bar in enumerate(bars):
        bar.x = i * 10
        # A period with any match keeps a sliver of a bar, however tall the peak.
        bar.height = max(round(100 * bar.count / peak, 2), 1.5) if bar.count else 0
        bar.base = base
        bar.about = about
        bar.date_from, bar.date_to = period_within(bar.date_from, bar.date_to, date_from, date_to)
    return Timeline(unit, bars, sum(counts.values()), about)


def _year_bars(counts: Counter) -> list[Bar]:
    """A bar a year over the YEARLY_LIMIT years holding the most matches (the latest such stretch), and
    one bar each for the matches before and after them."""
    years: Counter = Counter()
    for day, n in counts.items():
        years[day.year] += n
    held = sorted(years)
    best, start, end = -1, held[0], held[-1]
    total, low = 0, 0
    for year in held:  # the windows ending at each year that has matches
        total += years[year]
        while year - held[low] >= YEARLY_LIMIT:
            total -= years[held[low]]
            low += 1
        if total >= best:
            best, start, end = total, held[low], year
    bars = [Bar(str(y), years[y], f"{y:04d}", f"{y:04d}") for y in range(start, end + 1)]
    before = sum(n for year, n in years.items() if year < start)
    after = sum(n for year, n in years.items() if year > end)
    if before:
        bars.insert(0, Bar(f"before {start}", before, "", f"{start - 1:04d}"))
    if after:
        bars.append(Bar(f"after {end}", after, f"{end + 1:04d}", ""))
    return bars


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _day_bar(day: dt.date, counts: Counter) -> Bar:
    iso = day.isoformat()
    return Bar(f"{day.day} {day:%B %Y}", counts.get(day, 0), iso, iso)


def _month_bar(month: dt.date, counts: Counter) -> Bar:
    key = f"{month:%Y-%m}"
    return Bar(f"{month:%B %Y}", counts.get(month, 0), key, key)
