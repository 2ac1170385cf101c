"""Grouping at import (articles/ingest/stories.py): copies and versions of one wire story join its story,
whichever file and order they come in; other stories and templated items stay apart; the story key
stays the same through re-imports and export/import; a dry run says where each article would go."""

from __future__ import annotations

import json

import pytest

from articles.exporting import iter_csv, iter_jsonl
from articles.importers.records import InputDocument
from articles.ingest import import_documents
from articles.ingest.undo import undo_batch
from articles.models import Article, Story, StoryBand, story_key

pytestmark = pytest.mark.django_db

FLOOD = [
    "HALIFAX (CP) — At least 73 people were forced from their homes Monday after the Sackville River burst "
    "its banks following two days of record rain, officials said, as crews worked through the night.",
    "The river rose nearly three metres in 24 hours, the provincial environment department said. It was "
    "the highest level recorded since measurements began in 1971 at the Bedford gauge.",
    "Emergency shelters opened at two schools in Lower Sackville, and the Red Cross said volunteers were "
    "handing out blankets, food and dry clothes to families who left with little more than their pets.",
    "Premier Tim Houston toured the flooded neighbourhoods by boat and promised provincial help for "
    "residents whose homes and cars were damaged. He urged people to stay away from the water.",
    "Nova Scotia Power said about 12,000 customers were without electricity at the height of the storm, "
    "and that most would be reconnected by Tuesday evening once crews could reach damaged lines safely.",
    "Environment Canada said the rain would ease overnight but warned that rivers in the region would keep "
    "rising for at least another day as water drained from the hills west of the city.",
]
EARNINGS = "Shr {a} cts vs {b} cts\n\nNet {c} vs {d}\n\nRevs {e} mln vs {f} mln\n\nNine mths\n\nShr {g} cts vs {h} cts"


def body(paragraphs: int = 6, *, deaths: str = "73") -> str:
    return "\n\n".join(FLOOD[:paragraphs]).replace("At least 73", f"At least {deaths}")


def line(external_id: str, title: str, text: str, published: str, **more) -> dict:
    return {"id": external_id, "title": title, "body": text, "published_at": published, **more}


def jsonl(*records: dict) -> bytes:
    return "\n".join(json.dumps(r) for r in records).encode()


def run(*records: dict, name: str = "wire.jsonl", **options):
    return import_documents([InputDocument(name=name, data=jsonl(*records))], tag=False, **options)


def article(external_id: str) -> Article:
    return Article.objects.select_related("story").get(external_id=external_id)


ORIGINAL = line("cp:1", "Sackville River floods homes", body(), "2024-05-06T08:00:00-03:00")
CUT_COPY = line("ctv:9", "Dozens flee as river bursts banks", body(3), "2024-05-06T09:10:00-03:00")
UPDATE = line(
    "cp:2",
    "At least 103 forced from homes as Sackville River floods",
    body(deaths="103"),
    "2024-05-06T18:00:00-03:00",
)
OTHER = line(
    "cp:3",
    "Council approves budget",
    "The city council approved a budget of 1.2 billion dollars on Monday after a nine-hour debate over "
    "transit fares, snow clearing and the police budget, with two councillors voting against it.\n\n"
    "The mayor said the plan kept the tax increase under four per cent while adding bus routes to the "
    "suburbs, and that the city would borrow less than it had planned in the spring.",
    "2024-05-06T12:00:00-03:00",
)


def test_a_copy_cut_shorter_with_its_own_headline_joins_the_story_in_a_later_import():
    run(ORIGINAL, OTHER)
    report = run(CUT_COPY, name="ctv.jsonl")
    first, copy = article("cp:1"), article("ctv:9")
    assert copy.story == first.story and copy.story_role == "copy" and first.story_role == "first"
    assert copy.duplicate_of == first  # what "exact duplicates" were: hidden from canonical lists
    assert first.story.key == story_key("cp:1")
    assert (first.story.article_count, first.story.copy_count, first.story.version_count) == (2, 1, 1)
    assert article("cp:3").story != first.story
    assert report.duplicates == 1
    assert "a copy of a story already in the archive" in report.items[0].message
    assert set(Article.objects.story_heads().values_list("external_id", flat=True)) == {"cp:1", "cp:3"}


