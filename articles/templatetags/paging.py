"""The pager under a list: steps named for the list's order, page numbers, a jump to a page, a page size."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import QueryDict

from articles.selectors.paging import PER_PAGE_CHOICES

register = template.Library()

# What "the page before" and "the page after" hold, by the order the list is in: on an oldest-first
# archive the next page is later articles, and best-match pages are neither newer nor older.
STEP_LABELS = {
    "newest": ("Newer", "Older"),
    "oldest": ("Earlier", "Later"),
    "relevance": ("Previous", "Next"),
}


@dataclass
class PageLink:
    number: int | None  # None for the gap between runs of page numbers
    href: str = ""
    current: bool = False


def _href(params: QueryDict, **values) -> str:
    params = params.copy()
    for key, value in values.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + params.urlencode() if params else "?"


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj, order: str = "newest", params=None) -> dict:
    """`{% pagination page_obj "oldest" %}`: links keep every other parameter of the request (or of
    `params`, a search's own, which leave out what the search ignored)."""
    if page_obj is None:
        return {"pager": None}
    paginator = page_obj.paginator
    params = (context["request"].GET if params is None else params).copy()
    params.pop("format", None)
    first_shown = page_obj.start_index() or 1
    sizes = [
        {
            "size": size,
            "current": size == paginator.per_page,
            # The page that holds the first article shown now, so a reader keeps their place.
            "href": _href(params, per_page=None if size == PER_PAGE_CHOICES[0] else size,
                          page=(first_shown - 1) // size + 1 if first_shown > size else None),
        }
        for size in PER_PAGE_CHOICES
    ]  # fmt: skip
    pages = [
        PageLink(None)
        if number == paginator.ELLIPSIS
        else PageLink(number, _href(params, page=number if number > 1 else None), number == page_obj.number)
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]
    before, after = STEP_LABELS.get(order, STEP_LABELS["relevance"])
    return {
        "pager": {
            "page": page_obj,
            "pages": pages if page_obj.has_other_pages() else [],
            "previous": _href(params, page=page_obj.previous_page_number())
            if page_obj.has_previous()
            else "",
            "next": _href(params, page=page_obj.next_page_number()) if page_obj.has_next() else "",
            "before": before,
            "after": after,
            "kept": [(key, value) for key, values in params.lists() if key != "page" for value in values],
            # Offered once there is more than the shortest page to show.
            "sizes": sizes if paginator.count > PER_PAGE_CHOICES[0] else [],
        }
    }
