"""The page reader on the open web, stop 20, second round (issue 14): rules measured on the development
sets a-e, each pinned here by an invented example (no crawled page text). Pure: no database."""

from articles.importers.page_lines import parse_byline, parse_dateline
from articles.tests.test_importers_page_stop20 import STORY, read


def test_a_lead_in_in_capitals_made_of_a_sentences_words_is_not_a_place():
    assert parse_dateline("WHAT A WEEK: The ferry operator said crossings resume on Friday.") is None
    record = read(f" date 2024-02-24 THAT WAS QUICK: {STORY}\n")
    assert record.dateline == ""
    assert record.body.startswith("THAT WAS QUICK: The ferry operator")
    assert (
        parse_dateline("THE HAGUE: The ferry operator said crossings resume on Friday.").place == "THE HAGUE"
    )


def test_places_joined_by_slashes_with_a_spanish_day_and_the_agencies_before_a_full_stop_and_dash():
    found = parse_dateline(f"Lima/Ciudad de Panamá/Roma, 14 de mayo (Diario/AP/EFE).– {STORY}")
    assert found is not None
    assert (found.place, found.agency, found.date) == (
        "Lima/Ciudad de Panamá/Roma",
        "Diario/AP/EFE",
        "14 de mayo",
    )
    record = read(
        " date 2024-05 A summary of the ferry story printed over it, in one sentence of its own here.\n\n"
        f"Lima/Ciudad de Panamá/Roma, 14 de mayo (Diario/AP/EFE).– {STORY}\n"
    )
    assert record.dateline == "Lima/Ciudad de Panamá/Roma"
    assert str(record.published_date) == "2024-05-14" and record.date_precision == "day"
    assert record.body.startswith("The ferry operator said")


def test_the_sites_note_of_when_the_story_went_out_gives_the_day_and_is_not_the_story():
    record = read(
        f" date 2024-03 Ferries run again\n\n{STORY}\n\nThe harbour master thanked the crews for their work.\n\n"
        "Dieser Beitrag wurde am 07.03.2024 im Programm gesendet.\n"
    )
    assert str(record.published_date) == "2024-03-07" and record.date_precision == "day"
    assert record.body.endswith("thanked the crews for their work.")


def test_a_note_of_another_months_date_leaves_the_month():
    record = read(
        f" date 2024-03 Ferries run again\n\n{STORY}\n\nThis story was first published on April 2, 2024.\n"
    )
    assert record.date_precision == "month"
    assert record.body == STORY


def test_a_date_stamp_glued_before_the_story_gives_a_month_only_page_its_day():
    record = read(f" date 2022-09 05. 09. 20223 | {STORY}\n")
    assert str(record.published_date) == "2022-09-05" and record.date_precision == "day"
    assert record.body == STORY


def test_a_whole_post_glued_on_the_header_line_is_split_into_title_stamp_and_story():
    record = read(
        " date 2024-05 Les ferries reprennent vers l'île 14 mai 2024 09:30 Publié par admin Aucun commentaire "
        "AFP-14 mai 2024: L'exploitant des ferries a annoncé lundi que les traversées vers l'île reprendront "
        "vendredi, après une tempête qui a fermé le port pendant une semaine.\n"
    )
    assert record.title == "Les ferries reprennent vers l'île"
    assert str(record.published_date) == "2024-05-14"
    assert record.body.startswith("L'exploitant des ferries a annoncé lundi")
    assert record.dateline == "" and record.source == "Agence France-Presse"


def test_a_title_with_its_date_and_time_but_no_post_furniture_is_left_whole():
    header = "Ferry news from the island 14 May 2024 09:30 " + STORY
    from articles.importers.page_notes import split_glued_post

    assert split_glued_post(header) == (header, "", "")


def test_a_fact_box_glued_after_the_headline_is_not_part_of_it():
    record = read(
        " date 2023-06-09 Harbour Town vs Island Rovers Competition – County Cup Final 2023 Ground: Quay Park "
        f"Date: 10th June 2023 Kick-off time – 15:00 BST\n\n{STORY}\n"
    )
    assert record.title == "Harbour Town vs Island Rovers"
    assert record.body == STORY


def test_a_share_bar_glued_into_the_header_ends_the_title_and_a_photos_label_after_menu_words_starts_it():
    record = read(
        " date 2023-07-04 Breaking News Harbour closed Things To DoEvents PHOTOS: Ferries return to the island "
        "Share this:Click to share on Facebook (Opens in new window)Click to print (Opens in new window) "
        f"{STORY}\n"
    )
    assert record.title == "PHOTOS: Ferries return to the island"
    assert record.body == STORY


def test_a_paywall_prompt_and_a_pointer_to_live_coverage_are_not_the_storys_end():
    last = "The harbour master thanked the crews for their work."
    for note in (
        "This article is exclusive for our subscribers: subscribe now for unlimited reading.",
        "Follow our live coverage of the storm.",
        "Suivez en direct la tempête sur l'île.",
    ):
        record = read(f" date 2024-03-07 Ferries run again\n\n{STORY}\n\n{last}\n\n{note}\n")
        assert record.body.endswith(last), note


