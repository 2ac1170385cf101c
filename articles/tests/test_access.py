"""Who may see what: a private archive's login wall, readers' sign-in and sign-out, and the admin's roles.

Roles: anonymous; a reader (any active account); staff who may correct articles but not import; an
editor (staff in the Editors group the migrations create); a superuser. Every kind of public page,
export and feed is tried in private and in public mode, and the admin's article list and import page
for each role.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from articles.models import Article, Topic
from articles.tests.factories import local, make_article, make_place, make_source, make_topic
from articles.tests.test_admin import form_data

pytestmark = pytest.mark.django_db

TITLE = "Harbour storm closes the port"
MARK = "closes the port"  # of the title, without the searched word a result page would highlight
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
CHANGELIST = "/admin/articles/article/"
IMPORT = "/admin/articles/article/import/"

# Every kind of page, export and feed, with something on it that only the archive's content shows.
PAGES = {
    "home": ("/", MARK),
    "article list": ("/articles/", MARK),
    "search": ("/search/?q=storm", MARK),
    "article": ("article", "ferries were cancelled"),
    "date archive": ("/archive/2024/01/03/", MARK),
    "month archive": ("/archive/2024/01/", MARK),
    "topic": ("/topics/harbour-affairs/", MARK),
    "topic index": ("/topics/", "Harbour affairs"),
    "place": ("/places/port-lumen/", MARK),
    "place index": ("/places/", "Port Lumen"),
    "source": ("/sources/coast-courier/", MARK),
    "source index": ("/sources/", "Coast Courier"),
    "map": ("/search/map/?q=storm", "Port Lumen"),
    "csv export": ("/search/?q=storm&format=csv", MARK),
    "json export": ("/search/?q=storm&format=json", MARK),
    "topic csv export": ("/topics/harbour-affairs/?format=csv", MARK),
    "search feed": ("/search/feed/?q=storm", MARK),
    "topic feed": ("/topics/harbour-affairs/feed/", MARK),
    "place feed": ("/places/port-lumen/feed/", MARK),
    "source feed": ("/sources/coast-courier/feed/", MARK),
}
ROLES = ["reader", "staff", "editor", "superuser"]


@pytest.fixture
def article() -> Article:
    return make_article(
        TITLE,
        body="A storm closed the port on Wednesday and ferries were cancelled.\n\nBoats stayed in.",
        published_at=local(2024, 1, 3, 9),
        topics=[make_topic("Harbour affairs")],
        places=[make_place("Port Lumen", kind="city", latitude=44.6, longitude=-63.6)],
        source=make_source("Coast Courier"),
    )


@pytest.fixture
def users(django_user_model) -> dict:
    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    # Staff who may correct articles (so the article list opens for them) but not import them.
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_article", "change_article"], content_type__app_label="articles"
        )
    )
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return {
        "reader": django_user_model.objects.create_user("reader", password="pw"),
        "staff": staff,
        "editor": editor,
        "superuser": django_user_model.objects.create_superuser("boss", password="pw"),
    }


def url_of(kind: str, article: Article) -> str:
    url = PAGES[kind][0]
    return article.get_absolute_url() if url == "article" else url


def client_for(role: str, users: dict) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def login_target(response) -> str | None:
    """Where a redirect to the readers' login page would return to, or None if it is not one."""
    location = urlsplit(response.get("Location", ""))
    if response.status_code != 302 or location.path != LOGIN:
        return None
    return parse_qs(location.query).get("next", [None])[0]


# -- Private archive ---------------------------------------------------------------------------------


def content(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def shown(client, article) -> dict[str, str]:
    """What each kind of page shows this client: "content", "login" (redirected there) or another answer."""
    outcome = {}
    for kind in PAGES:
        url = url_of(kind, article)
        response = client.get(url)
        if login_target(response) == url:
            # Exports and feeds answer like pages: a redirect to the login page that comes back here.
            outcome[kind] = "login" if MARK not in content(response) else "login, with content"
        elif response.status_code == 200 and PAGES[kind][1] in content(response):
            outcome[kind] = "content"
        else:
            outcome[kind] = f"{response.status_code} {response.get('Location', '')}"
    return outcome


@override_settings(ARCHIVE_PRIVATE=True)
def test_private_archive_sends_anonymous_visitors_to_the_login_page(client, article):
    assert shown(client, article) == dict.fromkeys(PAGES, "login")


@override_settings(ARCHIVE_PRIVATE=True)
@pytest.mark.parametrize("role", ROLES)
def test_private_archive_is_open_to_every_account(article, users, role):
    assert shown(client_for(role, users), article) == dict.fromkeys(PAGES, "content")


def test_public_archive_is_open_to_anonymous_visitors(client, article):
    assert shown(client, article) == dict.fromkeys(PAGES, "content")


@pytest.mark.parametrize("role", ROLES)
def test_public_archive_is_the_same_for_every_account(article, users, role):
    assert shown(client_for(role, users), article) == dict.fromkeys(PAGES, "content")


@override_settings(ARCHIVE_PRIVATE=True)
def test_a_reader_signs_in_lands_where_they_were_going_and_signs_out(client, article, users):
    reader_account = {"username": "reader", "password": "pw"}
    export = "/search/?q=storm&format=csv"
    login_url = client.get(export)["Location"]
    form = client.get(login_url)
    assert form.status_code == 200 and "Sign in" in form.content.decode()

    wrong = client.post(login_url, {**reader_account, "password": "nope", "next": export})
    assert wrong.status_code == 200 and "You could not be signed in" in wrong.content.decode()

    signed_in = client.post(login_url, {**reader_account, "next": export})
    assert signed_in.status_code == 302 and signed_in["Location"] == export
    assert MARK in content(client.get(export))
    assert "Sign out reader" in client.get("/").content.decode()

    assert client.get("/accounts/logout/").status_code == 405  # signing out is a POST, not a link
    signed_out = client.post("/accounts/logout/")
    assert signed_out.status_code == 302 and signed_out["Location"] == "/"
    assert login_target(client.get("/")) == "/"


@override_settings(ARCHIVE_PRIVATE=True)
def test_a_deactivated_account_is_shut_out_at_once(article, users):
    client = client_for("reader", users)
    assert client.get("/").status_code == 200
    users["reader"].is_active = False
    users["reader"].save()
    assert login_target(client.get("/")) == "/"


@override_settings(ARCHIVE_PRIVATE=True)
def test_login_page_health_check_and_admin_login_stay_public(client):
    assert client.get(LOGIN).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get(ADMIN_LOGIN).status_code == 200
    # The admin keeps its own login, which says it is for staff.
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN)


