"""The page reader on the open web, stop 21 (issue 14): rules measured on the development sets a-f, each
pinned here by an invented example (no crawled page text). Pure: no database."""

from articles.importers.page_dateline import parse_dateline
from articles.importers.page_lines import parse_byline
from articles.tests.test_importers_page_stop20 import STORY, read

FOLLOWING = "The harbour master said the crews had checked every pier before the first boat left."


def test_a_full_day_header_wins_over_a_time_printed_on_another_day():
    record = read(
        " date 2024-03-13 Ferries run again after the storm\n\n"
        "Published: Mar. 12, 2024 at 6:24 PM CST\n\n"
        f"{STORY}\n\n{FOLLOWING}\n"
    )
    assert str(record.published_date) == "2024-03-13" and record.published_at is None
    assert record.extra["printed_time"].startswith("2024-03-12T18:24")


def test_a_time_printed_on_the_headers_day_is_still_the_publication_time():
    record = read(
        " date 2024-03-12 Ferries run again after the storm\n\n"
        "Published: Mar. 12, 2024 at 6:24 PM CST\n\n"
        f"{STORY}\n\n{FOLLOWING}\n"
    )
    assert record.published_at is not None and record.published_at.hour == 18
    assert "printed_time" not in record.extra


def test_a_space_left_inside_the_agencys_bracket_is_still_a_dateline():
    found = parse_dateline(f"( AP) — {STORY}")
    assert found is not None and (found.place, found.agency) == ("", "AP")
    record = read(f" date 2024-03-12 ( AP) — {STORY}\n\n{FOLLOWING}\n")
    assert record.body.startswith("The ferry operator said")
    assert record.source == "The Associated Press"


def test_a_short_standfirst_that_the_next_paragraph_restates_is_not_the_story():
    standfirst = "Crossings to the island resume on Friday, the ferry operator said after the storm."
    story = (
        "The ferry operator said on Monday that crossings to the island resume on Friday, a week after the "
        "storm closed the harbour and left the island without supplies."
    )
    record = read(f" date 2024-03-12 Ferries run again\n\n{standfirst}\n\n{story}\n\n{FOLLOWING}\n")
    assert record.body.startswith("The ferry operator said on Monday")


def test_a_first_paragraph_the_next_one_does_not_restate_stays_the_story():
    record = read(f" date 2024-03-12 Ferries run again\n\n{STORY}\n\n{FOLLOWING}\n")
    assert record.body.startswith("The ferry operator said on Monday")


def test_a_caption_with_the_photographers_credit_alone_under_it_is_not_the_story():
    caption = (
        "Passengers wait on the pier for the first ferry to the island on Friday, March 15, 2024, after a week "
        "without crossings."
    )
    record = read(
        f" date 2024-03-15 Ferries run again\n\n{caption}\n\n Jane Doe/Associated Press\n\n{STORY}\n\n{FOLLOWING}\n"
    )
    assert record.body.startswith("The ferry operator said")


def test_the_marker_of_a_lists_first_item_is_not_its_text_but_a_quotations_dash_stays():
    record = read(
        " date 2024-03-12 Ferries run again\n\nWhat to Know\n- The ferry operator said crossings resume on "
        "Friday.\n- The storm closed the harbour for a week.\n- Supplies reach the island by air until then.\n"
    )
    assert record.body.startswith("The ferry operator said crossings resume on Friday.")
    quoted = read(
        f" date 2024-03-12 Ferries run again\n\n- We are ready, said the harbour master.\n\n{STORY}\n"
    )
    assert quoted.body.startswith("- We are ready")


def test_an_updates_stamp_in_the_story_gives_a_month_only_page_its_day():
    record = read(
        f" date 2023-03 Ferries run again\n\n{STORY}\n\nUpdate donderdag 16 maart 10.00 uur\n\n{FOLLOWING}\n"
    )
    assert str(record.published_date) == "2023-03-16" and record.date_precision == "day"


def test_a_credit_and_a_day_glued_after_the_title_split_a_whole_post_on_the_header():
    record = read(
        " date 2024-03-12 Ferries run again after the storm By Jane Doe and John Roe, Example News Mar 12, 2024 "
        f"1 hr ago 0 Facebook Twitter Email {STORY} {FOLLOWING} Facebook Twitter WhatsApp Email Print Recommended "
        "for you More From Example News\n"
    )
    assert record.title == "Ferries run again after the storm"
    assert record.byline == "Jane Doe and John Roe"
    assert str(record.published_date) == "2024-03-12"
    assert record.body == f"{STORY} {FOLLOWING}"  # the next share bar ends the post's text
    italian = read(
        " date 2024-03-12 Traghetti di nuovo in servizio dopo la tempesta da Redazione - 12 Marzo 2024 0 4 "
        "L'operatore dei traghetti ha detto lunedì che le corse verso l'isola riprendono venerdì dopo la "
        "tempesta.\n"
    )
    assert italian.title == "Traghetti di nuovo in servizio dopo la tempesta"
    assert italian.body.startswith("L'operatore dei traghetti")


