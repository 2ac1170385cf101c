"""The page reader on the open web, second round of stop 19 (issue 14): rules written to generalise
across sites. Every example is invented for the rule it pins (no crawled page text). Pure: no database.
"""

import datetime as dt

import pytest

from articles.importers.page import parse_page
from articles.importers.page_lines import parse_dateline


def read(text: str, name: str = "page.txt"):
    return parse_page(text, name=name)


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "date", "rest"),
    [
        ("GREENVILLE, OHIO—On Monday the county fair opened its gates.", "GREENVILLE, OHIO", "", "",
         "On Monday the county fair opened its gates."),
        ("Torino, 12 mar. “Il ponte resterà chiuso fino a maggio”, ha detto il sindaco.", "Torino", "",
         "12 mar", "“Il ponte resterà chiuso fino a maggio”, ha detto il sindaco."),
        ("TALLINN, APRIL 4, BALTNEWS. The tram line opened on Thursday.", "TALLINN", "BALTNEWS", "APRIL 4",
         "The tram line opened on Thursday."),
        ("Lisboa, 7 março 2023 – O metro fechou mais cedo.", "Lisboa", "", "7 março 2023",
         "O metro fechou mais cedo."),
        ("SÃO LUÍS - A chuva parou.", "SÃO LUÍS", "", "", "A chuva parou."),
    ],
)  # fmt: skip
def test_datelines_in_more_shapes(paragraph, place, agency, date, rest):
    dateline = parse_dateline(paragraph)
    assert (dateline.place, dateline.agency, dateline.date, dateline.rest) == (place, agency, date, rest)


@pytest.mark.parametrize(
    "paragraph",
    ["By March 20 Smith had left the company.", "Officials—the mayor among them—stayed.",
     "WASHINGTON-BASED groups said so.", "In May 3 people were hurt."],
)  # fmt: skip
def test_sentences_that_are_not_datelines(paragraph):
    assert parse_dateline(paragraph) is None


def test_a_dateline_with_an_abbreviated_foreign_month_gives_a_month_only_page_its_day():
    record = read(" date 2024-03 notizie\n\nTorino, 12 mar. “Il ponte resterà chiuso fino a maggio”, ha "
                  "detto il sindaco ai giornalisti. I lavori sono cominciati ieri mattina.\n")  # fmt: skip
    assert record.dateline == "Torino"
    assert record.published_date == dt.date(2024, 3, 12)
    assert record.body.startswith("“Il ponte resterà chiuso")


@pytest.mark.parametrize(
    "text",
    [
        " date 2024-05 Good morning. Here is what happened overnight in the region and beyond.\n\n"
        "The council met late into the night and voted to close the old bridge to cars.\n\n"
        "In sport, the home side won its third game in a row on Sunday afternoon.\n",
        " date 2024-05 Olá\n\nConfira abaixo as principais notícias do dia na cidade e no país, reunidas "
        "pela redação para quem acordou agora.\n\nA ponte velha fecha aos carros a partir de segunda.\n",
        " date 2024-05 Resumo\n\n"
        + "\n\n".join(
            f"* Item {n} of the briefing. The council met late into the night and voted to close the old "
            f"bridge number {n} to cars for the whole of the summer season. Read more."
            for n in range(3)
        ),
        " date 2023-07-04 Today is the 185th day of 2023 and the 14th day of summer.\n"
        "TODAY’S FACT: The town was founded on this day in 1850 by a group of farmers.\n"
        "TODAY’S QUOTE: “Every town has a story.” -- A. Writer\n",
    ],
)
def test_round_ups_are_digests(text):
    record = read(text)
    assert record.kind == "digest"
    assert record.dateline == ""  # "TODAY’S FACT:" heads an item; it is not a place


def test_an_article_with_a_colon_dateline_and_one_bullet_stays_an_article():
    record = read(" date 2024-05-02 Bridge to close for summer\n\nNEW TOWN: The council voted on Monday to "
                  "close the old bridge to cars for the summer, officials said.\n\n* Work starts in June and "
                  "should end before the first snow, the mayor said at a meeting on Monday night.\n")  # fmt: skip
    assert (record.kind, record.dateline) == ("article", "NEW TOWN")


def test_a_dateline_after_a_long_paragraph_is_not_the_story_start_nor_a_teaser_cut_short():
    long_paragraph = " ".join(["The council met late into the night and voted to close the old bridge."] * 6)
    record = read(
        " date 2024-05 Another story about the harbour and its new ferry\n\n"
        "Harbour news. Mayor: the ferry will come, but...\n\n"
        f"{long_paragraph}\n\n"
        "My comment. JOHN DOE COMMENT: THE BRIDGE https://example.org/x — John Doe (@jdoe) May 5, 2024\n\n"
        "J. SMITH: NO COALITION WITH THE OTHER PARTY\n"
    )
    assert record.body.startswith("The council met late into the night")
    assert record.dateline == ""
    assert record.body.endswith("THE BRIDGE https://example.org/x — John Doe (@jdoe) May 5, 2024")


