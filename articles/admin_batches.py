"""An import batch's own admin pages: its progress (with cancel), and undo.

The progress page is what an admin sees after confirming an upload: a bar of records done of the
total the preview counted, the counts so far, the rate and the time left. A small static script
(static/js/import_progress.js) polls `progress_json` to move the bar; without JavaScript the page
reloads itself while the import runs (a `<meta http-equiv="refresh">`, which the CSP allows).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .ingest import in_file_order, undo
from .models import ImportBatch, ImportItem
from .tasks import undo_import

REFRESH_SECONDS = 2
WAITING_FOR_WORKER = 15  # seconds queued before the page asks whether a worker is running
UNDO_ROWS = 50  # articles listed per kind on the undo page
FAILURES_SHOWN = 20  # on the progress page once the import ended; the report has them all
FAILURES_SORTED = 10_000  # the failures put in file order before the first FAILURES_SHOWN are taken


def _batch_for(request, pk: int) -> ImportBatch:
    """The batch, for its importer or anyone who may read import reports."""
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    if not (
        request.user.has_perm("articles.view_importbatch")
        or (request.user.has_perm("articles.import_articles") and batch.created_by_id == request.user.pk)
    ):
        raise PermissionDenied
    return batch


def progress(batch: ImportBatch) -> dict:
    """What the progress page and its script show, computed once here."""
    if (
        batch.status == ImportBatch.Status.RUNNING
        and ImportBatch.objects.filter(pk=batch.pk).mark_interrupted()
    ):
        batch.refresh_from_db()
    now = timezone.now()
    done, total = batch.done, batch.total
    elapsed = ((batch.finished_at or now) - batch.running_since).total_seconds() if batch.running_since else 0
    # Records a second over less than a second is noise: one record in 0.4 s read "2 records a second".
    rate = done / elapsed if elapsed >= 1 and done else 0.0
    left = (total - done) / rate if rate and total and total > done and not batch.ended else None
    return {
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "ended": batch.ended,
        "message": batch.message,
        "cancel_requested": batch.cancel_requested,
        "done": done,
        "total": total,
        "percent": min(100, round(done * 100 / total)) if total else None,
        **{
            name: getattr(batch, name) for name in ("created", "updated", "unchanged", "failed", "duplicates")
        },
        "rate": round(rate, 1),
        "seconds_left": round(left) if left is not None else None,
        "time_left": duration(left) if left is not None else "",
        "elapsed": round(elapsed),
        "took": (duration(elapsed) if elapsed >= 1 else "under a second")
        if batch.ended and batch.running_since
        else "",
        "waiting_for_worker": batch.status == ImportBatch.Status.QUEUED
        and (now - batch.started_at).total_seconds() > WAITING_FOR_WORKER,
    }


def duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


@require_http_methods(["GET", "POST"])
def progress_page(request, model_admin, pk: int):
    batch = _batch_for(request, pk)
    if request.method == "POST" and "cancel" in request.POST:
        _cancel(request, batch)
        return redirect("admin:articles_importbatch_progress", batch.pk)
    state = progress(batch)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": ImportBatch._meta,
        "title": f"Import #{batch.pk}",
        "batch": batch,
        "progress": state,
        "refresh": None if state["ended"] else REFRESH_SECONDS,
        "json_url": reverse("admin:articles_importbatch_progress_json", args=[batch.pk]),
        "can_view": request.user.has_perm("articles.view_importbatch"),
        "can_undo": request.user.has_perm("articles.import_articles") and batch.status in undo.UNDOABLE,
        "failures": _failures(batch) if state["ended"] else [],
    }
    return TemplateResponse(request, "admin/articles/importbatch/progress.html", context)


def progress_json(request, model_admin, pk: int) -> JsonResponse:
    return JsonResponse(progress(_batch_for(request, pk)))


def _cancel(request, batch: ImportBatch) -> None:
    if not request.user.has_perm("articles.import_articles"):
        raise PermissionDenied
    # A queued import is cancelled at once (its task then finds nothing to do); a running one stops
    # at the end of its current chunk, which it writes whole.
    if ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.CANCELLED,
        cancel_requested=True,
        finished_at=timezone.now(),
        message="Cancelled before it started: nothing was written.",
    ):
        messages.info(request, f"Import #{batch.pk} was cancelled before it started.")
    elif ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.RUNNING).update(
        cancel_requested=True
    ):
        messages.info(request, f"Import #{batch.pk} stops after the chunk it is writing.")
    else:
        messages.warning(request, f"Import #{batch.pk} had already stopped.")


@require_http_methods(["GET", "POST"])
def undo_page(request, model_admin, pk: int):
    """What undoing the batch would do; POST starts it (as a task) and shows its progress."""
    batch = _batch_for(request, pk)
    if not request.user.has_perm("articles.import_articles"):
        raise PermissionDenied
    plan = undo.plan(batch)
    if request.method == "POST":
        if plan.possible and undo.mark_undoing(batch):
            undo_import.enqueue(batch.pk)
            return redirect("admin:articles_importbatch_progress", batch.pk)
        messages.warning(request, plan.refusal or "There is nothing to undo.")
        return redirect("admin:articles_importbatch_undo", batch.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": ImportBatch._meta,
        "title": f"Undo import #{batch.pk}?",
        "batch": batch,
        "plan": plan,
        "remove": batch.items.filter(article_id__in=plan.remove[:UNDO_ROWS]).select_related("article"),
        "restore": plan.restore[:UNDO_ROWS],
        "kept": plan.kept[:UNDO_ROWS],
        "rows": UNDO_ROWS,
    }
    return TemplateResponse(request, "admin/articles/importbatch/undo.html", context)


def _failures(batch: ImportBatch) -> list[ImportItem]:
    """The first failures in file order (by line in a JSON Lines file), not in the order they were found."""
    found = batch.items.filter(status=ImportItem.Status.FAILED).order_by("pk")[:FAILURES_SORTED]
    return in_file_order(list(found))[:FAILURES_SHOWN]
