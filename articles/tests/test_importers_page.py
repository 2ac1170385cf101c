"""The page-text parser (articles/importers/page.py) on the seed page, invented layouts and junk.

Pure functions only: no database, no Django settings needed.
"""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importers.dates import parse_header_date, parse_printed_datetime
from articles.importers.page import detect_wire_source, looks_like_page, parse_page
from articles.importers.page_lines import paragraphs_from_lines, parse_byline, parse_dateline, split_caption

PAGES = Path(__file__).parent / "fixtures" / "pages"
TORONTO = ZoneInfo("America/Toronto")
EST = dt.timezone(dt.timedelta(hours=-5))


def page(name, **kwargs):
    return parse_page((PAGES / name).read_text(encoding="utf-8"), name=name, **kwargs)


def sections(record):
    return [(item.section, item.kind, item.position, item.title) for item in record.related]


# --- the seed page (AP story on a Canadian site) ------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return page("seed_ap_nato.txt")


def test_seed_identity_and_original(seed):
    assert seed.external_id == "file:seed_ap_nato.txt"
    assert seed.format == "page"
    assert seed.original == (PAGES / "seed_ap_nato.txt").read_text(encoding="utf-8")


def test_seed_is_one_article_in_english(seed):
    # The site's "Most Watched Today" list after the story gives each clip's running time ("2:33"): those
    # are not a live blog's entry times, and the page is one article.
    assert seed.kind == "article"
    assert seed.language == "en"


def test_seed_title(seed):
    assert seed.title == (
        "NATO to help buy 1,000 Patriot missiles to defend allies as Russia ramps up air assault on Ukraine"
    )


def test_seed_dates_are_aware_local_times(seed):
    assert seed.published_date == dt.date(2024, 1, 3)
    assert seed.published_at == dt.datetime(2024, 1, 3, 8, 50, tzinfo=TORONTO)
    assert seed.updated_at == dt.datetime(2024, 1, 3, 8, 56, tzinfo=TORONTO)
    assert seed.published_at.utcoffset() == dt.timedelta(hours=-5)
    assert seed.date_precision == "time"


def test_seed_photo_caption_and_credit(seed):
    assert seed.photo_credit == "AP Photo/Efrem Lukatsky"
    assert seed.photo_caption == (
        "Volunteers and residents clear debris of an apartment building destroyed after Russian attack "
        "in Kyiv, Ukraine, Wednesday, Jan. 3, 2024."
    )
    assert "Copyright" not in seed.photo_caption


def test_seed_byline_source_dateline(seed):
    assert seed.byline == "The Associated Press"
    assert seed.source == "The Associated Press"
    assert seed.dateline == "BRUSSELS"


def test_seed_body_and_lede(seed):
    paragraphs = seed.body.split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("NATO announced Wednesday that it would help buy up to 1,000 Patriot")
    assert paragraphs[-1].endswith("as the war approaches its two-year mark.")
    assert seed.lede == paragraphs[0]
    assert paragraphs[2] == "According to industry sources, the contract could be worth around $5.5 billion."
    for furniture in ("___", "Follow AP", "Submit a Correction", "Accessibility Feedback", "Top Stories",
                      "Most Watched", "More Videos", "BRUSSELS", "1h ago"):  # fmt: skip
        assert furniture not in seed.body
    assert not any(p.strip() == "The Associated Press" for p in paragraphs)


def test_seed_coverage_link_kept(seed):
    assert seed.links == ["https://apnews.com/hub/russia-ukraine"]
    assert seed.extra["coverage"].startswith("Follow AP’s coverage of the war in Ukraine")


def test_seed_top_stories_once_each(seed):
    top = [item for item in seed.related if item.section == "Top Stories"]
    assert [item.title for item in top] == [
        "Nearly half of Ontario hospital workers 'dread going into work': poll",
        "Iran says at least 103 people killed, dozens wounded in blasts at ceremony honouring slain general",
        "Air Transat flight attendants reject tentative contract deal",
        "Toronto police say sex assault suspect 'enticed' victims with alcohol",
    ]
    assert [item.age for item in top] == ["1h ago", "1m ago", "3h ago", "3h ago"]
    assert [item.position for item in top] == [0, 1, 2, 3]
    assert {item.kind for item in top} == {"story"}
    assert top[0].summary.startswith("The union representing thousands of Ontario health-care workers")
    assert top[0].summary.endswith("hospital staff in the province...")


