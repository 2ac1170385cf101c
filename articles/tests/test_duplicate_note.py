"""The note on an exact copy's page names the article it copies and when that was published, in one sentence
that ends once: "... (published 3 January 2024, 8:50 a.m.)." (it said "8:50 a.m.." until stop 27)."""

import pytest

from articles.tests.factories import local, make_article

pytestmark = pytest.mark.django_db


def test_an_exact_copy_s_note_ends_with_one_full_stop_after_a_morning_time(client):
    first = make_article(title="NATO to help buy Patriot missiles", published_at=local(2024, 1, 3, 8, 50))
    copy = make_article(title="Allies to get Patriot missiles", duplicate_of=first, body=first.body)

    page = client.get(copy.get_absolute_url()).content.decode()

    assert "exact copy of" in page
    assert "a.m.." not in page and "8:50 a.m.)." in page


def test_a_copy_under_another_headline_says_its_text_is_the_copy(client):
    first = make_article(title="NATO to help buy Patriot missiles", published_at=local(2024, 1, 3, 14, 0))
    retitled = make_article(title="Allies to get Patriot missiles", duplicate_of=first, body=first.body)
    same = make_article(title=first.title, duplicate_of=first, body=first.body)

    retitled_page = client.get(retitled.get_absolute_url()).content.decode()
    same_page = client.get(same.get_absolute_url()).content.decode()

    assert "Under its own headline, this is an exact copy of the text of" in retitled_page
    assert "This is an exact copy of" in same_page and "Under its own headline" not in same_page
