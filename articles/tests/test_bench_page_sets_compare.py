"""bench/page_sets_compare.py and bench/standfirst_measure.py on invented pages and scores (issue 14, stop 26):
check sets are counted, never listed; held-out sets are refused before any page is read."""

import hashlib
import json
import sys

import numpy as np
import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import eval_pages  # noqa: E402
import page_sets_compare  # noqa: E402
import standfirst_measure  # noqa: E402

STORY = (" date 2024-01-02 Grain prices rise as traders weigh the weather in the plains\n\nGrain prices rose "
         "on Tuesday as traders weighed the weather in the southern plains.\n\nAnalysts expect more swings this "
         "week.\n")  # fmt: skip


def scores(**pages) -> dict:
    """{"a.jsonl:1": {"headline": right, ...}} as score() stores them."""
    return {"pages": {where: {field: [right, "x", "y"] for field, right in fields.items()}
                      for where, fields in pages.items()}}  # fmt: skip


def test_compare_lists_the_rule_sets_pages_and_counts_the_check_sets_only():
    before = scores(**{"a.jsonl:1": {"headline": False, "body_end": True}, "j.jsonl:4": {"headline": False}})
    after = scores(**{"a.jsonl:1": {"headline": True, "body_end": False}, "j.jsonl:4": {"headline": True}})
    lines = page_sets_compare.compare(before, after, rules="a", check="j")
    assert "gain a.jsonl:1 headline" in lines and "loss a.jsonl:1 body_end" in lines
    assert not any("j.jsonl:4" in line for line in lines)  # a check set's page is never named
    assert (
        "  headline    0/1 -> 1/1  (+1)"
        in lines[lines.index("[check sets j] 1 pages: field before -> after") :]
    )


def test_compare_counts_only_the_pages_both_files_hold():
    before = scores(**{"a.jsonl:1": {"date": True}, "a.jsonl:2": {"date": False}})
    after = scores(**{"a.jsonl:1": {"date": True}})
    assert "  date        1/1 -> 1/1" in page_sets_compare.compare(before, after, rules="a", check="")


def test_score_reads_a_trees_pages_and_refuses_a_held_out_set(tmp_path, monkeypatch):
    monkeypatch.setattr(eval_pages, "HELD_OUT_LABELLERS", {"z"})
    tree = tmp_path / "tree"
    (tree / "bench" / "page_labels").mkdir(parents=True)
    label = {"address": "https://site.example/story", "host": "site.example", "kind": "article",
             "headline": "Grain prices rise as traders weigh the weather in the plains",
             "body_first": "Grain prices rose on Tuesday as traders weighed "
             "the weather in the southern plains."}  # fmt: skip
    (tree / "bench" / "page_labels" / "a.jsonl").write_text(json.dumps(label) + "\n")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / f"{hashlib.sha1(label['address'].encode()).hexdigest()}.txt").write_text(STORY)
    result = page_sets_compare.score(tree, "a", pages)
    assert result["missing"] == 0
    assert result["pages"]["a.jsonl:1"]["headline"][0] is True
    assert result["pages"]["a.jsonl:1"]["body_start"][0] is True
    with pytest.raises(SystemExit, match="held out"):
        page_sets_compare.score(tree, "az", pages)


def test_standfirst_measures_and_auc():
    header = "Meloni confirms date and venue of the summit as Puglia prepares."
    following = (
        "The next summit will be held in Puglia on 13-15 June, Italian premier Giorgia Meloni confirmed."
    )
    values = dict(zip(standfirst_measure.NAMES, standfirst_measure.measures(header, following), strict=True))
    assert values["h_ends_stop"] == 1.0
    assert values["p1_new_names"] == 1.0  # "Italian", "Giorgia": names the header did not print
    assert 0 < values["h_in_p1"] < 1
    assert standfirst_measure.auc(np.array([0.9, 0.2]), np.array([1.0, 0.0])) == 1.0
    assert standfirst_measure.auc(np.array([0.5, 0.5]), np.array([1.0, 0.0])) == 0.5