def test_seed_most_watched_videos(seed):
    videos = [item for item in seed.related if item.section == "Most Watched Today"]
    assert [item.duration for item in videos] == ["2:33", "2:13", "2:31", "2:48", "2:42"]
    assert [item.age for item in videos] == ["14h ago", "15h ago", "16h ago", "13h ago", ""]
    assert videos[2].title == "CEO pay now close to 250x average salary"
    assert videos[2].summary.startswith("By the time you read this")
    assert videos[4].summary.endswith("updating its e-bike protocol.")
    assert {item.kind for item in videos} == {"video"}
    assert [item.position for item in videos] == [0, 1, 2, 3, 4]
    assert len(seed.related) == 9
    assert not any(item.title == "More Videos" for item in seed.related)


def test_seed_has_no_warnings(seed):
    assert seed.warnings == []


def test_external_id_uses_the_base_name():
    record = parse_page(" date 2024-01-03\nA short paragraph about the weather in the city today.",
                        name="pages.zip:site/story one.txt")  # fmt: skip
    assert record.external_id == "file:story one.txt"


# --- invented layouts ---------------------------------------------------------------------------------


def test_banner_header_puts_the_headline_on_the_next_line():
    record = page("cp_banner_trending.txt")
    assert record.title == "Ontario expands winter shelter program as overnight lows fall below -20 C"
    assert record.extra["deck"] == (
        "Municipalities will be able to open warming centres two weeks earlier under the new rules"
    )
    assert record.byline == "Jane Doe"
    assert record.source == "The Canadian Press"
    assert record.published_at == dt.datetime(2024, 1, 3, 14, 37, tzinfo=TORONTO)
    assert record.dateline == "TORONTO"
    assert record.lede.startswith("Ontario will let municipalities open winter warming centres")


def test_inserts_inside_the_body_are_dropped_and_later_paragraphs_kept():
    record = page("cp_banner_trending.txt")
    body = record.body
    assert "Advertisement" not in body and "Story continues below" not in body
    assert "READ MORE" not in body and "Toronto shelter system at capacity" not in body
    assert body.split("\n\n")[-1] == "The new rules take effect Friday."
    assert "Advocates welcomed the move" in body
    assert "The Canadian Press" not in body


def test_trending_list_with_spelled_out_ages():
    record = page("cp_banner_trending.txt")
    assert [(item.section, item.title, item.age) for item in record.related] == [
        ("Trending", "Maple Leafs sign goaltender to two-year extension", "2 hours ago"),
        ("Trending", "Snow squall warning issued for parts of cottage country", "5 min ago"),
    ]
    assert record.related[1].summary.startswith("Environment Canada says visibility")


def test_reuters_page_with_wrapped_lines_and_nav():
    record = page("reuters_wrapped_latest.txt")
    assert record.title == "Central bank holds key rate steady, signals cuts may come later this year"
    assert record.byline == "Jane Doe and John Roe"
    assert record.extra["authors"] == ["Jane Doe", "John Roe"]
    assert record.published_at == dt.datetime(2024, 1, 3, 14, 37, tzinfo=EST)
    assert record.dateline == "WASHINGTON"
    assert record.source == "Reuters"
    paragraphs = record.body.split("\n\n")
    assert paragraphs[0] == (
        "The central bank left its benchmark interest rate unchanged on Wednesday and said it expected to "
        "lower borrowing costs later this year if inflation keeps easing."
    )
    assert paragraphs[1].startswith("Policymakers voted unanimously to hold the rate at 5.25%, the statement")
    assert "Reporting by" not in record.body and "Menu" not in record.body


def test_latest_news_list_with_ages_only():
    record = page("reuters_wrapped_latest.txt")
    assert [(item.title, item.age, item.section) for item in record.related] == [
        ("Oil prices climb as supply worries return", "5 min ago", "Latest News"),
        ("Chipmaker shares slide after weak sales outlook", "Yesterday", "Latest News"),
    ]


def test_month_only_header_with_menu_and_cookie_notice():
    record = page("month_only_cookies.txt")
    assert record.published_date == dt.date(2022, 4, 1)
    assert record.date_precision == "month"
    assert record.published_at is None
    assert any("only the month (2022-04)" in warning for warning in record.warnings)
    assert record.title == "City council approves new bike lanes on Harbour Street"
    assert record.byline == "Jane Doe"
    assert record.extra["byline_roles"] == ["Reporter"]
    assert "cookies" not in record.body and "Loading" not in record.body
    assert record.lede.startswith("City councillors voted 9-4 on Tuesday night")
    assert "no source found" in " ".join(record.warnings)
    assert [item.section for item in record.related] == ["Popular", "Popular"]


