"""What a story's opening says it is about (place_lead.py): the countries an article shows by default.

Pure, no database. Issue 12, stop 22; stop 24: the opening's scene and other side, a principal called "the <demonym>".
"""

from articles.enrich.places import DEFAULT_ROLES, tag_places
from articles.tests.places_shown import every_country, shown


def test_a_country_heading_the_opening_sentence_is_what_the_story_is_about(gaz):
    # Guide rule 1: the company or person the story is about; the opening sentence names it first.
    title = "Pop band to take a break"
    body = (
        "British pop band Busted have confirmed that they plan to take a break, following rumours that "
        "they were on the verge of splitting. Their record company said the band would reconvene."
    )
    assert shown(gaz, body, title=title) == {"GB"}
    body = (
        "Indonesian and Indian stock markets reached record highs on Wednesday. Investors in Hong Kong "
        "and Hong Kong's brokers said the tragedy would have little impact on listed firms in Hong Kong."
    )
    assert shown(gaz, body, title="Asia shares defy gloom") >= {"ID", "IN"}


def test_a_wikinews_date_line_does_not_hide_the_opening_sentence(gaz):
    body = (
        "Thursday, October 10, 2019 \n\n"
        "On Thursday, Denmark-based retailer Salling Group agreed to buy 301 stores in Poland from "
        "Tesco. The Polish stores will be merged into its chain, and Poland's regulator must approve."
    )
    assert shown(gaz, body, title="Retailer to buy Polish stores") >= {"DK", "PL"}


def test_a_country_after_the_opening_verb_or_inside_a_name_is_still_only_mentioned(gaz):
    title = "Mobile firm names new boss"
    # Named after the sentence's verb: where the new chief worked, not what the story is about.
    body = "Vodafone has drafted in its UK chief executive William Morrow to run its business in Japan."
    assert "GB" not in shown(gaz, body, title=title)
    assert "GB" in every_country(gaz, body, title=title)
    # A tournament named after a country (guide rule 6) and a currency (rule 16) are no subject.
    body = (
        "US Open champion Svetlana Kuznetsova has tested positive for a banned drug, Belgian officials said."
    )
    assert "US" not in shown(gaz, body, title="Champion fails drugs test")
    body = "Swiss francs rose against the dollar on Monday as traders in Tokyo and Japan's banks bought them."
    assert "CH" not in shown(gaz, body, title="Franc rises")


def test_the_country_of_a_person_the_headline_names_is_what_the_story_is_about(gaz):
    # Guide rules 9 and 11: the headline's player is the story's principal; other players are mentions.
    title = "Mauresmo opens with victory in LA"
    body = (
        "Amelie Mauresmo and Maria Sharapova won their opening matches at the Tour Championships in Los "
        "Angeles. France's Mauresmo routed Vera Zvonareva 6-1 6-0, while Spain's Conchita Martinez lost. "
        "The Russian Sharapova beat the American Serena Williams in the final in the United States, and "
        "the United States crowd cheered the United States player."
    )
    assert "FR" in shown(gaz, body, title=title)
    assert "ES" not in shown(gaz, body, title=title)  # a player the headline does not name
    assert "ES" in every_country(gaz, body, title=title)
    title = "Lufthansa may sue over Bush visit"
    body = (
        "German airline Lufthansa may sue federal agencies for damages after the arrival of US president "
        "George W Bush disrupted flights at Frankfurt airport in Germany."
    )
    assert shown(gaz, body, title=title) >= {"DE", "US"}


def test_the_scene_the_opening_names_is_where_the_story_happens(gaz):
    # Issue 12, stop 24 (guide rules 1, 9): the venue of the match reported, beside the winner's country.
    title = "Slovakia seal cup success"
    body = (
        "Slovakia clinched the cup for the second time by beating their rivals 3-0 in Saturday's final in "
        "Perth. Slovakia's win made up for last year's defeat, and Slovakia's captain praised the team."
    )
    assert shown(gaz, body, title=title) == {"SK", "AU"}
    # The other side of the match the opening sentence reports is about too (guide rule 22).
    assert shown(gaz, body.replace("their rivals", "Argentina"), title=title) == {"SK", "AU", "AR"}
    # A dateline names the scene itself: "in Perth" under it is where a source or a market is (guide rule 24).
    tags = tag_places(gaz, title=title, body=body, dateline="BRATISLAVA, Jan 8 (Reuters) -")
    assert "AU" not in {t.country_code for t in tags if t.role in DEFAULT_ROLES}
    # A venue in a sentence that names a year is a past event's (guide rule 15): a mention.
    title = "Taylor poised for Scotland return"
    body = (
        "Simon Taylor has been named in the Scotland squad for Saturday's clash. Taylor hurt his knee "
        "playing against Ireland in Dublin in the 2004 championship, and Scotland missed him."
    )
    assert "IE" not in shown(gaz, body, title=title)
    assert "IE" in every_country(gaz, body, title=title)


def test_a_story_that_calls_its_principal_the_demonym_is_about_that_country(gaz):
    # Issue 12, stop 24 (guide rules 11, 31): "The German company" is the story's firm, named further down.
    title = "Carmaker to recall diesel cars"
    body = (
        "BMW is to recall all cars fitted with a faulty fuel pump supplied by a parts maker. The faulty part "
        "is no safety risk and the recall affects only pumps made in December and January, the firm said. "
        "BMW said it was too early to say how many cars were affected or what the recall would cost.\n\n"
        "Dealers will contact owners by letter in the coming weeks, and repairs will take about an hour. "
        "The German company is to extend a planned break in production at one of its plants."
    )
    assert shown(gaz, body, title=title) == {"DE"}
    # Further down, "a Brazilian programmer" brings in someone new, not the story's principal (the opening's
    # "a Briton" is one): no country of its own.
    body = body.replace("The German company is", "A Brazilian programmer is said")
    assert "BR" not in shown(gaz, body, title=title)
