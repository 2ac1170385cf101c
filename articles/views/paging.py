"""Pagination that forgives: a page number that is not a number, or past the end, still shows a page."""

from __future__ import annotations

from articles.selectors.paging import PER_PAGE, clamp_page


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
