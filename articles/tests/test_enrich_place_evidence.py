"""Evidence for a story's own country beyond its names: its institutions, its small towns (issue 12, stop 25).

Pure, no database: the countries an invented article shows by default (dateline and about), as a reader of
the facets, chips and map would see them.
"""

from articles.enrich.places import tag_places
from articles.tests.places_shown import every_country, shown


def test_a_country_named_with_its_institutions_is_one_of_the_story_s_own(gaz):
    # A British politician's speech in the US: the story names Britain and its government, so both count.
    title = "Minister's wife accused over speech"
    body = (
        "The prime minister's wife has been accused of criticising the president during a United States "
        "lecture tour. The Tories said she broke a convention that British political figures stay neutral "
        "abroad. But Downing Street said she spoke as a lawyer. Her remarks were made in Massachusetts, "
        "where the US Supreme Court's ruling was praised, and the US election is near."
    )
    assert shown(gaz, body, title=title) >= {"US", "GB"}
    # Named in passing, without its institutions, Britain stays a mention beside the US.
    body = body.replace("The Tories said", "Critics said").replace("Downing Street", "Her office")
    assert "GB" not in shown(gaz, body, title=title)
    assert "GB" in every_country(gaz, body, title=title)


def test_institutions_alone_still_name_no_country(gaz):
    # Guide rule 13: "MPs" and "the Tories" do not name the UK; with no British place, no country is shown.
    body = (
        "MPs have criticised the Tories over a poster campaign. The Tory leader said the party would not "
        "withdraw it, and the Commons committee will discuss it next week."
    )
    assert shown(gaz, body, title="Poster row grows") == set()


def test_the_wall_street_journal_is_a_newspaper_not_the_market(gaz):
    body = (
        "Shares in UK drinks firm Allied Domecq rose on speculation of a bid by France's Pernod Ricard. "
        "Reports in the Wall Street Journal suggested the French firm is considering an offer, and a US "
        "firm was named as a rival bidder in the Wall Street Journal too."
    )
    tags = tag_places(gaz, title="Takeover talk lifts Domecq", body=body)
    us = next(t for t in tags if t.country_code == "US")
    assert "Wall Street" not in us.evidence
    assert "US" not in shown(gaz, body, title="Takeover talk lifts Domecq")


def test_a_small_town_written_as_a_place_gives_its_named_country(gaz):
    # Too small to tag without its region named, "in Llanelli" still says where the story is, when the text
    # names the country too (here only by a demonym, further down).
    title = "Leader 'truanted to play snooker'"
    body = (
        "The opposition leader has admitted he used to play truant to spend time at a snooker hall.\n\n"
        "He said his time at Jack's Snooker Hall in Llanelli in the 1950s had not done him any lasting "
        "damage. But he told a newspaper that truancy was very bad and firm action was needed.\n\n"
        "Another player said he loved the game and the atmosphere. The leader, a proud Welshman, agreed."
    )
    assert shown(gaz, body, title=title) == {"GB"}
    tags = tag_places(gaz, title=title, body=body)
    assert "Llanelli" in next(t for t in tags if t.country_code == "GB").evidence
    # A town's name that is a person's ("Shelley Taylor") or a club's says nothing of where the story is.
    body = (
        "Music formats could confuse users for some time to come, an analyst says.\n\n"
        "Shelley Taylor, analyst and author of a report, said firms must listen. Ms Taylor said the limits "
        "that legal download services place on files could put consumers off, and that the services that "
        "win in the long run are the ones that listen to consumers earliest, as the first ones did.\n\n"
        "Music fans were not consulted, and many of them had never heard of the formats at all.\n\n"
        "Those limits were tried first in America, she said."
    )
    # Taylor, Texas would add its weight to the one "America" far down, which alone is too faint.
    assert shown(gaz, body, title="Format wars could confuse users") == set()


def test_a_company_based_in_a_small_town_is_placed_there(gaz):
    body = (
        "Shares in storage firm Exel closed up 9% on speculation of an imminent takeover bid. US giant UPS is "
        "the most likely bidder, traders said. Other names mentioned as buyers include Deutsche Post.\n\n"
        "With its shares closing at 873p, Bracknell-based Exel is valued at £2.6bn. Analysts said an offer "
        "of 950p a share would be fair if a bidding battle did not break out.\n\nIt employs 109,000 people in more than 120 countries and has itself been active in the consolidation of logistics, "
        "paying £328m to buy fellow UK firm Tibbett & Britten last August."
    )
    # Without "Bracknell-based" the one "UK" further down would not outweigh the US bidder of the opening.
    assert shown(gaz, body, title="Takeover rumour lifts Exel shares") == {"GB"}
    assert (
        shown(gaz, body.replace("Bracknell-based ", ""), title="Takeover rumour lifts Exel shares") == set()
    )


def test_the_places_a_survey_covers_are_what_it_is_about(gaz):
    # Guide rule 10: the places a study is about are about; a round-up's examples (rule 14) are not.
    title = "Concern over shop tags"
    body = (
        "Consumers are very concerned about the use of radio tags in UK shops, a survey says.\n\n"
        "More than half of 2,000 people surveyed said they had privacy worries. The survey of consumers in "
        "the UK, France, Germany and the Netherlands was carried out by a consultancy group."
    )
    assert shown(gaz, body, title=title) == {"GB", "FR", "DE", "NL"}
    # The same list with no survey or study in its sentence is a list of examples.
    body = body.replace("The survey of consumers in", "Similar tags are sold in")
    assert shown(gaz, body, title=title) == {"GB"}
