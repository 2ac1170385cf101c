"""The admin's "Import articles" page: upload, preview (a dry run), confirm.

Between preview and confirm the uploaded bytes wait in a staging folder, one folder per upload named
by a random token that is also kept in the uploader's session; files are stored under generated names
and their given names are only used as labels (and, for page text, as the article's stable key, just
as the `import_articles` command uses file names). The writing itself is `articles.ingest`.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import asdict
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .forms import ImportUploadForm
from .importers.text import human_size
from .ingest import Upload, import_documents, interrupted_batches
from .models import Article, ImportBatch, Source

SESSION_KEY = "article_import_tokens"
STALE_AFTER = 24 * 60 * 60  # seconds
PREVIEW_ROWS = 1000  # rows shown in a preview; the counts always cover everything
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_FOLDER = re.compile(r"^[0-9a-f]{32}(?:\.importing)?$")  # a waiting upload, or one being imported
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")

STATUS_LABELS = {
    "created": "would be created",
    "updated": "would be updated",
    "unchanged": "unchanged",
    "failed": "failed",
}


def staging_root() -> Path:
    return Path(getattr(settings, "IMPORT_STAGING_DIR", settings.BASE_DIR / "var" / "import-staging"))


class Staging:
    """One upload waiting for confirmation: its files, the options chosen and the preview."""

    def __init__(self, token: str):
        if not _TOKEN.match(token):
            raise ValueError("not an upload token")
        self.token = token
        self.path = staging_root() / token

    @classmethod
    def create(cls, files, *, user, format: str, default_source: str) -> Staging:
        staging = cls(secrets.token_hex(16))
        staging.path.mkdir(parents=True, mode=0o700)
        entries = []
        for number, upload in enumerate(files, start=1):
            stored = f"{number:05d}.upload"
            with open(staging.path / stored, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            entries.append(
                {"stored": stored, "name": _display_name(upload.name, number), "size": upload.size}
            )
        manifest = {"user": user.pk, "format": format, "default_source": default_source, "files": entries}
        (staging.path / "manifest.json").write_text(json.dumps(manifest))
        return staging

    @cached_property
    def manifest(self) -> dict:
        return json.loads((self.path / "manifest.json").read_text())

    def uploads(self) -> list[Upload]:
        # Imported as files from disk are (ingest opens archives, with its limits, and streams a big
        # JSON Lines file), under the names they were uploaded with.
        return [Upload(entry["name"], self.path / entry["stored"]) for entry in self.manifest["files"]]

    def save_preview(self, preview: dict) -> None:
        (self.path / "preview.json").write_text(json.dumps(preview))

    def load_preview(self) -> dict:
        return json.loads((self.path / "preview.json").read_text())

    def delete(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def claim(self) -> bool:
        """Take the upload for importing; False when another request (a double click) already has."""
        claimed = self.path.with_name(f"{self.token}.importing")
        try:
            self.path.rename(claimed)
        except FileNotFoundError:
            return False
        self.path = claimed
        return True

    @staticmethod
    def clean_stale(max_age: float = STALE_AFTER) -> None:
        """Remove uploads never confirmed nor cancelled; only folders named like a token are touched."""
        root = staging_root()
        if not root.is_dir():
            return
        cutoff = time.time() - max_age
        for folder in root.iterdir():
            if folder.is_dir() and _FOLDER.match(folder.name) and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def _display_name(name: str, number: int) -> str:
    """The file's own name, without any folder part or control characters: a label, never a path."""
    base = _UNPRINTABLE.sub("", re.split(r"[/\\]", name or "")[-1]).strip()
    return base[:200] or f"upload-{number}"


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
    """The user's own upload for this token, or None when it is not theirs, gone, or expired."""
    if token not in request.session.get(SESSION_KEY, []):
        return None
    staging = Staging(token)
    try:
        owner = staging.manifest.get("user")
    except (OSError, ValueError):  # gone: imported, cancelled or cleaned away meanwhile
        return None
    return staging if owner == request.user.pk else None


