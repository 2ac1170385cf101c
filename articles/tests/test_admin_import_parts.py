"""A folder, or more files than one request may carry, uploaded in parts in the admin (admin_views.import_part).

The page's script (static/js/import_form.js) sends the parts; these tests send them as it does and check
what the editor meets: one upload, one preview, the same import as one request would give, a clear
message and nothing kept when a limit is met, and never another user's upload touched.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from articles.staging import Staging

pytestmark = pytest.mark.django_db

PART_URL = "/admin/articles/article/import/part/"
IMPORT_URL = "/admin/articles/article/import/"


def page(title: str) -> bytes:
    day = len(title) % 9 + 1
    return (
        f" date 2024-03-0{day} {title}\n\n"
        f"Officials said on Wednesday that the {title.lower()} would be discussed at length by the council.\n"
    ).encode()


@pytest.fixture
def staging_dir(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return settings.IMPORT_STAGING_DIR


def send(client, files: dict[str, bytes], *, token: str = "", last: bool = False, **fields):
    """One part as the page's script sends it: each file with its path in the folder beside it."""
    data = {
        "token": token,
        "format": fields.get("format", "auto"),
        "default_source": fields.get("default_source", ""),
        "files": [SimpleUploadedFile(path.rsplit("/", 1)[-1], body) for path, body in files.items()],
        "paths": list(files),
    }
    if last:
        data["last"] = "1"
    return client.post(PART_URL, data)


def test_a_folder_sent_in_three_parts_is_one_upload_and_one_import(admin_client, staging_dir):
    first = send(
        admin_client, {"news/a.txt": page("Harbour storm closes the port"), "news/.DS_Store": b"\x00\x01"}
    )
    assert first.status_code == 200
    token = first.json()["token"]
    assert first.json()["files"] == 1  # the hidden file was skipped, as the import command skips it
    second = send(
        admin_client,
        {"news/2024/b.txt": page("Council approves new library budget"), "news/README.md": b"# notes"},
        token=token,
    )
    assert second.json() == {"token": token, "files": 2}
    # Until the last part is in, there is no preview to look at.
    waiting = admin_client.get(reverse("admin:articles_article_import_preview", args=[token]))
    assert waiting["Location"] == IMPORT_URL
    assert Staging(token).manifest["complete"] is False

    last = send(
        admin_client,
        {"news/2024/c.txt": page("Old river bridge reopens after repairs")},
        token=token,
        last=True,
    )
    assert last.status_code == 200
    preview_url = last.json()["next"]
    assert preview_url == reverse("admin:articles_article_import_preview", args=[token])
    preview = admin_client.get(preview_url)
    assert preview.context["counts"]["created"] == 3, preview.context["items"]
    # Named by their path inside the folder chosen (its own name, "news", left out)
    assert [entry["name"] for entry in preview.context["files"]] == ["a.txt", "2024/b.txt", "2024/c.txt"]
    assert "3 files" in preview.content.decode()

    admin_client.post(preview_url, {"confirm": "Import"})
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Harbour storm closes the port",
        "Council approves new library budget",
        "Old river bridge reopens after repairs",
    }
    # Sent again in one request, the same files find their articles unchanged: the same keys.
    again = send(
        admin_client,
        {
            "news/a.txt": page("Harbour storm closes the port"),
            "news/2024/b.txt": page("Council approves new library budget"),
            "news/2024/c.txt": page("Old river bridge reopens after repairs"),
        },
        last=True,
    )
    assert admin_client.get(again.json()["next"]).context["counts"]["unchanged"] == 3


def test_a_part_after_the_last_one_is_refused(admin_client, staging_dir):
    token = send(admin_client, {"d/a.txt": page("Storm")}, last=True).json()["token"]
    late = send(admin_client, {"d/b.txt": page("Budget")}, token=token)
    assert late.status_code == 400
    assert "already sent" in late.json()["error"]
    assert [entry["name"] for entry in Staging(token).manifest["files"]] == ["a.txt"]


def test_going_over_the_whole_uploads_limit_keeps_nothing(admin_client, staging_dir, settings):
    settings.IMPORT_MAX_STAGED_FILES = 3
    token = send(admin_client, {"d/a.txt": page("One"), "d/b.txt": page("Two")}).json()["token"]
    over = send(admin_client, {"d/c.txt": page("Three"), "d/d.txt": page("Four")}, token=token)
    assert over.status_code == 400
    assert "more than 3 files" in over.json()["error"] and "import_articles" in over.json()["error"]
    assert not any(staging_dir.iterdir())
    assert Article.objects.count() == 0


def test_a_part_over_the_one_request_limit_is_refused(admin_client, staging_dir, settings):
    token = send(admin_client, {"d/a.txt": page("One")}).json()["token"]
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    over = send(admin_client, {"d/b.txt": page("Two")}, token=token)
    assert over.status_code == 400 and "at a time" in over.json()["error"]


def test_a_folder_of_only_hidden_files_and_notes_says_so(admin_client, staging_dir):
    answer = send(admin_client, {"d/.hidden": b"x", "d/README.md": b"# read me"}, last=True)
    assert answer.status_code == 400
    assert "None of the chosen files" in answer.json()["error"]
    assert not any(staging_dir.iterdir())


def test_a_first_part_with_bad_options_names_them(admin_client, staging_dir):
    answer = send(admin_client, {"d/a.txt": page("One")}, format="pdf")
    assert answer.status_code == 400 and "pdf" in answer.json()["error"]
    assert not staging_dir.exists() or not any(staging_dir.iterdir())


def test_another_users_upload_cannot_be_added_to(admin_client, client, django_user_model, staging_dir):
    token = send(admin_client, {"d/a.txt": page("One")}).json()["token"]
    other = django_user_model.objects.create_superuser("other", password="pw")
    client.force_login(other)
    answer = send(client, {"d/b.txt": page("Two")}, token=token, last=True)
    assert answer.status_code == 400
    assert len(Staging(token).manifest["files"]) == 1 and not Staging(token).manifest["complete"]


def test_parts_need_the_import_permission(client, django_user_model, staging_dir):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(user)
    assert send(client, {"d/a.txt": page("One")}).status_code == 403
    assert client.get(PART_URL).status_code in (403, 405)


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    token=st.one_of(st.just(""), st.text(max_size=40), st.from_regex(r"[0-9a-f]{32}", fullmatch=True)),
    paths=st.lists(st.text(min_size=1, max_size=30).filter(lambda s: "\x00" not in s), max_size=3),
    last=st.booleans(),
)
def test_any_part_gets_an_answer_never_a_server_error(admin_client, staging_dir, token, paths, last):
    files = {path: path.encode("utf-8", "replace") for path in paths}
    data = {
        "token": token,
        "format": "auto",
        "files": [SimpleUploadedFile("f.txt", body) for body in files.values()],
        "paths": list(files),
    }
    if last:
        data["last"] = "1"
    answer = admin_client.post(PART_URL, data)
    assert answer.status_code in (200, 400)
    body = json.loads(answer.content)
    assert ("error" in body) == (answer.status_code == 400)
    if answer.status_code == 200:
        assert all("/" not in entry["name"] for entry in Staging(body["token"]).manifest["files"])
