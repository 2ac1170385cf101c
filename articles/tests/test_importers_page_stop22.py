"""The page reader on the open web, stop 22 (issue 14): rules for the headline and the story's start on sites
the parser had never seen, measured on the development sets a-h, each pinned here by an invented example (no
crawled page text). Pure: no database."""

from articles.importers.page_headline import split_header, without_status
from articles.importers.page_lines import split_caption
from articles.tests.test_importers_page_stop20 import STORY, read

FOLLOWING = "The harbour master said the crews had checked every pier before the first boat left."
OPENING = (
    "The ferry operator said on Monday that crossings to the island resume on Friday, a week after the storm "
    "closed the harbour and left the island without supplies."
)


def test_a_live_label_before_the_headline_above_the_story_is_dropped():
    record = read(f" date 2024-03-12 Live updates,\n\nLIVE: Ferries to the island run again after the storm\n\n"
                  f"{STORY}\n\n{FOLLOWING}\n")  # fmt: skip
    assert record.title == "Ferries to the island run again after the storm"


def test_a_breaking_news_label_with_spaces_is_not_a_list_of_other_stories():
    record = read(
        " date 2024-03-12 By Jane Doe • 12 March 2024 • 14:23\n\n"
        "Breaking News : Ferries to the island run again after the storm\n\n"
        f"{STORY}\n\n{FOLLOWING}\n"
    )
    assert record.title == "Ferries to the island run again after the storm"
    assert record.body.startswith("The ferry operator said")


def test_a_status_label_stays_when_too_little_follows_it():
    assert without_status("LIVE: Ferries run") == "LIVE: Ferries run"
    assert without_status("Ferries run again after the storm") == "Ferries run again after the storm"


def test_kickers_glued_before_the_headline_on_the_header_go():
    assert split_header("Update Veerboten varen weer na de storm op het eiland")[0] == (
        "Veerboten varen weer na de storm op het eiland"
    )
    assert split_header("met video Veerboten varen weer na de storm op het eiland")[0] == (
        "Veerboten varen weer na de storm op het eiland"
    )
    assert split_header("REST IN PEACE Harbour master dies at 56 after a life at sea")[0] == (
        "Harbour master dies at 56 after a life at sea"
    )


def test_a_headline_opening_with_a_name_or_an_acronym_keeps_it():
    assert split_header("EU UK Reach Deal On Ferry Rights After The Storm")[0] == (
        "EU UK Reach Deal On Ferry Rights After The Storm"
    )
    assert split_header("van Gogh painting found in a harbour warehouse after the storm")[0] == (
        "van Gogh painting found in a harbour warehouse after the storm"
    )
    assert split_header("Live Nation cancels island concerts after the storm")[0] == (
        "Live Nation cancels island concerts after the storm"
    )


def test_a_headline_over_its_deck_is_the_headline_and_the_deck_stays_a_deck():
    record = read(
        " date 2024-03-12 A Free Press for a Free People - Since 1997\n"
        "Chaos on the quay as the island waits\n\n"
        "Ferry operator says crossings to the island resume on Friday\n\n"
        f"{OPENING}\n\n{FOLLOWING}\n"
    )
    assert record.title == "Chaos on the quay as the island waits"
    assert record.extra["deck"] == "Ferry operator says crossings to the island resume on Friday"


def test_a_first_paragraph_on_the_header_is_not_cut_inside_a_name_in_capitals():
    first = (
        "The award for Best Ferry has gone to Island Ferries All At Once, as just announced at the harbour in "
        "Hollywood. The crew was presented with the prize at the annual meeting of the port."
    )
    record = read(f" date 2024-03-12 {first}\n\n{FOLLOWING}\n")
    assert record.body.startswith("The award for Best Ferry has gone to Island Ferries All At Once")


def test_a_headline_glued_to_its_standfirst_is_still_cut():
    title, rest = split_header(
        "Harbour master announces that the island ferry has sunk The statement said that the crew was rescued "
        "by a fishing boat before dawn"
    )
    assert title == "Harbour master announces that the island ferry has sunk"
    assert rest.startswith("The statement said")


