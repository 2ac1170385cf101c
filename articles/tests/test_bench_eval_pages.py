"""bench/eval_pages.py on invented pages: the split, the scoring of each field, held-out pages counted
but never listed, missing pages skipped. No crawled text: the pages are written here."""

import hashlib
import json
import sys

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import eval_pages  # noqa: E402

STORY = (" date 2024-01 Jan 2 (Reuters) - Grain prices rose on Tuesday as traders weighed the weather in the "
         "southern plains.\n\nAnalysts expect more swings this week.\n")  # fmt: skip


def held_out_host() -> str:
    return next(f"site{n}.example" for n in range(100) if eval_pages.is_held_out(f"site{n}.example"))


def dev_host() -> str:
    return next(f"site{n}.example" for n in range(100) if not eval_pages.is_held_out(f"site{n}.example"))


def label(host: str, **fields) -> dict:
    base = {"address": f"https://{host}/story", "host": host, "kind": "article", "language": "en",
            "headline": None, "date": "2024-01-02", "byline": "", "dateline": "", "source": "Reuters",
            "body_first": "Grain prices rose on Tuesday as traders weighed the weather in the southern plains.",
            "body_last": "Analysts expect more swings this week.", "body_ends_in_excerpt": True}  # fmt: skip
    base.update(fields)
    return base


def store(pages, item: dict, text: str) -> None:
    (pages / f"{hashlib.sha1(item['address'].encode()).hexdigest()}.txt").write_text(text, encoding="utf-8")


def test_the_split_ignores_case_and_www():
    host = held_out_host()
    assert eval_pages.is_held_out(f"WWW.{host.upper()}")
    assert not eval_pages.is_held_out(f"www.{dev_host()}")


def test_scores_fields_lists_development_misses_only_and_skips_missing_pages(tmp_path):
    dev, held = label(dev_host(), date="2024-01"), label(held_out_host())
    missing = label(dev_host(), address="https://nowhere.example/gone")
    for item in (dev, held):
        store(tmp_path, item, STORY)
    result = eval_pages.evaluate([dev, held, missing], tmp_path, host_split=True)
    assert result["counts"] == {"development": 1, "held-out": 1, "missing": 1, "changed": 0}
    assert result["totals"]["held-out"]["date"] == [1, 1]
    assert result["totals"]["development"]["date"] == [0, 1]  # the label said a month, the page a day
    assert [(miss[1], miss[2], miss[3]) for miss in result["misses"]] == [("date", "2024-01", "2024-01-02")]
    assert result["totals"]["development"]["body_start"] == [1, 1]
    assert result["totals"]["development"]["source"] == [1, 1]


def test_an_empty_page_must_be_refused(tmp_path):
    empty = label(dev_host(), kind="empty")
    store(tmp_path, empty, " date 2024-01-03\n\nMenu\nShare\n")
    result = eval_pages.evaluate([empty], tmp_path)
    assert result["totals"]["development"]["refused"] == [1, 1]
    assert "headline" not in result["totals"]["development"]


def test_names_and_sources_compare_as_a_reader_would():
    assert eval_pages.names("By Jane Doe and John Roe") == eval_pages.names("John Roe, Jane Doe")
    assert eval_pages.names("AP") == eval_pages.names("The Associated Press")
    assert eval_pages.source_right("Example Daily", "")  # the site's own story: no agency is right
    assert not eval_pages.source_right("Reuters", "")
    assert eval_pages.norm("“Quotes” — and DASHES.") == eval_pages.norm('"quotes" - and dashes')


def test_the_manifest_reader_keeps_where_each_label_came_from(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(label(dev_host())) + "\n\n", encoding="utf-8")
    assert eval_pages.read_manifests([path])[0]["_where"] == "x.jsonl:1"


def test_a_held_out_manifest_holds_out_every_page_and_the_host_split_is_off_by_default(tmp_path):
    dev_path, held_path = tmp_path / "a.jsonl", tmp_path / "c.jsonl"
    dev, held = label(held_out_host()), label(dev_host(), address="https://elsewhere.example/story")
    dev_path.write_text(json.dumps(dev) + "\n", encoding="utf-8")
    held_path.write_text(json.dumps(held) + "\n", encoding="utf-8")
    for item in (dev, held):
        store(tmp_path, item, STORY)
    labels = eval_pages.read_manifests([dev_path]) + eval_pages.read_manifests([held_path], held_out=True)
    result = eval_pages.evaluate(labels, tmp_path)
    assert result["counts"]["development"] == 1 and result["counts"]["held-out"] == 1
    assert result["totals"]["held-out"]["body_start"] == [1, 1]
    assert all(miss[0]["address"] != held["address"] for miss in result["misses"])


def test_set_l_is_held_out_however_it_is_given_and_set_k_is_development(tmp_path):
    # stop 25: sets a-k are development; set l (labeller "l") is the held-out set
    fresh = label(dev_host(), labeller="l", address="https://fresh.example/story")
    older = label(dev_host(), labeller="k", address="https://older.example/story")
    for item in (fresh, older):
        store(tmp_path, item, STORY)
    result = eval_pages.evaluate([fresh, older], tmp_path)
    assert result["counts"]["development"] == 1 and result["counts"]["held-out"] == 1
    assert all(miss[0]["labeller"] != "l" for miss in result["misses"])
