"""Counts as a reader sees them in a real browser: on a phone, "(3 exact copies)" stays one phrase
(stop 28: at 360 px the home page's list broke it as "(3 exact / copies)"); a timeline of two matches
years apart reads as two years, said in words too."""

import re

import pytest
from playwright.sync_api import expect

# Four reports of one text (each outlet's own headline) under a topic and a source with long names: three exact copies.
BODY = (
    "The harbour at Port Ville reopened on Monday after a week of repairs to the sea wall, the port "
    "authority said. Ferries to the islands will run to the winter timetable from Tuesday, and the fish "
    "market returns to the quay on Thursday. Repairs cost the town council about two million crowns, "
    "less than the engineers first feared after the storm broke through the wall last month."
)
ARCHIVE_EXTRA = [
    {
        "id": f"counts:{n}",
        "title": title,
        "body": BODY,
        "published_at": f"2024-02-0{n + 1}T09:00:00+00:00",
        "source": "The Port Ville Evening Chronicle",
        "topics": [{"name": "Transport, shipping and harbours", "slug": "transport-shipping-and-harbours"}],
    }
    for n, title in enumerate(
        [
            "Harbour reopens",
            "Port Ville harbour open again",
            "Ferries back as harbour reopens",
            "Sea wall mended",
        ]
    )
]
# Two reports of a zeppelin years apart: the search's timeline (stop 28: 59 monthly bars, looking empty).
ARCHIVE_EXTRA += [
    {
        "id": f"counts:zeppelin:{year}",
        "title": f"A zeppelin over the bay in {year}",
        "body": f"Residents watched a zeppelin drift over the bay on a clear evening in {year}.",
        "published_at": f"{year}-0{month}-12T18:00:00+00:00",
        "source": "The Port Ville Evening Chronicle",
    }
    for year, month in ((2019, 3), (2024, 9))
]
pytestmark = pytest.mark.django_db

# For each count that says exact copies: on how many lines its "(N exact copies)" is drawn.
LINES_OF_THE_COPIES_PHRASE = """() => [...document.querySelectorAll('.count')]
  .filter(el => el.textContent.includes('exact cop'))
  .map(el => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let start = null, end = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const open = node.data.indexOf('(');
      if (start === null && open >= 0) { range.setStart(node, open); start = node; }
      const close = node.data.indexOf(')');
      if (start !== null && close >= 0) { range.setEnd(node, close + 1); end = node; break; }
    }
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [el.textContent.trim(), end === null ? 0 : tops.size];
  })"""


def test_a_copies_count_is_never_broken_mid_phrase_on_a_phone(archive, page, screenshot):
    page.set_viewport_size({"width": 360, "height": 780})
    for path in ("/", "/topics/", "/places/"):
        page.goto(archive + path)
        counts = page.evaluate(LINES_OF_THE_COPIES_PHRASE)
        if path == "/topics/":
            assert any("(3 exact copies)" in said for said, _ in counts), counts
            screenshot("topics-phone")
        for said, lines in counts:
            assert lines == 1, f"{path}: {said!r} drawn on {lines} lines"


def test_two_matches_years_apart_read_as_two_years_on_a_phone(archive, page, screenshot, axe):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(archive + "/search/?q=zeppelin")
    timeline = page.locator(".timeline")
    expect(timeline.locator("figcaption")).to_contain_text("Matches by year, 2019 – 2024")
    said = timeline.get_by_text("2 matches: 1 in 2019 and 1 in 2024; none in the other years charted.")
    expect(said).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot("timeline-phone")
    timeline.get_by_role("link", name="1 in 2019").click()
    expect(page).to_have_url(re.compile(r"date_from=2019&date_to=2019"))
    expect(page.get_by_role("heading", name=re.compile(r"^1 match"))).to_be_visible()
    assert axe() == []