def test_an_update_is_a_version_and_gives_the_story_its_headline_in_one_chunk():
    report = run(ORIGINAL, CUT_COPY, UPDATE, OTHER)
    messages = {item.title: item.message for item in report.items}
    assert messages[UPDATE["title"]].startswith("a new version of an article earlier in this import")
    assert messages[CUT_COPY["title"]].startswith("a copy of an article earlier in this import")
    story = article("cp:1").story
    assert article("cp:2").story == story and article("cp:2").story_role == "version"
    assert article("cp:2").duplicate_of is None
    assert story.headline == UPDATE["title"]
    assert (story.article_count, story.copy_count, story.version_count) == (3, 1, 2)
    assert str(story.first_published_at.date()) == "2024-05-06"
    assert list(Article.objects.of_story(story).values_list("external_id", flat=True)) == [
        "cp:1",
        "ctv:9",
        "cp:2",
    ]


def test_the_same_words_with_other_figures_weeks_later_are_a_new_story_not_a_version():
    # A daily series (market reports, the Fed's operations) repeats its wording with new figures: a
    # version only within a story's news cycle, so a later item founds a story of its own, in the same
    # import or a later one; a copy of the text is still a copy whenever it appears.
    later = dict(UPDATE, id="cp:20", published_at="2024-05-20T18:00:00-03:00")
    run(ORIGINAL, later)
    assert article("cp:20").story != article("cp:1").story
    assert article("cp:20").story_role == "first"
    june = line("cp:21", UPDATE["title"], body(deaths="140"), "2024-06-03T18:00:00-03:00")
    run(june, name="june.jsonl")
    assert article("cp:21").story not in (article("cp:1").story, article("cp:20").story)
    run(dict(ORIGINAL, id="ctv:30", published_at="2024-06-30T08:00:00-03:00"), name="rerun.jsonl")
    assert article("ctv:30").story == article("cp:1").story and article("ctv:30").story_role == "copy"


def test_the_earliest_article_is_first_whatever_order_the_files_come_in():
    run(UPDATE, CUT_COPY)
    run(ORIGINAL, name="late.jsonl")
    roles = {a.external_id: a.story_role for a in Article.objects.all()}
    assert roles == {"cp:1": "first", "ctv:9": "copy", "cp:2": "version"}
    assert len({a.story_id for a in Article.objects.all()}) == 1
    assert Story.objects.get().headline == UPDATE["title"]
    assert Article.objects.story_heads().get().external_id == "cp:1"


def test_templated_earnings_notices_stay_apart():
    notices = [
        line(
            f"reuters:{n}",
            f"COMPANY {n} INC 4TH QTR NET",
            EARNINGS.format(a=n, b=n + 3, c=1000 + n, d=2000 + n, e=n + 7, f=n + 9, g=n + 11, h=n + 13),
            "1987-03-02T10:00:00",
        )
        for n in range(1, 6)
    ]
    run(*notices)
    assert Story.objects.count() == 5
    assert set(Article.objects.values_list("story_role", flat=True)) == {"first"}


def test_band_keys_are_stored_and_replaced_when_an_article_changes():
    run(ORIGINAL)
    before = set(StoryBand.objects.values_list("key", flat=True))
    assert before
    run({**ORIGINAL, "body": OTHER["body"]})  # the page was replaced by another text
    after = set(StoryBand.objects.values_list("key", flat=True))
    assert after and after != before
    assert StoryBand.objects.filter(article__external_id="cp:1").count() == len(after)


def test_a_dry_run_says_which_story_each_article_would_join_and_writes_nothing():
    run(ORIGINAL)
    stories = list(Story.objects.values_list("key", flat=True))
    report = run(CUT_COPY, UPDATE, dry_run=True)
    messages = {item.title: item.message for item in report.items}
    assert story_key("cp:1") in messages[CUT_COPY["title"]] and "a copy" in messages[CUT_COPY["title"]]
    assert "a new version" in messages[UPDATE["title"]]
    assert report.duplicates == 1
    assert list(Story.objects.values_list("key", flat=True)) == stories
    assert Article.objects.count() == 1


