"""The admin's "Import articles" page: upload, preview (a dry run), confirm.

The upload is stored in the staging folder (articles.staging) and answered at once. A folder, or more
files than one request may carry, is sent by the page's script in parts (`import_part`), each within the
one-request limits, into one upload that is previewed once its last part is in. The preview and
the import run as tasks in a worker (articles.tasks). The preview page shows the dry run's progress
until it is ready, then what the import would do; confirming enqueues the import and sends the
admin to the batch's progress page (articles.admin_batches).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from .admin_batches import duration
from .enrich.place_names import refresh_display_names
from .forms import ImportUploadForm
from .importers.text import human_size
from .ingest import interrupted_batches
from .keys import natural_key
from .models import Article, ImportBatch, Place, PlaceName, Source
from .models.imports import FILES_LISTED
from .staging import STALE_AFTER, Staging
from .tasks import preview_upload, run_import

SESSION_KEY = "article_import_tokens"
REFRESH_SECONDS = 2  # how often a page without JavaScript reloads while a task runs
ESTIMATE_AFTER = 5  # seconds of a preview before its waiting page estimates the time left

STATUS_LABELS = {
    "created": "would be created",
    "updated": "would be updated",
    "unchanged": "unchanged",
    "failed": "failed",
}


def import_urls(model_admin) -> list:
    """The import pages' URLs, for ArticleAdmin.get_urls (listed before the admin's own)."""
    wrap = model_admin.admin_site.admin_view

    def view(function):
        return wrap(lambda request, **kwargs: function(request, model_admin, **kwargs))

    return [
        path("import/", view(import_upload), name="articles_article_import"),
        path("import/part/", view(import_part), name="articles_article_import_part"),
        path("import/<str:token>/", view(import_preview), name="articles_article_import_preview"),
        path("import/<str:token>/status.json", view(import_status), name="articles_article_import_status"),
    ]


def _check_permission(request) -> None:
    # Staff status only opens the admin (admin_site.admin_view checks it, and CSRF, before we run);
    # importing is the editors' own permission.
    if not request.user.has_perm("articles.import_articles"):
        raise PermissionDenied


def _context(request, model_admin, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": title,
        "upload_url": reverse("admin:articles_article_import"),
        **extra,
    }


def _remember(request, token: str) -> None:
    tokens = [t for t in request.session.get(SESSION_KEY, []) if t != token]
    request.session[SESSION_KEY] = [*tokens[-9:], token]


def _forget(request, token: str) -> None:
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]


def _staging_for(request, token: str) -> Staging | None:
    """The user's own upload for this token, or None when it is not theirs, gone, or expired (a 404 for
    something that is not an upload token at all)."""
    if token not in request.session.get(SESSION_KEY, []):
        return None
    try:
        staging = Staging(token)
    except ValueError:
        raise Http404("No such upload") from None
    try:
        owner = staging.manifest.get("user")
    except (OSError, ValueError):  # gone: imported, cancelled or cleaned away meanwhile
        return None
    return staging if owner == request.user.pk else None


@require_http_methods(["GET", "POST"])
def import_upload(request, model_admin):
    _check_permission(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            staging = _stage(request, form)
            preview_upload.enqueue(staging.token)
            return redirect("admin:articles_article_import_preview", token=staging.token)
    else:
        form = ImportUploadForm()
        for batch in interrupted_batches()[:3]:
            messages.warning(
                request,
                f"{batch}, was interrupted: "
                f"its worker stopped sending signs of life. What it wrote is whole; importing the same files "
                f"again completes it.",
            )
    context = _context(
        request,
        model_admin,
        "Import articles",
        form=form,
        sources=Source.objects.values_list("name", flat=True)[:500],
        max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
        max_files=settings.IMPORT_MAX_FILES,
        max_size=human_size(settings.IMPORT_MAX_UPLOAD_BYTES),
        max_staged_bytes=settings.IMPORT_MAX_STAGED_BYTES,
        max_staged_files=settings.IMPORT_MAX_STAGED_FILES,
        max_staged_size=human_size(settings.IMPORT_MAX_STAGED_BYTES),
        kept_hours=STALE_AFTER // 3600,
    )
    return TemplateResponse(request, "admin/articles/article/import_form.html", context)


@require_POST
def import_part(request, model_admin) -> JsonResponse:
    """One part of an upload sent in parts: the first creates it (with the form's options), the next ones
    add to it, and the one marked `last` sends it to its preview. Answers JSON: the upload's token and,
    after the last part, the preview's address; or an error, after which the upload is gone."""
    _check_permission(request)
    files, paths = request.FILES.getlist("files"), request.POST.getlist("paths")
    token = request.POST.get("token", "")
    if not token:
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _part_error(" ".join(message for errors in form.errors.values() for message in errors))
        staging = _stage(request, form, complete=False, paths=paths)
    else:
        try:
            staging = _staging_for(request, token)
        except Http404:  # not an upload token at all (Staging says what one is)
            staging = None
        if staging is None or staging.complete:
            return _part_error("That upload was already sent, cancelled or has expired; upload again.")
        error = _over_part_limits(files) or _over_upload_limits(staging, files)
        if error:
            _discard(request, staging)
            return _part_error(error)
        staging.add(files, paths)
    if request.POST.get("last") != "1":
        return JsonResponse({"token": staging.token, "files": len(staging.manifest["files"])})
    if not staging.manifest["files"]:
        _discard(request, staging)
        return _part_error(
            "None of the chosen files can be imported: hidden files and notes such as README.md are skipped."
        )
    staging.finish()
    preview_upload.enqueue(staging.token)
    return JsonResponse(
        {
            "token": staging.token,
            "next": reverse("admin:articles_article_import_preview", args=[staging.token]),
        }
    )


def _stage(request, form: ImportUploadForm, **options) -> Staging:
    """A new upload of the form's files and options, remembered in the uploader's session."""
    Staging.clean_stale()
    staging = Staging.create(
        form.cleaned_data["files"],
        user=request.user,
        format=form.cleaned_data["format"],
        default_source=form.cleaned_data["default_source"],
        **options,
    )
    _remember(request, staging.token)
    return staging


def _part_error(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def _discard(request, staging: Staging) -> None:
    staging.delete()
    _forget(request, staging.token)


def _over_part_limits(files) -> str:
    """The one-request limits, which the page's script keeps each part within (the form checks a first part)."""
    if len(files) > settings.IMPORT_MAX_FILES:
        return f"A part of {len(files):,} files is over the limit of {settings.IMPORT_MAX_FILES:,} at a time."
    if sum(file.size for file in files) > settings.IMPORT_MAX_UPLOAD_BYTES:
        return f"A part is over the limit of {human_size(settings.IMPORT_MAX_UPLOAD_BYTES)} at a time."
    return ""


def _over_upload_limits(staging: Staging, files) -> str:
    """The limits of one upload sent in parts, all its parts together."""
    count = len(staging.manifest["files"]) + len(files)
    if count > settings.IMPORT_MAX_STAGED_FILES:
        return (
            f"The upload would hold more than {settings.IMPORT_MAX_STAGED_FILES:,} files; nothing was kept. "
            "Import a set this large with the import_articles command, or in several uploads."
        )
    size = staging.stored_bytes + sum(file.size for file in files)
    if size > settings.IMPORT_MAX_STAGED_BYTES:
        return (
            f"The upload would be larger than {human_size(settings.IMPORT_MAX_STAGED_BYTES)}; nothing was kept. "
            "Import a set this large with the import_articles command, or in several uploads."
        )
    return ""


@require_http_methods(["GET", "POST"])
def import_preview(request, model_admin, token: str):
    _check_permission(request)
    staging = _staging_for(request, token)
    if staging is None:
        messages.warning(request, "That upload was already imported, cancelled or has expired; upload again.")
        return redirect("admin:articles_article_import")
    manifest = staging.manifest
    if not staging.complete:  # its parts stopped coming (the page was closed or reloaded mid-upload)
        messages.warning(request, "That upload was not finished: not all of its parts arrived. Upload again.")
        return redirect("admin:articles_article_import")
    if request.method == "POST":
        if "cancel" in request.POST:
            staging.delete()
            _forget(request, token)
            messages.info(request, "The upload was discarded; nothing was imported.")
            return redirect("admin:articles_article_import")
        return _confirm(request, staging, manifest)
    preview = staging.load_preview()
    if preview is None or "error" in preview:
        return _preview_waiting(request, model_admin, staging, manifest, preview)
    counts = preview["counts"]
    items = [
        {
            **item,
            "label": STATUS_LABELS.get(item["status"], item["status"]),
            "when": _when(item.get("details")),
        }
        for item in preview["items"]
    ]
    new_sources = sorted((preview.get("new_sources") or {}).items(), key=lambda pair: (-pair[1], pair[0]))
    context = _context(
        request,
        model_admin,
        "Import articles: preview",
        **_upload_context(token, manifest),
        counts=counts,
        total=preview["total"],
        items=items,
        items_left_out=preview["items_left_out"],
        new_sources=new_sources,
        tags_on_import=getattr(settings, "AUTO_TAG_ON_IMPORT", True),
        can_confirm=counts["created"] + counts["updated"] > 0,
    )
    return TemplateResponse(request, "admin/articles/article/import_preview.html", context)


PRECISION_NOTES = {"day": "day only", "month": "month only", "": "precision unknown"}


def _when(details: dict | None) -> SimpleNamespace | None:
    """An item's date as the archive's pages would show it (articles.templatetags.archive.article_date)."""
    if not details:
        return None
    published = dt.datetime.fromisoformat(details["published"]) if details["published"] else None
    precision = details["precision"]
    note = PRECISION_NOTES.get(precision, "") if published else ""
    return SimpleNamespace(published_at=published, date_precision=precision, note=note)


def _upload_context(token: str, manifest: dict) -> dict:
    return {
        "token": token,
        "manifest": manifest,
        "files": manifest["files"],
        "total_size": human_size(sum(entry["size"] for entry in manifest["files"])),
        "format_label": dict(ImportUploadForm.base_fields["format"].choices).get(manifest["format"]),
    }


def preview_progress(progress: dict | None) -> dict:
    """A running preview's progress (staging.save_progress) with its rate and time left, in files.

    A preview of 20,000 pages takes half an hour or more on a busy server (docs/benchmarks.md, stop 26):
    the waiting page says how long it is likely to take, as the import's progress page does. Files, not
    records: the total known beforehand is the upload's count of files. No estimate before
    ESTIMATE_AFTER seconds or a first file read, nor for one file (its records are not counted ahead).
    """
    progress = dict(progress or {})
    done, total = progress.get("files_done", 0), progress.get("files", 0)
    elapsed = progress.get("at", 0) - progress.get("started", 0) if "started" in progress else 0
    rate = done / elapsed if elapsed >= ESTIMATE_AFTER and done else 0.0
    left = (total - done) / rate if rate and total > 1 and total > done else None
    progress["rate"] = round(rate, 1)
    progress["time_left"] = duration(left) if left is not None else ""
    return progress


def _preview_waiting(request, model_admin, staging: Staging, manifest: dict, preview: dict | None):
    """The preview is still being made (or stopped): say how far it got; reload until it is ready."""
    progress = preview_progress(staging.load_progress())
    error = (preview or {}).get("error", "")
    context = _context(
        request,
        model_admin,
        "Import articles: preparing the preview",
        **_upload_context(staging.token, manifest),
        progress=progress,
        error=error,
        refresh=REFRESH_SECONDS if not error else None,
        status_url=reverse("admin:articles_article_import_status", args=[staging.token]),
    )
    return TemplateResponse(request, "admin/articles/article/import_waiting.html", context)


def import_status(request, model_admin, token: str) -> JsonResponse:
    """The preview's progress for the waiting page's script: `ready` once the page should reload."""
    _check_permission(request)
    staging = _staging_for(request, token)
    if staging is None:
        return JsonResponse({"ready": True})  # the page itself will say what happened
    preview = staging.load_preview()
    return JsonResponse(
        {
            "ready": preview is not None,
            "error": (preview or {}).get("error", ""),
            **preview_progress(staging.load_progress()),
        }
    )


def _confirm(request, staging: Staging, manifest: dict) -> HttpResponseRedirect:
    preview = staging.load_preview()
    if not preview or "error" in preview:
        messages.warning(request, "The preview is not ready yet.")
        return redirect("admin:articles_article_import_preview", token=staging.token)
    if not staging.claim():
        messages.warning(request, "That upload is already being imported.")
        return redirect("admin:articles_article_import")
    batch = ImportBatch.objects.create(
        created_by=request.user,
        via="admin",
        format=manifest["format"],
        # The first FILES_LISTED by name as a person sorts them (page_2 before page_10), as the report lists them.
        files=sorted((entry["name"] for entry in manifest["files"]), key=natural_key)[:FILES_LISTED],
        file_count=len(manifest["files"]),
        total=preview["total"],
    )
    run_import.enqueue(batch.pk, staging.token)
    _forget(request, staging.token)
    return redirect("admin:articles_importbatch_progress", batch.pk)


def save_place_and_namesakes(model_admin, request, form, formsets, change) -> None:
    """PlaceAdmin.save_related: a new or renamed place, and the places it shares its new or old name
    with, are told apart again (articles/enrich/place_names.py)."""
    super(type(model_admin), model_admin).save_related(request, form, formsets, change)
    refresh_display_names(Place, PlaceName, names={form.instance.name, form.initial.get("name")} - {None})