def test_a_story_paragraph_about_following_is_kept():
    last = "Residents can follow the ferry's route online through the operator's new tracking page."
    record = read(f" date 2024-03-07 Ferries run again\n\n{STORY}\n\n{last}\n")
    assert record.body.endswith(last)


def test_captions_credited_in_spanish_by_ap_make_a_gallery():
    captions = "\n\n".join(
        f"Un pasajero sube al ferry número {n} en el puerto, el 23 de julio de 2023. (AP Foto/Ana Pérez)"
        for n in range(1, 5)
    )
    assert read(f" date 2023-07 {captions}\n").kind == "gallery"


def test_pictures_each_with_a_labelled_credit_make_a_gallery():
    pictures = "\n\n".join(
        f"Ferry {n} at the quay\n\nPhoto taken on May 11, 2024, at the harbour. Credit: Jane Doe"
        for n in range(1, 5)
    )
    record = read(
        f" date 2024-05-19 Ferries at the quay\n\nThe following photos show the ferries.\n\n{pictures}\n"
    )
    assert record.kind == "gallery"


def test_one_caption_closed_by_its_photographers_credit_is_a_gallery():
    record = read(
        " date 2024-05-15 A ferry crosses to the island just past 1 a.m. on May 11, 2024, under a clear sky. "
        "The crossing was the first since the storm closed the harbour for a week, and crowds gathered on the "
        "quay to watch the lights of the ferry. Jane Doe / The Daily Example\n"
    )
    assert record.kind == "gallery"
    assert read(f" date 2024-05-15 Ferries run again\n\n{STORY}\n").kind == "article"


def test_an_institution_after_the_authors_name_is_the_outlet_not_a_second_author():
    byline = parse_byline("By Jane Doe, Harbour Research Institute May 19, 2024")
    assert (
        byline is not None and byline.byline == "Jane Doe" and byline.source == "Harbour Research Institute"
    )


def test_a_bare_name_the_story_names_is_its_subject_not_its_author():
    record = read(
        " date 2022-10-20 1. Home\nPublished October 20th, 2022 - 12:39 GMT\nJane Doe\n\n"
        "Jane Doe announced on Thursday that the island's ferries will run again from Friday after the storm.\n"
    )
    assert record.byline == ""


def test_a_sections_name_over_the_date_is_not_a_byline():
    record = read(
        " date 2023-10-26 Ferries run again\n\nBy\n\nNational News\n\nOctober 26, 2023 - 2:36 PM\n\n"
        f"HARBOUR TOWN (AP) — {STORY}\n"
    )
    assert record.byline == ""
    assert record.dateline == "HARBOUR TOWN"


def test_a_header_teaser_pointing_to_the_page_is_a_deck_not_the_first_paragraph():
    record = read(
        " date 2024-03 Am Freitag fahren die Fähren wieder. Alle wichtigen Infos rund um die Überfahrt gibt es hier."
        f"\n\n{STORY}\n"
    )
    assert record.body == STORY
    assert record.extra["deck"].endswith("gibt es hier.")


def test_a_lower_case_rubric_glued_before_the_headline_is_cut():
    record = read(
        f" date 2023-09 En bref Au port, les ferries reprennent leurs traversées vers l'île\n\n{STORY}\n"
    )
    assert record.title == "Au port, les ferries reprennent leurs traversées vers l'île"


def test_a_headline_opening_on_a_name_and_an_article_is_left_whole():
    record = read(f" date 2023-09 Harbour Town The ferries return to the island\n\n{STORY}\n")
    assert record.title == "Harbour Town The ferries return to the island"


def test_a_country_in_brackets_after_the_place_and_named_again_is_part_of_the_dateline():
    found = parse_dateline(
        "Lisbon (Portugal): Portugal's ferries will run again on Friday, the operator said."
    )
    assert found is not None and (found.place, found.agency) == ("Lisbon (Portugal)", "")
    agency = parse_dateline(
        "Kuala Lumpur (Bernama): The ferries will run again on Friday, the operator said."
    )
    assert agency is not None and (agency.place, agency.agency) == ("Kuala Lumpur", "Bernama")


def test_a_gallery_of_ap_pictures_is_aps():
    captions = "\n\n".join(
        f"A ferry leaves the harbour on Thursday, Sept. {n}, 2022, in Harbour Town. (AP Photo/Jane Doe)"
        for n in range(1, 5)
    )
    assert read(f" date 2022-09 {captions}\n").source == "The Associated Press"
    mixed = captions + "\n\nThe quay at dawn on Thursday, Sept. 8, 2022. (Jane Roe/AFP)"
    assert read(f" date 2022-09 {mixed}\n").source != "The Associated Press"


def test_a_ranking_closing_the_story_is_kept():
    ranking = "\n\n".join(f"{n} Ferry number {n}" for n in range(1, 7))
    record = read(
        f" date 2024-02 Ferries ranked\n\n{STORY}\n\nThe full ranking of the ferries\n\n{ranking}\n"
    )
    assert record.body.endswith("6 Ferry number 6")
