"""The admin upload's staging folder: where it is, and that abandoned uploads do not stay (issue 15)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from articles.staging import STALE_AFTER, Staging
from articles.tasks import preview_upload

pytestmark = pytest.mark.django_db

LINE = b'{"id": "s1", "title": "Harbour reopens", "body": "The harbour reopened.", "source": "Wire"}\n'


@pytest.fixture(autouse=True)
def staging_dir(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return settings.IMPORT_STAGING_DIR


def stage(user=None) -> Staging:
    user = user or User.objects.get_or_create(username="ed")[0]
    return Staging.create(
        [SimpleUploadedFile("wire.jsonl", LINE)], user=user, format="auto", default_source=""
    )


def age(path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_the_default_staging_folder_is_ignored_by_git():
    default = django_settings.BASE_DIR / "var" / "import-staging" / ("0" * 32) / "00001.upload"
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=django_settings.BASE_DIR, capture_output=True
    )
    if inside.returncode:
        pytest.skip("not a git checkout")
    for path in (default, django_settings.BASE_DIR / "var" / "anything"):
        ignored = subprocess.run(["git", "check-ignore", "-q", str(path)], cwd=django_settings.BASE_DIR)
        assert ignored.returncode == 0, path


def test_abandoned_uploads_go_and_waiting_ones_stay(staging_dir):
    old, fresh = stage(), stage()
    age(old.path, 25)
    (staging_dir / "notes").mkdir()  # not ours: never touched
    age(staging_dir / "notes", 100)
    assert Staging.clean_stale() == 1
    assert not old.path.exists() and fresh.path.exists() and (staging_dir / "notes").exists()


def test_an_upload_being_imported_is_left_alone_until_a_day_has_passed(staging_dir):
    running, killed = stage(), stage()
    assert running.claim() and killed.claim()
    age(running.path, 2)
    age(killed.path, STALE_AFTER / 3600 + 1)
    assert Staging.clean_stale(0) == 1
    assert running.path.exists() and not killed.path.exists()


def test_the_command_removes_uploads_older_than_asked(staging_dir, capsys):
    old, fresh = stage(), stage()
    age(old.path, 3)
    age(fresh.path, 1)
    call_command("clean_import_staging", "--older-than", "2")
    assert not old.path.exists() and fresh.path.exists()
    assert "Removed 1 abandoned upload from" in capsys.readouterr().out
    call_command("clean_import_staging")  # default: a day; the one-hour-old upload stays
    assert fresh.path.exists()
    with pytest.raises(CommandError, match="number of hours"):
        call_command("clean_import_staging", "--older-than", "-1")


def test_the_command_says_so_when_there_is_no_staging_folder(staging_dir, capsys):
    call_command("clean_import_staging")
    assert "Removed 0 abandoned uploads" in capsys.readouterr().out


def test_each_preview_a_worker_makes_removes_abandoned_uploads(staging_dir):
    abandoned = stage()
    age(abandoned.path, 25)
    new = stage()
    preview_upload.enqueue(new.token)  # the tests run tasks at once, as a worker would
    assert not abandoned.path.exists()
    assert new.load_preview()["counts"]["created"] == 1


def test_the_upload_page_says_how_long_an_unconfirmed_upload_is_kept(admin_client):
    page = " ".join(admin_client.get("/admin/articles/article/import/").content.decode().split())
    assert "An upload you neither import nor cancel is kept for 24 hours, then removed." in page
