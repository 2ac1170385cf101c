"""bench/eval_stories.py's manifests on invented pages: the part a row belongs to (the hash rule, or the
row's own "split"), two manifests read together, a changed page skipped. No crawled text: the pages are
written here."""

import argparse
import hashlib
import json
import sys

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import eval_stories  # noqa: E402

WIRE = (
    " date 2024-01-02 LISBON (AP) — A ferry carrying 300 passengers ran aground off the coast of Portugal on "
    "Tuesday, and all aboard were brought ashore safely, the coast guard said.\n\nThe ferry had left the port of "
    "Setubal in the morning and struck a sandbank in heavy fog, officials said. Tugboats were expected to free it "
    "at high tide.\n\nNo injuries were reported, and an inquiry into the grounding has been opened.\n"
)
OTHER = (
    " date 2024-01-02 Grain prices rose on Tuesday as traders weighed dry weather in the southern plains and "
    "a weaker dollar.\n\nAnalysts expect more swings this week as the harvest outlook changes.\n"
)


def dev_story() -> str:
    return next(f"story-{n}" for n in range(100) if not eval_stories.held_out(f"story-{n}"))


def held_story() -> str:
    return next(f"story-{n}" for n in range(100) if eval_stories.held_out(f"story-{n}"))


def row(address: str, text: str, story: str, **fields) -> dict:
    return {"address": address, "query": "q", "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "story": story, "notes": "", **fields}  # fmt: skip


def store(pages, item: dict, text: str) -> None:
    (pages / f"{hashlib.sha1(item['address'].encode()).hexdigest()}.txt").write_text(text, encoding="utf-8")


def manifest(path, rows) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_a_row_naming_its_split_overrides_the_hash_rule():
    assert eval_stories.part_of({"story": dev_story()}) == "dev"
    assert eval_stories.part_of({"story": held_story()}) == "heldout"
    assert eval_stories.part_of({"story": dev_story(), "split": "heldout2"}) == "heldout2"


def test_two_manifests_are_scored_part_by_part(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    first = [row("https://a.example/1", OTHER, dev_story())]
    second = [
        row("https://b.example/1", WIRE, "ap-ferry", split="heldout2"),
        row("https://c.example/1", WIRE, "ap-ferry", split="heldout2"),
        row("https://d.example/1", OTHER, "d-grain", split="heldout2"),
    ]
    for item, text in zip(first + second, [OTHER, WIRE, WIRE, OTHER], strict=True):
        store(pages, item, text)
    args = argparse.Namespace(
        pages=str(pages),
        reader="importer",
        labels=[manifest(tmp_path / "a.jsonl", first), manifest(tmp_path / "b.jsonl", second)],
        part=None,
        show=None,
        key_rows=None,
        decisions=None,
    )
    eval_stories.run_pages(args)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["dev", "heldout2"]
    scored = json.loads(lines[1].split(" ", 1)[1])
    assert (scored["pages"], scored["stories"], scored["labelled_pairs"]) == (3, 2, 1)


def test_only_the_asked_part_is_scored_and_a_changed_page_is_skipped(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    rows = [
        row("https://b.example/1", WIRE, "ap-ferry", split="heldout2"),
        row("https://c.example/1", WIRE, "ap-ferry", split="heldout2"),
    ]
    store(pages, rows[0], WIRE)
    store(pages, rows[1], WIRE + "Edited after labelling.\n")
    args = argparse.Namespace(
        pages=str(pages),
        reader="importer",
        labels=[manifest(tmp_path / "b.jsonl", rows)],
        part=["heldout2"],
        show=None,
        key_rows=None,
        decisions=None,
    )
    eval_stories.run_pages(args)
    captured = capsys.readouterr()
    assert "changed since it was labelled, skipped: https://c.example/1" in captured.err
    assert json.loads(captured.out.split(" ", 1)[1])["pages"] == 1


def test_the_part_all_replays_every_page_as_one_archive(tmp_path, capsys):
    # A story whose pages fall in two parts is one story only when the parts are replayed together.
    pages = tmp_path / "pages"
    pages.mkdir()
    rows = [
        row("https://a.example/1", WIRE, "ap-ferry", split="dev"),
        row("https://b.example/1", WIRE, "ap-ferry", split="heldout"),
        row("https://c.example/1", OTHER, "c-grain", split="dev"),
    ]
    for item, text in zip(rows, [WIRE, WIRE, OTHER], strict=True):
        store(pages, item, text)
    args = argparse.Namespace(
        pages=str(pages),
        reader="importer",
        labels=[manifest(tmp_path / "a.jsonl", rows)],
        part=["all"],
        show=None,
        key_rows=None,
        decisions=None,
    )
    eval_stories.run_pages(args)
    line = capsys.readouterr().out.strip()
    assert line.split()[0] == "all"
    scored = json.loads(line.split(" ", 1)[1])
    assert (scored["pages"], scored["labelled_pairs"], scored["recall"]) == (3, 1, 1.0)


@pytest.mark.parametrize("part", ["heldout3", "heldout4", "heldout5", "heldout7", "heldout8"])
def test_a_later_held_out_part_can_be_asked_for_by_name(part, tmp_path, capsys, monkeypatch):
    pages = tmp_path / "pages"
    pages.mkdir()
    rows = [
        row("https://b.example/1", WIRE, "ap-ferry", split=part),
        row("https://c.example/1", WIRE, "ap-ferry", split=part),
        row("https://d.example/1", OTHER, "d-grain", split="heldout2"),
    ]
    for item, text in zip(rows, [WIRE, WIRE, OTHER], strict=True):
        store(pages, item, text)
    labels = manifest(tmp_path / "c.jsonl", rows)
    argv = ["eval_stories.py", "pages", "--pages", str(pages), "--labels", labels, "--part", part]
    monkeypatch.setattr(sys, "argv", argv)
    eval_stories.main()
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [part]
    assert json.loads(lines[0].split(" ", 1)[1])["pages"] == 2


def test_every_held_out_part_is_scored_in_order_without_part(tmp_path, capsys, monkeypatch):
    # Without --part, each part found is scored as its own archive, in PARTS order.
    pages = tmp_path / "pages"
    pages.mkdir()
    rows = [
        row("https://a.example/1", WIRE, "ap-ferry", split="heldout4"),
        row("https://b.example/1", WIRE, "ap-ferry", split="heldout4"),
        row("https://c.example/1", OTHER, "c-grain", split="heldout3"),
    ]
    for item, text in zip(rows, [WIRE, WIRE, OTHER], strict=True):
        store(pages, item, text)
    labels = manifest(tmp_path / "d.jsonl", rows)
    argv = ["eval_stories.py", "pages", "--pages", str(pages), "--labels", labels]
    monkeypatch.setattr(sys, "argv", argv)
    eval_stories.main()
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["heldout3", "heldout4"]
    assert json.loads(lines[1].split(" ", 1)[1])["labelled_pairs"] == 1


def test_the_replay_merges_two_stories_an_article_matches_as_the_import_does():
    from articles.stories.similarity import StoryText

    from .test_ingest_stories import FLOOD

    archive = eval_stories.Archive()
    top = archive.add(StoryText("Sackville River floods homes", "\n\n".join(FLOOD[:3])))
    bottom = archive.add(StoryText("Power cut to 12,000 as rain eases", "\n\n".join(FLOOD[3:])))
    assert archive.story[top] != archive.story[bottom]
    whole = archive.add(StoryText("Floods in Nova Scotia", "\n\n".join(FLOOD)))
    assert archive.story == [top, top, top]
    assert archive.merges == 1 and archive.moved == [(bottom, top, whole)]
