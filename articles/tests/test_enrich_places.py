"""The place tagger and its gazetteer extract: pure, no database."""

import sys
from pathlib import Path

import pytest

from articles.enrich.gazetteer import Gazetteer, default_gazetteer, iter_places, load_extract
from articles.enrich.places import MIN_SCORE, parse_dateline, tag_places
from articles.importers.page import parse_page

from .conftest import SEED_PAGE


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def tags_of(gaz, body, *, title="", dateline=""):
    return {tag.slug: tag for tag in tag_places(gaz, title=title, body=body, dateline=dateline)}


def countries_of(gaz, body, **kwargs):
    return {tag.country_code for tag in tags_of(gaz, body, **kwargs).values() if tag.kind == "country"}


def test_seed_page_has_brussels_as_dateline_and_the_countries_it_names(gaz):
    record = parse_page(SEED_PAGE.read_text(encoding="utf-8"), name=SEED_PAGE.name)
    # The photo caption ("... in Kyiv, Ukraine") is article text too.
    tags = tag_places(
        gaz, title=record.title, body=f"{record.body}\n\n{record.photo_caption}", dateline=record.dateline
    )
    first = tags[0]
    assert (first.slug, first.role, first.country_code) == ("brussels", "dateline", "BE")
    assert first.evidence == 'dateline "BRUSSELS"'
    by_slug = {tag.slug: tag for tag in tags}
    assert by_slug["belgium"].score >= MIN_SCORE
    assert by_slug["belgium"].role == "about"  # the dateline's country: where the story happens
    # The title's countries are what the story is about; the buyers it lists are named in passing.
    for slug in ("ukraine", "russia"):
        assert by_slug[slug].role == "about", slug
    for slug in ("kyiv", "germany", "netherlands", "romania", "spain"):
        assert by_slug[slug].role == "mention", slug
    assert by_slug["ukraine"].count > by_slug["spain"].count
    assert by_slug["ukraine"].score > by_slug["spain"].score
    assert "Russian" in by_slug["russia"].evidence
    assert [tag.score for tag in tags[1:]] == sorted((tag.score for tag in tags[1:]), reverse=True)


def test_scarborough_in_north_yorkshire_is_the_english_town(gaz):
    tags = tags_of(gaz, "Floods closed the seafront in Scarborough, the North Yorkshire resort, on Monday.")
    assert tags["scarborough"].country_code == "GB"
    assert "GB" in countries_of(gaz, "Floods closed the seafront in Scarborough, the North Yorkshire resort.")


def test_scarborough_with_toronto_police_is_not_the_english_town(gaz):
    # Scarborough, Ontario is a district of Toronto that GeoNames lists without a population, so it is not in
    # the extract; what matters is that the article is not placed in England.
    tags = tags_of(gaz, "Toronto police said a man was arrested in Scarborough after a chase on Tuesday.")
    assert "scarborough" not in tags
    assert {"toronto", "canada"} <= set(tags)
    assert "GB" not in {tag.country_code for tag in tags.values()}


def test_georgia_is_the_country_or_the_state_by_what_else_the_article_names(gaz):
    country = tags_of(gaz, "Georgia said on Monday it would talk to Russia and Armenia about the pipeline.")
    assert country["georgia"].kind == "country"
    assert "georgia-us" not in country
    state = tags_of(gaz, "Voters in Atlanta lined up early as Georgia counted ballots on Tuesday.")
    assert state["georgia-us"].kind == "region"
    assert state["georgia-us"].country_code == "US"
    assert "georgia" not in state


def test_ontario_is_the_province(gaz):
    tags = tags_of(gaz, "Hospital workers in Ontario say the staffing crisis is getting worse.")
    assert tags["ontario"].kind == "region"
    assert tags["ontario"].country_code == "CA"
    assert "canada" in tags
    assert "ontario-us" not in tags


