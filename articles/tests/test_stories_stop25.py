"""Copies of one wire story in two house styles, and takes whose lede was edited, join one story.

Invented texts shaped like the crawled pages of the development manifests (bench/story_labels*.jsonl,
docs/benchmarks.md, "Story grouping: issue 13, stop 25"): one outlet adds the date to the wire's
opening ("on Wednesday 4 September") and writes "Gov." where another writes "governor"; a page whose
reader put the first paragraph in the headline names the subject only there; an agency's write-thru
edits a word of the lede it keeps ("Several gunmen have burst" for "Several gunmen burst"). And the
traps the rules must not open: a formula's next item under another subject (dated too), and a daily
notice whose figures of its own lie between a shared phrase and the formula.
"""

from __future__ import annotations

import json

import pytest

from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.models import Article
from articles.stories.lede import kept_lede
from articles.stories.screen import may_match, sketch
from articles.stories.similarity import StoryText, compare, story_words
from articles.stories.text import subject_names

REST = (
    "The dead were identified as two students and two teachers, and at least nine other people were "
    "taken to hospitals with injuries. The suspect, a student at the school about an hour's drive from "
    "the capital, was taken into custody and was being charged as an adult with murder.\n\n"
    "Helicopter video showed dozens of police and emergency vehicles surrounding the school, and the "
    "campus was placed in lockdown after shots were heard in the middle of the morning.\n\n"
    "The county sheriff said his heart hurt for the children and for the community, but that hate "
    "would not prevail. The state's bureau of investigation said interviews and crime scene work were "
    "still to be done, and that there was no known connection between the victims and the suspect."
)
# The wire's text as one site ran it, cut after its fourth paragraph, and as another ran it whole in its
# own house style: the date added to the opening, "Gov." for "governor".
WIRE = (
    "A 14-year-old student opened fire at a Marlow high school and killed four people on Wednesday, "
    "authorities said, sending students scrambling for shelter in their classrooms, Governor Ann "
    f"Castell said.\n\n{REST}"
)
STYLED = (
    "A 14-year-old student opened fire at a Marlow high school and killed four people on Wednesday 4 "
    "September, authorities said, sending students scrambling for shelter in their classrooms, Gov. Ann "
    f"Castell said.\n\n{REST}\n\nThe school will stay closed for the rest of the week, the district said."
)


def test_a_date_and_a_title_are_not_the_subject():
    assert subject_names("Killed on Wednesday 4 September, Gov. Ann Castell said") == [
        "killed",
        "ann",
        "castell",
    ]
    assert subject_names("On Saturday (May 6), Sept. 4th") == []
    # A month alone stays a name: a monthly figure's next release is another story.
    assert subject_names("Unemployment fell at the end of March") == ["unemployment", "march"]


def test_a_copy_in_another_house_style_joins_as_one_story():
    cut = WIRE.split("\n\n")
    cut = "\n\n".join(cut[:3])  # one site cut the wire after its third paragraph
    match = compare(
        StoryText("Student, 14, kills four at Marlow school", STYLED), StoryText("Marlow shooting", cut)
    )
    assert match is not None
    assert may_match(sketch(StoryText("", STYLED)), sketch(StoryText("", cut)))


def test_the_subject_named_only_in_the_other_s_headline():
    # The page reader put the first paragraph's opening in the headline: the body starts after it.
    page = StoryText("Marlow: Ann Castell, the governor, said a 14-year-old", f"{REST}\n\n{REST}")
    site = StoryText(
        "Four killed at school",
        "Ann Castell, the governor, said a 14-year-old Marlow student opened fire at a school on Wednesday.\n\n"
        + REST,
    )
    assert compare(site, page) is not None


