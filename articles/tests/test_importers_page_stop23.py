"""The page reader on the open web, stop 23 (issue 14): rules for the headline, the story's start and end and
the byline read from set i's misses (new sites) and measured on every development set a-i, each pinned here by
an invented example (no crawled page text). Pure: no database."""

from articles.importers.page_headline import split_header, without_status
from articles.importers.page_lines import parse_byline
from articles.tests.test_importers_page_stop20 import read

LEAD = (
    "The ferry operator said on Monday that crossings to the island will resume on Friday, a week after the "
    "storm closed the harbour and left the island without supplies."
)
MORE = "The harbour master said the crews had checked every pier before the first boat left the quay."
LAST = "Crossings were cut for nine days in 2019, the longest closure on record."


def page(header: str, *lines: str) -> str:
    return f" date 2024-03-12 {header}\n\n" + "\n\n".join(lines) + "\n"


# Headlines


def test_a_breadcrumb_with_slashes_before_the_headline_goes():
    record = read(page("You are here: Home / Island News / Ferries run again after the storm", LEAD, MORE))
    assert record.title == "Ferries run again after the storm"
    assert split_header("Home / Island News / Ferries run again after the storm")[0] == (
        "Ferries run again after the storm"
    )
    assert split_header("Rain / snow expected on the island this weekend")[0] == (
        "Rain / snow expected on the island this weekend"  # one slash is no breadcrumb
    )


def test_a_breadcrumb_line_and_a_bullet_above_the_story_are_not_the_headlines():
    assert without_status("Home / Island News / Ferries run again after the storm") == (
        "Ferries run again after the storm"
    )
    record = read(page("Island", "• Ferries run again after the storm", LEAD, MORE))
    assert record.title == "Ferries run again after the storm"


def test_a_decimal_point_is_no_full_stop_when_a_glued_standfirst_is_cut():
    header = (
        "Ferry company buys rival for $3.2 billion as owners look to shore up island crossings The $3.2 "
        "billion deal came after a weekend of talks, with the chairman calling it essential."
    )
    record = read(page(header, LEAD, MORE))
    assert (
        record.title
        == "Ferry company buys rival for $3.2 billion as owners look to shore up island crossings"
    )
    assert record.body.startswith("The ferry operator said")


def test_a_glued_lead_that_names_the_subject_a_few_words_in_is_cut():
    header = (
        "Jane Doe announces she'll retire as the island's ferry chief Island Ferry Chief Jane Doe has agreed "
        "to retire at the end of the season, the company said. She led it for twenty years."
    )
    record = read(page(header))
    assert record.title == "Jane Doe announces she'll retire as the island's ferry chief"
    assert record.body.startswith("Island Ferry Chief Jane Doe has agreed")


def test_an_article_as_the_headlines_first_word_is_no_subject_named_again():
    header = (
        "The prize for the best ferry went to Everything Afloat At Once, as announced at the harbour hall "
        "tonight. The winner was given the gold anchor by directors Jane Kwan and Jane Roe (The Janes). The "
        "film won seven prizes."
    )
    assert read(page(header, MORE)).body.startswith("The prize for the best ferry went to")


def test_a_wire_credit_in_capitals_glued_after_the_header_title_is_the_byline():
    record = read(page("Ferries run again after the storm on the island JANE DOE, Associated Press Mar. 12, "
                       "2024 Updated: Mar. 12, 2024 1:58 p.m.", LEAD, MORE))  # fmt: skip
    assert record.title == "Ferries run again after the storm on the island"
    assert record.byline == "JANE DOE"


def test_a_header_that_is_a_photos_caption_with_its_credit_is_no_headline():
    record = read(page("The harbour master stands beside the ferry at the quay (left) | Foto: Jane Doe | John Roe",
                       "Ferries run again after the storm on the island", LEAD, MORE))  # fmt: skip
    assert record.title == "Ferries run again after the storm on the island"


# The story's end


def test_an_embedded_posts_link_and_credit_close_no_sentence_of_the_story():
    record = read(page("Ferries run again after the storm on the island", LEAD, MORE,
                       "Back at sea! 👀 #IslandFerry pic.twitter.com/AbC123xyz — Island Ferries (@islandferry) "
                       "March 12, 2024"))  # fmt: skip
    assert record.body.endswith("Back at sea!")
    record = read(
        page("Ferries run again after the storm on the island", LEAD, MORE + " https://t.co/AbC123")
    )
    assert record.body.endswith("first boat left the quay.")


def test_a_posts_text_cut_with_an_ellipsis_before_its_link_goes_with_it():
    record = read(page("Ferries run again after the storm on the island", LEAD, MORE,
                       "For us the island is special… pic.twitter.com/AbC123xyz — Island Ferries (@islandferry) "
                       "March 12, 2024"))  # fmt: skip
    assert record.body.endswith("first boat left the quay.")


def test_notes_sites_initials_and_pointers_after_the_last_sentence_go():
    for tail in ("(La redazione)", "IslandNEWS.com", "Weiterlesen auf Example.de", "ab1/cd2/efg",
                 "Veja abaixo.", "Here is the ceremony live:"):  # fmt: skip
        record = read(page("Ferries run again after the storm on the island", LEAD, f"{MORE} {tail}"))
        assert record.body.endswith("first boat left the quay."), tail
    record = read(page("Ferries run again after the storm on the island", LEAD, f"{MORE} (dpa/ab)"))
    assert record.source == "dpa"