def test_paris_france_unless_the_article_says_texas(gaz):
    assert (
        tags_of(gaz, "The talks in Paris ended without a deal, French officials said.")["paris"].country_code
        == "FR"
    )
    texas = tags_of(gaz, "The plant in Paris, Texas, will hire 200 workers.")
    assert texas["paris-us"].country_code == "US"
    assert "paris" not in texas


def test_london_england_unless_the_article_is_in_ontario(gaz):
    assert tags_of(gaz, "Shares fell in London as Britain's economy slowed.")["london"].country_code == "GB"
    ontario = tags_of(gaz, "The factory in London, Ontario, laid off 300 workers.")
    assert ontario["london-ca"].country_code == "CA"
    assert "london" not in ontario


def test_common_words_are_not_places(gaz):
    text = (
        "It was a nice day. Reading the report in march, he saw the split. Mobile phones sold well in March."
    )
    assert tags_of(gaz, text) == {}
    assert tags_of(gaz, "He was reading the report.", title="READING THE REPORT") == {}


def test_a_capitalised_common_word_mid_sentence_is_a_place(gaz):
    tags = tags_of(gaz, "The festival in Nice drew crowds from across France.")
    assert tags["nice"].country_code == "FR"


def test_demonyms_are_weaker_country_mentions(gaz):
    tags = tags_of(gaz, "Iranian officials met Russian diplomats.")
    assert tags["iran"].evidence == 'mentioned 1×: "Iranian"'
    assert tags["russia"].count == 1
    named = tags_of(gaz, "Officials from Iran met diplomats.")
    assert tags["iran"].score < named["iran"].score


def test_us_short_forms_need_their_capitals(gaz):
    assert "united-states" in tags_of(gaz, "The U.S. economy grew and the US Treasury sold bonds.")
    assert tags_of(gaz, "Let us see what they tell us.") == {}


def test_city_mentions_imply_their_country(gaz):
    tags = tags_of(gaz, "Talks in Tbilisi resumed on Monday.")
    assert tags["tbilisi"].kind == "city"
    assert tags["georgia"].score < tags["tbilisi"].score
    # The only country the story names, however faintly, is what it is about.
    assert tags["georgia"].role == "about"
    tags = tags_of(
        gaz, "Talks in Tbilisi resumed on Monday. Armenia and Azerbaijan sent envoys to the talks."
    )
    assert tags["georgia"].role == "mention"  # not when others lead


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("BRUSSELS", ("BRUSSELS", [])),
        ("SALVADOR, Feb 26", ("SALVADOR", [])),
        ("WASHINGTON, Jan 3 (Reuters) -", ("WASHINGTON", [])),
        ("KYIV, Ukraine", ("KYIV", ["Ukraine"])),
        ("MARIETTA, Pa., March 3", ("MARIETTA", ["Pa."])),
    ],
)
def test_parse_dateline(dateline, expected):
    assert parse_dateline(dateline) == expected


def test_datelines_name_the_main_place(gaz):
    assert (
        tag_places(gaz, title="", body="", dateline="WASHINGTON, Jan 3 (Reuters) -")[0].slug
        == "washington-us"
    )
    kyiv = tag_places(gaz, title="", body="", dateline="KYIV, Ukraine")
    assert (kyiv[0].slug, kyiv[0].role) == ("kyiv", "dateline")
    # A town too small for the gazetteer still gives its state and country.
    small = {tag.slug for tag in tag_places(gaz, title="", body="", dateline="WESTWOOD, Mass., March 5")}
    assert {"massachusetts", "united-states"} <= small


