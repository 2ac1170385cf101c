"""Place roles, issue 12, stop 27: the fallback of a story with no about tag, when another country is named
early on (the rival line refitted on ten development parts and judged on two others, docs/benchmarks.md).

Pure, no database; invented examples only.
"""

from articles.tests.places_shown import every_country, shown

TITLE = "Music service signs up a million users"
OPENING = (
    "A music service has signed up a million users in its first year. Its founder, who grew up in Sweden, "
    "said the figure beat his hopes. "
    + "The service costs less than its rivals and is aimed at younger viewers, the firm said. " * 3
    + "\n\n"
)


def test_a_story_naming_its_country_clearly_more_than_an_early_rival_is_about_it(gaz):
    # The UK named three times further down (weight 1.2), Sweden once early on (0.8, two-thirds of it):
    # the story is about the UK, and the founder's Sweden stays a passing mention.
    body = OPENING + "It will launch in Britain next month, and Britain's record shops welcomed it."
    assert shown(gaz, body, title=TITLE) == {"GB"}
    assert "SE" in every_country(gaz, body, title=TITLE)


def test_a_rival_nearly_as_strong_still_leaves_the_story_about_no_country(gaz):
    # The UK named twice further down (0.9) against Sweden once early on (0.8): too close to call.
    body = OPENING + "It will launch in Britain next month, and a British trade body welcomed it."
    assert shown(gaz, body, title=TITLE) == set()
    assert {"GB", "SE"} <= every_country(gaz, body, title=TITLE)
