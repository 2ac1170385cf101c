"""Pagination that forgives: a page number that is not a number, or past the end, still shows a page."""

from __future__ import annotations

from django.core.paginator import Paginator

PER_PAGE = 20


def clamp_page(raw: str | None, paginator: Paginator) -> tuple[int, str | None]:
    """The page to show for `?page=raw`, and a sentence saying why it is not the one asked for."""
    if raw in (None, ""):
        return 1, None
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1, f"“{raw[:40]}” is not a page number, so here is the first page."
    if number < 1:
        return 1, "Pages start at 1, so here is the first page."
    if number > paginator.num_pages:
        pages = paginator.num_pages
        return (
            pages,
            f"There {'is only one page' if pages == 1 else f'are only {pages} pages'}; here is the last.",
        )
    return number, None


class ForgivingPaginationMixin:
    """For ListView and the date views: `?page=abc` or `?page=99999` shows a page with a note, not a 404."""

    paginate_by = PER_PAGE
    page_problem: str | None = None

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
        number, self.page_problem = clamp_page(self.request.GET.get(self.page_kwarg), paginator)
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["problems"] = [self.page_problem] if self.page_problem else []
        return context