def test_extract_has_countries_regions_and_cities():
    extract = load_extract()
    assert len(extract["countries"]) > 190
    rows = list(iter_places(extract))
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["ontario"]["parent_slug"] == "canada"
    assert by_slug["georgia-us"]["parent_slug"] == "united-states"
    assert by_slug["bavaria"]["parent_slug"] == "germany"
    assert by_slug["england"]["parent_slug"] == "united-kingdom"
    kyiv = by_slug["kyiv"]
    assert kyiv["kind"] == "city" and kyiv["country_code"] == "UA" and kyiv["geonames_id"] == 703448
    assert kyiv["latitude"] == pytest.approx(50.45, abs=0.05) and kyiv["longitude"] == pytest.approx(
        30.52, abs=0.05
    )
    assert {"name": "Kiev", "kind": "name"} in kyiv["names"]
    assert {"name": "American", "kind": "demonym"} in by_slug["united-states"]["names"]
    assert all(row["parent_slug"] for row in rows if row["kind"] != "country")
    assert all(row["latitude"] is not None for row in rows if row["kind"] == "city")
    assert by_slug["london"]["population"] > 8_000_000 and by_slug["london-ca"]["parent_slug"] == "ontario"


def test_iter_places_slugs_are_unique_and_parents_come_first():
    seen = set()
    for row in iter_places(load_extract()):
        assert row["slug"] not in seen
        assert row["parent_slug"] is None or row["parent_slug"] in seen
        seen.add(row["slug"])
    assert {"georgia", "georgia-us", "london", "london-ca"} <= seen


def test_reuters_country_tags_beat_the_naive_baseline(corpus, capsys):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import eval_places

    assert eval_places.main(["--corpus", str(corpus / "reuters21578-train.jsonl.gz"), "--limit", "1500"]) == 0
    lines = {line.split(":")[0].strip(): line for line in capsys.readouterr().out.splitlines()}
    tagger_f1 = float(lines["tagger"].split("F1 ")[1].split()[0])
    naive_f1 = float(lines["naive baseline"].split("F1 ")[1].split()[0])
    assert tagger_f1 > naive_f1
    assert tagger_f1 >= 0.88


def test_people_and_institutions_named_after_places_are_not_places(gaz):
    # Issue 12's false places of the demo archive, each written as the story wrote it.
    text = (
        "In the blog post Chris Wright, the chief technology officer, said the plan is set. Wright said more. "
        "Melbourne candidate Wayne Tseng spoke to us. Tseng said the city must recover. "
        "She studied at the University of Kansas and left the Liberal Party in Victoria. "
        "Crowds marched from Victoria Park in Hong Kong."
    )
    found = tags_of(gaz, text)
    for slug in ("wright", "wayne", "university", "liberal"):
        assert slug not in found, slug


def test_a_dateline_qualifier_no_namesake_has_gives_its_region(gaz):
    tags = tag_places(
        gaz, title="PICO PRODUCTS 2ND QTR", body="Net profit rose.", dateline="LIVERPOOL, N.Y., March 4"
    )
    assert "GB" not in {tag.country_code for tag in tags}
    assert tags[0].role == "dateline" and tags[0].country_code == "US"
    st_johns = tag_places(
        gaz, title="Storm", body="Boats stayed in port.", dateline="ST. JOHN'S, Newfoundland"
    )
    assert st_johns[0].country_code == "CA"  # "Newfoundland" names no region of its own: the city stands


def shown_countries(gaz, body, **kwargs):
    return {
        tag.country_code for tag in tag_places(gaz, body=body, **kwargs) if tag.role in ("dateline", "about")
    }


def test_a_story_about_the_commons_is_british_and_its_westminster_is_not_colorado(gaz):
    body = (
        "Tory MP Jonathan Sayeed is to stand down. He was suspended from Parliament after the Commons "
        "standards committee said visitors were guided around Westminster for money. Westminster officials "
        "declined to comment."
    )
    tags = tag_places(gaz, title="Sayeed to stand down as Tory MP", body=body)
    assert "US" not in {tag.country_code for tag in tags}  # no Westminster, Colorado
    [britain] = [tag for tag in tags if tag.kind == "country"]
    # Institutions alone do not name the country: a mention (guide rule 13; stop 20, second round).
    assert (britain.country_code, britain.role) == ("GB", "mention")
    assert '"Tory"' in britain.evidence and '"the Commons"' in britain.evidence


