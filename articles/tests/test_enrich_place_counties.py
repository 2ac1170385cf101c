"""Counties and clubs: what a city or county name stands for in a British story (issue 12, stop 26).

Pure, no database. The gazetteer's extract gives each city its county (GeoNames' second-level division);
``Gazetteer.counties`` reads them, so "Kent" and "Cheshire" are known as English counties as well as towns in
Washington and Connecticut, and the story's own country decides which is meant. A city's name before a
player's or manager's role is its club's, no place.
"""

from articles.tests.places_shown import every_country, shown


def test_the_counties_come_from_the_extract_s_cities(gaz):
    assert gaz.counties["kent"].name == "England"
    assert gaz.counties["cheshire"].name == "England"  # "Cheshire East", "Cheshire West and Chester"
    assert gaz.counties["fife"].name == "Scotland"
    assert "athens" not in gaz.counties  # a city, not a county
    assert "west" not in gaz.counties  # a side of "West Sussex", never a place on its own


def test_a_county_of_a_british_story_is_in_england_not_abroad(gaz):
    title = "Soap actress dies aged 70"
    body = (
        "Actress Jean Hollis, who played a landlady in the British soap for ten years, has died aged 70. "
        "Born in Cheshire, she also appeared in several films and on stage. Her agent said she had been ill "
        "for some time and died peacefully."
    )
    assert shown(gaz, body, title=title) == {"GB"}
    assert "US" not in every_country(gaz, body, title=title)  # not Cheshire, Connecticut


def test_a_county_name_in_an_american_story_stays_american(gaz):
    # The same name where the story's country is the US: the town in Washington state, as before.
    body = (
        "Police in Kent, Washington, said a man was arrested after a chase through the US city's centre. "
        "The suspect was held in Seattle."
    )
    assert "GB" not in every_country(gaz, body, title="Man held after chase")
    assert "US" in shown(gaz, body, title="Man held after chase")


def test_a_city_before_a_player_s_role_is_the_club(gaz):
    # Guide rules 5 and 25: a football club gives no country. The story names only clubs: nothing is shown.
    title = "Winger waits as injury drags on"
    body = (
        "Liverpool winger Harry Kewell is struggling to recover from a thigh injury and may be out until "
        "March, says his agent. Kewell, 26, had hoped to play against Fulham last weekend. Liverpool fans have "
        "not seen him since December."
    )
    assert shown(gaz, body, title=title) == set()
    # Written as a place, the city is still one.
    body = body.replace("Liverpool fans have not seen him", "Fans in Liverpool have not seen him")
    assert "GB" in every_country(gaz, body, title=title)
