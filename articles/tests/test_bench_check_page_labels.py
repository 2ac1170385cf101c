"""bench/check_page_labels.py keeps each held-out page set off the hosts of the sets before it, from the
committed manifests alone (the page texts need not be on the machine)."""

import json
import sys

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import check_page_labels  # noqa: E402

LABELS = REPO / "bench" / "page_labels"


def first_host(labeller):
    line = (LABELS / f"{labeller}.jsonl").read_text(encoding="utf-8").splitlines()[0]
    return json.loads(line)["host"]


def row(labeller, host):
    return {"address": f"https://{host}/new-page", "host": host, "labeller": labeller}


def test_set_e_may_use_no_host_of_sets_a_to_d():
    for earlier in "abcd":
        host = first_host(earlier)
        errors = check_page_labels.development_host_errors([row("e", host)])
        assert errors and f"in set {earlier}" in errors[0]
        # the same host with or without "www." is the same site
        bare = host[4:] if host.startswith("www.") else "www." + host
        assert check_page_labels.development_host_errors([row("e", bare)])


def test_set_e_on_a_new_host_passes_and_counts_as_development_since_set_f():
    fresh = row("e", "example.org")
    assert check_page_labels.development_host_errors([fresh]) == []
    assert check_page_labels.split_of(fresh) == "set e"
    assert check_page_labels.split_of(row("d", "example.org")) == "set d"


def test_committed_set_e_shares_no_host_with_a_to_d():
    rows = [json.loads(line) for line in (LABELS / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {r["labeller"] for r in rows} == {"e"}
    assert check_page_labels.development_host_errors(rows) == []


def test_set_f_may_use_no_host_of_sets_a_to_e():
    for earlier in "abcde":
        host = first_host(earlier)
        errors = check_page_labels.development_host_errors([row("f", host)])
        assert errors and f"in set {earlier}" in errors[0]
    fresh = row("f", "example.org")
    assert check_page_labels.development_host_errors([fresh]) == []
    assert check_page_labels.split_of(fresh) == "set f"  # development since stop 21


def test_set_g_may_use_no_host_of_sets_a_to_f_and_is_development_since_stop_22():
    for earlier in "abcdef":
        host = first_host(earlier)
        errors = check_page_labels.development_host_errors([row("g", host)])
        assert errors and f"in set {earlier}" in errors[0]
    fresh = row("g", "example.org")
    assert check_page_labels.development_host_errors([fresh]) == []
    assert check_page_labels.split_of(fresh) == "set g"


def test_committed_set_f_shares_no_host_with_a_to_e():
    rows = [json.loads(line) for line in (LABELS / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {r["labeller"] for r in rows} == {"f"}
    assert len({check_page_labels.norm_host(r["host"]) for r in rows}) == len(rows)  # one page per host
    assert check_page_labels.development_host_errors(rows) == []


def test_set_h_may_use_no_host_of_sets_a_to_g():
    for earlier in "abcdefg":
        host = first_host(earlier)
        errors = check_page_labels.development_host_errors([row("h", host)])
        assert errors and f"in set {earlier}" in errors[0]
    fresh = row("h", "example.org")
    assert check_page_labels.development_host_errors([fresh]) == []
    assert check_page_labels.split_of(fresh) == "set h"  # development since stop 22


def test_committed_set_h_shares_no_host_with_a_to_g():
    rows = [json.loads(line) for line in (LABELS / "h.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {r["labeller"] for r in rows} == {"h"}
    assert len({check_page_labels.norm_host(r["host"]) for r in rows}) == len(rows)  # one page per host
    assert check_page_labels.development_host_errors(rows) == []
    assert all(len(r["date"]) == 10 for r in rows)  # set h kept only pages whose header gives a full day


def test_set_i_may_use_no_host_of_sets_a_to_h_and_is_development_now():
    for earlier in "abcdefgh":
        host = first_host(earlier)
        errors = check_page_labels.development_host_errors([row("i", host)])
        assert errors and f"in set {earlier}" in errors[0]
    fresh = row("i", "example.org")
    assert check_page_labels.development_host_errors([fresh]) == []
    assert check_page_labels.split_of(fresh) == "set i"  # held out at stop 22, development from stop 23
    assert (
        check_page_labels.split_of(row("j", "example.org")) == "set j"
    )  # held out at stop 23, development from 24


def test_committed_set_i_shares_no_host_with_a_to_h():
    rows = [json.loads(line) for line in (LABELS / "i.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {r["labeller"] for r in rows} == {"i"}
    assert len({check_page_labels.norm_host(r["host"]) for r in rows}) == len(rows)  # one page per host
    assert check_page_labels.development_host_errors(rows) == []


def test_set_l_may_use_no_host_of_sets_a_to_k_and_is_held_out():
    # stop 25: set k was scored once at stop 24 and is development now; set l is the held-out set
    for earlier in "abcdefghijk":
        host = first_host(earlier)
        errors = check_page_labels.development_host_errors([row("l", host)])
        assert errors and f"in set {earlier}" in errors[0]
    fresh = row("l", "example.org")
    assert check_page_labels.development_host_errors([fresh]) == []
    assert check_page_labels.split_of(fresh) == "held out (set l)"
    assert check_page_labels.split_of(row("k", "example.org")) == "set k"


def test_committed_set_k_shares_no_host_with_a_to_j():
    rows = [json.loads(line) for line in (LABELS / "k.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100 and {r["labeller"] for r in rows} == {"k"}
    assert len({check_page_labels.norm_host(r["host"]) for r in rows}) == len(rows)  # one page per host
    assert check_page_labels.development_host_errors(rows) == []


def test_committed_set_l_shares_no_host_with_a_to_k():
    rows = [json.loads(line) for line in (LABELS / "l.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100 and {r["labeller"] for r in rows} == {"l"}
    assert len({check_page_labels.norm_host(r["host"]) for r in rows}) == len(rows)  # one page per host
    assert check_page_labels.development_host_errors(rows) == []