def test_pounds_imply_britain_but_a_conversion_in_brackets_does_not():
    from articles.enrich.place_cues import country_cues

    assert country_cues("The production cost £9m to stage.") == {"GB": ["£"]}
    assert country_cues("The deal is worth $11bn (£5.7bn).") == {}
    assert country_cues("The Bundesbank left rates unchanged; the yen rose.") == {
        "DE": ["Bundesbank"],
        "JP": ["yen"],
    }


def test_a_story_that_names_its_country_once_is_about_it(gaz):
    body = "Shares in the US-based search company fell 6.7% on Tuesday as employees sold their holdings."
    assert shown_countries(gaz, body, title="Search firm's shares fall as staff sell") == {"US"}


def test_a_town_in_a_country_the_story_never_names_is_not_tagged(gaz):
    # "Newton" (a physicist) is not the Canadian town in an astronomer's interview about Chile.
    body = (
        "The telescope in Chile found the star. Newton would have liked it, the astronomer said. "
        "Newton's laws still hold, she added."
    )
    tags = tag_places(gaz, title="Astronomer tells of a discovery", body=body)
    assert {tag.country_code for tag in tags} == {"CL"}


def test_football_clubs_are_not_their_cities(gaz):
    body = (
        "Arsenal and Chelsea lead England's hopes, while Real Madrid and Bayern Munich are still in the draw."
    )
    codes = {tag.country_code for tag in tag_places(gaz, title="English clubs make history", body=body)}
    assert "ES" not in codes and "DE" not in codes


# Past the opening (stop 21: in the opening the other side is a side of the match reported, test below).
OPENING = (
    "The coach said the squad had trained well all week and that the players were ready for the rest of "
    "the championship, whatever the critics had written about the side in recent days and however long "
    "the season might still feel to the players and to the staff who have worked with them since the "
    "summer.\n\n"
)


def test_a_match_opponent_weighs_less_than_the_team_s_country(gaz):
    body = (
        OPENING
        + "Scotland coach Matt Williams says he will not quit even after a defeat against Italy at Murrayfield."
    )
    tags = {tag.slug: tag for tag in tag_places(gaz, title="Williams will not quit", body=body)}
    assert tags["italy"].score < tags["scotland"].score


# Stop 19 (issue 12): each rule below was kept because it helped across the development splits
# (bench/eval_place_roles.py --parts dev,heldout,heldout2; docs/benchmarks.md, "issue 12, stop 19").


def test_a_name_that_is_not_a_place_supports_no_other_place(gaz):
    # "Gary" of "Gary Speed" is not Gary, Indiana, and so is no reason to read "Dyer" as Dyer, Indiana.
    body = (
        "Dyer smashed home the winner for the home side. Gary Speed had levelled for the visitors, "
        "but Dyer had the last word."
    )
    tags = tag_places(gaz, title="Home side edge a tight game", body=body)
    assert "US" not in {tag.country_code for tag in tags}


def test_a_place_that_is_a_given_name_before_a_surname_is_a_person_however_big(gaz):
    body = (
        "Comedian Victoria Wood has attacked the standards of British television. "
        "Victoria Wood said there was too much reality TV."
    )
    tags = tag_places(gaz, title="Comedian attacks TV", body=body)
    assert "AU" not in {tag.country_code for tag in tags}  # not the state of Victoria
    # Before a place's own word it is still the place.
    park = tag_places(
        gaz, title="Rally", body="Thousands gathered in Victoria Square in Adelaide, Australia."
    )
    assert "AU" in {tag.country_code for tag in park}


def test_a_club_name_opening_a_sentence_is_still_the_club(gaz):
    body = (
        "The draw for the last 16 was made on Friday, and the holders were kept apart from the favourites.\n\n"
        "AC Milan, who won the trophy last year, will play first.\n\nReal Madrid beat the champions at home."
    )
    codes = {tag.country_code for tag in tag_places(gaz, title="Draw for the last 16", body=body)}
    assert "IT" not in codes and "ES" not in codes
    assert {t.country_code for t in tag_places(gaz, title="Fashion week", body="Milan hosts the shows.")} == {
        "IT"
    }