@override_settings(ARCHIVE_PRIVATE=True)
def test_an_unknown_address_says_not_found_without_showing_the_archive(client, article):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and TITLE not in response.content.decode()


@override_settings(ARCHIVE_PRIVATE=True)
def test_static_files_stay_public(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b".masthead" in b"".join(response.streaming_content)


def test_public_archive_offers_sign_in_and_no_sign_out_to_anonymous_visitors(client):
    page = client.get("/").content.decode()
    assert f'href="{LOGIN}"' in page and "Sign out" not in page


# -- Admin -------------------------------------------------------------------------------------------

# (article list, import page) for each role: 302 is the admin's own login page.
ADMIN_ACCESS = {
    "anonymous": (302, 302),
    "reader": (302, 302),  # not staff
    "staff": (200, 403),
    "editor": (200, 200),
    "superuser": (200, 200),
}


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize("role", ADMIN_ACCESS)
def test_admin_article_list_and_import_page_by_role(article, users, role, private):
    client = client_for(role, users)
    with override_settings(ARCHIVE_PRIVATE=private):
        changelist, import_page = client.get(CHANGELIST), client.get(IMPORT)
    assert (changelist.status_code, import_page.status_code) == ADMIN_ACCESS[role]
    for response in (changelist, import_page):
        if response.status_code == 302:
            assert response["Location"].startswith(ADMIN_LOGIN)
    if changelist.status_code == 200:
        # The way to the import page is offered only to those it would open for.
        assert (IMPORT in changelist.content.decode()) == (import_page.status_code == 200)


def test_staff_without_the_import_permission_cannot_upload(article, users):
    client = client_for("staff", users)
    response = client.post(IMPORT, {"files": [page_file()], "format": "auto", "default_source": ""})
    assert response.status_code == 403
    assert not Article.objects.filter(title="Council approves new library budget").exists()


def page_file():
    return SimpleUploadedFile(
        "council.txt",
        b" date 2024-02-10 Council approves new library budget\n\n"
        b"The city council approved the library budget on Saturday after a long debate.\n",
        content_type="text/plain",
    )


def test_an_editor_imports_and_reads_the_report(users, settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    client = client_for("editor", users)
    preview = client.post(IMPORT, {"files": [page_file()], "format": "auto", "default_source": ""})
    assert preview.status_code == 302
    confirmed = client.post(preview["Location"], {"confirm": "Import"})
    assert Article.objects.filter(title="Council approves new library budget").exists()
    report = client.get(confirmed["Location"])
    assert report.status_code == 200 and "council.txt" in report.content.decode()


def test_import_refuses_a_post_without_the_csrf_token(users, settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    form = {"files": [page_file()], "format": "auto", "default_source": ""}
    assert client.post(IMPORT, form).status_code == 403
    assert not Article.objects.exists() and not (tmp_path / "staging").exists()
    # The same upload with the token the form carries goes through to the preview.
    client.get(IMPORT)
    token = client.cookies["csrftoken"].value
    assert (
        client.post(IMPORT, {**form, "files": [page_file()], "csrfmiddlewaretoken": token}).status_code == 302
    )


def change_form(client, article) -> tuple[str, str, dict]:
    """The article's admin page, its HTML, and what its form would submit as it stands."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url)
    assert page.status_code == 200
    return url, page.content.decode(), form_data(page, "article_form")


def test_an_editor_adds_a_topic_on_the_article_page(article, users):
    client = client_for("editor", users)
    url, page, data = change_form(client, article)
    assert 'name="topic_tags-TOTAL_FORMS"' in page
    new = Topic.objects.create(name="Transport", slug="transport-test")
    blank = int(data["topic_tags-INITIAL_FORMS"])  # the empty extra row follows the existing ones
    data[f"topic_tags-{blank}-topic"] = str(new.pk)
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(article.topics.values_list("name", flat=True)) == {"Harbour affairs", "Transport"}


def test_staff_without_tag_permissions_see_no_tags_and_cannot_add_one(article, users):
    client = client_for("staff", users)
    url, page, data = change_form(client, article)
    assert 'name="topic_tags-TOTAL_FORMS"' not in page
    new = Topic.objects.create(name="Transport", slug="transport-test")
    # What the editor's form would have sent: the server ignores rows of an inline the user lacks.
    data.update(
        {"topic_tags-TOTAL_FORMS": "1", "topic_tags-INITIAL_FORMS": "0", "topic_tags-0-topic": str(new.pk)}
    )
    assert client.post(url, data).status_code == 302  # the rest of the article saves as usual
    assert list(article.topics.values_list("name", flat=True)) == ["Harbour affairs"]
