"""An import given more files than its batch lists (the first 1,000 names) says how many it was given:
until stop 27 the progress page of a 20,005-file import said "1,000 files" (docs/benchmarks.md, "A folder
of 20,000 files")."""

import json

import pytest
from django.urls import reverse

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import ImportBatch

pytestmark = pytest.mark.django_db


def imported(names: list[str]) -> ImportBatch:
    line = {
        "id": "w1",
        "title": "Ferry strike ends",
        "body": "The strike ended.",
        "published_at": "2024-01-03",
    }
    report = import_documents(
        [InputDocument("wire.jsonl", json.dumps(line).encode())], tag=False, files=names
    )
    return report.batch


def test_the_progress_page_counts_every_file_given_not_only_those_listed(admin_client):
    batch = imported([f"crawl/{n:05}.txt" for n in range(20_005)])
    assert len(batch.files) == 1000

    page = admin_client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).content.decode()
    assert "20,005 files: crawl/00000.txt, crawl/00001.txt" in page
    assert "1,000 files" not in page

    change = admin_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    assert "crawl/00049.txt" in change and "crawl/00050.txt" not in change
    assert "… and 19,955 more" in change


def test_a_small_import_lists_every_file_and_an_old_batch_counts_those_listed(admin_client):
    batch = imported(["a.txt", "b.txt"])
    page = admin_client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).content.decode()
    assert "2 files: a.txt, b.txt</p>" in page

    ImportBatch.objects.filter(pk=batch.pk).update(file_count=0)  # a batch from before the count was kept
    page = admin_client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).content.decode()
    assert "2 files: a.txt, b.txt</p>" in page


def test_the_report_lists_the_files_by_number_as_a_person_would(admin_client):
    """Stop 28's review: a batch's list read page_1, page_10, page_11, … page_2 (sorted as text)."""
    batch = imported([f"pages/page_{n}.html" for n in (1, 10, 11, 2, 3)])
    change = admin_client.get(reverse("admin:articles_importbatch_change", args=[batch.pk])).content.decode()
    shown = [change.index(f"<li>pages/page_{n}.html</li>") for n in (1, 2, 3, 10, 11)]
    assert shown == sorted(shown)
    page = admin_client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).content.decode()
    assert "5 files: pages/page_1.html, pages/page_2.html, pages/page_3.html, pages/page_10.html," in page
