"""The Content-Security-Policy, as Chromium enforces it: no page of the site or the admin breaks it.

The other browser tests run with the policy bypassed; these do not. Every violation Chromium reports
(a `securitypolicyviolation` event, or a console error about the policy) fails the test, with the
page and what was blocked.
"""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.tests.factories import local, make_article, make_place, make_source, make_topic

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = b" date 2024-01-03 Ferries cancelled\n\nAll crossings are off for two days, the ferry company said.\n"
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} ${event.sample || ""}`);
});
"""


@pytest.fixture
def site(live_server):
    article = make_article(
        "Harbour storm closes the port",
        published_at=local(2024, 1, 3, 9),
        topics=[make_topic("Harbour affairs")],
        places=[make_place("Port Lumen", kind="city", latitude=44.6, longitude=-63.6)],
        source=make_source("Coast Courier"),
    )
    return live_server.url, article


@pytest.fixture
def strict_page(browser):
    """A page that enforces the policy and records what it blocks: (page, violations)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )

    def violations() -> list[str]:
        """What was blocked since the last call (the page's own list starts afresh on each load)."""
        found = page.evaluate("window.__violations || []") + console
        console.clear()
        return found

    yield page, violations
    context.close()


def sign_in(page, base_url: str, django_user_model) -> None:
    user = django_user_model.objects.create_superuser("boss", password="pw")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


def visit_all(page, violations, base_url: str, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.goto(base_url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        if violations():
            found[path] = violations()
    return found


def test_the_site_keeps_to_its_policy(site, strict_page):
    page, violations = strict_page
    base_url, article = site
    paths = [
        "/",
        "/search/?q=storm",
        article.get_absolute_url(),
        "/archive/2024/01/03/",
        "/topics/harbour-affairs/",
        "/places/port-lumen/",
        "/sources/coast-courier/",
        "/search/map/?q=storm",
        "/accounts/login/",
    ]
    assert visit_all(page, violations, base_url, paths) == {}


def test_the_admin_keeps_to_its_policy(site, strict_page, django_user_model, tmp_path, settings):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    page, violations = strict_page
    base_url, article = site
    # An imported article: its page and its batch's report show the document as imported and lists
    # in read-only fields, which carry style attributes (hence the admin's looser style-src).
    report = import_documents([InputDocument("storm.txt", PAGE)], via="command", files=["storm.txt"])
    imported = report.items[0].article_id
    sign_in(page, base_url, django_user_model)
    paths = [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{imported}/change/",
        f"/admin/articles/importbatch/{report.batch.pk}/change/",
        f"/admin/articles/importbatch/{report.batch.pk}/progress/",
        f"/admin/articles/importbatch/{report.batch.pk}/undo/",
        f"/admin/articles/importbatch/{report.batch.pk}/delete/",
        "/admin/articles/topic/add/",
        "/admin/articles/importitem/",  # no actions: Django's change list writes an inline <style>
        "/admin/articles/article/import/",
    ]
    assert visit_all(page, violations, base_url, paths) == {}

    # The import page's own script (a static file now) still runs: it warns of a too-large upload.
    page.evaluate("document.getElementById('import-form').dataset.maxBytes = '10'")
    page.set_input_files(
        "input[type=file]", files=[{"name": "a.txt", "mimeType": "text/plain", "buffer": b"x" * 64}]
    )
    expect(page.locator("#import-client-error")).to_be_visible()
    expect(page.locator("#import-client-error")).to_contain_text("the limit is")
    assert violations() == []


def test_a_violation_would_be_noticed(site, strict_page):
    page, violations = strict_page
    page.goto(site[0] + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s); }"
    )
    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in violations())