def test_recommended_videos_insert_and_afp_dateline():
    record = page("afp_recommended_insert.txt")
    assert record.title == "Paris museum closes gallery after roof leak damages paintings"
    assert record.dateline == "PARIS"
    assert record.source == "Agence France-Presse"
    assert record.byline == ""
    assert "no byline found" in record.warnings
    assert record.published_at is None
    assert record.updated_at == dt.datetime(2024, 1, 3, 14, 37, tzinfo=ZoneInfo("America/New_York"))
    assert record.body.split("\n\n") == [
        "One of the city's best-known museums closed a gallery on Wednesday after water leaked through the "
        "roof during a storm and damaged several paintings.",
        "Staff moved the works to a storage area overnight, a spokeswoman said.",
        "Conservators said two of the paintings would need months of careful work before they could be "
        "shown again.",
        "The museum expects to reopen the gallery in March.",
    ]


def test_recommended_videos_and_more_from_lists():
    record = page("afp_recommended_insert.txt")
    assert sections(record) == [
        ("Recommended Videos", "video", 0, "Storm floods streets in northern France"),
        ("Recommended Videos", "video", 1, "Train services cut as winds reach 120 km/h"),
        ("More from Example News", "story", 0, "Louvre extends opening hours for spring exhibition"),
        ("More from Example News", "story", 1, "Fashion week dates confirmed for the autumn season"),
    ]
    assert [item.duration for item in record.related[:2]] == ["1:45", "0:58"]


def test_indented_wrapped_page_without_headline():
    record = page("indented_no_headline.txt")
    assert record.title.startswith("Northern grain exporters said on Monday that shipments in the first")
    assert "no headline found; using the first sentence of the text as the title" in record.warnings
    assert record.source == "Reuters"
    assert record.body.split("\n\n") == [
        "Northern grain exporters said on Monday that shipments in the first two months of the year rose "
        "about 12 pct from a year earlier, helped by strong demand from overseas buyers.",
        "The association said February loadings totalled 1.4 mln tonnes, compared with 1.2 mln in the same "
        "month last year.",
        "Officials said port congestion eased late in the month as weather improved.",
    ]
    assert record.published_date == dt.date(1987, 3, 2)
    assert "no publication time found; using the header date 1987-03-02" in record.warnings


def test_section_name_in_header_share_buttons_and_iso_time():
    record = page("section_header_share_iso.txt")
    assert record.title == "Rescue crews search rubble after overnight strikes on Kyiv apartment blocks"
    assert record.extra["deck"] == "Officials say at least four people were killed and dozens injured"
    assert record.photo_caption == "Firefighters work at the site of a damaged building in Kyiv on Wednesday."
    assert record.photo_credit == "Jane Doe/Reuters"
    assert record.byline == "John Roe"
    assert record.extra["byline_roles"] == ["Senior Correspondent"]
    assert record.published_at == dt.datetime(2024, 1, 3, 14, 37, tzinfo=TORONTO)
    assert record.dateline == "KYIV, Ukraine"
    assert record.lede.startswith("Rescue crews searched through the rubble")
    assert "Facebook" not in record.body and "Copy link" not in record.body


def test_editors_picks_and_numbered_you_may_also_like():
    record = page("section_header_share_iso.txt")
    assert sections(record) == [
        ("Editor's Picks", "story", 0, "Grain corridor ships resume sailing after brief pause"),
        ("Editor's Picks", "story", 1, "Power restored to most homes in the capital"),
        ("You may also like", "story", 0, "How air defence systems protect Ukrainian cities"),
        ("You may also like", "story", 1, "What we know about the latest wave of strikes"),
        ("You may also like", "story", 2, "Winter heating costs climb across Europe"),
    ]
    assert record.related[0].age == "Yesterday"


