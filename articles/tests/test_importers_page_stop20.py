"""The page reader on the open web, stop 20 (issue 14): rules measured on the development sets a-d, each
pinned here by an invented example (no crawled page text). Pure: no database."""

import pytest

from articles.importers.page import parse_page
from articles.importers.page_lines import parse_dateline

STORY = (
    "The ferry operator said on Monday that crossings to the island will resume on Friday after the storm "
    "closed the harbour for a week."
)


def read(text: str, name: str = "page.txt"):
    return parse_page(text, name=name)


def test_a_weekday_and_its_date_before_the_story_is_a_day_not_a_place():
    found = parse_dateline(
        "Thursday, November 23, 2023 – The ferry operator said crossings resume on Friday."
    )
    assert found is not None and found.place == "" and found.date.startswith("November 23")
    record = read(f" date 2023-11-23 Thursday, November 23, 2023 – {STORY}\n")
    assert record.dateline == ""
    assert record.body == STORY


def test_a_weekday_and_its_date_before_a_title_on_the_header_keeps_the_title():
    record = read(f" date 2024-02-24 Monday, February 24 – Island ferry news and timetables\n\n{STORY}\n")
    assert record.dateline == ""
    assert record.body == STORY


@pytest.mark.parametrize(
    "note",
    [
        "— This is a developing story and will be updated.",
        "More to follow.",
        "L'article sera régulièrement mis à jour avec les derniers chiffres.",
        "#BREAKING : Ferry crossings resume, thousands of travellers are still waiting.",
        "Sorry, there are no recent results for popular commented articles.",
    ],
)
def test_the_sites_notes_after_the_story_are_not_its_end(note):
    record = read(f" date 2024-02-24 Ferries resume after storm\n\n{STORY}\n\nRepairs are done.\n\n{note}\n")
    assert record.body.endswith("Repairs are done.")


@pytest.mark.parametrize(
    "prompt",
    [" Read more about the ferry and its operator here.", " (Find all the details on the next page…)"],
)
def test_a_link_prompt_closing_the_last_paragraph_is_cut(prompt):
    record = read(f" date 2024-02-24 Ferries resume after storm\n\n{STORY}\n\nRepairs are done.{prompt}\n")
    assert record.body.endswith("Repairs are done.")


@pytest.mark.parametrize(("place", "mark"), [("Tel Aviv", ":"), ("Guwahati", ":"), ("Deutschland", " -")])
def test_a_place_before_a_colon_or_dash_opening_the_story_is_its_dateline(place, mark):
    record = read(
        f" date 2024-02-24 Ferries resume after storm\n\n{place}{mark} {STORY}\n\nRepairs are done.\n"
    )
    assert record.dateline == place
    assert record.body.startswith("The ferry operator said")


def test_a_label_a_quotation_or_a_ticker_is_not_a_short_dateline():
    label = read(f" date 2024-02-24 Ferries resume after storm\n\nUpdate: {STORY}\n")
    assert label.dateline == "" and label.body.startswith("Update:")
    quoted = read(f' date 2024-02-24 Ferries resume after storm\n\nJane Smith: "{STORY}"\n')
    assert quoted.dateline == ""
    ticker = read(
        f" date 2024-02-24 Island news\n\nOslo: {STORY}\n\nBergen: Bridge closed\n\nThe council closed the "
        "bridge for the summer and traffic will be slow in the city centre until June.\n"
    )
    assert ticker.dateline == ""


@pytest.mark.parametrize(
    ("note", "day"), [("(Feedwire- Daily Example)", None), ("(Di lunedì 15 maggio 2023)", 15)]
)
def test_a_bracketed_note_before_the_first_sentence_is_not_the_story(note, day):
    record = read(f" date 2023-05 Ferries resume after storm\n\n{note} {STORY}\n\nRepairs are done.\n")
    assert record.body.startswith("The ferry operator said")
    assert record.published_date.day == (day or 1) and record.date_precision == ("day" if day else "month")


def test_a_story_typed_in_capitals_is_still_a_story():
    shouted = (
        "THE FERRY SEASON BEGINS THIS EVENING WITH SEVERAL LOCAL CREWS GEARING UP. THE FIRST BOAT WILL LEAVE "
        "THE HARBOUR AT SIX AND THE LAST AT TEN. YOU CAN HEAR THE TIMETABLE ON THE STATION AT NOON."
    )
    record = read(f" date 2023-08-18 NEWS\n\n{shouted}\n")
    assert record.body == shouted
    assert record.kind == "article"
    assert read(" date 2023-08-18 NEWS\n\nHOME NEWS SPORTS WEATHER CONTACT US\n").kind == "stub"


def test_a_story_that_is_a_list_keeps_its_items():
    record = read(
        " date 2019-08-21 Local ferry crossings for August 23:\nNorth harbour:\n- Oslo to Bergen (Thursday)\n"
        "- Bergen to Stavanger\nSouth harbour:\n- Kiel to Oslo\n- Oslo to Kiel\n"
    )
    assert record.body.startswith("Local ferry crossings for August 23:")
    assert record.body.endswith("- Oslo to Kiel")
    assert record.kind == "article"


