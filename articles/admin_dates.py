"""The change lists' date drill-down over the whole calendar, for the admins that have one.

Django reads a drilled period as [its first day, the first day of the next period): the year 9999, its
December and its 31 December have no next one (`ValueError: year 10000 is out of range`,
`OverflowError: date value out of range`), and a year too long for a C integer overflows before
Django's own check of the date. Articles may be dated up to 9999-12-31 (articles/views/archive.py), so
the calendar's last period is read as "on or after its first day"; any other impossible date goes to
Django's "?e=1" page, as 2024-13 already did. Both were a 500 (stop 28, test_bad_input_admin.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.utils.timezone import make_aware

PARTS = ("year", "month", "day")


class WholeCalendarChangeList(ChangeList):
    def get_filters_params(self, params=None):
        lookup = super().get_filters_params(params)
        first = self.date_hierarchy and last_period_start(
            [lookup.get(f"{self.date_hierarchy}__{part}") for part in PARTS]
        )
        if first:
            for part in PARTS:
                lookup.pop(f"{self.date_hierarchy}__{part}", None)
            field = get_fields_from_path(self.model, self.date_hierarchy)[-1]
            if isinstance(field, models.DateTimeField) and settings.USE_TZ:
                first = make_aware(dt.datetime.combine(first, dt.time()))  # local midnight, as Django's
            lookup[f"{self.date_hierarchy}__gte"] = [first.isoformat()]
        return lookup

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


def last_period_start(asked: list[list[str] | None]) -> dt.date | None:
    """The first day of the drilled period when it is the calendar's last year, month or day."""
    try:
        year, month, day = (int(values[-1]) if values else None for values in asked)
    except ValueError:
        return None
    if year == 9999 and month in (None, 12) and day in (None, 31):
        return dt.date(year, month or 1, day or 1)
    return None


class WholeCalendarDateHierarchy:
    """ModelAdmin mixin: the change list above."""

    def get_changelist(self, request, **kwargs):
        return WholeCalendarChangeList