def test_a_first_paragraph_cut_on_the_header_line_before_its_last_stop_is_the_story():
    first = (
        "Tragedy in the night off the island, where in the course of the night a ferry carrying passengers, more "
        "than two hundred of them according to the crew, broke in two in the rough sea and sank. The toll is rising "
        "hour by hour and speaks of at least thirty dead among them many"
    )
    second = (
        "As the hours pass, the hope of finding more survivors fades. The sea is rough, with a strong wind and "
        "falling temperatures."
    )
    record = read(f" date 2024-03 {first}\n\n\n\n{second}\n")
    assert record.body.startswith("Tragedy in the night off the island")


def test_a_short_first_sentence_on_the_header_line_opens_the_story():
    record = read(f" date 2024-03 The harbour is closed.\n{OPENING}\n{FOLLOWING}\n")
    assert record.body.startswith("The harbour is closed.")
    record = read(f" date 2024-03 THE HARBOUR IS CLOSED TO ALL SHIPS TONIGHT.\n\n{OPENING}\n\n{FOLLOWING}\n")
    assert record.body.startswith("THE HARBOUR IS CLOSED TO ALL SHIPS TONIGHT.")


def test_a_headline_in_title_case_ending_in_an_exclamation_mark_stays_the_headline():
    record = read(
        f" date 2024-03-12 Island Ferries Sail Again After The Storm!\n\n{OPENING}\n\n{FOLLOWING}\n"
    )
    assert record.title == "Island Ferries Sail Again After The Storm!"
    assert record.body.startswith("The ferry operator said")


def test_a_note_to_the_reader_above_the_story_is_not_its_first_paragraph():
    for note in (
        "Editor's Note: This is a developing story and is being updated.",
        "Trigger warning: This article contains reference to tragic deaths.",
    ):
        record = read(
            f" date 2024-03-12 Ferries run again after the storm\n\n{note}\n\n{OPENING}\n\n{FOLLOWING}\n"
        )
        assert record.body.startswith("The ferry operator said"), note


def test_a_caption_above_the_story_with_its_credit_in_capitals_is_not_the_story():
    caption = (
        "Police officers secure the entrance to the harbour after reports of a collision on March 12, 2024."
    )
    record = read(
        f" date 2024-03-12 Ferries collide in the harbour, crews rescued\n\n{caption}\n\n STRINGER/REUTERS\n\n"
        f"{OPENING}\n\n{FOLLOWING}\n"
    )
    assert record.body.startswith("The ferry operator said")
    assert record.kind == "article"  # a short story under a photo is not a lone caption


def test_a_caption_ending_on_an_agency_and_its_photographer_is_a_caption():
    found = split_caption("Crews raise the flag on the new ferry in the harbour. Source: AP / Jane Doe")
    assert found is not None and found.credit == "AP / Jane Doe"
    assert split_caption("The storm closed the harbour for a week. Source: BBC") is None


def test_a_live_entrys_time_and_a_sites_name_glued_before_the_first_sentence_go():
    record = read(
        f" date 2024-03-12 Ferries run again after the storm\n\n2.21 pm – {OPENING}\n\n{FOLLOWING}\n"
    )
    assert record.body.startswith("The ferry operator said")
    assert record.extra["entry_time"] == "2.21 pm"
    record = read(
        f" date 2024-03-12 Ferries run again after the storm\n\nHARBOURNEWS-{OPENING}\n\n{FOLLOWING}\n"
    )
    assert record.body.startswith("The ferry operator said")
    first = "NATO-Russia talks on the island resume on Friday after the storm closed the harbour for a week."
    record = read(f" date 2024-03-12 Talks resume after the storm\n\n{first}\n\n{FOLLOWING}\n")
    assert record.body.startswith("NATO-Russia talks")


def test_a_wire_bulletin_over_the_story_told_again_under_the_same_dateline():
    bulletin = "ISLAND, Maine (AP) — Officials say the ferry sank in the harbour. The crew is safe."
    story = (
        "ISLAND, Maine (AP) — The island ferry sank in the harbour on Monday after the storm, officials said, "
        "and all of its crew were rescued."
    )
    record = read(f" date 2024-03-12 Ferry sinks in the harbour\n\n{bulletin}\n\n{story}\n\n{FOLLOWING}\n")
    assert record.body.startswith("The island ferry sank in the harbour on Monday")
    assert record.dateline == "ISLAND, Maine"
