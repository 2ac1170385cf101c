"""Pagination that forgives: a page number that is not a number, or past the end, still shows a page."""

from __future__ import annotations

from articles.selectors.paging import clamp_page, read_per_page
from articles.selectors.stories import with_story_lines


class ForgivingPaginationMixin:
    """For ListView and the date views: `?page=abc` or `?page=99999` shows a page with a note, not a 404;
    `?per_page=50` (see PER_PAGE_CHOICES) sets the page's length."""

    page_problem: str | None = None
    size_problem: str | None = None
    list_order = "newest"  # what the pages are in, for the pager's labels (includes/pagination.html)

    def get_paginate_by(self, queryset):
        size, self.size_problem = read_per_page(self.request.GET.get("per_page"))
        return size

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=True
        )
        number, self.page_problem = clamp_page(self.request.GET.get(self.page_kwarg), paginator)
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["problems"] = [p for p in (self.size_problem, self.page_problem) if p]
        context["list_order"] = self.list_order
        return context


class StoryLinesMixin:
    """For ListView and the date views: each article of the page says when it is one of a story's
    versions or copies (includes/article_teaser.html), as a search result does."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = with_story_lines(context["object_list"])
        return context
