"""A relay's brief whose opening keeps the wire's lede with a word edited (articles/stories/similarity.py).

Invented texts shaped like the crawled pages of bench/story_labels_heldout5.jsonl: a syndicate's two-sentence
brief of an agency's obituary, its lede kept but for one word ("who blazed the way" for "who led the way")
and its second sentence rewritten; and the traps the rule must not open: the next day's money-market
notice (the same opening formula, other figures), a brief whose opening is found only further down the
other, and a brief full of figures of its own.
"""

from articles.stories.similarity import StoryText, compare

# The agency's obituary as a station ran it (over 100 words).
OBITUARY = (
    "Martha Lindqvist, the intrepid broadcaster, anchor and program host who led the way as the first woman "
    "to become a radio news star during a network career remarkable for its length and variety, has died. "
    "She was 91.\n\n"
    "Her death was announced by the network on air Friday night and also by her publicist.\n\n"
    "\u201cMartha passed away peacefully in her home surrounded by loved ones,\u201d the publicist said in a "
    "statement.\n\n"
    "During nearly four decades at the network, her interviews with presidents, royalty and entertainers "
    "brought her a celebrity that ranked with theirs, while placing her at the forefront of a trend in "
    "broadcast journalism that made stars of reporters and brought news programs into the race for "
    "higher ratings. She made headlines in 1971 as the first woman to anchor an evening news program."
)
# A syndicate's brief of it: the lede with one word edited and "network" dropped, the second sentence
# told again in its own words (50 words).
RELAY = (
    "Martha Lindqvist, the intrepid broadcaster, anchor and program host who blazed the way as the first "
    "woman to become a radio news star during a career remarkable for its length and variety, has died. "
    "She was 91.\n\n"
    "The network broke into its broadcast to announce her death on air Friday night."
)


def test_a_relay_s_brief_keeping_the_lede_with_a_word_edited_joins_the_obituary():
    # 80% of the brief found, 8 of its 50 words changed: over the 10% a brief may change, and short of
    # the 90% it must show; its opening kept near the other's top makes it the story's bulletin.
    match = compare(
        StoryText("Broadcaster Martha Lindqvist dies", RELAY), StoryText("Lindqvist dies", OBITUARY)
    )
    assert match and match.role == "version"
    assert "opening sentence kept" in match.reason


def test_the_next_day_s_notice_opening_alike_is_not_a_bulletin():
    monday = (
        "The Bank of England said it provided the money market with 181 mln stg help in the afternoon "
        "session. This brings the bank's total help so far today to 215 mln stg and compares with its "
        "revised shortage forecast of 300 mln stg. The bank bought bills in band one at 10-7/8 pct."
    )
    tuesday = (
        "The Bank of England said it provided the money market with 97 mln stg help in the afternoon "
        "session. This brings the bank's total help so far today to 140 mln stg and compares with its "
        "revised shortage forecast of 250 mln stg. The bank bought bills in band two at 10-13/16 pct."
    )
    assert (
        compare(StoryText("U.K. MONEY MARKET GIVEN HELP", tuesday), StoryText("U.K. MONEY MARKET", monday))
        is None
    )


def test_a_brief_whose_opening_is_found_only_further_down_is_not_a_bulletin():
    later = "Tributes were paid to the broadcaster across the country on Saturday. " * 6 + OBITUARY
    assert (
        compare(StoryText("Broadcaster Martha Lindqvist dies", RELAY), StoryText("Tributes", later)) is None
    )


def test_a_brief_with_figures_of_its_own_is_not_prose_and_not_a_bulletin():
    # The lede kept, then a line of figures the obituary never gives: another item built on its opening.
    figures = RELAY.replace(
        "The network broke into its broadcast to announce her death on air Friday night.",
        "Ratings 14.2 mln vs 11.8 mln, share 31 pct vs 27 pct, 1988 to 1993.",
    )
    assert compare(StoryText("Lindqvist", figures), StoryText("Lindqvist dies", OBITUARY)) is None