def test_published_before_date_and_explicit_zone():
    record = page("bloomberg_published_first.txt")
    assert record.title == "Gold reaches a record high as investors bet on lower rates"
    assert record.published_at == dt.datetime(2024, 1, 3, 14, 37, tzinfo=EST)
    assert record.updated_at == dt.datetime(2024, 1, 3, 15, 5, tzinfo=EST)
    assert record.source == "Bloomberg"
    assert record.dateline == "LONDON"
    assert record.lede.startswith("Gold rose to a record on Wednesday")
    assert [item.age for item in record.related] == ["3 hours ago", "4 hours ago", "6 hours ago"]
    assert {item.section for item in record.related} == {"Most Read"}


def test_gmt_time_en_dash_dateline_and_numbered_most_read():
    record = page("gmt_mostread_endash.txt")
    assert record.title == "Coastal town votes to ban second-home sales in the old harbour"
    assert record.published_at == dt.datetime(2024, 1, 3, 14, 37, tzinfo=dt.UTC)
    assert record.byline == "Jane Doe"
    assert record.dateline == "PORTHAVEN"
    assert record.source == ""
    assert "no source found: no byline outlet, dateline agency or sign-off names one" in record.warnings
    assert [item.title for item in record.related] == [
        "Storm warning issued for western coast",
        "Ferry timetable changes for winter season",
        "Harbour festival confirmed for August",
    ]


def test_list_before_headline_and_byline_sharing_a_line_with_the_time():
    record = page("time_and_byline_one_line.txt")
    assert record.title == "Hospital opens new emergency wing after two-year build"
    assert record.byline == "Jane Doe"
    assert record.source == "Example Times"
    assert record.published_at == dt.datetime(2024, 1, 3, 9, 15, tzinfo=TORONTO)
    assert record.updated_at == dt.datetime(2024, 1, 3, 11, 40, tzinfo=TORONTO)
    assert len(record.body.split("\n\n")) == 3
    assert [item.title for item in record.related] == [
        "Water main break floods downtown intersection",
        "Transit fares to rise in February",
        "New school to open in the west end",
    ]


def test_naive_times_follow_the_tz_argument():
    record = page("section_header_share_iso.txt", tz="Europe/Kyiv")
    assert record.published_at == dt.datetime(2024, 1, 3, 14, 37, tzinfo=ZoneInfo("Europe/Kyiv"))


def test_unknown_time_zone_is_a_clear_error():
    with pytest.raises(ValueError, match="not a known time zone"):
        parse_page(" date 2024-01-03\nSome text here.", name="a.txt", tz="Mars/Olympus")


# --- small inline pages and robustness ----------------------------------------------------------------


def test_empty_text_is_a_value_error():
    with pytest.raises(ValueError, match="no readable text"):
        parse_page("", name="empty.txt")


def test_only_furniture_is_a_value_error():
    text = " date 2024-01-03 Menu\nShare\nFacebook\nTwitter\nSubscribe\nLoading...\n___\n"
    with pytest.raises(ValueError, match="empty.txt: no readable text"):
        parse_page(text, name="empty.txt")


def test_binary_junk_is_a_value_error():
    junk = bytes(range(256)).decode("latin-1") * 3 + "\x00\x01\x02\ufffd\ufffd\ufffd"
    with pytest.raises(ValueError, match="no readable text"):
        parse_page(junk, name="junk.bin")


def test_control_characters_around_real_text_are_removed():
    text = (
        " date 2024-01-03\x00\n\x07Council approves a new budget for the coming year\x1b\n\n"
        "The council approved a budget of $2 billion on Tuesday evening after a long debate.\n"
    )
    record = parse_page(text, name="ctl.txt")
    assert record.title == "Council approves a new budget for the coming year"
    assert (
        record.body == "The council approved a budget of $2 billion on Tuesday evening after a long debate."
    )


def test_header_and_one_paragraph():
    text = (
        " date 2024-01-03\n\n"
        "Firefighters rescued two people from a burning house early on Wednesday, officials said.\n"
    )
    record = parse_page(text, name="one.txt")
    assert record.body == text.split("\n")[2]
    assert record.lede == record.body
    assert (
        record.title
        == "Firefighters rescued two people from a burning house early on Wednesday, officials said."
    )
    assert "no headline found; using the first sentence of the text as the title" in record.warnings
    assert "no byline found" in record.warnings
    assert "no publication time found; using the header date 2024-01-03" in record.warnings
    assert record.date_precision == "day"


