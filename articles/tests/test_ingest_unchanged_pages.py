"""A re-import of a folder of pages parses only the new and changed ones (ingest/unchanged.py): a page
is identified by its key and text, and one the archive holds unchanged is reported unchanged, under the
title it is stored with, without being read again. Until stop 27 every page was parsed whole before
its hash was compared (a 20,000-page folder took 9.5 minutes to find itself unchanged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.importers import page as page_parser
from articles.ingest import import_documents
from articles.models import Article
from articles.tests.factories import write_files as write

pytestmark = pytest.mark.django_db

SOURCE_LINE = "(The Harbour Post)"


def page(subject: str, day: int = 3, source: bool = True) -> str:
    credit = f"By Ada Lowe {SOURCE_LINE}\n\n" if source else ""
    return (
        f" date 2024-01-0{day} {subject}\n\n{credit}"
        f"Officials said on Tuesday that the {subject.lower()} would be taken up by the council next week.\n\n"
        "The council meets in the old town hall, and residents may speak for three minutes each.\n"
    )


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The names of the pages parsed whole, in order."""
    names: list[str] = []
    real = page_parser.parse_page

    def counting(text, *, name, **kwargs):
        names.append(name)
        return real(text, name=name, **kwargs)

    monkeypatch.setattr(page_parser, "parse_page", counting)
    return names


def statuses(report) -> dict[str, tuple[str, str]]:
    return {Path(item.name).name: (item.status, item.title) for item in report.items}


def test_a_folder_imported_again_is_found_unchanged_without_reading_a_page_again(tmp_path, parsed):
    folder = write(
        tmp_path / "crawl",
        {"a.txt": page("Ferry strike ends"), "b.txt": page("Bridge reopens"), "site/c.txt": page("Storm")},
    )
    first = import_documents([folder], tag=True)
    assert (first.created, first.failed) == (3, 0)
    assert len(parsed) == 3
    titles = dict(Article.objects.values_list("external_id", "title"))

    parsed.clear()
    again = import_documents([folder], tag=True)

    assert (again.created, again.updated, again.unchanged, again.failed) == (0, 0, 3, 0)
    assert parsed == []
    # Reported as an import that read every page would report them: unchanged, under their titles.
    assert sorted(title for _, title in statuses(again).values()) == sorted(titles.values())
    assert all(status == "unchanged" for status, _ in statuses(again).values())


def test_only_the_changed_and_new_pages_are_read_and_written(tmp_path, parsed):
    folder = write(tmp_path / "crawl", {"a.txt": page("Ferry strike ends"), "b.txt": page("Bridge reopens")})
    import_documents([folder], tag=True)
    write(folder, {"b.txt": page("Bridge reopens after repairs", day=4), "d.txt": page("Library budget")})

    parsed.clear()
    again = import_documents([folder], tag=True)

    assert (again.created, again.updated, again.unchanged) == (1, 1, 1)
    assert sorted(Path(name).name for name in parsed) == ["b.txt", "d.txt"]
    article = Article.objects.get(external_id="file:b.txt")
    assert "repairs" in f"{article.title} {article.body}"
    assert article.published_on.day == 4


def test_a_page_that_names_no_source_is_read_again_when_given_another(tmp_path, parsed):
    folder = write(tmp_path / "crawl", {"a.txt": page("Ferry strike ends", source=False)})
    import_documents([folder], tag=False, default_source="Harbour Weekly")
    assert Article.objects.get().source.name == "Harbour Weekly"

    same = import_documents([folder], tag=False, default_source="Harbour Weekly")
    other = import_documents([folder], tag=False, default_source="Island Gazette")

    assert (same.unchanged, other.updated) == (1, 1)
    assert Article.objects.get().source.name == "Island Gazette"


def test_a_page_that_cannot_be_read_fails_again_with_its_reason(tmp_path):
    folder = write(tmp_path / "crawl", {"a.txt": page("Ferry strike ends"), "blank.txt": " \n\n \n"})
    first = import_documents([folder], tag=False)
    again = import_documents([folder], tag=False)

    def failures(report):
        return [(Path(item.name).name, item.message) for item in report.items if item.status == "failed"]

    assert (again.unchanged, again.failed) == (1, 1)
    assert failures(again) == failures(first) and failures(first)[0][0] == "blank.txt"


def test_a_preview_of_an_unchanged_folder_reads_no_page(tmp_path, parsed):
    folder = write(tmp_path / "crawl", {"a.txt": page("Ferry strike ends"), "b.txt": page("Bridge reopens")})
    import_documents([folder], tag=True)
    parsed.clear()

    preview = import_documents([folder], dry_run=True, tag=True)

    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, 2)
    assert parsed == []