def test_a_credit_under_each_picture_makes_a_gallery():
    captions = "".join(
        f"Crowds line the harbour as the ferry {i} leaves for the island. Picture date: Saturday May 6, 2023. "
        f"Photo: Jane Doe{i}/PRESS ASSOCIATION\n"
        for i in range(3)
    )
    assert read(f" date 2023-05-06 {captions}").kind == "gallery"
    labelled = "".join(
        f"The ferry {i} leaves the harbour.\n\nPicture: JANE DOE/GETTY IMAGES\n" for i in range(3)
    )
    assert read(f" date 2023-05-06 ×\n\n{labelled}").kind == "gallery"


def test_a_title_naming_the_best_photos_makes_a_gallery():
    record = read(f" date 2022-10-23 Ferries and fog: the weekend’s best photos\n\n{STORY}\n")
    assert record.kind == "gallery"


def test_several_games_or_an_on_this_day_list_make_a_digest():
    games = read(
        f" date 2024-02-24 Tonight's scores\n\n{STORY}\n\nOslo Vikings 114, Bergen Bears 112\n\n{STORY}\n\n"
        f"Kiel Sharks vs. Oslo Vikings\n\n{STORY}\n\nBergen Bears vs. Kiel Sharks\n\n{STORY}\n"
    )
    assert games.kind == "digest"
    years = "".join(f"{1890 + i * 20}, the ferry company opened its route number {i}.\n" for i in range(4))
    assert read(f" date 2024-02-06 April 23:\n{years}").kind == "digest"
    one_game = read(f" date 2024-02-24 Vikings win\n\nOslo Vikings 114, Bergen Bears 112\n\n{STORY}\n")
    assert one_game.kind == "article"


def test_a_title_carrying_its_date_is_a_title_a_date_alone_is_not():
    dated = read(
        f" date 2024-03-25 Ferry Crossing Notes (March 24, 2024)\n\nHere are the notes.\n\n{STORY}\n"
    )
    assert dated.title == "Ferry Crossing Notes (March 24, 2024)"
    bare = read(f" date 2024-01-03 Wed. Jan 3rd, 2024\n\nFerries resume after storm\n\n{STORY}\n")
    assert bare.title == "Ferries resume after storm"


def test_a_place_and_the_pages_age_on_the_header_is_not_the_headline():
    record = read(
        " date 2021-07 Friedrichshafen vor 2 Stunden\n\nFähren fahren nach dem Sturm wieder zur Insel\n\n"
        "Der Fährbetreiber sagte am Montag, dass die Überfahrten zur Insel am Freitag nach dem Sturm wieder "
        "aufgenommen werden.\n"
    )
    assert record.title == "Fähren fahren nach dem Sturm wieder zur Insel"


def test_a_byline_and_date_glued_after_the_title_on_the_header():
    record = read(
        " date 2023-09 SOUTENEZ NOTRE JOURNAL PAR UN DON ! Les ferries reprennent après la tempête Rédigé par "
        "Jeanne Dupont | Samedi 9 Septembre 2023 à 07:45\n\nLe bilan dressé par la compagnie est lourd : trois "
        "jours de traversées annulées et des centaines de passagers bloqués au port.\n"
    )
    assert record.title == "Les ferries reprennent après la tempête"
    assert record.byline == "Jeanne Dupont"
    assert record.published_date.isoformat() == "2023-09-09"


def test_a_lead_ending_in_a_colon_on_the_header_is_the_body_with_its_items():
    lead = (
        "The ferry line is running again for the second day with more crossings than before the storm. "
        "The final numbers are showing:"
    )
    record = read(
        f" date 2023-07 {lead}\n\nNorth route rose 31 crossings or 9% at 341\n\nSouth route rose 12 crossings\n\n"
        "West route rose 4 crossings\n\nThe east route also ran for the second day with two crossings more.\n"
    )
    assert record.body.startswith("The ferry line is running again")
    assert "North route rose 31 crossings" in record.body
    prompt = read(
        f" date 2022-08-28 {lead.removesuffix(' The final numbers are showing:')} Follow it live here:\n\n{STORY}\n"
    )
    assert prompt.body == STORY  # a prompt to follow a live page is not the lead


def test_a_first_paragraph_printed_again_further_down_is_a_teaser():
    teaser = "The operator sent its boats back out on Friday, and the first crossing left the harbour at six."
    record = read(
        f" date 2023-12 {teaser}\n\n{STORY}\n\nRepairs are done.\n\nAfter the repairs, the operator sent its boats "
        "back out on Friday, and the first crossing left the harbour at six.\n"
    )
    assert record.body.startswith("The ferry operator said")


def test_a_short_first_sentence_on_the_header_is_the_body_a_deck_naming_its_author_is_not():
    record = read(f" date 2022-09-08 The old ferry of the island is gone.\n\n{STORY}\n")
    assert record.body.startswith("The old ferry of the island is gone.")
    deck = read(f" date 2023-03-07 The latest ferry forecast from Meteorologist Jane Doe.\n\n{STORY}\n")
    assert deck.body == STORY


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By AFP More by this Author", "Agence France-Presse"),
        ("By Jane Doe View all posts by Jane Doe", "Jane Doe"),
    ],
)
def test_a_link_to_the_authors_page_is_not_part_of_the_byline(line, byline):
    record = read(f" date 2023-03 Ferries resume after storm\n\n{line}\n\n{STORY}\n")
    assert record.byline == byline


