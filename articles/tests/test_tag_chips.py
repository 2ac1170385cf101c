"""A result's place and topic chips (templates/includes/tag_chips.html, chip_rows in templatetags/archive.py):
a search's chosen places and topics lead them, so the tag a result matched on is never behind "+N more"."""

from __future__ import annotations

import json
import re

from django.test import TestCase

from articles.tests.factories import make_article, make_place, make_topic


def shown_chips(html: str) -> list[str]:
    """The chips a reader sees without opening "+N more": those before its <details>."""
    row = html.split('aria-label="Places and topics"', 1)[1].split("</ul>", 1)[0].split("<details>", 1)[0]
    return re.findall(r'class="visually-hidden">\w+: </span>([^<]+)</a>', row)


class ChosenTagsFirstTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.places = [make_place(name) for name in ("Antarctica", "Biobío", "Chile", "Zambia")]
        cls.topics = [make_topic(name) for name in ("Agriculture", "Barley", "Climate", "Weather")]
        make_article("Outbreak at a research station", places=cls.places, topics=cls.topics)

    def test_the_chosen_place_leads_the_chips_instead_of_hiding_behind_more(self):
        html = self.client.get("/search/", {"q": "outbreak", "place": "zambia"}).content.decode()
        self.assertEqual(
            shown_chips(html), ["Zambia", "Antarctica", "Biobío", "Agriculture", "Barley", "Climate"]
        )

    def test_the_chosen_topic_leads_too_and_the_rest_stay_by_name(self):
        html = self.client.get("/search/", {"q": "outbreak", "topic": "weather"}).content.decode()
        self.assertEqual(
            shown_chips(html), ["Antarctica", "Biobío", "Chile", "Weather", "Agriculture", "Barley"]
        )

    def test_without_filters_the_chips_are_by_name(self):
        html = self.client.get("/search/", {"q": "outbreak"}).content.decode()
        self.assertEqual(
            shown_chips(html), ["Antarctica", "Biobío", "Chile", "Agriculture", "Barley", "Climate"]
        )

    def test_an_export_keeps_its_tags_by_name(self):
        rows = json.loads(
            self.client.get("/search/", {"q": "outbreak", "place": "zambia", "format": "json"}).content
        )
        result = (rows.get("results") or rows.get("articles"))[0]
        places = [tag["name"] if isinstance(tag, dict) else tag for tag in result["places"]]
        self.assertEqual(places, ["Antarctica", "Biobío", "Chile", "Zambia"])