def test_paris_st_germain_is_a_club(gaz):
    body = (
        "He has a reputation for being difficult after spells at Arsenal, Real Madrid and Paris St Germain "
        "and he feels that is now coming back to haunt him."
    )
    assert "FR" not in {tag.country_code for tag in tag_places(gaz, title="Striker eyes move", body=body)}


def test_a_country_after_over_the_is_a_match_opponent(gaz):
    over = {t.slug: t for t in tag_places(gaz, title="", body=OPENING + "A final win over the US.")}
    in_ = {t.slug: t for t in tag_places(gaz, title="", body=OPENING + "A final win in the US.")}
    assert over["united-states"].score < in_["united-states"].score


def test_a_country_priced_in_its_currency_only_is_a_mention(gaz):
    body = "The single is on sale for 79p, and more than £1m could be raised for charity at £3.99 a copy."
    tags = tag_places(gaz, title="Charity single goes on sale", body=body)
    [britain] = [tag for tag in tags if tag.country_code == "GB"]
    assert britain.role == "mention" and '"£"' in britain.evidence
    # So is one implied only by its institutions (stop 20, second round: guide rule 13, "Parliament, the
    # Commons, the Tories do not name the UK"), and such a country is no story's fallback either.
    assert shown_countries(gaz, "MPs voted on the plan, and Tory MPs spent £3m on it.", title="Vote") == set()
    assert shown_countries(gaz, "MPs voted on the plan, and Tory MPs met in Iraq.", title="Vote") == set()
    # A British place, or a body named after the country (the Bank of England), names it.
    assert shown_countries(gaz, "MPs voted on the plan in London, and Tory MPs spent £3m.", title="Vote") == {
        "GB"
    }
    assert shown_countries(
        gaz, "The Bank of England left rates unchanged, MPs were told.", title="Rates"
    ) == {"GB"}


def test_a_second_country_is_about_only_if_the_opening_names_it(gaz):
    opening = (
        "France has launched a digital terrestrial TV service, the last big European country to do so. "
        "French viewers will get 14 free channels, and France expects a million set-top boxes to be sold. "
        "French broadcasters back the plan, and France hopes to catch up. "
    )
    filler = "Analysts said the platform would grow slowly at first, then faster as prices fell. " * 3
    later = "In the UK, Freeview is more popular than satellite, and the UK regulator says the UK leads. "
    assert shown_countries(gaz, opening + filler + later, title="Digital TV starts") == {"FR"}
    # Named in the opening, the same country is about.
    assert shown_countries(gaz, later + opening + filler, title="Digital TV starts") == {"FR", "GB"}


def test_a_lone_demonym_does_not_make_a_story_about_its_country(gaz):
    body = "Researchers found 540 million records of a social network on public servers, some from a Mexican firm."
    assert shown_countries(gaz, body, title="Records found online") == set()
    body = "Researchers found 540 million records on public servers. The firm is based in Britain."
    assert shown_countries(gaz, body, title="Records found online") == {"GB"}


# Stop 20 (issue 12): each rule below was kept because it helped across the four development parts
# (bench/eval_place_roles.py --parts dev,heldout,heldout2,heldout3; docs/benchmarks.md, "issue 12, stop 20").


def test_a_big_city_written_as_a_surname_with_nothing_else_of_it_is_a_person(gaz):
    body = (
        "The Scottish Football Association is awaiting referee Hugh Dallas's report on the match. "
        "Rangers' boss said Dallas had no option but to send the striker off."
    )
    assert "US" not in {tag.country_code for tag in tag_places(gaz, title="SFA awaits report", body=body)}
    # Without a given name before it, the same city is the city.
    assert "US" in {
        t.country_code for t in tag_places(gaz, title="", body="Flights to Dallas were cancelled.")
    }