def test_a_banner_in_capitals_on_the_header_is_not_a_byline():
    record = read(
        f" date 2022-12-05  GET LIVE FERRY TIMES & NEWS\nFerries resume after storm\n\nReuters\n"
        f"Dec 05, 2022 / 11:58 AM IST\n\n{STORY}\n"
    )
    assert record.byline == "Reuters"
    assert record.title == "Ferries resume after storm"


def test_a_status_label_before_the_headline_is_neither_a_place_nor_part_of_it():
    assert parse_dateline("DEVELOPING STORY: Ferries resume after the storm closed the harbour") is None
    record = read(f" date 2023-02-09 DEVELOPING STORY: Ferries resume after storm\n\n{STORY}\n")
    assert record.title == "Ferries resume after storm"
    assert record.dateline == "" and record.body == STORY


def test_key_points_under_a_short_heading_are_not_the_story():
    record = read(
        " date 2023-07-31 Ferries resume after storm\n\nKey Takeaways\n\n  • Crossings resume on Friday.\n"
        f"  • Repairs are done.\n\n{STORY}\n"
    )
    assert record.body.startswith("The ferry operator said")


@pytest.mark.parametrize(
    "tail",
    [
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *",
        "Comments are closed.",
        "Have you got a news tip? Get in touch here",
        "We want to hear from you. Send us your tips.",
    ],
)
def test_a_comment_form_or_a_tip_line_after_the_story_is_not_its_end(tail):
    record = read(f" date 2024-02-24 Ferries resume after storm\n\n{STORY}\n\nRepairs are done.\n\n{tail}\n")
    assert record.body.endswith("Repairs are done.")


def test_a_social_prompt_before_the_story_is_not_its_start():
    record = read(f" date 2021-05 Ferries resume after storm\n\nPlease follow and like us:\n\n{STORY}\n")
    assert record.body == STORY


def test_a_kicker_in_capitals_a_headline_and_its_standfirst_glued_on_the_header():
    record = read(
        " date 2024-06 TRAGHETTI ISOLA Il traghetto riprende le corse e batte il record: oltre mille passeggeri "
        "al 29% Cresce anche il traffico delle merci nel porto che guadagna cinque punti, male la linea del nord"
        f"\n\n{STORY}\n"
    )
    assert record.title == ("Il traghetto riprende le corse e batte il record: oltre mille passeggeri al 29%")
    plain = read(f" date 2024-06 Ferries resume after storm as the harbour reopens for the week\n\n{STORY}\n")
    assert plain.title == "Ferries resume after storm as the harbour reopens for the week"


def test_a_day_and_month_before_a_dash_is_the_pages_day_with_no_place():
    found = parse_dateline("10 de Diciembre - En su discurso ante el Congreso el presidente anunció el plan.")
    assert found is not None and found.place == "" and found.date == "10 de Diciembre"
    record = read(
        " date 2023-12 Noticias\n\n10 de Diciembre - En su discurso ante el Congreso el presidente anunció el "
        "plan de ajuste para el año próximo.\n\nEl presidente prestó juramento este domingo ante la Asamblea.\n"
    )
    assert record.published_date.isoformat() == "2023-12-10" and record.dateline == ""


def test_a_television_reports_credits_close_its_script():
    record = read(
        " date 2023-06 Les ferries reprennent après la tempête\n\nDes voitures attendent par dizaines sur le quai "
        "du port, ce jeudi matin. Les premiers départs sont annoncés pour midi. TF2 | Reportage J. Dupont, "
        "M. Martin\n"
    )
    assert record.byline == "J. Dupont, M. Martin"
    assert record.source == "TF2"
    assert record.body.endswith("annoncés pour midi.")
    assert record.kind == "video"


def test_news_in_a_title_is_not_a_site_banner():
    record = read(
        f" date 2020-02-23 Monday, February 24 – Ferry times, updates, news, fares and more\n\n{STORY}\n"
    )
    assert record.title == "Monday, February 24 – Ferry times, updates, news, fares and more"
    banner = read(f" date 2020-02-23 Island Times | Local News, Sports, Weather and Ferries\n\n{STORY}\n")
    assert "Local News" not in banner.title  # a site banner is never the headline


def test_a_clips_headline_printed_after_its_description_on_the_header():
    record = read(
        " date 2022-08-26 Ferry crossings are special. They draw so much interest that crews come under "
        "pressure. The crossing on Sunday is the most awaited of the summer season.\nFerry season 2022: the "
        "captain says the crew is looking forward to Sunday's crossing\nIt's a great challenge to sail in "
        "this weather, he says\n"
    )
    assert (
        record.title == "Ferry season 2022: the captain says the crew is looking forward to Sunday's crossing"
    )
    assert record.body.startswith("Ferry crossings are special.")
