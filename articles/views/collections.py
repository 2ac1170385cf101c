"""Readers' collections: saving a search, a collection's page (its owner's, or anyone's with its share
link), its exports, and the owner's changes (name and notes, adding and removing articles, sharing).

A collection is its owner's alone: another reader asking for it gets a 404, as if it did not exist, and
an anonymous visitor the login page. A share link (an unguessable token) opens it read-only to anyone
who may read the archive: in a private archive, only signed-in readers (newsarchive/middleware.py).
Every change is a POST with the CSRF token.
"""

from __future__ import annotations

import itertools
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import ListView

from articles.collecting import FREEZE_LIMIT, CannotFreeze, freeze
from articles.exporting import iter_csv, summary
from articles.forms import CollectionForm, SaveCollectionForm
from articles.keys import slugify
from articles.models import Article, Collection
from articles.selectors.collections import CollectionPage, collection_page
from articles.views.exports import REFERENCE_FORMATS, site_url

# Streamed exports of every article in the collection's order, each from the one writer of its format in
# articles/exporting.py: format -> (writer, content type, file extension). The JSON export is a page,
# like the search's. RIS and BibTeX join here once their writers are on main (issue 15, `c15`).
STREAMED = {"csv": (iter_csv, "text/csv; charset=utf-8", "csv"), **REFERENCE_FORMATS}
FORMATS = (*STREAMED, "json")


class CollectionListView(LoginRequiredMixin, ListView):
    """`/collections/`: the signed-in reader's collections, newest first."""

    template_name = "articles/collection_list.html"
    context_object_name = "collections"

    def get_queryset(self):
        return self.request.user.collections.annotate(size=Count("items"))


def post_only(view):
    """A change is a POST; a GET of its address (a reload, or the sign-in page sending a reader whose
    session ran out back to where their form was going) goes to the collection, or the list, with a
    note, instead of the blank "405" page `require_POST` gave."""

    @wraps(view)
    def only_post(request, *args, **kwargs):
        if request.method == "POST":
            return view(request, *args, **kwargs)
        messages.info(request, "Nothing was changed: use the buttons on this page to make a change.")
        pk = kwargs.get("pk")
        return redirect("articles:collection", pk=pk) if pk is not None else redirect("articles:collections")

    return only_post


def _own(request, pk: int) -> Collection:
    return get_object_or_404(Collection, pk=pk, owner=request.user)


@login_required
def collection_detail(request, pk: int):
    """`/collections/<id>/`: the owner's page; `?format=csv|json` exports it."""
    return _show(request, _own(request, pk), owner=True)


def shared_collection(request, token: str):
    """`/collections/shared/<token>/`: read-only, for anyone with the link (who may read the archive)."""
    return _show(request, get_object_or_404(Collection, share_token=token), owner=False)


def _show(request, collection: Collection, *, owner: bool, form: CollectionForm | None = None):
    output = "" if form else request.GET.get("format", "")
    if output in STREAMED:
        return _streamed(collection, request, *STREAMED[output])
    page = collection_page(collection, request.GET.get("page"))
    if output == "json":
        return _json(page, request)
    problems = page.problems
    if output:
        problems = [*problems, f"There is no “{output[:20]}” format: try {' or '.join(FORMATS)}."]
    context = {
        "collection": collection,
        "detail": page,
        "page_obj": page.page,
        "paginator": page.paginator,
        "results": page.results,
        "problems": problems,
        "owner": owner,
        "archive_private": settings.ARCHIVE_PRIVATE,
        "form": form or CollectionForm(initial={"name": collection.name, "notes": collection.notes}),
    }
    return render(request, "articles/collection_detail.html", context, status=400 if form else 200)


def _filename(collection: Collection, extension: str) -> str:
    return f"collection-{collection.pk}-{slugify(collection.name)[:60] or 'articles'}.{extension}"


