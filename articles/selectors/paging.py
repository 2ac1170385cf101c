"""Which page of a list to show, and how long a page is: a page number that is not a number, or past the
end, still shows one; a page size that is not offered gives the default, with a note."""

from __future__ import annotations

from django.core.paginator import Paginator

PER_PAGE = 20
# What `?per_page=` may ask for. A hundred results is a long page already (a search page of 100 takes
# about twice the time of one of 20: a snippet and tags per result); more is what the CSV export is for.
PER_PAGE_CHOICES = (20, 50, 100)


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


def read_per_page(raw: str | None) -> tuple[int, str | None]:
    """The page size for `?per_page=raw` (one of PER_PAGE_CHOICES), and a sentence when it is not the
    one asked for."""
    if raw in (None, ""):
        return PER_PAGE, None
    if raw.isascii() and raw.isdigit() and int(raw) in PER_PAGE_CHOICES:
        return int(raw), None
    offered = ", ".join(str(n) for n in PER_PAGE_CHOICES)
    return PER_PAGE, f"“{raw[:20]}” results per page is not offered ({offered}), so here are {PER_PAGE}."
