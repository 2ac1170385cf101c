"""The page reader on the open web (issue 14): pages whose layouts the seed never showed.

Every example is invented for the rule it pins (no crawled page text). Pure: no database.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importers import page_lines as pl
from articles.importers import page_notes as notes
from articles.importers.dates import find_date
from articles.importers.language import detect_language
from articles.importers.page import parse_page
from articles.importers.page_kinds import page_kind
from articles.importers.page_lines import parse_dateline

ESTONIAN = (
    "Tallinna linnavalitsus teatas neljapäeval, et uus trammiliin avatakse sügisel. "
    "Linnapea sõnul on ehitustööd graafikus ja liinil hakkab sõitma kümme uut trammi. "
    "Elanikud on projektile andnud palju tagasisidet ning linn on plaane mitu korda muutnud."
)


def read(text: str, name: str = "page.txt"):
    return parse_page(text, name=name)


def test_the_story_starting_on_the_header_line_is_its_first_paragraph():
    record = read(
        " date 2024-03-05 The city council voted on Monday to close the old bridge to cars for the summer.\n"
        "Work on the bridge will start in June and should end before the first snow, officials said.\n"
    )
    assert record.body.startswith("The city council voted on Monday to close the old bridge")
    assert "Work on the bridge will start in June" in record.body


def test_a_wire_dateline_on_the_header_line_gives_the_day_of_a_month_only_header():
    record = read(
        " date 2024-01 Jan 2 (Reuters) - Grain prices rose on Tuesday as traders weighed the weather in "
        "the southern plains and a slower pace of exports.\n\nAnalysts expect more swings this week.\n"
    )
    assert record.published_date == dt.date(2024, 1, 2)
    assert record.date_precision == "day"
    assert record.source == "Reuters"
    assert record.body.startswith("Grain prices rose on Tuesday")


def test_a_month_only_header_without_a_printed_day_stays_a_month():
    record = read(
        " date 2023-06 Harbour repairs begin\n\nCrews began repairing the north pier of the harbour after "
        "the winter storms damaged its deck and railings.\n"
    )
    assert (record.published_date, record.date_precision) == (dt.date(2023, 6, 1), "month")


def test_a_day_printed_in_another_language_completes_a_month_only_header():
    record = read(
        " date 2023-10 El ayuntamiento presentó hoy martes 24 de octubre de 2023 el nuevo plan de "
        "transporte para el centro de la ciudad.\n\nEl plan entrará en vigor en enero.\n"
    )
    assert (record.published_date, record.date_precision) == (dt.date(2023, 10, 24), "day")


@pytest.mark.parametrize(
    "text, day",
    [("le 3 janvier 2024", dt.date(2024, 1, 3)), ("am 3. März 2024", dt.date(2024, 3, 3)),
     ("Jan. 3, 2024", dt.date(2024, 1, 3))],
)  # fmt: skip
def test_printed_dates_in_several_languages(text, day):
    assert find_date(text)[0] == day


def test_an_agency_credit_without_a_place_opens_the_body():
    dateline = parse_dateline(
        "(Example Wire) – The river rose two metres overnight, flooding the lower town."
    )
    assert (dateline.place, dateline.agency) == ("", "Example Wire")
    assert dateline.rest.startswith("The river rose")
    record = read(
        " date 2024-02-09 River floods lower town\n\n(Example Wire) – The river rose two metres overnight, "
        "flooding the lower town and closing the main road.\n\nResidents were moved to the school.\n"
    )
    assert record.dateline == ""
    assert record.body.startswith("The river rose two metres overnight")


def test_language_is_detected_and_a_page_in_estonian_imports():
    record = read(f" date 2024-05-02 Uus trammiliin avatakse sügisel\n\n{ESTONIAN}\n")
    assert record.language == "et"
    assert record.body.startswith("Tallinna linnavalitsus teatas")
    english = read(" date 2024-05-02 New tram line opens in autumn\n\nThe city said on Thursday that the new "
                   "tram line will open in the autumn, with ten new trams running on it.\n")  # fmt: skip
    assert english.language == "en"


def test_too_little_text_gets_no_language_rather_than_a_guess():
    assert detect_language("Ja") == ""
    assert detect_language("", "") == ""


def test_a_page_with_no_text_is_refused_with_a_message_that_says_so():
    with pytest.raises(ValueError, match="no readable text"):
        read(" date 2024-01-03\n\nMenu\nShare\nSubscribe\n\n©\n")


def test_an_ordinary_story_is_an_article():
    record = read(" date 2024-01-03 Bridge to close for repairs\n\nBy Jane Doe\n\nThe old bridge will close to "
                  "cars on Monday for three months of repairs, the city said.\n")  # fmt: skip
    assert record.kind == "article"


@pytest.mark.parametrize(
    "titles, lines, body, kind",
    [
        (["Read full article on original website"], ["Another story's teaser"], "", "stub"),
        (["Story"], ["Continue to this story on the Example Tribune"], "", "stub"),
        ([""], ["Today is Thursday, March 16, the 75th day of 2023. There are 290 days left in the year."],
         "Today is Thursday...", "digest"),
        (["Morning briefing: five things to know"], [], "", "digest"),
        (["Harbour festival (24 images)"], [], "", "gallery"),
        (["Photo 1 of 12"], ["Photo 2 of 12"], "", "gallery"),
        (["VIDEO: Crews battle the warehouse fire"], [], "Crews worked through the night.", "video"),
    ],
)  # fmt: skip
def test_kinds_by_the_shape_of_the_page(titles, lines, body, kind):
    assert page_kind(titles=titles, lines=lines, body=body) == kind


def test_a_live_blog_of_stamped_entries_is_a_digest():
    entries = []
    for hour in (9, 10, 11):
        entries += [f"{hour}:15 AM", f"The council announced item number {hour} at its meeting on the budget "
                    "for the coming year, officials said."]  # fmt: skip
    body = "\n\n".join(entry for entry in entries if " " in entry and len(entry) > 20)
    assert page_kind(titles=["Live"], lines=entries, body=body) == "digest"


def test_a_page_of_headlines_is_a_listing():
    lines = [f"Council approves budget plan number {n} for the city" for n in range(12)]
    assert page_kind(titles=["Local news"], lines=lines, body="") == "listing"


def test_a_long_article_with_a_gallery_word_in_the_text_stays_an_article():
    body = "\n\n".join(["The museum opened its new wing on Saturday with a photo gallery of the town's past, "
                        "curators said, and hundreds of visitors came."] * 5)  # fmt: skip
    assert page_kind(titles=["Museum opens new wing"], lines=body.split("\n\n"), body=body) == "article"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600), st.sampled_from([" date 2024-01-03 ", " date 2024-01 ", ""]))
def test_the_reader_never_fails_on_any_text_except_to_refuse_it(text, header):
    try:
        record = read(header + text)
    except ValueError as error:
        assert str(error)
        return
    assert record.kind in ("article", "digest", "gallery", "video", "listing", "stub")
    assert record.date_precision in ("", "time", "day", "month")


# --- the headline from the evidence of the whole page -------------------------------------------------


def test_a_header_naming_the_site_loses_to_the_line_naming_the_story():
    record = read(
        " date 2024-06-01 Your trusted local paper since 1901\n"
        "Harbour ferry returns after winter repairs to its engines\n\n"
        "By Jane Doe\n\n"
        "The harbour ferry returned to service on Saturday after its engines were repaired over the winter, "
        "the ferry company said.\n"
    )
    assert record.title == "Harbour ferry returns after winter repairs to its engines"


def test_breadcrumbs_and_status_labels_are_not_part_of_the_headline():
    from articles.importers.page_headline import split_header

    assert split_header("Home > Local > News Ferry returns after winter repairs")[0] == (
        "Ferry returns after winter repairs"
    )
    assert split_header("News World Leaders meet in Oslo to sign fishing pact")[0] == (
        "Leaders meet in Oslo to sign fishing pact"
    )
    assert split_header("World leaders meet in Oslo to sign fishing pact")[0] == (
        "World leaders meet in Oslo to sign fishing pact"
    )
    assert split_header("BREAKING NEWS: Ferry sinks in harbour")[0] == "Ferry sinks in harbour"


def test_a_standfirst_glued_to_the_header_is_split_off():
    record = read(
        " date 2024-06-01 Council approves the new harbour bridge after a long debate The vote came after "
        "three hours of questions from residents about the cost of the project and its route.\n\n"
        "The city council approved the new harbour bridge on Friday night.\n"
    )
    assert record.title == "Council approves the new harbour bridge after a long debate"
    assert record.extra["deck"].startswith("The vote came after three hours")
    assert record.body.startswith("The city council approved")


def test_a_truncated_header_is_completed_from_the_page():
    record = read(
        " date 2024-06-01 Ferry returns to the harbour after a long winter of...\n"
        "Ferry returns to the harbour after a long winter of engine repairs\n\n"
        "The ferry returned on Saturday after its engines were repaired, the company said.\n"
    )
    assert record.title == "Ferry returns to the harbour after a long winter of engine repairs"


def test_a_section_label_and_a_captioned_photo_are_not_headlines():
    record = read(
        " date 2024-06-01 Menu\n"
        "SCIENCE & TECHNOLOGY\n"
        "A boat sails past the lighthouse at dawn. (Example Wire)\n\n"
        "Lighthouse keepers return to the northern island\n\n"
        "Lighthouse keepers returned to the northern island on Friday for the first time in a decade, "
        "the coast guard said.\n"
    )
    assert record.title == "Lighthouse keepers return to the northern island"


# --- bylines, dates and the story's end ---------------------------------------------------------------


def test_an_agency_alone_above_the_story_is_its_byline_and_the_line_above_a_standfirst():
    record = read(
        " date 2024-01-16 Harbour strike ends after two weeks\n\n"
        "The deal still has to be approved by the union's members next week.\n\n"
        "AP\n\n"
        "Dock workers ended their strike on Monday after two weeks, their union said, and ships began to "
        "unload again at the northern terminal.\n\n"
        "The agreement raises wages by four percent a year over three years, the union said.\n"
    )
    assert (record.byline, record.source) == ("The Associated Press", "The Associated Press")
    assert record.body.startswith("Dock workers ended their strike")
    assert record.body.endswith("over three years, the union said.")


def test_a_byline_split_over_the_header_and_the_next_line():
    record = read(" date 2024-01-16 By\nJane Doe, The Canadian Press\n\nThe harbour ferry returned to service "
                  "on Saturday after repairs over the winter, the company said.\n")  # fmt: skip
    assert record.byline == "Jane Doe"
    assert record.source == "The Canadian Press"


def test_a_bare_name_over_the_publication_date_is_the_byline():
    record = read(" date 2024-04-08 Crowds gather for the eclipse\n\nJane Doe\nApril 8, 2024\n\nTens of "
                  "thousands gathered in the city park on Monday to watch the eclipse, organisers said.\n")  # fmt: skip
    assert record.byline == "Jane Doe"


def test_a_header_with_day_and_month_swapped_yields_to_the_printed_date():
    record = read(" date 2024-08-04 Crowds gather for the eclipse\n\nApril 8, 2024\n\nTens of thousands "
                  "gathered in the city park on Monday to watch the eclipse, organisers said.\n")  # fmt: skip
    assert record.published_date == dt.date(2024, 4, 8)


def test_an_events_date_in_the_first_paragraph_does_not_date_a_month_only_page():
    record = read(" date 2023-11 Flood victim found\n\nOn Saturday, 4 November 2023, rescuers found the body of "
                  "a man missing since the floods, police said.\n")  # fmt: skip
    assert (record.published_date, record.date_precision) == (dt.date(2023, 11, 1), "month")


def test_a_dotted_date_stamp_under_a_short_item_gives_the_day():
    record = read(" date 2023-09 In der Stadt wurde am Samstag ein neues Museum für Kinder eröffnet, das "
                  "ganzjährig geöffnet ist.\n\n10.09.2023\n")  # fmt: skip
    assert (record.published_date, record.date_precision) == (dt.date(2023, 9, 10), "day")
    assert record.body.startswith("In der Stadt wurde am Samstag")


def test_paywall_lines_and_status_notes_are_not_the_story():
    record = read(
        " date 2024-01-16 Council approves budget\n\n"
        "The council approved the budget on Monday after a long debate, the mayor said.\n\n"
        "Taxes will rise by two percent next year. (with Example Wire)\n\n"
        "This is a breaking news story.\n\n"
        "You have exhausted your free article limit.\n"
        "Please support quality journalism.\n"
        "You must enable JavaScript in your browser to read this site.\n"
    )
    assert record.body.endswith("Taxes will rise by two percent next year.")
    assert "journalism" not in record.body and "JavaScript" not in record.body


# --- more kinds ---------------------------------------------------------------------------------------


def test_a_ticker_of_items_is_a_digest():
    title = "Oslo: Ferry sinks +++ Bergen: Bridge closes +++ Trondheim: Storm warning +++ News from Norway."
    assert page_kind(titles=[title], lines=[], body="") == "digest"


def test_a_briefing_of_labelled_paragraphs_is_a_digest():
    items = [f"Harbour news from {place}: The council said on Monday that the budget would be debated again "
             "next week after residents complained." for place in ("Oslo", "Bergen", "Tromso", "Bodo")]  # fmt: skip
    assert page_kind(titles=["Your morning"], lines=items, body="\n\n".join(items)) == "digest"


def test_a_page_of_captions_with_credits_is_a_gallery():
    lines = ["Boats sail in on Saturday, Aug. 9, 2023, in Halifax, Nova Scotia.",
             "Crowds watch the tall ships. (Jane Doe/Example Photo Agency via AP)",
             "Fireworks close the festival on Sunday, Aug. 10, 2023, in Halifax, Nova Scotia."]  # fmt: skip
    assert page_kind(titles=[""], lines=lines, body="") == "gallery"
    one = ["A boat passes the lighthouse at dawn on the first day of the festival. (AP Photo/Jane Doe)"]
    assert page_kind(titles=[""], lines=one, body="") == "gallery"


def test_a_television_report_description_is_a_video():
    body = "Firefighters fought the warehouse fire through the night as the wind changed twice. Jane Doe reports."
    assert page_kind(titles=["Warehouse fire"], lines=[body], body=body) == "video"


def test_a_list_of_videos_and_a_rail_of_glued_teasers_are_listings():
    videos = [
        "Ferry returns. Credit: Example TV Duration: 02:31",
        "Storm hits. Credit: Example TV Duration: 01:05",
    ]
    assert page_kind(titles=[""], lines=videos, body="") == "listing"
    teasers = [f"Team Loses Game In {word}The team lost again on Sunday, its coach said."
               for word in ("Overtime", "Snow", "Denver")]  # fmt: skip
    assert page_kind(titles=[""], lines=teasers, body="\n\n".join(teasers)) == "listing"


@pytest.mark.parametrize(
    "text, repaired",
    [("Tom &amp; Jerry", "Tom & Jerry"), ("He said quot;noquot; today", 'He said "no" today'),
     ("It#39;s here", "It's here"), ("Rock-nbsp;and roll", "Rock and roll"), ("It&#39;s", "It's"),
     ("the quota; at camp; then", "the quota; at camp; then"), ("Harbour#8217;s", "Harbour’s")],
)  # fmt: skip
def test_html_entity_debris_is_repaired(text, repaired):
    from articles.importers.page_lines import repair_entities

    assert repair_entities(text) == repaired


def test_a_page_with_entity_debris_reads_clean():
    record = read(" date 2024-01-03 Harbour#39;s ferry returns to service\n\nThe ferry quot;Bluenosequot; returned on "
                  "Saturday after repairs, the company said.\n")  # fmt: skip
    assert record.title == "Harbour's ferry returns to service"
    assert record.body.startswith('The ferry "Bluenose" returned')


def test_a_page_with_a_title_and_no_story_of_its_own_is_a_stub():
    record = read(" date 2024-01-03 Council approves the new harbour budget\n\nShare\nSubscribe\n")
    assert record.kind == "stub"


def test_a_running_time_above_a_short_description_is_a_video():
    lines = ["Crews battle warehouse fire", "2:31", "Firefighters fought the fire through the night."]
    assert page_kind(titles=[""], lines=lines, body=lines[2]) == "video"


def test_a_count_tag_after_the_headline_stays_and_a_site_name_goes():
    from articles.importers.page_headline import headline_from_header

    assert headline_from_header("Ferry returns after winter repairs | 10 points") == (
        "Ferry returns after winter repairs | 10 points"
    )
    assert headline_from_header("Ferry returns after winter repairs | The Daily Example") == (
        "Ferry returns after winter repairs"
    )


def test_a_short_header_of_four_words_is_a_headline_and_a_line_introducing_items_starts_the_body():
    record = read(
        " date 2024-02-28 Blotter for Feb. 28\n"
        "Published 12:00 am Wednesday, February 28, 2024\n"
        "In the harbour police reports:\n"
        "- A bicycle was stolen from the ferry terminal between 6 p.m. on Feb. 25 and 4 a.m. on Feb. 26.\n"
        "- A window was broken at the fish market on Feb. 26, and the loss is estimated at $300.\n"
    )
    assert record.title == "Blotter for Feb. 28"
    assert record.body.startswith("In the harbour police reports:")


def test_a_clips_script_is_a_video_and_its_label_no_dateline():
    text = ("STORY: Firefighters fought the warehouse fire through the night as the wind changed twice, and "
            "by morning the roof had fallen in.")  # fmt: skip
    assert page_kind(titles=[text], lines=[text], body=text) == "video"
    assert parse_dateline("STORY: Firefighters fought the fire all night.") is None


def test_captions_ending_with_place_and_date_make_a_gallery():
    lines = ["A man walks past the market in Torreon, Coahuila, Mexico April 8, 2024",
             "Crowds watch the sky in Dallas, Texas April 8, 2024",
             "The city said more people came than expected."]  # fmt: skip
    assert page_kind(titles=[""], lines=lines, body=lines[2]) == "gallery"


# --- bylines, times and places glued together ----------------------------------------------------------


def test_a_name_in_capitals_glued_to_the_weekday_is_split():
    record = read(" date 2024-01-03 Ferry returns to the harbour after repairs\n\nJANE DOEWednesday, 3 January 2024, "
                  "10:12\n\nThe ferry returned to service on Wednesday after repairs, the company said.\n")  # fmt: skip
    assert record.byline.casefold() == "jane doe"
    assert record.published_at.date() == dt.date(2024, 1, 3)


def test_a_label_before_by_and_a_date_after_the_name():
    record = read(" date 2024-11-06 Tribal council approves new school\n\nDetails By Jane Doe November 06, 2024\n\n"
                  "The tribal council approved plans for a new school on Tuesday, its chair said.\n")  # fmt: skip
    assert record.byline == "Jane Doe"


def test_agency_place_and_time_separated_by_bars():
    record = read(" date 2024-01-03 Port reopens after the storm passes\n\nPTI | Dubai | Updated: Jan 3, 2024, "
                  "10:12 IST\n\nThe port reopened on Wednesday after the storm passed, officials said.\n")  # fmt: skip
    assert (record.byline, record.source, record.dateline) == (
        "Press Trust of India",
        "Press Trust of India",
        "Dubai",
    )


def test_a_reading_time_glued_to_the_year():
    record = read(" date 2023-05 Ferry returns to the harbour after repairs\n\nMay 16, 20231 min. read\n\n"
                  "The ferry returned to service on Tuesday after repairs, the company said.\n")  # fmt: skip
    assert (record.published_date, record.date_precision) == (dt.date(2023, 5, 16), "day")
    assert "min. read" not in record.body


@pytest.mark.parametrize(
    "paragraph, place, agency",
    [("(Gaziantep, Turkey) — Rescuers pulled more survivors from the rubble.", "Gaziantep, Turkey", ""),
     ("WASHINGTON/CAIRO (Reuters) – The two governments said talks would go on.", "WASHINGTON/CAIRO", "Reuters"),
     ("Native Vote 2024. WASHINGTON — The tribal vote could decide the race.", "WASHINGTON", ""),
     ("Jan 2 (Reuters) - Grain prices rose on Tuesday.", "", "Reuters")],
)  # fmt: skip
def test_datelines_in_other_shapes(paragraph, place, agency):
    dateline = parse_dateline(paragraph)
    assert (dateline.place, dateline.agency) == (place, agency)
    assert dateline.rest[0].isupper() and "—" not in dateline.rest[:3]


def test_a_gallery_count_and_a_comment_count_are_not_part_of_the_headline():
    record = read(" date 2024-03-01 Harbour festival draws thousands (24 images)\n\nThousands came to the harbour "
                  "festival on Saturday to see the tall ships.\n")  # fmt: skip
    assert record.title == "Harbour festival draws thousands"
    record = read(" date 2024-03-01 Council approves harbour budget 0\n\nCouncil approves harbour budget\n\n"
                  "The council approved the budget on Monday after a long debate.\n")  # fmt: skip
    assert record.title == "Council approves harbour budget"
    record = read(" date 2024-03-01 Phone maker unveils its Model 15\n\nThe company unveiled the phone on "
                  "Monday at an event in the city.\n")  # fmt: skip
    assert record.title == "Phone maker unveils its Model 15"


@pytest.mark.parametrize(
    "text, day",
    [("Posted 2023/05/12 10:30", dt.date(2023, 5, 12)), ("2023年5月12日 10:30", dt.date(2023, 5, 12)),
     ("10.09.2023", dt.date(2023, 9, 10))],
)  # fmt: skip
def test_dates_printed_year_first_or_with_dots(text, day):
    assert find_date(text)[0] == day


def test_a_slashed_date_that_is_not_on_the_calendar_is_no_date():
    assert find_date("2023/13/40") is None


# --- kinds, stop 19 -----------------------------------------------------------------------------------


def test_a_photographer_credit_under_each_picture_makes_a_gallery_not_a_listing():
    lines = ["A storm brings snow to the coast on Tuesday.", "Jane Doe/AP", "Jane Doe/AP",
             "John Roe/The Harbour Herald/AP", "Ann Poe/Reuters", "Max Moe/AFP/Getty Images", "Credits"]  # fmt: skip
    assert page_kind(titles=["Pictures"], lines=lines, body=lines[0]) == "gallery"


@pytest.mark.parametrize(
    "text",
    [
        "A helicopter drops water on the fire in Hilltown, Northshire, on August 18, 2023. Crews worked all day.",
        "Smoke rises over the port in Harbourtown, Eastland, 18 April 2023. EXA-EFE/STRINGER",
        "epa11111111 Ships wait outside the closed canal at dawn, officials said. EPA/JANE DOE",
        "Boats wait outside the closed harbour while the storm passes. EPA-EFE/JOHN ROE",
    ],
)
def test_a_page_that_is_one_photo_caption_is_a_gallery(text):
    assert page_kind(titles=[text], lines=[text], body=text) == "gallery"


def test_a_single_photo_page_with_its_credit_line_is_a_gallery():
    lines = ["Fighting the fire on the hill", "Jane Doe, AFP",
             "A helicopter drops water as the fire burns above the town on Saturday."]  # fmt: skip
    assert page_kind(titles=[lines[0]], lines=lines, body=lines[2]) == "gallery"


def test_a_short_story_with_a_dateline_and_a_credit_stays_an_article():
    lines = ["Fire sweeps through hill town", "Jane Doe via AP",
             "A fire burned through the hill town on Wednesday, Aug. 9, 2023, in Hilltown, officials said."]  # fmt: skip
    assert page_kind(titles=[lines[0]], lines=lines, body=lines[2], dateline="HILLTOWN") == "article"
    story = (
        "The council met on Monday in Harbourtown, Eastland, and approved the budget. It takes effect in May."
    )
    assert page_kind(titles=["Budget approved"], lines=[story], body=story) == "article"


def test_captions_of_one_event_ending_alike_make_a_gallery():
    lines = [f"{scene} during the opening night of the harbour festival." for scene in (
        "Boats sail past the lighthouse", "Dancers perform on the pier", "A choir sings by the market",
        "Fireworks light the bay", "Children wave flags on the quay")]  # fmt: skip
    assert page_kind(titles=[""], lines=lines, body="\n\n".join(lines)) == "gallery"
    story = ["The council approved the budget on Monday.", "It raises the ferry fares in May.",
             "Residents said they would appeal.", "The mayor said the vote was fair."]  # fmt: skip
    assert page_kind(titles=["Budget"], lines=story, body="\n\n".join(story)) == "article"


def test_a_teaser_that_ends_in_read_more_is_a_stub():
    text = ("(Harbour Gazette) – A ferry ran aground near the harbour on Tuesday, officials said, and its "
            "passengers were taken off by lifeboat. (Read More)")  # fmt: skip
    assert page_kind(titles=["Ferry runs aground"], lines=[text], body=text) == "stub"


def test_a_round_up_greeting_and_items_with_their_own_source_make_digests():
    greeting = "Today is Monday, Jan. 23, 2023. Let's get caught up."
    items = ["The ferry returned after repairs on Sunday, the company said.", "The council met."]
    assert page_kind(titles=[greeting], lines=[greeting, *items], body="\n\n".join(items)) == "digest"
    review = [f"{place} : Port news- The {place} port reopened on Monday after the storm, officials said. "
              f"(Source : {place} Daily)" for place in ("Northport", "Southport")]  # fmt: skip
    assert page_kind(titles=[""], lines=review, body="\n\n".join(review)) == "digest"


def test_a_provider_and_time_credit_line_or_a_live_stream_make_a_video():
    head = "Example Video • 03/03/2021 à 15:57"
    text = "The minister said the harbour would reopen in April."
    assert page_kind(titles=[head], lines=[head, text], body=text) == "video"
    live = "Example News comes live as crowds gather at the harbour to watch the tall ships arrive."
    assert page_kind(titles=["Tall ships arrive"], lines=["Tall ships arrive", live], body=live) == "video"


# --- body start and end, stop 19 ----------------------------------------------------------------------


def test_notes_after_the_story_are_not_its_last_paragraph():
    record = read(
        " date 2024-01-23 Attic fire in Hilltown\n\n"
        "Firefighters put out a fire in the attic of a house in Hilltown on Monday.\n\n"
        "No injuries were reported.\n\n"
        "Photos courtesy of the Hilltown Volunteer Fire Department.\n"
    )
    assert record.body.endswith("No injuries were reported.")
    record = read(
        " date 2023-02-06 Storm hits the coast\n\n"
        "A storm hit the coast on Monday, closing the harbour and the ferry.\n\n"
        "Many people have been left without power.\n\n"
        "Harbour Times is part of the Example Media group\n\n"
        "http://harbour.example Harbour Times – News from the coast\n"
    )
    assert record.body.endswith("Many people have been left without power.")


def test_a_caption_with_its_credit_and_a_photo_slug_close_the_story():
    record = read(
        " date 2024-02-15 Parade ends in panic\n\n"
        "A parade ended in panic on Wednesday when shots were fired near the station.\n\n"
        "People take cover near the station on February 14, 2024. (Photo by JANE DOE / Example Images via AFP)\n"
    )
    assert record.body.endswith("when shots were fired near the station.")
    record = read(
        " date 2023-06-29 Court rules on admissions\n\n"
        "The court ruled on Thursday that the colleges must change how they admit students.\n\n"
        "The colleges said they would study the ruling.\n\n"
        "US-NEWS-COURT-ADMISSIONS-2-GET\n\n"
        "The president speaks about the ruling at the White House on June 29, 2023.\n"
    )
    assert record.body.endswith("The colleges said they would study the ruling.")
    assert notes.is_photo_slug("GPH-20230629_Admissions_chart")
    assert not notes.is_photo_slug("COVID-19") and not notes.is_photo_slug("Well-known-for-it")


def test_paywall_lines_are_furniture():
    assert pl.is_furniture("Support our reporting.")
    assert pl.is_furniture("This is a Premium article available exclusively to our subscribers.")


def test_a_date_stamp_before_the_story_and_a_place_with_its_country_and_a_dash():
    record = read(
        " date 2022-09 Harbour law passes\n\n17. 09. 2022 | Am 16.9. hat der Rat das Gesetz gebilligt.\n"
    )
    assert record.body.startswith("Am 16.9. hat der Rat")
    found = parse_dateline("London, England- Palace officials have announced the death of the Queen.")
    assert found and found.place == "London, England"
    assert found.rest.startswith("Palace officials")
    assert parse_dateline("Meanwhile the council - which met on Monday - approved it.") is None


# --- dates, bylines and headers, stop 19 --------------------------------------------------------------


def test_a_stamp_glued_before_the_headline_gives_the_month_only_page_its_day():
    record = read(" date 2024-06 Stand: 10.06.2024 09:30 Uhr Harbour votes are counted again\n\n"
                  "The harbour board counted the votes on Monday and the ferry plan won.\n")  # fmt: skip
    assert record.title == "Harbour votes are counted again"
    assert record.published_date == dt.date(2024, 6, 10)


def test_a_header_that_is_only_a_dateline_gives_the_place_and_the_day():
    record = read(" date 2022-12 Baku, 27. Dezember, EXAMPLEPRESS\n\n"
                  "Der Präsident wird das neue Jahr am Meer verbringen, teilte das Büro mit.\n")  # fmt: skip
    assert record.dateline == "Baku"
    assert record.published_date == dt.date(2022, 12, 27) and record.date_precision == "day"
    assert record.body.startswith("Der Präsident")


def test_a_credit_line_date_and_a_day_named_with_today_give_a_month_only_page_its_day():
    video = read(" date 2021-03 Example Video • 03/03/2021 à 15:57\n\n"
                 "Le gouvernement espère rouvrir le pays à la mi-avril, selon son porte-parole.\n")  # fmt: skip
    assert video.published_date == dt.date(2021, 3, 3)
    first = read(" date 2023-02 Chuvas deixam 24 mortos no estado\n\n"
                 "Levantamento divulgado hoje (1º) pela Defesa Civil mostra que 24 pessoas morreram.\n")  # fmt: skip
    assert first.published_date == dt.date(2023, 2, 1) and first.date_precision == "day"
    event = read(" date 2023-06 Lula fala sobre a reunião\n\n"
                 "O presidente disse, nesta segunda-feira (19), que o encontro foi importante.\n")  # fmt: skip
    assert event.date_precision == "month"


def test_bylines_in_other_languages_cut_at_the_next_credit_and_a_reporter_naming_the_report():
    assert pl.parse_byline("Von Jane Doe").byline == "Jane Doe"
    assert pl.parse_byline("Par ailleurs, le conseil a voté.") is None
    credit = pl.parse_byline("Reported By:Jane Doe| Edited By: John Roe |Updated: Feb 06, 2023, 08:33 PM IST")
    assert credit.byline == "Jane Doe" and credit.rest.startswith("Updated")
    assert notes.reporter("Crews fought the fire all night. Example TV's Jane Doe reports.") == "Jane Doe"
    assert notes.reporter("The council said it reports to the mayor.") == ""


def test_a_place_after_the_time_line_is_the_dateline():
    record = read(" date 2024-01-16 Harbour caucus won by the mayor\n\n"
                  "January 16, 2024 07:25 am | Updated 07:27 am IST - HALIFAX\n\n"
                  "The mayor won the harbour caucus on Monday, officials said.\n")  # fmt: skip
    assert record.dateline == "HALIFAX"
    assert notes.place_after_time("Updated 07:27 am IST - Harbour Board") == ""


def test_a_short_description_with_its_date_alone_on_a_line_is_a_video():
    lines = ["Ferry returns to the harbour", "Crews brought the ferry back after a winter of repairs.",
             "January 14, 2024"]  # fmt: skip
    assert page_kind(titles=[lines[0]], lines=lines, body=lines[1]) == "video"
    sentences = ["Crews brought the ferry back after months of repairs in the dry dock.",
                 "The company said the engines were replaced and the hull painted.",
                 "Passengers will board from the old pier until the new one opens.",
                 "Tickets went on sale on Friday and the first crossings sold out quickly."]  # fmt: skip
    story = ["Ferry returns to the harbour", "January 14, 2024", *sentences]
    assert page_kind(titles=[story[0]], lines=story, body="\n\n".join(story[2:])) == "article"


def test_a_standfirst_the_story_restates_is_not_its_first_paragraph():
    record = read(
        " date 2023-11 Maltempo in Toscana\n\n"
        "Gianni Rossi, l'uomo di 69 anni disperso a causa dell'alluvione a Campi, è stato trovato morto. "
        "Il numero delle vittime causato dal maltempo in Toscana è salito ufficialmente a otto.\n\n"
        "Nella giornata di sabato è stato trovato morto Gianni Rossi, uomo di 69 anni disperso a causa "
        "dell'alluvione a Campi. Il numero delle persone morte a causa del maltempo in Toscana è salito a otto.\n\n"
        "Le alluvioni hanno colpito la regione negli ultimi giorni.\n"
    )
    assert record.body.startswith("Nella giornata di sabato")
    assert not notes.restated(["The council approved the budget on Monday after a long debate about fares.",
                               "Residents said they would appeal.", "The mayor said the vote was fair."])  # fmt: skip
