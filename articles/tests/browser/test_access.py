"""A reader of a private archive in a real browser: sent to sign in, back to the search, signed out."""

import re

import pytest
from playwright.sync_api import expect

from articles.tests.factories import local, make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_signs_in_to_a_private_archive_and_out_again(
    live_server, page, axe, screenshot, settings, django_user_model
):
    settings.ARCHIVE_PRIVATE = True
    make_article("Harbour storm closes the port", published_at=local(2024, 1, 3, 9))
    django_user_model.objects.create_user("ada", password="a long passphrase")

    page.goto(live_server.url + "/search/?q=harbour")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert axe() == []
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("could not be signed in")
    screenshot("refused")

    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=harbour$"))
    expect(page.get_by_role("link", name=re.compile("Harbour storm"))).to_be_visible()
    screenshot("signed-in")

    page.get_by_role("button", name="Sign out ada").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
