"""What the admin's import pages say while an upload of many files waits for its preview (stop 24's review).

The waiting page is shown before the worker has written any progress: it must still say how many files
there are to read, and its bar must count them, not only spin.
"""

from __future__ import annotations

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.admin_views import preview_progress
from articles.staging import Staging

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/articles/article/import/"


@pytest.fixture(autouse=True)
def staging_dir(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, never run here
    return settings.IMPORT_STAGING_DIR


def page(number: int) -> SimpleUploadedFile:
    text = f" date 2024-03-01 Council meeting number {number}\n\nThe council met on Friday for the {number}th time.\n"
    return SimpleUploadedFile(f"page_{number}.txt", text.encode())


def waiting_page(client, files: list[SimpleUploadedFile]) -> str:
    response = client.post(IMPORT_URL, {"files": files, "format": "auto", "default_source": ""})
    assert response.status_code == 302
    content = client.get(response["Location"]).content.decode()
    assert "Preparing the preview" in content
    return content


def test_the_waiting_page_counts_the_files_before_any_progress_is_written(admin_client):
    content = waiting_page(admin_client, [page(number) for number in range(3)])
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", content))
    assert "0 records read, 0 of 3 files." in text
    bar = re.search(r"<progress id=\"preview-bar\"[^>]*>", content).group(0)
    assert 'max="3"' in bar and 'value="0"' in bar  # a bar that fills as files are read, not a spinner
    assert "{#" not in text and "#}" not in text  # a template's own comment is not shown to the admin


def test_one_file_waits_without_a_count_of_files(admin_client):
    content = waiting_page(admin_client, [page(1)])
    assert "of 1 files" not in content and "preview-files" not in content
    bar = re.search(r"<progress id=\"preview-bar\"[^>]*>", content).group(0)
    assert "max=" not in bar  # nothing to count: the bar only says that the preview is being made


def test_the_waiting_page_estimates_the_time_left_from_the_files_read(admin_client):
    """A preview of 20,000 pages took over half an hour at stop 26 and said only how many files it had read."""
    content = waiting_page(admin_client, [page(number) for number in range(3)])
    url = re.search(r'data-url="([^"]+)"', content).group(1)
    token = url.rstrip("/").split("/")[-2]
    Staging(token).save_progress({"files_done": 2, "files": 3, "read": 2, "started": time.time() - 10})
    status = admin_client.get(url).json()
    assert (status["rate"], status["time_left"]) == (0.2, "5 s")
    text = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", admin_client.get(url.replace("status.json", "")).content.decode())
    )
    assert "2 records read, 2 of 3 files: about 5 s left (0.2 files a second)." in text


def test_no_estimate_in_the_first_seconds_nor_before_a_file_is_read():
    now = time.time()
    assert preview_progress({"files_done": 1, "files": 3, "started": now - 1, "at": now})["time_left"] == ""
    assert preview_progress({"files_done": 0, "files": 3, "started": now - 60, "at": now})["time_left"] == ""
    assert preview_progress({"files_done": 0, "files": 1, "started": now - 60, "at": now})["time_left"] == ""
    assert preview_progress(None)["time_left"] == ""
    late = preview_progress({"files_done": 100, "files": 1100, "started": now - 20, "at": now})
    assert (late["rate"], late["time_left"]) == (5.0, "3 min 20 s")


def test_no_template_has_a_comment_that_would_be_shown():
    """Django's {# … #} ends on its line: one carried over two lines is printed on the page as text (it was,
    on the waiting page above, until stop 28). Longer notes use {% comment %}."""
    from pathlib import Path

    from django.conf import settings

    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for root in [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
        for path in sorted(root.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert found == []
