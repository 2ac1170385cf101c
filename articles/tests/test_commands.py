"""The management commands: import_articles, export_articles, load_demo."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, ImportBatch, Source

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_jsonl(path, *records):
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return path


RECORD = {
    "id": "cmd:1",
    "title": "Council approves budget",
    "body": "The council voted 7-2.",
    "date": "2023-05-02",
}


def test_import_prints_the_counts_as_its_last_line(tmp_path, seed_bytes):
    (tmp_path / "page.txt").write_bytes(seed_bytes)
    write_jsonl(tmp_path / "lines.jsonl", RECORD)
    out, _ = run("import_articles", str(tmp_path))
    assert out.strip().splitlines()[-1] == "created 2, updated 0, unchanged 0, failed 0"
    out, _ = run("import_articles", str(tmp_path))
    assert out.strip().splitlines()[-1] == "created 0, updated 0, unchanged 2, failed 0"


def test_import_fails_with_status_1_and_names_the_failures(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(RECORD) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run("import_articles", str(path))
    assert raised.value.returncode == 1
    assert Article.objects.count() == 1
    assert ImportBatch.objects.get().failed == 1


def test_import_reports_failures_on_stderr(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("{broken\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=io.StringIO(), stderr=err)
    assert "failed: bad.jsonl" in err.getvalue() or "failed:" in err.getvalue()
    assert "line 1" in err.getvalue()


def test_dry_run_writes_nothing(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", RECORD)
    out, _ = run("import_articles", str(path), "--dry-run")
    assert "Dry run" in out
    assert out.strip().splitlines()[-1] == "created 1, updated 0, unchanged 0, failed 0"
    assert Article.objects.count() == 0


def test_source_option_names_the_source_of_articles_without_one(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", RECORD)
    run("import_articles", str(path), "--source", "Halifax Examiner")
    assert Article.objects.get().source.name == "Halifax Examiner"
    assert Source.objects.get().kind == Source.Kind.PUBLISHER


def test_format_option_reads_a_file_as_the_given_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        " date 2024-03-05 Harbour bridge reopens after repairs\n\nThe bridge reopened on Tuesday.\n"
    )
    out, _ = run("import_articles", str(path), "--format", "page")
    assert Article.objects.get().title == "Harbour bridge reopens after repairs"


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file or folder"):
        run("import_articles", str(tmp_path / "nope"))


def test_export_jsonl_and_csv(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl", {**RECORD, "title": "=HYPERLINK(1) budget", "topics": ["budget"]}
    )
    run("import_articles", str(path))
    out_jsonl = tmp_path / "out.jsonl"
    _, err = run("export_articles", "--output", str(out_jsonl))
    assert "Wrote 1 articles" in err
    exported = json.loads(out_jsonl.read_text())
    assert exported["id"] == "cmd:1"
    assert exported["topics"][0]["slug"] == "budget"

    out_csv = tmp_path / "out.csv"
    run("export_articles", "--format", "csv", "--output", str(out_csv))
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert rows[0]["title"] == "'=HYPERLINK(1) budget"
    assert rows[0]["topics"] == "budget"


def test_load_demo_loads_once():
    out, _ = run("load_demo")
    assert "created 294" in out
    assert Article.objects.filter(url__contains="wikinews.org").count() == 293
    out, _ = run("load_demo")
    assert "already has articles" in out


def test_progress_bar_shows_files_and_articles_on_a_terminal():
    from articles.ingest import ImportReport
    from articles.management.commands.import_articles import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True)
    report = ImportReport(read=10, failed=1)
    bar(5, 10, report)
    bar(10, 10, report)
    bar.close()
    last = stream.getvalue().split("\r")[-1]
    assert "[##############################] 10/10 files" in last
    assert "10 articles read" in last and "1 failed" in last

    quiet = io.StringIO()
    ProgressBar(quiet, enabled=False)(10, 10, report)
    assert quiet.getvalue() == ""


def test_progress_bar_says_the_time_left_once_it_can_tell():
    """A folder of 20,000 pages took over half an hour at stop 26 with a rate but no word of the time left."""
    from articles.ingest import ImportReport
    from articles.management.commands.import_articles import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True)
    bar(1, 20, ImportReport(read=1))
    assert "left" not in stream.getvalue()  # under a second in: no estimate yet
    bar.started -= 60
    bar.last = 0
    bar(5, 20, ImportReport(read=5))
    assert stream.getvalue().split("\r")[-1].endswith("· about 3 min left\x1b[K")
    bar.last = 0
    bar(20, 20, ImportReport(read=20))
    assert "left" not in stream.getvalue().split("\r")[-1]  # done


def test_group_stories_progress_bar_shows_articles_done_of_all():
    from articles.management.commands.group_stories import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True)
    bar(0, 4)
    bar(4, 4)
    bar.close()
    assert "[##############################] 4/4 articles" in stream.getvalue().split("\r")[-1]
    assert stream.getvalue().endswith("\n")


def test_the_progress_bar_counts_the_files_of_the_paths_given(tmp_path, monkeypatch):
    from articles.management.commands import import_articles

    shown = []
    monkeypatch.setattr(import_articles.ProgressBar, "__call__", lambda bar, *args: shown.append(args[:2]))
    folder = tmp_path / "folder"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", RECORD)
    write_jsonl(folder / "b.jsonl", {**RECORD, "id": "cmd:2"})
    write_jsonl(tmp_path / "c.jsonl", {**RECORD, "id": "cmd:3"})
    run("import_articles", str(folder), str(tmp_path / "c.jsonl"))
    assert shown == [(1, 3), (2, 3), (3, 3)]
    batch = ImportBatch.objects.get()
    assert batch.files == [str(folder), str(tmp_path / "c.jsonl")]


def test_the_demo_archive_gets_its_language_and_loads_again_unchanged():
    run("load_demo")
    wikinews = Article.objects.filter(url__contains="wikinews.org")
    assert wikinews.filter(language="en").count() == 293
    out, _ = run("load_demo", "--force")
    assert "created 0, updated 0, unchanged 294, failed 0" in out
