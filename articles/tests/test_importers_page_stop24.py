"""The page reader on the open web, stop 24 (issue 14): headline candidates cut out of a glued header
(``page_pieces``), datelines and the story's start by shape, each pinned by an invented example (no crawled
page text). Pure: no database."""

from articles.importers.page_dateline import parse_dateline, short_dateline
from articles.importers.page_lines import is_furniture
from articles.importers.page_pieces import split_pieces
from articles.tests.test_importers_page_stop20 import read

LEAD = (
    "The ferry operator said on Monday that crossings to the island will resume on Friday, a week after the "
    "storm closed the harbour and left the island without supplies."
)
MORE = "The harbour master said the crews had checked every pier before the first boat left the quay."
GERMAN = (
    "Die Fährgesellschaft hat am Montag angekündigt, dass die Überfahrten zur Insel am Freitag wieder "
    "aufgenommen werden, eine Woche nachdem der Sturm den Hafen geschlossen hatte."
)
GERMAN_MORE = (
    "Der Hafenmeister sagte, die Mannschaften hätten jeden Steg geprüft, bevor das erste Boot ablegte."
)


def page(header: str, *lines: str, day: str = "2024-03-12") -> str:
    return f" date {day} {header}\n\n" + "\n\n".join(lines) + "\n"


# Headline candidates cut out of a glued header


def test_a_preview_of_the_first_paragraph_glued_after_the_headline_is_cut_off():
    header = (
        "Fähren fahren wieder zur Insel Die Fährgesellschaft hat am Montag angekündigt, dass die Überf... dpa"
    )
    record = read(page(header, f"Hafenstadt -{GERMAN}", GERMAN_MORE, day="2024-03"))
    assert record.title == "Fähren fahren wieder zur Insel"
    assert record.dateline == "Hafenstadt"
    assert record.body.startswith("Die Fährgesellschaft hat am Montag")


def test_a_subheading_that_repeats_the_headline_is_no_preview():
    # the header's words printed again in a line that does not open with them after a dateline's mark
    header = "Ferry crossings 2024: 41 the harbours reopen on the 28th and the 29th of March"
    text = "\n".join(
        [LEAD, "Ferry crossings 2024: 41 harbours reopen on the 28th and the 29th of March", MORE]
    )
    assert split_pieces(header, text) is None


def test_a_title_case_headline_and_its_lead_after_a_colon_on_a_page_with_no_other_text():
    header = (
        "Island Ferries Return After Nine Days: After nine days without a crossing, the ferry company has "
        "sent its first boat to the island, the harbour master said."
    )
    record = read(f" date 2024-03-12 {header}\n")
    assert record.title == "Island Ferries Return After Nine Days"
    assert record.body.startswith("After nine days without a crossing")
    # with a story printed below, "Label: sentence" on the header is the story's first paragraph
    assert split_pieces(header, f"{LEAD}\n{MORE}") is None
    # a slug in capitals is no title
    slug = "HARBOUR CITY, ISLAND - MARCH 12: " + header.split(": ", 1)[1]
    assert split_pieces(slug, "") is None


def test_a_short_kicker_before_a_spaced_colon_goes_outside_french():
    header = "Sturm und Hafen : Fähren fahren wieder zur Insel"
    record = read(page(header, GERMAN, GERMAN_MORE, day="2024-03"))
    assert record.title == "Fähren fahren wieder zur Insel"
    french = "Tempête 2024 : les ferries reprennent la traversée vers l'île"
    text = (
        "La compagnie a annoncé lundi que les traversées vers l'île reprendraient vendredi, une semaine "
        "après la fermeture du port par la tempête. Le capitaine du port a dit que tout était prêt."
    )
    assert split_pieces(french, text) is None


def test_a_standfirst_opening_on_an_article_after_a_word_in_lower_case_is_cut_off():
    header = (
        "Traghetti, tornano le corse verso l'isola: porto riaperto Alle 8.30 partita la prima nave dal molo"
    )
    assert split_pieces(header, "") == (
        "Traghetti, tornano le corse verso l'isola: porto riaperto",
        "Alle 8.30 partita la prima nave dal molo",
    )
    # a name after a word in lower case is no opener
    assert (
        split_pieces("Ferries return to the island after the storm says Captain Hook of the harbour", "")
        is None
    )


def test_a_run_of_page_facts_after_bullets_and_the_rubric_before_it_go():
    header = "Veerboten varen weer naar het eiland na de storm Nieuws • Vandaag • leestijd 2 minuten • 143 keer bekeken"
    assert split_pieces(header, "") == ("Veerboten varen weer naar het eiland na de storm", "")
    assert split_pieces("Ferries return • Monday • Island", "") is None  # no figure: not the page's facts


def test_a_quotation_after_two_hyphens_is_the_storys():
    header = 'Ferries Return to the Island After the Storm --"STAY OFF THE PIERS," the harbour master posted.'
    assert split_pieces(header, "")[0] == "Ferries Return to the Island After the Storm"


# Datelines and the story's start


def test_datelines_with_a_glued_dash_or_a_full_stop():
    berlin = short_dateline(f"Hafenstadt -{GERMAN}")
    assert berlin and berlin.place == "Hafenstadt" and berlin.rest.startswith("Die Fährgesellschaft")
    atlanta = short_dateline(f"Harbourton. {LEAD}")
    assert atlanta and atlanta.place == "Harbourton" and atlanta.rest.startswith("The ferry operator")
    assert short_dateline(f"Video. {LEAD}") is None
    assert short_dateline(f"HAFENKRIEG. {LEAD}") is None  # a kicker in capitals, not a place
    agency = parse_dateline(f"(Reuters) -{LEAD}")
    assert agency and agency.agency == "Reuters" and agency.rest.startswith("The ferry operator")
    roma = parse_dateline("Roma, 4 ott. (Adnkronos) – “Le corse riprendono venerdì”, ha detto il capitano.")
    assert roma and roma.place == "Roma" and roma.agency == "Adnkronos" and roma.rest.startswith("“Le corse")


def test_a_place_and_a_full_stop_open_the_story():
    record = read(page("Ferries run again after the storm", f"Harbourton. {LEAD}", MORE))
    assert record.dateline == "Harbourton"
    assert record.body.startswith("The ferry operator said on Monday")


def test_a_caption_printed_twice_around_its_credit_is_not_the_story():
    caption = (
        "A ferry leaves the quay at Harbourton on Monday, March 11, 2024, the first crossing in nine days."
    )
    record = read(
        page(
            "Ferries run again after the storm",
            "By Jane Doe",
            caption,
            "Jane Doe\n/\nAP",
            caption,
            LEAD,
            MORE,
        )
    )
    assert record.body.startswith("The ferry operator said on Monday")


def test_a_reading_time_with_a_site_name_glued_is_furniture():
    assert is_furniture("Harbour.comReading: 3 minutes.")
    assert is_furniture("Lesezeit: 4 Minuten")
    assert not is_furniture("Reading: the town where ferries run again")


def test_a_screen_readers_image_source_and_caption_line_is_a_caption():
    caption = "image source, Harbour Authority Caption, The ferry left the quay at dawn on Monday."
    record = read(page("Ferries run again after the storm", caption, LEAD, MORE))
    assert record.body.startswith("The ferry operator said on Monday")