def test_a_headline_glued_to_its_lead_is_cut_where_the_lead_names_its_subject_again():
    record = read(
        " date 2024-04 Ferries resume crossings to the island after storm closes harbour for a week Ferries "
        "resumed crossings on Saturday, the operator said. Mark Jones has the latest from Portsmouth.\n"
    )
    assert record.title == "Ferries resume crossings to the island after storm closes harbour for a week"
    assert record.body.startswith("Ferries resumed crossings on Saturday")
    assert record.byline == "Mark Jones"
    assert record.kind == "video"  # a short description closed by its reporter's line


@pytest.mark.parametrize(
    "header",
    [
        # the subject named again inside the sentence: a name the page prints mid-sentence elsewhere
        "Oslo council votes to close the old bridge to cars in Oslo for the summer, officials said on Monday.",
        # a first paragraph that opens on a place and a dash
        "Oslo - The council voted on Monday to close the old bridge for the summer: in all Oslo, traffic slows.",
    ],
)
def test_a_first_paragraph_on_the_header_is_not_cut(header):
    record = read(f" date 2024-04-02 {header}\n\nWork starts in June, and Oslo expects delays.\n")
    # the place before a spaced dash is the dateline (stop 20); the rest of the paragraph is the body's
    place, _, lead = header.partition(" - ") if " - " in header else ("", "", header)
    assert record.body.startswith(lead[:40])
    assert record.dateline == place


def test_a_caption_with_its_photo_credit_on_the_header_is_not_the_headline():
    record = read(
        " date 2023-04-23 Smoke rises over the harbour after a fire at the old docks in Oslo. Photo AP\n"
        "Oslo ferry operator suspends crossings; island schools to close for a week\n"
        "- Ferries will not run before Friday, the operator said in a statement on its website\n"
        "- Schools on the island close because teachers cannot reach them from the mainland\n"
    )
    assert record.title == "Oslo ferry operator suspends crossings; island schools to close for a week"
    assert record.body.startswith("Ferries will not run before Friday")  # a key point's marker goes
    assert record.body.split("\n\n")[1].startswith("- Schools on the island")  # each item its paragraph


def test_a_dialogue_dash_that_ends_its_sentence_stays():
    record = read(" date 2023-04-23 Minister defends the new ferry timetable\n\n- We will not give up the "
                  "island, the minister said on Monday.\n\nThe timetable starts in June.\n")  # fmt: skip
    assert record.body.startswith("- We will not give up the island")


def test_a_header_preview_printed_again_leaves_headline_and_bare_name_byline_above_the_story():
    lead = ("The council voted on Monday evening to close the old bridge to cars for the whole summer. "
            "Work starts in June, officials said.")  # fmt: skip
    record = read(f" date 2023-10 T he{lead[3:]}\n\n\n\n\"We did it!\" The mayor's speech after the vote\n\n"
                  f"Jane Kowalska\n\n{lead}\n")  # fmt: skip
    assert record.title == '"We did it!" The mayor\'s speech after the vote'
    assert record.byline == "Jane Kowalska"
    assert record.body == lead


def test_a_syndication_credit_gives_headline_and_source_and_is_not_the_body():
    record = read(" date 2023-11-20 RIVERTON — A deputy arrested a man seen waving a machete on Main Street on "
                  "Saturday night.\n\nAnyone with information is asked to call the sheriff's office.\n\n"
                  "This article originally appeared on The Riverton Gazette: Deputy arrests man seen waving "
                  "machete\n")  # fmt: skip
    assert record.title == "Deputy arrests man seen waving machete"
    assert record.source == "The Riverton Gazette"
    assert record.body.endswith("asked to call the sheriff's office.")


def test_an_agency_credit_glued_to_the_last_sentence_is_the_source():
    record = read(" date 2024-03-18 OSLO, Mar 18:\n\nThe council voted on Monday to close the old bridge to "
                  "cars for the summer.\n\nWork starts in June, officials said. (NTB)\n")  # fmt: skip
    assert (record.source, record.dateline) == ("NTB", "OSLO")
    assert record.body.endswith("Work starts in June, officials said.")
    named = read(" date 2024-03-18 Council votes to close the old bridge\n\nThe council voted on Monday to close "
                 "the old bridge.\n\nWork starts in June and ends in the autumn, said the mayor, Jane Smith. "
                 "(Smith)\n")  # fmt: skip
    assert named.body.endswith("(Smith)")  # a name in brackets is not an agency's credit