def test_page_without_header_line_still_parses_with_a_warning():
    text = (
        "Storm knocks out power to thousands of homes\n\nJan. 3, 2024 at 6:10 a.m.\n\n"
        "A winter storm knocked out power to thousands of homes overnight, the utility said.\n"
    )
    record = parse_page(text, name="noheader.txt")
    assert record.title == "Storm knocks out power to thousands of homes"
    assert record.published_at == dt.datetime(2024, 1, 3, 6, 10, tzinfo=TORONTO)
    assert record.published_date == dt.date(2024, 1, 3)
    assert any("header line" in warning for warning in record.warnings)


def test_month_only_header_takes_the_day_from_a_printed_date():
    text = (
        " date 2022-04\nLibrary reopens after a year of repairs to its roof\nApril 12, 2022 - 9:30 AM\n\n"
        "The central library reopened on Tuesday after a year of repairs, the city said.\n"
    )
    record = parse_page(text, name="m.txt")
    assert record.published_date == dt.date(2022, 4, 12)
    assert record.published_at == dt.datetime(2022, 4, 12, 9, 30, tzinfo=TORONTO)
    assert any("day comes from the date printed" in warning for warning in record.warnings)


def test_single_line_breaks_join_wrapped_sentences():
    assert paragraphs_from_lines([
        "The mayor said the plan would cost more than",
        "expected, but the council approved it anyway.",
        "Work starts in May.",
    ]) == [
        "The mayor said the plan would cost more than expected, but the council approved it anyway.",
        "Work starts in May.",
    ]  # fmt: skip


def test_tab_or_space_indented_paragraphs_split():
    lines = ["    First paragraph starts here and wraps onto", "the next line of the page.",
             "    Second paragraph is short."]  # fmt: skip
    assert paragraphs_from_lines(lines) == [
        "First paragraph starts here and wraps onto the next line of the page.",
        "Second paragraph is short.",
    ]


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "rest"),
    [
        ("BRUSSELS (AP) — NATO announced Wednesday.", "BRUSSELS", "AP", "NATO announced Wednesday."),
        ("TORONTO – The city said.", "TORONTO", "", "The city said."),
        ("KYIV, Ukraine — Crews searched.", "KYIV, Ukraine", "", "Crews searched."),
        ("LONDON (Reuters) - Gold rose.", "LONDON", "Reuters", "Gold rose."),
        ("WASHINGTON, Jan 3 (Reuters) - The bank held.", "WASHINGTON", "Reuters", "The bank held."),
        ("ST. JOHN'S, N.L. (CP) — Snow fell.", "ST. JOHN'S, N.L.", "CP", "Snow fell."),
        ("Toronto (Reuters) - Stocks fell.", "Toronto", "Reuters", "Stocks fell."),
        ("Winnipeg, Manitoba, Jan 3 - The firm said.", "Winnipeg, Manitoba", "", "The firm said."),
        ("AMSTERDAM, 2 March - The bank said.", "AMSTERDAM", "", "The bank said."),
    ],
)
def test_datelines(paragraph, place, agency, rest):
    dateline = parse_dateline(paragraph)
    assert (dateline.place, dateline.agency, dateline.rest) == (place, agency, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "UPDATE: The story changed.",
        "NATO announced Wednesday that it would.",
        "The mayor — who won — said.",
        "Officials — and residents — said.",
    ],
)
def test_not_datelines(paragraph):
    assert parse_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "byline", "source"),
    [
        ("By The Associated Press", "The Associated Press", "The Associated Press"),
        ("By Jane Doe, The Canadian Press", "Jane Doe", "The Canadian Press"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe", ""),
        ("Jane Doe · Reporter", "Jane Doe", ""),
        ("By JANE DOE | Reuters", "JANE DOE", "Reuters"),
        ("By the newsroom", None, None),
    ],
)
def test_bylines(line, byline, source):
    parsed = parse_byline(line)
    if byline is None:
        assert parsed is None
    else:
        assert (parsed.byline, parsed.source) == (byline, source)


@pytest.mark.parametrize("line", ["By the time you read this, prices will have risen.", "Jane Doe",
                                  "By clicking accept you agree to our terms"])  # fmt: skip
def test_not_bylines(line):
    assert parse_byline(line) is None


