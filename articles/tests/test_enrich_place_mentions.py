"""Names that look like places but are not (place_mentions.py, place_cues.py): what an article shows.

Pure, no database. Issue 12, stop 21; test_enrich_places.py holds the earlier rounds' tagger tests.
"""

from articles.enrich.places import tag_places
from articles.tests.places_shown import every_country, shown


def test_a_place_name_before_a_surname_that_is_a_place_too_is_a_person(gaz):
    title = "Former basketball player Kobe Bryant dies in helicopter crash"
    body = (
        "A helicopter carrying basketball player Kobe Bryant crashed in Calabasas, California. "
        "Bryant joined the NBA in 1996 and stayed with the Lakers for 20 years."
    )
    assert "JP" not in every_country(gaz, body, title=title)  # not Kobe, Japan
    assert shown(gaz, body, title=title) == {"US"}
    # A city named before a word that is no surname of the text is still the city.
    assert "JP" in shown(
        gaz, "An earthquake struck Kobe Port on Tuesday, Japanese officials said.", title="Quake"
    )


def test_a_country_the_text_gives_a_title_is_a_person(gaz):
    body = (
        "The film's nominated producers are Michael Mann and Graham King. Mr Evans sued Mr Mann in 2001, "
        "and Mr Mann settled out of court."
    )
    assert "IM" not in every_country(gaz, body, title="Producer left off Oscar list")  # Mann: the Isle of Man
    # Without a title the given name alone says nothing of a country: "Air France", "Elizabeth France".
    assert "FR" in every_country(gaz, "Passengers of Air France were stranded in Paris.", title="Strike")


def test_a_pound_sum_in_brackets_after_a_word_is_a_conversion_not_a_british_price(gaz):
    body = (
        "The PlayStation Portable goes on sale in the US on Thursday. It costs $250 (about £132), "
        "and it was released in Japan last year."
    )
    tags = {t.country_code: t for t in tag_places(gaz, title="Sony PSP handheld console hits US", body=body)}
    assert "GB" not in tags  # nothing British in the story: "(about £132)" converts the dollar price
    # A price in pounds outside brackets is still a British price (a mention, guide rule 8).
    priced = {t.country_code: t for t in tag_places(gaz, title="Console on sale", body="It costs £132.")}
    assert priced["GB"].role == "mention"


def test_a_demonym_standing_for_the_story_s_principal_makes_the_story_about_that_country(gaz):
    title = "Sydney return for Henin-Hardenne"
    body = (
        "Olympic champion Justine Henin-Hardenne will return to action in January's Sydney tournament.\n\n"
        "The Belgian has not competed since losing her top world ranking at the US Open in September."
    )
    assert shown(gaz, body, title=title) >= {"AU", "BE"}
    # A demonym before a noun says where something is from, in passing (guide rule 7): still a mention.
    body = (
        "Olympic champion Justine Henin-Hardenne will return to action in January's Sydney tournament.\n\n"
        "The Belgian tennis federation has not commented on her ranking at the US Open in September."
    )
    assert "BE" not in shown(gaz, body, title=title)


def test_a_place_where_something_is_still_to_happen_is_only_mentioned(gaz):
    # Guide rule 15: the venue of an event the story looks ahead to is a mention; the scene of what it
    # reports is what it is about.
    title = "Champion to defend her title"
    for ahead in ("is heading to Australia next month", "is due to begin filming in Australia"):
        body = f"The champion said on Monday that she {ahead}, after a long break."
        assert shown(gaz, body, title=title) == set(), ahead
        assert every_country(gaz, body, title=title) == {"AU"}  # still listed as a passing mention
    for done in ("played in Australia this month", "was filming in Australia"):
        assert shown(
            gaz, f"The champion said on Monday that she {done}, after a long break.", title=title
        ) == {"AU"}


def test_a_match_s_other_side_named_in_the_opening_is_what_the_story_is_about(gaz):
    title = "Wales coach elated with win"
    body = (
        "Mike Ruddock paid tribute to his Wales side after they came from 15-6 down to beat France 24-18 in the "
        'Six Nations. "It was a great team effort," he said of the win in France.'
    )
    assert "FR" in shown(gaz, body, title=title)


def test_a_demonym_saying_which_country_a_place_is_in_makes_the_story_about_it(gaz):
    # Davos is not in the gazetteer; "the Swiss resort of" says where the forum is (guide rules 1, 14).
    title = "Leaders gather for world forum"
    body = (
        "Business and political leaders have gathered in the Swiss resort of Davos for the World Economic "
        "Forum, where trade and poverty top the agenda."
    )
    assert shown(gaz, body, title=title) == {"CH"}
    # A demonym saying where something else is from is still a mention (guide rule 7).
    body = "Business leaders tasted Swiss chocolate of every kind at the forum, where trade tops the agenda."
    assert shown(gaz, body, title=title) == set()
