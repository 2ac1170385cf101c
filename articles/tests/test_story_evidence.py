"""Copies cut at different points and status labels (articles/stories/evidence.py, similarity.compare).

Invented texts shaped like the crawled pages of bench/story_labels*.jsonl: one site's copy of a wire
story stopped after a few paragraphs under a long caption, another's going on; a bulletin opening with
"BREAKING NEWS:"; and the traps each rule must not open: a digest whose last item is a story's opening,
two companies' notices behind one label.
"""

from articles.stories.evidence import found_span
from articles.stories.similarity import LEAD_FURNITURE, StoryText, compare, words

# Three paragraphs of a wire story (50 words) that both copies carry.
SHARED = (
    "Former pop star Jan Novak died after falling from the third floor of his hotel in Lisbon, according "
    "to city police. The Czech singer was 41.\n\n"
    "Novak was staying at a hotel in the old town, police said, and officers were called there shortly "
    "before midnight on Tuesday."
)
# What the longer-running copy carries after them: the story's last paragraphs, years and all.
GOES_ON = (
    "Novak joined the band Mlada at its founding in 2004 after winning a talent show. Since the band "
    "split in 2016, he had released two solo albums, in 2018 and 2021. This is a developing story."
)
# The site whose copy stops after the shared paragraphs put a long caption and teaser on top.
CAPTION = (
    "Jan Novak performs at a festival in Prague, June 2019. Photo: Festival press office. Former pop star "
    "Jan Novak dies at 41 after hotel fall in Lisbon, police say. Watch the video report of the hotel "
    "where he was staying"
)


def test_a_copy_stopped_after_its_opening_joins_the_copy_that_goes_on():
    stopped = StoryText("Pop star Jan Novak dies at 41 after hotel fall", f"{CAPTION}\n\n{SHARED}")
    goes_on = StoryText("Former pop star Jan Novak dies in Lisbon hotel fall", f"{SHARED}\n\n{GOES_ON}")
    # The copy that goes on is the shorter of the two in words, and half of it is past the other's end.
    assert len(words(goes_on.body)) < len(words(stopped.body))
    match = compare(goes_on, stopped)
    assert match is not None
    assert match.similarity == 1.0  # all it could find in the other, it found


def test_a_digest_ending_with_a_story_s_opening_is_not_that_story():
    items = (
        "Markets: Stocks rose in Tokyo and Hong Kong on Wednesday as investors bought technology shares "
        "after a strong quarter for chipmakers, while oil prices slipped for a third day.\n\n"
        "Weather: Heavy rain is expected across northern Portugal on Thursday, with flood warnings issued "
        "for three districts and ferries to the islands cancelled.\n\n"
        "Football: Benfica signed a Brazilian midfielder for a club record fee, the club said, two days "
        "before the transfer window closes.\n\n"
    )
    opening = SHARED.split("\n\n")[0]
    digest = StoryText("News in brief", items + opening)
    full = StoryText("Former pop star Jan Novak dies in Lisbon hotel fall", f"{SHARED}\n\n{GOES_ON}")
    assert compare(full, digest) is None
    # The digest ends with the story's first paragraph, but it does not open with it.
    short, long = words(full.body), words(digest.body)
    assert found_span(short, long, LEAD_FURNITURE) == len(short)


def test_a_copy_that_runs_on_past_the_other_s_end_is_counted_whole():
    # The other copy does not stop there: a paragraph of its own follows the shared text.
    own = "Fans gathered outside the hotel on Wednesday morning, leaving flowers and candles at the door."
    stopped = StoryText("Pop star dies", f"{CAPTION}\n\n{SHARED}\n\n{own}")
    short = words(f"{SHARED}\n\n{GOES_ON}")
    assert found_span(short, words(stopped.body), LEAD_FURNITURE) == len(short)


OBITUARY = (
    "Jane Roe, the novelist whose spare stories of farm life in the Dakotas won her a national following "
    "and two major literary prizes, has died. She was 88.\n\n"
    "Her publisher said Roe died Friday at her home in Sioux Falls after a short illness. She had "
    "published eleven novels and four collections of stories, the last of them two years ago.\n\n"
    "Born on a wheat farm near Aberdeen, Roe worked as a schoolteacher for two decades before her first "
    "book appeared. Critics praised her plain sentences and her ear for the way her neighbours talked."
)


def test_a_bulletin_under_a_status_label_joins_its_story():
    bulletin = StoryText(
        "Novelist Jane Roe dies at 88",
        "BREAKING NEWS: " + OBITUARY.split("\n\n")[0] + "\n\n" + OBITUARY.split("\n\n")[1],
    )
    full = StoryText("Jane Roe, novelist of the Dakotas, dies at 88", OBITUARY)
    match = compare(bulletin, full)
    assert match is not None and match.role == "copy"


def test_a_status_label_does_not_make_two_companies_one_story():
    formula = (
        "{0} said it filed with the Securities and Exchange Commission a registration statement covering a "
        "75 mln dlr issue of convertible subordinated debentures due 2012. Proceeds will be used to repay "
        "debt and for general corporate purposes, the company said. The company named Drexel Burnham Lambert "
        "Inc as lead underwriter of the offering, which it expects to price later this month."
    )
    first = StoryText("MICROPOLIS TO OFFER DEBT", "BREAKING NEWS: " + formula.format("Micropolis Corp"))
    second = StoryText("WAXMAN TO SELL CONVERTIBLES", formula.format("Waxman Industries Inc"))
    assert compare(first, second) is None


STATEMENT = (
    '"It is with heavy hearts that we share that Coach Jane Doe passed away at her home in Lincoln '
    "surrounded by her family. We are grateful for all the thoughts and prayers, and appreciate the "
    "continued respect for our privacy as Coach requested a private family gathering, which is being "
    'honored. We will celebrate her life and remember her forever as a beloved wife, mother and coach."'
)


def test_a_line_of_one_s_own_over_a_family_statement_is_not_the_story_quoting_it():
    relay = StoryText(
        "Jane Doe dies at 83",
        "Hall of Fame basketball coach Jane Doe died on Wednesday. She was 83.\n\n"
        f"Her family released the following statement:\n\n{STATEMENT}",
    )
    story = StoryText(
        "Coaching legend Jane Doe dead at 83",
        "Jane Doe, the demanding and successful coach who led Nebraska's women's team to two national "
        "titles, died Wednesday, the school said. Doe died in Lincoln, where she had the greatest success "
        "of her career, the Journal Star reported.\n\n"
        f"{STATEMENT} the website said in a statement.\n\n"
        "Doe, who was inducted into the Hall of Fame in 2001, won 640 games at Nebraska during a 31-year "
        "career at the school. She retired in 2008 and moved back to Lincoln in 2019, according to the "
        "paper. A former player, now the team's coach, called her a mentor to generations of players.",
    )
    assert compare(relay, story) is None


def test_a_copy_of_the_story_quoting_the_statement_still_joins_it():
    story_text = (
        "Jane Doe, the demanding and successful coach who led Nebraska's women's team to two national "
        "titles, died Wednesday, the school said.\n\n"
        f"{STATEMENT} the family said in a statement."
    )
    copy = StoryText("Jane Doe dies", story_text)
    story = StoryText("Coaching legend Jane Doe dead at 83", story_text + "\n\nDoe retired in 2008.")
    match = compare(copy, story)
    assert match is not None and match.role == "copy"
