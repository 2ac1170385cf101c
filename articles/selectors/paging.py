"""Which page of a list to show: a page number that is not a number, or past the end, still shows one."""

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