def test_a_sites_address_after_source_is_left_whole():
    record = read(
        page("Ferries run again after the storm on the island", LEAD, MORE, "Source: www.example.de")
    )
    assert "quay." in record.body and not record.body.endswith("Source: www.")


def test_a_related_link_with_its_view_count_and_a_story_developing_note_close_the_story():
    record = read(page("Ferries run again after the storm on the island", LEAD, MORE,
                       "Times: ferries may stop again tonight12.03.24, 01:30 • 27197 views"))  # fmt: skip
    assert record.body.endswith("first boat left the quay.")
    record = read(page("Ferries run again after the storm on the island", LEAD, MORE, "Story developing …"))
    assert record.body.endswith("first boat left the quay.")


def test_the_authors_name_alone_after_the_story_opens_their_box():
    record = read(page("Ferries run again after the storm on the island", "By Jane Doe", LEAD, MORE, "Jane Doe",
                       "Jane Doe is the island correspondent of the Example Times, covering the harbour."))  # fmt: skip
    assert record.byline == "Jane Doe"
    assert record.body.endswith("first boat left the quay.")


# The story's start


def test_a_date_and_a_dash_in_the_datelines_place_are_not_the_first_sentence():
    record = read(page("Ferries run again after the storm on the island", "PORTLAND, Maine – March 12, 2024 – "
                       + LEAD, MORE))  # fmt: skip
    assert record.dateline == "PORTLAND, Maine"
    assert record.body.startswith("The ferry operator said")


def test_a_short_question_over_a_long_paragraph_is_its_headline():
    question = "Will the ferries on the island run again before Easter?"  # eight words or more: read as prose
    record = read(page("Island", question, f"{LEAD} {MORE} {LAST}"))
    assert record.title == question
    assert record.body.startswith("The ferry operator said")


# Bylines


def test_an_outlet_before_the_bar_and_a_day_in_figures_after_it_leave_the_name():
    found = parse_byline("WXYZ 88.5 | By Jane Doe")
    assert found is not None and (found.byline, found.source) == ("Jane Doe", "WXYZ 88.5")
    found = parse_byline("Jane Doe | 03-12-2024")
    assert found is not None and (found.byline, found.rest) == ("Jane Doe", "03-12-2024")


def test_a_persons_name_alone_as_the_header_over_the_story_is_its_author():
    assert read(page("Jane Doe", LEAD, MORE)).byline == "Jane Doe"
    assert read(page("Top Section", LEAD, MORE)).byline == ""
    assert read(page("Harbour Ferry Crossings", LEAD, MORE)).byline == ""


def test_a_printed_credit_wins_over_a_section_name_read_as_a_name():
    record = read(page("Advertisement", "Island News", "Mar. 12, 2024 / 8:56 PM",
                       "Ferries run again after the storm on the island", "By Jane Doe", LEAD, MORE))  # fmt: skip
    assert record.byline == "Jane Doe"


def test_developing_story_notes_a_credit_line_and_wire_credits_in_brackets_close_the_story():
    for note in ("Check back for more on this developing story.", "PORTLAND — This is a developing story.",
                 "(With inputs from agencies.)"):  # fmt: skip
        record = read(
            page("Ferries run again after the storm on the island", f"PORTLAND — {LEAD}", MORE, note)
        )
        assert record.body.endswith("first boat left the quay."), note
    record = read(page("Ferries run again after the storm on the island", LEAD,
                       f"{MORE} (Reporting by Jane Doe in Portland; Editing by John Roe)"))  # fmt: skip
    assert record.body.endswith("first boat left the quay.")


def test_bylines_glued_to_an_agency_a_handle_or_a_date_without_its_space():
    found = parse_byline("By JANE DOE and JOHN ROE Associated Press")
    assert found is not None and found.authors == ["JANE DOE", "JOHN ROE"]
    assert found.source == "The Associated Press"
    found = parse_byline("Jane Doe (@janedoe88) Published March 12, 2024 | 01:00 AM")
    assert found is not None and found.byline == "Jane Doe"
    found = parse_byline("By: Agence France Presse March 12,2024 - 09:12 AM")
    assert found is not None and found.rest.startswith("March 12, 2024")


def test_a_byline_with_its_day_and_time_as_the_header_is_the_byline():
    record = read(page("By Jane Doe • 12 March 2024 • 14:23", "Ferries run again after the storm on the island", LEAD,
                       MORE))  # fmt: skip
    assert record.byline == "Jane Doe"
    assert record.title == "Ferries run again after the storm on the island"


def test_an_agencys_credit_and_a_link_outs_prompt_in_brackets_are_left_to_their_readers():
    record = read(page("Ferries run again after the storm on the island", LEAD, f"{MORE} (NTB)"))
    assert record.source == "NTB"
    record = read(
        page("Ferries run again after the storm on the island", f"(Island Times) – {LEAD} (Read More)")
    )
    assert record.kind == "stub"


def test_a_caption_worded_paragraph_above_the_story_is_its_photos_caption():
    caption = "The harbour master poses with the crew at the quay before the first crossing on Tuesday."
    record = read(page("Ferries run again after the storm on the island", caption, LEAD, MORE))
    assert record.body.startswith("The ferry operator said")
    assert record.photo_caption == caption


def test_a_headline_printed_alone_wins_over_a_header_that_holds_it_with_more():
    record = read(page("Island Daily Ferries run again after the storm on the island", "Island Daily",
                       "Ferries run again after the storm on the island", LEAD, MORE))  # fmt: skip
    assert record.title == "Ferries run again after the storm on the island"