def test_caption_credit_forms():
    assert (
        split_caption("A man walks past. (Photo by Jane Doe/Getty Images)").credit
        == "Photo by Jane Doe/Getty Images"
    )
    cp = split_caption("Snow covers a street in Ottawa on Wednesday. THE CANADIAN PRESS/Sam Poe")
    assert (cp.caption, cp.credit) == (
        "Snow covers a street in Ottawa on Wednesday.",
        "THE CANADIAN PRESS/Sam Poe",
    )
    assert split_caption("The council met on Tuesday (its third meeting).") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 3, 2024 - 2:37 PM", dt.datetime(2024, 1, 3, 14, 37, tzinfo=TORONTO)),
        ("Jan. 3, 2024 at 2:37 p.m. EST", dt.datetime(2024, 1, 3, 14, 37, tzinfo=EST)),
        ("Published 2:37 PM EST, January 3, 2024", dt.datetime(2024, 1, 3, 14, 37, tzinfo=EST)),
        (
            "Updated: Jan. 3, 2024 at 11:37 a.m. PT",
            dt.datetime(2024, 1, 3, 11, 37, tzinfo=ZoneInfo("America/Los_Angeles")),
        ),
        ("2024-01-03 14:37", dt.datetime(2024, 1, 3, 14, 37, tzinfo=TORONTO)),
        (
            "2024-07-03T14:37:00+02:00",
            dt.datetime(2024, 7, 3, 14, 37, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        ),
        ("3 January 2024 14:37 GMT", dt.datetime(2024, 1, 3, 14, 37, tzinfo=dt.UTC)),
        (
            "July 3, 2024 9:05 am EDT",
            dt.datetime(2024, 7, 3, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
        ),
        (
            "January 3, 2024 10:00 CET",
            dt.datetime(2024, 1, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
        ("Wed, Jan 03, 2024", None),
    ],
)
def test_printed_datetimes(text, expected):
    assert parse_printed_datetime(text, tz="America/Toronto") == expected


def test_time_without_date_uses_default_date():
    assert parse_printed_datetime(
        "Updated 9:10 a.m.", tz="America/Toronto", default_date=dt.date(2024, 1, 3)
    ) == (dt.datetime(2024, 1, 3, 9, 10, tzinfo=TORONTO))


def test_header_dates():
    assert parse_header_date("2024-01-03") == (dt.date(2024, 1, 3), False)
    assert parse_header_date("2022-04") == (dt.date(2022, 4, 1), True)
    with pytest.raises(ValueError):
        parse_header_date("03/01/2024")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2024-01-03 NATO to help buy", True),
        ("date 2022-04\nbody", True),
        ("\n\n date 2024-01-03\n", True),
        ('{"title": "x"}', False),
        ("The date 2024-01-03 is in the text", False),
        ("", False),
    ],
)
def test_looks_like_page(text, expected):
    assert looks_like_page(text) is expected


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Cocoa shipments rose.\n    Prices were steady.\n Reuter\n", "Reuters"),
        ("Cocoa shipments rose.\nREUTER", "Reuters"),
        ("Total 55.8 (33.7).        REUTER", "Reuters"),
        ("BRUSSELS (AP) — NATO announced Wednesday.\nMore text.", "The Associated Press"),
        ("OTTAWA — The minister spoke.\n\nThis report by The Canadian Press was first published Jan. 3.",
         "The Canadian Press"),
        ("LONDON (Reuters) - Gold rose.", "Reuters"),
        ("Gold rose.\n(Reporting by Jane Doe; Editing by Sam Poe)", "Reuters"),
        ("PARIS (AFP) — Museums closed.", "Agence France-Presse"),
        ("A local story with no agency at all.\nThe end.", ""),
        ("Walking in the woods.\nPa", ""),
        ("", ""),
    ],
)  # fmt: skip
def test_detect_wire_source(text, source):
    assert detect_wire_source(text) == source


_PAGE_PIECES = st.sampled_from([
    " date 2024-01-03", " date 2022-04 Menu", "Share", "Top Stories", "1h ago", "2:33", "___", "By Jane Doe",
    "January 3, 2024 - 2:37 PM", "BRUSSELS (AP) — NATO said on Wednesday it would act.", "", "Advertisement",
    "A short headline for a story", "The council met on Tuesday and voted to approve the plan.", "Reuter",
])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PAGE_PIECES, st.text(max_size=60)), max_size=25))
def test_any_text_gives_a_record_or_a_clear_value_error(pieces):
    text = "\n".join(pieces)
    try:
        record = parse_page(text, name="fuzz.txt")
    except ValueError as error:
        assert "no readable text" in str(error)
        return
    assert record.original == text
    assert record.title or "no headline found" in record.warnings
    assert "\n\n\n" not in record.body
