"""Check the issue-14 page manifests (bench/page_labels/*.jsonl) against the stored page texts.

    .venv/bin/python bench/check_page_labels.py                  # all manifests
    .venv/bin/python bench/check_page_labels.py --pages /path    # texts elsewhere (or PAGES14_DIR)
    .venv/bin/python bench/check_page_labels.py --labels bench/page_labels/c.jsonl   # one manifest

Every line must parse and carry every field; kinds, dates, languages and the host rule (labeller a:
normalised host SHA-1 starting 0-7, labeller b: 8-f; labeller c, any host that no page of a or b
has; labeller d, the held-out set of stop 19, any host that no page of a, b or c has; labeller e, the
held-out set of stop 20, any host that no page of a, b, c or d has; labeller f, the second held-out set
of stop 20, any host that no page of a to e has; labeller g, the held-out set of stop 21, any host that no
page of a to f has; labeller h, the second held-out set of stop 21, any host that no page of a to g has;
labeller i, the held-out set of stop 22, any host that no page of a to h has; labeller j, the held-out
set of stop 23, any host that no page of a to i has; labeller k, the held-out set of stop 24, any host that no
page of a to j has)
must hold; a host may have at most 4 pages; the stored text of each page (named by the SHA-1 of its address) must exist, start with " date " and match
the recorded sha256. Labelled sentences must be printed in the text. A missing page is reported and
skipped, never guessed. Prints the counts by kind, language and split and exits 1 on any error.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
KINDS = {"article", "digest", "gallery", "video", "listing", "stub", "empty"}
FIELDS = [
    "address",
    "host",
    "query",
    "sha256",
    "labeller",
    "kind",
    "language",
    "headline",
    "date",
    "byline",
    "dateline",
    "source",
    "body_first",
    "body_last",
    "body_ends_in_excerpt",
    "note",
]
ANY_HOST = "0123456789abcdef"
HOST_PREFIX = {"a": "01234567", "b": "89abcdef"} | dict.fromkeys("cdefghijkl", ANY_HOST)
# Each later set may use no host of the sets before it: c none of a and b, d none of a, b and c, e none
# of a to d, f none of a to e, g none of a to f, h none of a to g, i none of a to h, j none of a to i, k none
# of a to j, l none of a to k. Sets d (drawn at stop 19 after the parser was tuned on a, b and c), e and f (drawn at stop 20), g
# and h (drawn at stop 21), i (drawn at stop 22), j (drawn at stop 23) and k (drawn at stop 24) were each held out once and
# are development now; set l (drawn at stop 25) is held out, for a second stop at stop 26 (only its totals were
# ever printed; keeping it saves restoring the look-ups a fresh set costs). The check reads the manifests only, so it holds while the page texts
# are being restored.
EARLIER_SETS = {
    "c": {"a", "b"},
    "d": {"a", "b", "c"},
    "e": {"a", "b", "c", "d"},
    "f": {"a", "b", "c", "d", "e"},
    "g": {"a", "b", "c", "d", "e", "f"},
    "h": {"a", "b", "c", "d", "e", "f", "g"},
    "i": {"a", "b", "c", "d", "e", "f", "g", "h"},
    "j": {"a", "b", "c", "d", "e", "f", "g", "h", "i"},
    "k": {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"},
    "l": {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"},
}
# sets d to k were held out once (stops 19 to 24) and are development now; l is held out at stops 25 and 26
HELD_OUT_LABELLERS = {"l"}
MAX_PER_HOST = 4
EXCERPT_CAP_BYTES = 1914  # the search tool cuts a stored page at this many UTF-8 bytes


def norm_host(host):
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def host_sha1(host):
    return hashlib.sha1(norm_host(host).encode()).hexdigest()


def held_out(host):
    """The split rule fixed in bench/README.md before anyone read errors."""
    return int(host_sha1(host), 16) % 3 == 0


def page_path(pages, address):
    return pages / f"{hashlib.sha1(address.encode()).hexdigest()}.txt"


def valid_date(value):
    if value is None:
        return True
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return False
    try:
        datetime.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return False
    return True


def check_row(row, pages, errors, warnings, missing):
    where = row.get("address", "?")
    absent = [f for f in FIELDS if f not in row]
    if absent:
        errors.append(f"{where}: missing fields {absent}")
        return
    if urlsplit(row["address"]).hostname != row["host"]:
        errors.append(f"{where}: host {row['host']!r} is not the address's host")
    prefix = HOST_PREFIX.get(row["labeller"])
    if prefix is None:
        errors.append(f"{where}: unknown labeller {row['labeller']!r}")
    elif host_sha1(row["host"])[0] not in prefix:
        errors.append(f"{where}: host belongs to the other labeller")
    if row["kind"] not in KINDS:
        errors.append(f"{where}: kind {row['kind']!r}")
    if re.fullmatch(r"[a-z]{3}", row["language"] or ""):
        warnings.append(f"{where}: language {row['language']!r} (ISO 639-3: no ISO 639-1 code)")
    elif not re.fullmatch(r"[a-z]{2}", row["language"] or ""):
        errors.append(f"{where}: language {row['language']!r} is not ISO 639-1")
    if not valid_date(row["date"]):
        errors.append(f"{where}: date {row['date']!r}")
    for field in ("byline", "dateline", "source", "query", "note"):
        if not isinstance(row[field], str):
            errors.append(f"{where}: {field} must be a string")
    if not isinstance(row["body_ends_in_excerpt"], bool):
        errors.append(f"{where}: body_ends_in_excerpt must be true or false")
    if row["kind"] != "article" and (row["body_first"] or row["body_last"]):
        errors.append(f"{where}: a {row['kind']} page has no body sentences")
    if row["kind"] == "article" and not row["body_first"]:
        errors.append(f"{where}: an article needs body_first")
    if row["kind"] == "article" and bool(row["body_last"]) != row["body_ends_in_excerpt"]:
        errors.append(f"{where}: body_last is given exactly when the body ends in the excerpt")
    path = page_path(pages, row["address"])
    if not path.exists():
        missing.append(row["address"])
        return
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        errors.append(f"{where}: sha256 differs from the stored text {path.name}")
        return
    text = data.decode("utf-8")
    if not text.startswith(" date "):
        errors.append(f"{where}: stored text does not start with ' date '")
    for field in ("headline", "body_first", "body_last"):
        if row[field] and row[field] not in text:
            warnings.append(f"{where}: {field} is not printed verbatim in the text")
    # a cut inside a multi-byte character leaves up to 3 bytes under the cap
    if len(data) < EXCERPT_CAP_BYTES - 3 and row["kind"] == "article" and not row["body_ends_in_excerpt"]:
        warnings.append(f"{where}: text is under the cap but the body is said not to end")


def development_host_errors(rows):
    """Sets c to l must share no host with the sets before them (read from bench/page_labels/ even
    when only one manifest is checked)."""
    hosts = {}
    for manifest in sorted((HERE / "page_labels").glob("*.jsonl")):
        for line in manifest.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("host"):
                hosts.setdefault(row.get("labeller"), set()).add(norm_host(row["host"]))
    for row in rows:  # manifests given on the command line
        if row.get("host"):
            hosts.setdefault(row.get("labeller"), set()).add(norm_host(row["host"]))
    errors = []
    for r in rows:
        earlier = EARLIER_SETS.get(r.get("labeller"), set())
        clash = sorted(s for s in earlier if norm_host(r.get("host", "")) in hosts.get(s, set()))
        if clash:
            errors.append(f"{r['address']}: host {r['host']} also has pages in set {', '.join(clash)}")
    return errors


def split_of(row):
    if row.get("labeller") in HELD_OUT_LABELLERS:
        return f"held out (set {row['labeller']})"
    if row.get("labeller") in {"c", "d", "e", "f", "g", "h", "i", "j", "k"}:
        return f"set {row['labeller']}"
    return "held out" if held_out(row["host"]) else "development"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=os.environ.get("PAGES14_DIR", "/work/devpages/pages14"), type=Path)
    parser.add_argument("--labels", action="append", default=[], type=Path, help="a manifest (repeatable)")
    parser.add_argument("manifests", nargs="*", type=Path)
    args = parser.parse_args(argv)
    manifests = args.labels + args.manifests or sorted((HERE / "page_labels").glob("*.jsonl"))
    errors, warnings, missing, rows = [], [], [], []
    for manifest in manifests:
        for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{manifest.name}:{number}: not JSON ({exc})")
                continue
            check_row(row, args.pages, errors, warnings, missing)
            rows.append(row)
    seen = Counter(r.get("address") for r in rows)
    errors += [f"{a}: labelled {n} times" for a, n in seen.items() if n > 1]
    per_host = Counter(r.get("host") for r in rows)
    errors += development_host_errors(rows)
    errors += [f"{h}: {n} pages (at most {MAX_PER_HOST})" for h, n in per_host.items() if n > MAX_PER_HOST]
    for line in warnings:
        print("warning:", line)
    if missing:
        print(f"skipped {len(missing)} page(s) whose text is not in {args.pages} (restore them first)")
    split = Counter(split_of(r) for r in rows if "host" in r)
    print(f"{len(rows)} pages from {len(per_host)} hosts; split: {dict(split)}")
    print("kinds:", dict(Counter(r.get("kind") for r in rows).most_common()))
    print("languages:", dict(Counter(r.get("language") for r in rows).most_common()))
    for line in errors:
        print("ERROR:", line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
