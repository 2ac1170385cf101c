"""Place roles, issue 12, stop 23: the demonyms of the UK's nations and of people, languages, the opening
sentence, a country the story keeps coming back to, and the fallback's weight.

Pure, no database; invented examples only.
"""

import pytest

from articles.tests.places_shown import every_country, shown


def test_the_demonyms_of_the_uks_nations_and_of_people_name_their_country(gaz):
    body = (
        'Scottish rugby is gripped by a power struggle, the coach said. "I have immersed myself in Scottish '
        'life," he added. The Welshman, a former Welsh international, said the English game was richer.'
    )
    assert shown(gaz, body, title="Coach committed to the game") == {"GB"}
    for word, code in (("Frenchman", "FR"), ("Dutchman", "NL"), ("Irishman", "IE"), ("Spaniard", "ES")):
        body = f"The club said on Monday that the {word} would stay until the end of the season."
        assert code in every_country(gaz, body, title="Manager stays"), word


def test_a_person_demonym_before_a_verb_in_ed_is_the_storys_principal(gaz):
    body = (
        "Top seed Joachim Johansson won the Open on Sunday. The 20-year-old Swede edged the final set "
        "tie-break in Milan to win his second title of the year."
    )
    assert "SE" in shown(gaz, body, title="Johansson wins Open title")


def test_a_language_is_not_a_country(gaz):
    body = (
        "The browser's voice function is available in English. Fluent English speakers can test it, "
        "and a version in French and Spanish is planned, said the Norwegian firm Opera in Oslo."
    )
    countries = every_country(gaz, body, title="Browser listens to users")
    assert "GB" not in countries
    assert "NO" in countries
    # The demonym before a noun is still the country: "English clubs", "the English game".
    assert "GB" in every_country(
        gaz, "English clubs made history in Europe on Wednesday.", title="Euro history"
    )


def test_a_country_the_opening_sentence_names_as_often_as_the_main_one_is_about(gaz):
    title = "Kerr frustrated at victory margin"
    body = (
        "Republic of Ireland manager Brian Kerr admitted he was frustrated his side did not score more in "
        "their friendly win over Croatia.\n\n"
        'Robbie Keane scored the only goal. "Given the standard of the Croatian team, we should be very '
        'happy," said Kerr.'
    )
    assert shown(gaz, body, title=title) == {"IE", "HR"}
    # Named in passing further down, the other side stays a mention.
    body = (
        "Republic of Ireland manager Brian Kerr admitted he was frustrated his side did not score more.\n\n"
        "Robbie Keane scored the only goal in a friendly that the Irish dominated. Ireland now face a long "
        "break before they meet Croatia."
    )
    assert "HR" not in shown(gaz, body, title=title)
    assert "HR" in every_country(gaz, body, title=title)


def test_a_country_the_story_keeps_coming_back_to_is_about(gaz):
    paragraphs = [
        "Greece's prime minister said on Thursday the pipeline project was open to other countries.",
        "Officials in Athens said the pipeline would be finished by 2025, and the Greek parliament must "
        "approve the deal, which Athens expects in the spring, once the last of the studies of the seabed and "
        "the costs are in.",
        "Cyprus signed the agreement in Athens. The Cypriot president called it historic.",
        "The Cypriot government has long disputed drilling rights with its neighbours in the region.",
        "Gas found off Cyprus will be carried to Crete and then to the Greek mainland.",
    ]
    title = "Greek prime minister reaffirms pipeline project"
    assert {"GR", "CY"} <= shown(gaz, "\n\n".join(paragraphs), title=title)
    # As often, but in one paragraph and one form, after the opening: a passage, not a subject of the story.
    paragraphs[1:] = [
        "Officials in Athens said the pipeline would be finished by 2025, and the Greek parliament must "
        "approve the deal, which Athens expects in the spring.",
        "Greek officials said the cost was not yet known.",
        "Gas would come from Cyprus, through Cyprus's waters, with Cyprus paying, Cyprus said.",
        "The Greek opposition said it would vote against the deal.",
    ]
    assert "CY" not in shown(gaz, "\n\n".join(paragraphs), title=title)


def test_a_story_naming_no_country_early_is_not_about_one_named_once_far_down(gaz):
    filler = "The device runs a stripped-down operating system and costs less than a laptop. " * 6
    title = "Cheap computer for schools"
    body = f"{filler}\n\nThe firm plans a launch in America next year."
    assert shown(gaz, body, title=title) == set()
    assert "US" in every_country(gaz, body, title=title)
    # Named in the opening, it is the story's country (the fallback).
    body = f"A charity in America plans a cheap computer. {filler}"
    assert shown(gaz, body, title=title) == {"US"}


@pytest.mark.django_db
def test_an_archive_loaded_before_the_new_demonyms_gets_them_by_migration():
    from articles.enrich.service import add_missing_names
    from articles.models import PlaceName

    scottish = PlaceName.objects.filter(place__slug="united-kingdom", key="scottish")
    assert scottish.exists()  # a fresh database has them from the gazetteer
    scottish.delete()
    assert add_missing_names() >= 1
    assert scottish.exists()
    assert add_missing_names() == 0