def _preview(staging: Staging) -> dict:
    manifest = staging.manifest
    report = import_documents(
        staging.uploads(),
        format=manifest["format"],
        default_source=manifest["default_source"],
        dry_run=True,
        via="admin",
    )
    # Failures first: they are what a person has to act on.
    items = sorted(report.items, key=lambda item: item.status != "failed")
    return {
        "counts": {
            name: getattr(report, name)
            for name in ("created", "updated", "unchanged", "failed", "duplicates")
        },
        "total": report.total,
        "items": [asdict(item) for item in items[:PREVIEW_ROWS]],
        "items_left_out": report.items_left_out + max(len(items) - PREVIEW_ROWS, 0),
    }


@require_http_methods(["GET", "POST"])
def import_upload(request, model_admin):
    _check_permission(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            Staging.clean_stale()
            staging = Staging.create(
                form.cleaned_data["files"],
                user=request.user,
                format=form.cleaned_data["format"],
                default_source=form.cleaned_data["default_source"],
            )
            staging.save_preview(_preview(staging))
            _remember(request, staging.token)
            return redirect("admin:articles_article_import_preview", token=staging.token)
    else:
        form = ImportUploadForm()
        for batch in interrupted_batches()[:3]:
            messages.warning(
                request,
                f"Import #{batch.pk}, started {timezone.localtime(batch.started_at):%Y-%m-%d %H:%M}, did not finish: it was "
                f"most likely interrupted. What it wrote is whole; importing the same files again completes it.",
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
    )
    return TemplateResponse(request, "admin/articles/article/import_form.html", context)


@require_http_methods(["GET", "POST"])
def import_preview(request, model_admin, token: str):
    _check_permission(request)
    try:
        staging = _staging_for(request, token)
    except ValueError:
        raise Http404("No such upload") from None
    if staging is None:
        messages.warning(request, "That upload was already imported, cancelled or has expired; upload again.")
        return redirect("admin:articles_article_import")
    manifest = staging.manifest
    if request.method == "POST":
        if "cancel" in request.POST:
            staging.delete()
            _forget(request, token)
            messages.info(request, "The upload was discarded; nothing was imported.")
            return redirect("admin:articles_article_import")
        return _confirm(request, staging, manifest)
    preview = staging.load_preview()
    counts = preview["counts"]
    items = [
        {**item, "label": STATUS_LABELS.get(item["status"], item["status"])} for item in preview["items"]
    ]
    context = _context(
        request,
        model_admin,
        "Import articles: preview",
        token=token,
        manifest=manifest,
        files=manifest["files"],
        total_size=human_size(sum(entry["size"] for entry in manifest["files"])),
        format_label=dict(ImportUploadForm.base_fields["format"].choices).get(manifest["format"]),
        counts=counts,
        items=items,
        items_left_out=preview["items_left_out"],
        can_confirm=counts["created"] + counts["updated"] > 0,
    )
    return TemplateResponse(request, "admin/articles/article/import_preview.html", context)


def _confirm(request, staging: Staging, manifest: dict) -> HttpResponseRedirect:
    if not staging.claim():
        messages.warning(request, "That upload is already being imported.")
        return redirect("admin:articles_article_import")
    report = import_documents(
        staging.uploads(),
        format=manifest["format"],
        default_source=manifest["default_source"],
        dry_run=False,
        user=request.user,
        via="admin",
    )
    staging.delete()
    _forget(request, staging.token)
    batch: ImportBatch = report.batch
    level = messages.WARNING if report.failed else messages.SUCCESS
    messages.add_message(request, level, f"Import #{batch.pk} finished: {report.summary()}.")
    if request.user.has_perm("articles.view_importbatch"):
        return redirect("admin:articles_importbatch_change", batch.pk)
    # Someone who may import but not read import reports has the counts in the message.
    return redirect("admin:articles_article_import")
