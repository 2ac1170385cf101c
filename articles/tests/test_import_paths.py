"""Pages keyed by their path in the folder or zip given: two files of one name in two folders are two
articles (until stop 25 the second overwrote the first), and an archive imported before finds its pages
again under their old keys (articles/ingest/legacy.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.importers.containers import iter_documents
from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.tests.factories import write_files as write

SUBJECTS = [
    "Bridge reopens",
    "Council approves the library budget",
    "Council budget",
    "Ferry strike",
    "Harbour storm",
    "Harbour storm closes the port",
    "Library budget",
    "Library budget approved",
    "Old river bridge reopens after repairs",
    "Storm closes the port",
    "Story",
]


def page(title: str, day: int = 3) -> str:
    return (
        f" date 2024-01-0{day} {title}\n\n"
        f"Officials said on Tuesday that the {title.lower()} would be taken up by the council next week.\n"
    )


def keys_and_titles() -> dict[str, str]:
    """Each article's key and the subject its text is about (the page reader may take the first
    sentence for the headline of so short a page: the subject is read from title and body)."""
    found = {}
    for key, title, body in Article.objects.values_list("external_id", "title", "body"):
        text = f"{title} {body}".lower()
        found[key] = next((s for s in sorted(SUBJECTS, key=len, reverse=True) if s.lower() in text), text)
    return found


@pytest.mark.django_db
def test_two_files_of_one_name_in_two_folders_are_two_articles(tmp_path):
    folder = write(
        tmp_path / "crawl",
        {
            "index.txt": page("Harbour storm closes the port"),
            "a/index.txt": page("Council approves the library budget"),
            "b/index.txt": page("Old river bridge reopens after repairs"),
        },
    )
    out = io.StringIO()
    call_command("import_articles", str(folder), stdout=out)
    assert "created 3, updated 0" in out.getvalue()
    assert keys_and_titles() == {
        "file:index.txt": "Harbour storm closes the port",
        "file:a/index.txt": "Council approves the library budget",
        "file:b/index.txt": "Old river bridge reopens after repairs",
    }
    again = io.StringIO()
    call_command("import_articles", str(folder), stdout=again)
    assert "created 0, updated 0, unchanged 3" in again.getvalue()


@pytest.mark.django_db
def test_a_zip_s_members_are_keyed_by_their_path_in_it(tmp_path):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("a/story.txt", page("Storm closes the port"))
        archive.writestr("b/story.txt", page("Library budget approved"))
        archive.writestr("story.txt", page("Bridge reopens"))
    (tmp_path / "pages.zip").write_bytes(data.getvalue())
    call_command("import_articles", str(tmp_path / "pages.zip"), stdout=io.StringIO())
    assert set(keys_and_titles()) == {
        "file:pages.zip:a/story.txt",
        "file:pages.zip:b/story.txt",
        "file:pages.zip:story.txt",
    }


@pytest.mark.django_db
def test_a_page_imported_before_under_its_file_name_is_updated_not_duplicated(tmp_path):
    # As every page was keyed before stop 25: by its file name alone.
    import_documents(
        [InputDocument(name="/old/place/crawl/a/index.txt", data=page("Council budget").encode())]
    )
    import_documents([InputDocument(name="/old/place/crawl/z/other.txt", data=page("Ferry strike").encode())])
    assert set(keys_and_titles()) == {"file:index.txt", "file:other.txt"}
    before = dict(Article.objects.values_list("external_id", "pk"))

    folder = write(
        tmp_path / "crawl",
        {
            "a/index.txt": page("Council budget", day=4),  # a new version of the same page
            "b/index.txt": page("Bridge reopens"),  # the file the old key lost to a/index.txt
            "z/other.txt": page("Ferry strike"),
        },
    )
    report = import_documents([str(folder)])
    assert (report.created, report.updated) == (1, 2)
    assert keys_and_titles() == {
        "file:a/index.txt": "Council budget",
        "file:b/index.txt": "Bridge reopens",
        "file:z/other.txt": "Ferry strike",
    }
    # The same rows, renamed: their links, tags and edits stay theirs.
    assert Article.objects.get(external_id="file:a/index.txt").pk == before["file:index.txt"]
    assert Article.objects.get(external_id="file:z/other.txt").pk == before["file:other.txt"]
    said = {item.name.rsplit("/", 2)[-2]: item.message for item in report.items if item.status == "updated"}
    assert "imported before as “index.txt”" in said["a"] and "imported before as “other.txt”" in said["z"]
    assert import_documents([str(folder)]).unchanged == 3


@pytest.mark.django_db
def test_an_old_key_written_by_the_same_import_is_not_taken(tmp_path):
    import_documents([InputDocument(name="index.txt", data=page("Harbour storm").encode())])
    folder = write(
        tmp_path / "crawl",
        {"index.txt": page("Harbour storm"), "z/index.txt": page("Library budget")},  # z/ after index.txt
    )
    report = import_documents([str(folder)])
    assert (report.created, report.updated, report.unchanged) == (1, 0, 1)
    assert keys_and_titles() == {"file:index.txt": "Harbour storm", "file:z/index.txt": "Library budget"}


NAMES = st.sampled_from(["index.txt", "a.txt", "b", "page 1.txt", "été.txt", "x.y.txt"])
FOLDERS = st.lists(st.sampled_from(["a", "b", "2024", "news", "é"]), max_size=3)


@hypothesis_settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(FOLDERS, NAMES), min_size=1, max_size=8))
def test_every_file_of_a_folder_has_a_key_of_its_own(tmp_path_factory, layout):
    root = tmp_path_factory.mktemp("tree")
    files = {"/".join([*folders, name]): name for folders, name in layout}
    # (a name can be a file in one entry and a folder in another: keep the files that can exist)
    written = {}
    for relative in sorted(files, key=len):
        target = root / relative
        if any(parent.is_file() for parent in target.parents) or target.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page("Story"), encoding="utf-8")
        written[relative] = True
    keys = [doc.key for doc in iter_documents([root]) if isinstance(doc, InputDocument)]
    assert sorted(keys) == sorted(written)