def test_the_story_key_survives_re_import_and_an_export_imported_into_an_empty_archive():
    run(ORIGINAL, CUT_COPY, UPDATE, OTHER)
    keys = dict(Article.objects.values_list("external_id", "story__key"))
    roles = dict(Article.objects.values_list("external_id", "story_role"))
    assert run(ORIGINAL, CUT_COPY, UPDATE, OTHER).unchanged == 4
    assert dict(Article.objects.values_list("external_id", "story__key")) == keys
    exported = "".join(iter_jsonl(Article.objects.order_by("pk")))
    assert all(json.loads(row)["story"] == keys[json.loads(row)["id"]] for row in exported.splitlines())
    Article.objects.all().delete()
    Story.objects.all().delete()
    report = import_documents([InputDocument("export.jsonl", exported.encode())], tag=False)
    assert report.failed == 0
    assert dict(Article.objects.values_list("external_id", "story__key")) == keys
    assert dict(Article.objects.values_list("external_id", "story_role")) == roles
    assert not any("story" in a.extra for a in Article.objects.all())
    assert Story.objects.get(key=keys["cp:1"]).article_count == 3


def test_a_record_naming_its_story_joins_it_even_when_its_text_would_not():
    run(ORIGINAL)
    run({**OTHER, "story": story_key("cp:1"), "story_role": "version"})
    assert article("cp:3").story == article("cp:1").story
    assert article("cp:3").story_role == "version"
    assert article("cp:1").story.article_count == 2


def test_csv_carries_the_story_columns():
    run(ORIGINAL, CUT_COPY)
    rows = list(iter_csv(Article.objects.order_by("pk")))
    header = rows[0].strip().split(",")
    assert header[-4:] == ["story", "story_role", "copies", "versions"]
    assert rows[2].strip().endswith(f"{story_key('cp:1')},copy,2,1")


def test_undoing_an_import_leaves_the_story_its_other_articles():
    run(CUT_COPY, UPDATE)
    report = run(ORIGINAL, name="late.jsonl")
    assert article("cp:1").story_role == "first"
    undo_batch(report.batch)
    story = Story.objects.get()
    assert story.article_count == 2
    assert article("ctv:9").story_role == "first"


# Two stories a later article shows to be one: the top of the wire story and its bottom, cut apart by
# two outlets (neither shares a sentence with the other), then the whole story.
TOP = line("ctv:40", "Sackville River floods homes", body(3), "2024-05-06T09:00:00-03:00")
BOTTOM = line(
    "gn:41", "Power cut to 12,000 as rain eases", "\n\n".join(FLOOD[3:]), "2024-05-06T10:00:00-03:00"
)
WHOLE = line("cp:42", "Floods in Nova Scotia", body(), "2024-05-06T11:00:00-03:00")


def test_an_article_matching_two_stories_merges_them_and_the_older_keeps_its_key():
    run(TOP, name="ctv.jsonl")
    run(BOTTOM, name="gn.jsonl")
    top, bottom = article("ctv:40").story, article("gn:41").story
    assert top != bottom
    report = run(WHOLE, name="cp.jsonl")
    assert report.created == 1
    story = article("cp:42").story
    assert story.key == top.key == story_key("ctv:40")
    assert {a.story_id for a in Article.objects.all()} == {story.pk}
    assert not Story.objects.filter(pk=bottom.pk).exists()
    roles = {a.external_id: a.story_role for a in Article.objects.all()}
    assert roles == {"ctv:40": "first", "gn:41": "version", "cp:42": "copy"}
    assert (story.article_count, story.copy_count, story.version_count) == (3, 1, 2)
    assert story.headline == BOTTOM["title"]  # the latest version's


def test_an_article_matching_two_stories_merges_them_within_one_chunk():
    run(TOP, BOTTOM, WHOLE)
    assert Story.objects.count() == 1
    assert Story.objects.get().key == story_key("ctv:40")
    roles = {a.external_id: a.story_role for a in Article.objects.all()}
    assert roles == {"ctv:40": "first", "gn:41": "version", "cp:42": "copy"}


def test_a_story_an_editor_split_is_never_merged_by_text():
    from articles.ingest.regroup import split_article

    run(TOP, name="ctv.jsonl")
    run(BOTTOM, name="gn.jsonl")
    split = split_article(article("gn:41"))
    run(WHOLE, name="cp.jsonl")
    assert article("gn:41").story == split
    assert article("cp:42").story == article("ctv:40").story != split
