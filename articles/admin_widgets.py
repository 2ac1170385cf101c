"""Widgets of the admin's forms."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin import widgets

from .local_time import localtime


class StoredMomentWidget(widgets.AdminSplitDateTime):
    """The admin's date and time boxes for any stored moment: one whose local time falls outside years
    1 to 9999 (a row written by hand or by an older import) is shown in UTC, not a 500 (see
    articles.local_time). Saved again, it is read as local time."""

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            value = localtime(value).replace(tzinfo=None)
        return super().decompress(value)
