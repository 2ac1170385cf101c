"""A short take of a wire story that keeps its lede joins the story (articles/stories/lede.py).

Invented texts shaped like the crawled pages of bench/story_labels_heldout6.jsonl: an agency's obituary
through the day (a first take, a write-thru rewritten around it) and a site's condensation of it, which
keep the lede's opening words and little else (under half of the shorter text found in the other); and
the traps the rule must not open: another outlet's story of the same death in its own words, a long
story built on the wire's lede, a digest opening with the item, a formula's next item with a subject of
its own, and a daily notice whose formula lede comes back the next day with other figures. Two imports
on the database: the screen (stories/screen.py) must let the pair through to the comparison.
"""

from __future__ import annotations

import json

import pytest

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.stories.lede import kept_lede, same_headline_words
from articles.stories.screen import may_match, sketch
from articles.stories.similarity import StoryText, compare, story_words

LEDE = (
    "Rafael Montenegro, the flamboyant shipping magnate who served three terms as mayor of Port Alder "
    "despite scandals over his casino dealings and allegations of bribery, died Monday."
)
# The agency's write-thru (over 150 words): the lede kept, everything after it rewritten.
WRITETHRU = (
    f"{LEDE} He was 84.\n\n"
    "His family said in a statement that he died at a hospital in the capital after a long illness, "
    "surrounded by his children and grandchildren.\n\n"
    "Montenegro built a fleet of cargo ships from a single ferry he bought with borrowed money in his "
    "twenties, and turned it into the largest private employer on the coast. He entered politics late, "
    "promising to run the city like one of his companies, and won his first election by a wide margin.\n\n"
    "His years in office were marked by new docks, a rebuilt harbour front and a string of inquiries. "
    "Prosecutors accused him twice of taking payments from casino operators; he was acquitted once, and "
    "the second case lapsed when the statute of limitations ran out.\n\n"
    "Supporters remembered him on Monday as a builder who loved the city. Critics said he had taught a "
    "generation of politicians that scandal need not end a career. The city council lowered its flags."
)
# A site's condensation of the first take (under 150 words): the lede's opening kept, the rest told again
# in other words; about a third of it is found in the write-thru.
CONDENSED = (
    f"{LEDE}\n\n"
    "The former mayor, who had been ill for months, passed away in hospital, according to relatives. "
    "Known for a quick temper and a quicker wit, he dominated local politics for over a decade and "
    "faced two corruption trials, walking free from both. Tributes poured in from rivals and allies, "
    "several of whom called him the last of the old-style city bosses."
)


def test_a_condensation_keeping_the_lede_joins_the_write_thru():
    short, long = story_words(StoryText("", CONDENSED)), story_words(StoryText("", WRITETHRU))
    assert len(short) < 150 and kept_lede(short, long)
    new = StoryText("Former Port Alder mayor Montenegro dies at 84", CONDENSED)
    old = StoryText("Rafael Montenegro, shipping magnate and scandal-hit mayor, dies", WRITETHRU)
    match = compare(new, old)
    assert match is not None and match.role == "version"
    assert match.similarity < 0.5  # what was missed before: under half of the shorter text found
    assert may_match(sketch(new), sketch(old))  # the screen lets it through to compare


def test_another_outlet_s_story_of_the_same_death_stays_apart():
    own = (
        "Port Alder's longest-serving mayor, the shipping magnate Rafael Montenegro, has died at the age "
        "of 84, his family said on Monday. Montenegro, who built a fleet of cargo ships from a single "
        "ferry, dominated the city's politics for over a decade and was twice tried for corruption. He was "
        "acquitted once; the second case lapsed. Tributes came from rivals and allies alike."
    )
    assert compare(StoryText("Montenegro dies at 84", own), StoryText("Montenegro dies", WRITETHRU)) is None


def test_a_long_story_built_on_the_wire_s_lede_stays_apart():
    # An outlet's own story (150 words or more) opening with the wire's lede: not a short take.
    own = (
        f"{LEDE}\n\n"
        + " ".join(
            f"In the harbour district, resident number {n} recalled the docks he built and the deals he made."
            for n in range(1, 9)
        )
        + " The newspaper's own archive holds forty years of his speeches."
    )
    assert len(story_words(StoryText("", own))) >= 150
    assert compare(StoryText("Montenegro dies", own), StoryText("Montenegro dies", WRITETHRU)) is None