def test_a_title_with_by_in_it_and_no_day_after_the_name_is_left_whole():
    record = read(f" date 2024-03-12 Ferries stopped By Storm Ciarán return to the island\n\n{STORY}\n")
    assert record.title == "Ferries stopped By Storm Ciarán return to the island"


def test_a_rubric_in_capitals_before_the_headline_is_not_part_of_it():
    record = read(
        f" date 2024-03-12 PRIMA PAGINA Traghetti di nuovo in servizio dopo la tempesta\n\n{STORY}\n"
    )
    assert record.title == "Traghetti di nuovo in servizio dopo la tempesta"
    acronyms = read(f" date 2024-03-12 EU UK Reach Deal On Ferry Crossings\n\n{STORY}\n")
    assert acronyms.title == "EU UK Reach Deal On Ferry Crossings"
    dateline = read(f" date 2024-03-12 NEW YORK (AP) — {STORY}\n\n{FOLLOWING}\n")
    assert dateline.dateline == "NEW YORK" and dateline.body.startswith("The ferry operator said")


def test_a_photo_caption_and_its_credit_in_capitals_glued_before_the_story_are_not_the_story():
    record = read(
        " date 2024-03-12 Traghetti di nuovo in servizio\n\nPassengers wait on the pier for the first ferry to "
        "the island, in Naples, Italy, 12 March 2024. EXAMPLE/JANE DOE L'operatore dei traghetti ha detto "
        "lunedì che le corse verso l'isola riprendono venerdì dopo la tempesta.\n"
    )
    assert record.body.startswith("L'operatore dei traghetti")
    assert record.photo_credit == "EXAMPLE/JANE DOE"


def test_a_headline_a_stop_and_an_unfinished_standfirst_on_the_header_are_split():
    record = read(
        " date 2024-03 Traghetti di nuovo in servizio verso l'isola. Le corse riprendono venerdì dopo una "
        f"settimana di tempesta sul porto\n\n{STORY}\n\n{FOLLOWING}\n"
    )
    assert record.title == "Traghetti di nuovo in servizio verso l'isola"
    assert record.extra["deck"].startswith("Le corse riprendono venerdì")
    lead = read(f" date 2024-03-12 Ferries run again. Crossings to the island resume on Friday.\n\n{STORY}\n")
    assert lead.title != "Ferries run again"  # two finished sentences: a first paragraph, not a title


def test_a_header_the_story_restates_gives_its_first_sentence_as_the_headline():
    header = "Ferries 2024: crossings to the island resume on Friday, March 15. Here is what changes."
    story = (
        "The ferry operator said on Monday that crossings start again on Friday, March 15, after the storm "
        "closed the harbour in 2024's worst week for ferries."
    )
    changes = "Here is what changes for passengers once boats resume: tickets for the island stay valid."
    record = read(f" date 2024-03 {header}\n\n{story}\n\n{changes}\n\n{FOLLOWING}\n")
    assert record.title == "Ferries 2024: crossings to the island resume on Friday, March 15"
    assert record.body.startswith("The ferry operator said on Monday")


def test_an_agencys_name_after_a_dash_closing_the_story_is_its_credit_not_a_sentence():
    record = read(f" date 2024-03-12 Ferries run again\n\n{STORY}\n\n{FOLLOWING} — AP\n")
    assert record.body.endswith("before the first boat left.")
    assert record.source == "The Associated Press"
    plain = read(f" date 2024-03-12 Ferries run again\n\n{STORY}\n\n{FOLLOWING} — Bay\n")
    assert plain.body.endswith("— Bay")  # not an agency's name: left as printed


def test_an_embedded_posts_credit_or_the_poster_glued_after_the_last_sentence_is_not_the_story():
    record = read(
        f" date 2024-03-12 Ferries run again\n\n{STORY}\n\n"
        "The crossings are back. — Jane Doe (@janedoe) March 12, 2024\n"
    )
    assert record.body.endswith("The crossings are back.")
    posted = read(f" date 2024-03-12 Ferries run again\n\n{STORY}\n\n{FOLLOWING} Posted By Harbourwatch\n")
    assert posted.body.endswith("before the first boat left.")


def test_a_wire_bylines_bureau_and_editors_are_not_its_authors():
    found = parse_byline("Written by Jane Doe, John Roe, Naples Newsroom Edited by Ann Poe for Example Wire")
    assert found is not None and found.authors == ["Jane Doe", "John Roe"]
    assert parse_byline("Reporting by Jane Doe; Editing by Ann Poe").authors == ["Jane Doe"]


def test_a_name_the_headline_is_about_before_a_date_is_not_a_glued_credit():
    record = read(
        f" date 2024-03-12 Die Rede von Olaf Scholz 12. März 2024 im Bundestag zur Lage\n\n{STORY}\n"
    )
    assert record.title.startswith("Die Rede von Olaf Scholz")
    assert record.byline != "Olaf Scholz"
