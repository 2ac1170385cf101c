"""A story's page: every copy of one wire story by outlet and time, and its versions with what changed."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from articles.selectors.stories import story_page


def story_detail(request, key: str):
    """`/stories/<key>/`: a 404 naming the key when no story has it (a story merged away by an editor,
    or a key mistyped)."""
    page = story_page(key, page=request.GET.get("page"))
    if page is None:
        raise Http404(f"No story has the key “{key[:40]}”; it may have been merged into another story.")
    context = {
        "story": page.story,
        "page": page,
        "copies": page.copies,
        "page_obj": page.copies,
        "problems": [page.page_problem] if page.page_problem else [],
    }
    return render(request, "articles/story_detail.html", context)
