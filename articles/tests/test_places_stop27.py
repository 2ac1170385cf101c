"""Place roles, issue 12, stop 27: a tournament named after a city is no place (guide rules 6 and 15).

Pure, no database; invented examples only.
"""

from articles.tests.places_shown import every_country, shown


def test_a_tournament_named_after_a_city_gives_no_country(gaz):
    title = "Federer pulls out"
    body = (
        "Roger Federer has withdrawn from the Dubai Open with a foot injury, his agent said on Monday. "
        "The world number one hopes to be fit for the Masters next month."
    )
    assert shown(gaz, body, title=title) == set()
    assert "AE" not in every_country(gaz, body, title=title)
    # The city where the match is played is still the story's place.
    body = "Roger Federer won the final in Dubai on Sunday, beating Ivan Ljubicic in straight sets."
    assert shown(gaz, body, title="Federer wins again") == {"AE"}
