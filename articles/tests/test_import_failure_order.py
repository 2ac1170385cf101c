"""A JSON Lines import lists its failures by line, in file order, each with the record's own id beside its
line when it has one. A failure found when writing (an id too long, a date the archive cannot show) was
named by its id alone and listed after every line that failed when read (stop 28)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import ImportBatch

pytestmark = pytest.mark.django_db

LINES = [
    json.dumps({"id": "ok:1", "title": "Fine one", "body": "Some text here.", "published_at": "2024-01-03"}),
    json.dumps(
        {"id": "long:" + "x" * 600, "title": "Long id", "body": "Text.", "published_at": "2024-01-03"}
    ),
    '{"id": "cut", "title": "Broken',
    json.dumps({"id": "bad:3", "title": "Bad date", "body": "Text.", "published_at": "not a date"}),
    json.dumps(
        {"id": "far", "title": "Far", "body": "Text here.", "published_at": "9999-12-31T23:59:59-12:00"}
    ),
    json.dumps({"title": "No id", "body": "Text without an id, which is keyed by its title and body."}),
]


def test_failures_are_listed_by_line_in_file_order_with_their_ids(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 item"):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=err)
    said = [line.split(": ", 1)[1].split(str(path) + " ", 1)[1] for line in err.getvalue().splitlines()]
    where = [line.split(":", 1)[0] for line in said]
    assert where == [
        "line 2 (id long",  # the id is cut short beside its line
        "line 3",  # not JSON: no id can be read
        "line 4 (id bad",
        "line 5 (id far)",
    ]
    assert said[0].startswith("line 2 (id long:" + "x" * 70) and "…)" in said[0]
    assert said[3].startswith("line 5 (id far): 'published_at' is 9999-12-31")


def test_the_batch_page_lists_the_failures_in_file_order(tmp_path, admin_client):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    batch = ImportBatch.objects.get()
    page = admin_client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).content.decode()
    words = " ".join(strip_tags(page).split())
    at = [words.index(f"batch.jsonl line {n}") for n in (2, 3, 4, 5)]
    assert at == sorted(at), words