def test_a_country_named_more_often_than_the_headline_s_needs_the_opening_too(gaz):
    title = "Turkey's President proposes converting a museum to a mosque"
    opening = (
        "On Wednesday the president pledged to convert the former church, now a museum, into a mosque "
        "after the election. He announced the change on live television and again at a rally on Friday. "
        "Critics questioned his authority to make the change, and an agency of the United Nations said it "
        "would need its approval. The building was a church for nine centuries and a mosque for five, and "
        "has been a museum since 1934; millions of visitors come to see it every year. Its name would "
        "change as well, he said. "
    )
    later = (
        "A United States commission criticised the move. The US body urged the museum be kept, and a U.S. "
        "official said the status of the monument should not change."
    )
    assert shown_countries(gaz, opening + later, title=title) == {"TR"}
    # With no country in the headline, the most-named country is still what the story is about.
    assert shown_countries(gaz, opening + later, title="President proposes converting a museum") == {"US"}


def test_a_country_named_only_further_down_does_not_stop_the_story_s_own(gaz):
    opening = (
        "The BBC received 47,000 complaints before the musical was broadcast, and protesters gathered outside "
        "its buildings across the UK. The talk show host helped launch the show and attended its first night. "
    )
    filler = "He said he understood how people could have thought the musical had gone too far. " * 4
    later = "If I did a show about the war in Iraq, it would not make me a warmonger, he said."
    assert shown_countries(gaz, opening + filler + later, title="Host criticises musical") == {"GB"}
    # Named in the opening, the same country stands in the way: neither leads clearly.
    assert shown_countries(gaz, later + " " + opening, title="Host criticises musical") == set()


def test_the_opening_that_can_make_a_second_country_about_is_its_first_300_characters(gaz):
    opening = (
        "Tonga's prime minister died today at the age of 78. He had been the prime minister of Tonga since "
        "his election in 2014, and was the first commoner the parliament of Tonga had chosen for the office. "
        "He was taken from the capital on Wednesday afternoon with pneumonia, and parliament was suspended "
        "after his death. "
    )
    later = "He was flown to a hospital in Auckland, New Zealand, where New Zealand doctors had treated him."
    assert len(opening) > 300
    assert shown_countries(gaz, opening + later, title="Prime minister dies aged 78") == {"TO"}
    assert shown_countries(gaz, later + " " + opening, title="Prime minister dies aged 78") == {"TO", "NZ"}


# Stop 20, second round (issue 12): measured on the five development parts (docs/benchmarks.md, "issue 12,
# stop 20, second round").


def test_a_demonym_after_a_capitalised_article_is_still_its_country(gaz):
    body = "The British Chambers of Commerce welcomed the plan. Employers had opposed it."
    assert "GB" in countries_of(gaz, body, title="Retirement age")
    body = "A British author who lives in London has sold the film rights to her book."
    assert shown_countries(gaz, body, title="Book deal") == {"GB"}
    # A capitalised word that is not an article still makes a longer name: "Latin American" is no country.
    assert countries_of(gaz, "Several Latin American leaders met.", title="Summit") == set()


def test_a_city_is_about_only_with_its_country_or_when_the_headline_names_it(gaz):
    body = (
        "Toulouse's former Irish international Trevor Brennan could be one of the surprises when the squad is "
        "announced. Brennan, who last played for Ireland in 2001, moved from Dublin to Toulouse in 2003 and "
        "won a medal in an all-French final."
    )
    tags = tags_of(gaz, body, title="Woodward eyes Brennan for Lions")
    assert (tags["ireland"].role, tags["france"].role) == ("about", "mention")
    assert tags["toulouse"].role == "mention"  # the club's city, in a country only mentioned
    body = "Organisers say this year's Berlin Film Festival, which opens on Thursday, will celebrate European cinema."
    assert tags_of(gaz, body, title="Berlin hails European cinema")["berlin"].role == "about"