def test_a_formula_s_next_item_under_another_subject_stays_apart_though_dated():
    def notice(issuer: str, amount: str) -> str:
        return (
            f"{issuer} said on March 3 it filed with the Securities and Exchange Commission for a "
            f"proposed offering of {amount} mln dlrs of convertible subordinated debentures due 2012, "
            "through underwriters led by Shearson Lehman Brothers Inc. Proceeds will be used to repay "
            "bank debt and for general corporate purposes, the company said."
        )

    first = StoryText("HALVERSON FILES FOR OFFERING", notice("Halverson Electron Corp", "75"))
    second = StoryText("MIRADOR FILES FOR OFFERING", notice("Mirador Graphics Inc", "35"))
    assert compare(second, first) is None


GUNMEN = (
    "a massive blaze in an apparent terror attack days after the president cemented his grip on the "
    "country in a highly orchestrated electoral landslide."
)
FIRST_TAKE = (
    "Several gunmen have burst into a big concert hall in Vostra and fired automatic weapons at the "
    f"crowd, injuring an unspecified number of people and setting {GUNMEN}\n\n"
    "News reports said the assailants threw explosives, triggering a massive blaze at the city hall on "
    "the western edge of the capital. Video posted on social media showed huge plumes of black smoke "
    "rising over the building, which can hold 6,000 people. Visitors were being evacuated, but some "
    "could have been trapped by the blaze, the reports said."
)
WRITETHRU = (
    "Several gunmen burst into a big concert hall on the edge of Vostra on Friday and sprayed visitors "
    f"with automatic gunfire, killing several and injuring a large number of people and starting {GUNMEN}\n\n"
    "There were no immediate claims of responsibility for the attack. The city's mayor described it as "
    "a huge tragedy, and the security service said there were dead and wounded but gave no numbers.\n\n"
    "News reports said the assailants threw explosives, triggering the blaze. The attack took place as "
    "crowds gathered for a concert by a famed rock band at the hall, which can hold over 6,000 people. "
    "Officials said the search of the building would go on through the night, and the city's theatres "
    "and museums cancelled their evening events."
)


def test_a_take_whose_kept_lede_was_edited_joins_the_write_thru():
    short, long = story_words(StoryText("", FIRST_TAKE)), story_words(StoryText("", WRITETHRU))
    assert kept_lede(short, long)  # words found before the kept run: the lede edited in place
    new = StoryText("Gunmen attack Vostra concert hall, killing several", WRITETHRU)
    old = StoryText("Gunmen open fire at Vostra concert hall", FIRST_TAKE)
    match = compare(new, old)
    assert match is not None and match.role == "version" and match.similarity < 0.5
    assert may_match(sketch(new), sketch(old))


def _import(name: str, *records: dict):
    data = "\n".join(json.dumps(r) for r in records).encode()
    return import_documents([InputDocument(name=name, data=data)], tag=False)


@pytest.mark.django_db
@pytest.mark.parametrize("later_import", [False, True])
def test_two_copies_cut_and_styled_differently_join_one_story_on_import(later_import):
    cut = "\n\n".join(WIRE.split("\n\n")[:3])
    one = {"id": "site:1", "title": "Marlow school shooting: four dead", "body": cut,
           "published_at": "2024-09-04T15:00:00+00:00"}  # fmt: skip
    two = {"id": "site:2", "title": "Student, 14, kills four at Marlow high school", "body": STYLED,
           "published_at": "2024-09-04T17:30:00+00:00"}  # fmt: skip
    trap = {"id": "site:3", "title": "Marlow school to reopen next week", "body": (
        "Marlow High School will reopen next Monday with counsellors in every building, the district's "
        "superintendent said on Friday, as families of the four killed on Wednesday planned their funerals. "
        "Classes will start two hours late for the first week, and parents may keep their children at "
        "home without notice. The board meets on Thursday to discuss security at the school's entrances."
    ), "published_at": "2024-09-06T12:00:00+00:00"}  # fmt: skip
    if later_import:
        _import("one.jsonl", one)
        _import("two.jsonl", two, trap)
    else:
        _import("all.jsonl", one, two, trap)
    first, later, other = (Article.objects.get(external_id=key) for key in ("site:1", "site:2", "site:3"))
    assert later.story_id == first.story_id
    assert first.story_role == "first" and later.story_role in ("copy", "version")
    assert other.story_id != first.story_id