def _streamed(collection: Collection, request, writer, content_type: str, extension: str):
    rows = writer(collection.articles(), site_url=site_url(request))
    # As the search's CSV (views/exports.py): the first lines before the response starts, so that a
    # database that cannot be reached gives the 503 page rather than a 200 with an empty download.
    started = [row for row in (next(rows, None), next(rows, None)) if row is not None]
    response = StreamingHttpResponse(itertools.chain(started, rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(collection, extension)}"'
    return response


def _json(page: CollectionPage, request) -> JsonResponse:
    site = site_url(request)
    collection = page.collection
    return JsonResponse(
        {
            "name": collection.name,
            "notes": collection.notes,
            "query": collection.query,
            "frozen_at": collection.frozen_at.isoformat(),
            "frozen_count": collection.count,
            "count": page.paginator.count,
            "page": page.page.number,
            "num_pages": page.paginator.num_pages,
            "newer_matches": page.changes.newer,
            "no_longer_match": page.changes.no_longer,
            "problems": page.problems,
            "results": [
                summary(
                    result.article,
                    archive_url=site + result.url,
                    topics=[topic.name for topic in result.topics],
                    places=[place.name for place in result.places],
                )
                for result in page.results
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@post_only
def save_collection(request):
    """The search page's "Save these results": freeze the search, then show the new collection."""
    form = SaveCollectionForm(request.POST)
    search_url = reverse("articles:search") + "?" + request.POST.get("query", "")[:4000]
    if form.is_valid():
        try:
            collection = freeze(
                owner=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
                scope=form.cleaned_data["scope"],
            )
        except CannotFreeze as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Saved {collection.count:,} articles as “{collection.name}”.")
            return redirect(collection)
    context = {"form": form, "search_url": search_url, "limit": FREEZE_LIMIT}
    return render(request, "articles/collection_save.html", context, status=400)


@login_required
@post_only
def edit_collection(request, pk: int):
    collection = _own(request, pk)
    form = CollectionForm(request.POST)
    if not form.is_valid():
        return _show(request, collection, owner=True, form=form)
    collection.name, collection.notes = form.cleaned_data["name"], form.cleaned_data["notes"]
    collection.save(update_fields=["name", "notes"])
    messages.success(request, "Saved the name and notes.")
    return redirect(collection)


def _article_id(request) -> int | None:
    raw = request.POST.get("article", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


@login_required
@post_only
def remove_from_collection(request, pk: int):
    collection = _own(request, pk)
    article_id = _article_id(request)
    if article_id is not None and collection.remove(article_id):
        messages.success(request, "Removed the article from this collection.")
    else:
        messages.error(request, "That article is not in this collection.")
    page = request.POST.get("page", "")
    return redirect(collection.get_absolute_url() + (f"?page={page}" if page.isdigit() else ""))


@login_required
@post_only
def add_to_collection(request):
    """The article page's "Add to collection": back to the article, saying what happened."""
    article_id = _article_id(request)
    article = get_object_or_404(Article.objects.only("pk", "slug"), pk=article_id or 0)
    raw = request.POST.get("collection", "")
    collection = _own(request, int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None
    if collection is None:
        messages.error(request, "Choose a collection to add the article to.")
    elif collection.add(article):
        messages.success(request, f"Added to “{collection.name}”.")
    else:
        messages.info(request, f"This article is already in “{collection.name}”.")
    return redirect(article)


@login_required
@post_only
def share_collection(request, pk: int):
    collection = _own(request, pk)
    if request.POST.get("share") == "off":
        collection.unshare()
        messages.success(request, "The share link no longer works.")
    else:
        collection.share()
        messages.success(request, "Anyone with the link below can now read this collection.")
    return redirect(collection)


@login_required
@post_only
def delete_collection(request, pk: int):
    collection = _own(request, pk)
    name = collection.name
    collection.delete()
    messages.success(request, f"Deleted “{name}”. The articles stay in the archive.")
    return redirect("articles:collections")