def test_a_long_teaser_ending_in_dots_on_the_header_is_the_body():
    text = ("Deutschland - Ab dem heutigen Montag protestieren die Landwirte in vielen Städten des Landes. "
            "Auf fast allen Autobahnen wird mit langen Staus gerechnet, sagt die Polizei am Morgen. Viele "
            "befürchten, dass die Lage weiter eskalieren könnte ...")  # fmt: skip
    record = read(f" date 2024-01 {text}\n")
    assert record.body == text.removeprefix("Deutschland - ")  # the place before the dash: the dateline
    assert record.dateline == "Deutschland"
    assert record.kind == "article"
    assert read(" date 2024-01 Farmers block motorways across the country as protests...\n\nThe protests "
                "began on Monday morning, police said.\n").title.startswith("Farmers block")  # fmt: skip


def test_an_embedded_post_credit_is_not_a_time_line_and_a_developing_note_is_not_the_end():
    record = read(
        " date 2024-04-13 The city council closed the old bridge to cars on Saturday after cracks were found.\n"
        "Engineers inspected the bridge on Friday and found cracks in two of its supports, the mayor said.\n"
        "BREAKING: Old bridge closed to cars, the mayor tells me\n"
        "— Jane Reporter (@janereporter) April 13, 2024\n"
        "The bridge will stay closed until the repairs are finished, officials said.\n"
        "This is an evolving story. Please check back later for updates.\n"
    )
    assert record.body.startswith("The city council closed the old bridge")
    assert record.body.endswith("until the repairs are finished, officials said.")


def test_an_italian_byline_on_the_header_line():
    record = read(" date 2024-06 di Maria Rossi\n\nLe elezioni europee del 2024 si sono tenute nei 27 Stati "
                  "membri tra il 6 e il 9 giugno, come deciso dal Consiglio.\n")  # fmt: skip
    assert record.byline == "Maria Rossi"
    assert record.body.startswith("Le elezioni europee")


def test_a_story_with_its_fixture_list_is_an_article_not_a_listing():
    story = ("Spain won the cup on Sunday after beating England 1-0 in the final in Sydney, their first senior "
             "title.\n\nThe winning goal came after 29 minutes, and the goalkeeper saved a penalty late on.\n\n")  # fmt: skip
    fixtures = "\n\n".join(
        f"{day} {n} August\n\nTeam {n} {n % 3}-{n % 2} Other Side {n} (Sydney, Stadium Australia)"
        for n, day in enumerate(["Sunday", "Saturday", "Tuesday", "Wednesday", "Friday", "Monday"] * 2, 1)
    )
    record = read(f" date 2023-08 {story}{fixtures}\n")
    assert record.kind == "article"


def test_slide_counters_glued_to_captions_make_a_gallery():
    record = read(" date 2023-10-23 WorldPhotographyWorld of Photos - October 24, 2023 9 ImagesSaveGot it\n"
                  "1/9The lighthouse after the storm in Whitby, England.Credit:PA2/9Hundreds of people march in "
                  "Leeds.Credit:AP3/9A dog in a costume at a parade in York.Credit:AP\n")  # fmt: skip
    assert record.kind == "gallery"
    fractions = read(" date 2023-10-23 Council cuts budget by a third\n\nThe council cut 1/3 of the budget and "
                     "kept 2/3 of the staff, the mayor said on Monday.\n")  # fmt: skip
    assert fractions.kind == "article"


def test_a_title_over_its_date_is_the_headline_not_a_time_line():
    record = read(" date 2023-10-22 PHOTOGRAPHY\nNews in pictures: Monday October 23, 2023\nIt was a dog day "
                  "afternoon at the Halloween dog parade in the park\nA breakdancer competes in the world final "
                  "in Paris\nVisitors gather at the lake in the desert\n")  # fmt: skip
    assert record.title == "News in pictures: Monday October 23, 2023"


def test_teasers_glued_to_their_summaries_after_the_story_are_not_its_end():
    record = read(
        " date 2023-11-23 The ferry operator said on Monday that crossings to the island will resume on Friday "
        "after the storm. Repairs to the harbour wall have been finished.\n\n"
        "Storm closes island harbour for a week as waves break the wallAlthough the ferries were safe, the "
        "operator kept them in port until the repairs were done.\n\n"
        "Island schools: teachers stranded on the mainland after storm closes the harbourIn a letter, "
        "the head teacher said lessons would move online.\n"
    )
    assert record.body.endswith("Repairs to the harbour wall have been finished.")
    keeps = read(" date 2023-11-23 Company launches new phone\n\nThe company launched its new phone on Monday.\n\n"
                 "Buyers can order it through the company's own app or on WhatsApp from Friday, it said.\n")  # fmt: skip
    assert keeps.body.endswith("on WhatsApp from Friday, it said.")
