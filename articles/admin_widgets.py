"""Widgets, fields and forms of the admin's change forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import helpers, widgets
from django.core.exceptions import ValidationError

from .local_time import localtime


class StoredMomentWidget(widgets.AdminSplitDateTime):
    """The admin's date and time boxes for any stored moment: one whose local time falls outside years
    1 to 9999 (a row written by hand or by an older import) is shown in UTC, not a 500 (see
    articles.local_time). Saved again, it is read as local time."""

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            value = localtime(value).replace(tzinfo=None)
        return super().decompress(value)


class StoredMomentField(forms.SplitDateTimeField):
    """The date and time boxes' value, refused with a message when the database cannot store it: a local
    moment within a few hours of year 1's start or year 9999's end is out of range in UTC (a 500 before)."""

    def compress(self, data_list):
        moment = super().compress(data_list)
        if moment is not None:
            try:
                moment.astimezone(dt.UTC)
            except OverflowError:
                raise ValidationError(
                    "Enter a moment between years 1 and 9999 in UTC.", code="invalid"
                ) from None
        return moment


def _storable_id(field, value) -> bool:
    """Whether a posted id could be looked up: one the key's field reads, an integer within 64 bits."""
    try:
        value = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(value, int) or -(2**63) <= value < 2**63


class BoundedAutocompleteSelect(widgets.AutocompleteSelect):
    """An autocomplete box shown again after a refused save: a posted id no database could hold
    (99999999999999999999, text) is left out of its lookup, as it is of the form's (a 500 before)."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        return super().optgroups(name, [v for v in value if _storable_id(target, v)], attr)


class BoundedIds:
    """For a ModelAdmin or an inline: its autocomplete boxes are BoundedAutocompleteSelect, and an action
    is run on the posted ids a database could hold (Django filters by them all: a 500 before)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = BoundedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        ids = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        kept = [value for value in ids if _storable_id(self.opts.pk, value)]
        if kept != ids:
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, kept)
        return super().response_action(request, queryset)


class ParentForm(forms.ModelForm):
    """A place's or topic's form: its parent may not be itself or anything within it (a cycle the pages
    survive, test_bad_input_rows, but that no editor means)."""

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        ancestor, seen = parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.instance.pk is not None and ancestor.pk == self.instance.pk:
                kind = self.instance._meta.verbose_name
                raise ValidationError(f"“{parent}” is this {kind} or within it; choose another parent.")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return parent