def test_a_digest_opening_with_the_item_stays_apart():
    item = (
        "The central bank intervened in early afternoon trading to support the currency against active "
        "selling by institutional investors and speculative selling by overseas operators, dealers said. "
        "The currency was 145.50 at midday against 145.85 in New York.\n"
        "Dealers said the bank bought about 500 mln dlrs and would likely return to the market."
    )
    digest = (
        "The central bank intervened in early afternoon trading to support the currency against active "
        "selling by institutional investors and speculative selling by overseas operators, dealers said.\n"
        "LONDON - Gold opened higher on fresh buying from the Middle East after a quiet night in Asia.\n"
        "FRANKFURT - The Bundesbank left its key rates unchanged at its weekly meeting, as expected.\n"
        "PARIS - Share prices fell in thin trading as investors awaited the trade figures due later today."
    )
    assert not same_headline_words("MONEY NEWS HIGHLIGHTS 0530 GMT", "CENTRAL BANK INTERVENES IN AFTERNOON")
    assert (
        compare(
            StoryText("MONEY NEWS HIGHLIGHTS 0530 GMT", digest),
            StoryText("CENTRAL BANK INTERVENES IN AFTERNOON", item),
        )
        is None
    )


def test_a_formula_s_next_item_with_a_subject_of_its_own_stays_apart():
    def offering(issuer: str, amount: str) -> str:
        return (
            f"{issuer} is raising {amount} mln dlrs via an offering of convertible subordinated debentures "
            "due 2012 with a 5-3/4 pct coupon and par pricing, said lead manager Shearson Lehman Brothers "
            "Inc. The debentures are convertible into the company's stock at a premium. The issue is rated "
            "by the agencies and will be sold through the syndicate."
        )

    first = StoryText("HALVERSON SELLS CONVERTIBLE DEBT", offering("Halverson Electron Corp", "75"))
    second = StoryText("MIRADOR GRAPHICS SELLS CONVERTIBLE DEBT", offering("Mirador Graphics Inc", "35"))
    # The formula's words open both near the top, but the subject differs (`_same_subject` still asks).
    assert kept_lede(story_words(first), story_words(second))
    assert compare(first, second) is None


def test_a_run_found_after_other_words_found_is_not_a_kept_lede():
    # The next day's notice shares its opening words ("the bank of england said it") and then, after
    # figures of its own, the formula: the long run is not the first of its words found in the other.
    monday = (
        "The Bank of England said it forecast a shortage of around 350 mln stg in the money market today. "
        "Among the main factors affecting liquidity, bills maturing in official hands and the take-up of "
        "treasury bills will drain some 525 mln stg."
    )
    wednesday = (
        "The Bank of England said it had invited an early round of bill offers. The Bank forecast the "
        "shortage today at around 1.15 billion stg. Among the main factors affecting liquidity, bills "
        "maturing in official hands and the take-up of treasury bills will drain some 732 mln stg."
    )
    assert not kept_lede(story_words(StoryText("", monday)), story_words(StoryText("", wednesday)))


def test_the_next_day_s_notice_with_the_same_formula_lede_stays_apart():
    def notice(amount: str, averaged: str, opened: str, notes: str) -> str:
        return (
            "The Federal Reserve is expected to enter the government securities market to add temporary "
            "reserves, economists said.\n"
            f"They expect it to supply the reserves indirectly by arranging {amount} of customer "
            "repurchase agreements. The Fed may add the reserves directly instead.\n"
            f"Federal funds, which averaged {averaged} pct yesterday, opened at {opened} pct and stayed "
            f"there. Analysts said the rate is under pressure from settlement of {notes} notes."
        )

    monday = StoryText(
        "FED EXPECTED TO ADD RESERVES", notice("two billion dlrs or more", "6.02", "6-1/8", "two-year")
    )
    tuesday = StoryText(
        "FED EXPECTED TO ADD RESERVES",
        notice("1.5 to 2.5 billion dlrs", "6.18", "6-3/16", "8.25 billion dlrs of five-year"),
    )
    assert compare(tuesday, monday) is None


def _import(name: str, *records: dict):
    data = "\n".join(json.dumps(r) for r in records).encode()
    return import_documents([InputDocument(name=name, data=data)], tag=False)


@pytest.mark.django_db
@pytest.mark.parametrize("later_import", [False, True])
def test_the_condensation_joins_the_write_thru_s_story_on_import(later_import):
    wire = {"id": "wire:1", "title": "Rafael Montenegro, shipping magnate and mayor, dies", "body": WRITETHRU,
            "published_at": "2024-06-10T14:00:00+00:00"}  # fmt: skip
    site = {"id": "site:1", "title": "Former Port Alder mayor Montenegro dies at 84", "body": CONDENSED,
            "published_at": "2024-06-10T18:30:00+00:00"}  # fmt: skip
    if later_import:
        _import("wire.jsonl", wire)
        _import("site.jsonl", site)
    else:
        _import("both.jsonl", wire, site)
    first, later = (Article.objects.get(external_id=key) for key in ("wire:1", "site:1"))
    assert later.story_id == first.story_id
    assert (first.story_role, later.story_role) == ("first", "version")
