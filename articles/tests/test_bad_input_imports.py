"""Bad input in an import, through the command a user runs: a JSON Lines file cut at any byte (a copy
interrupted, a download stopped), the same records in another encoding, and any bytes under any name.
Each record is written whole or reported by name, never half of it; the import always ends with a report
(docs/benchmarks.md, "Bad input: stop 28"). The parsers' own properties are in test_importers_jsonl.py
and test_importers_page.py; the writer's in test_import_properties.py; the admin's upload in
test_admin_import_parts.py.
"""

import io
import itertools
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles.models import Article, ImportBatch

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_numbers = itertools.count(1)
# Letters Latin-1 and Windows-1252 write with the same byte, and plain text, in titles.
TITLE = st.text(st.sampled_from("abcdefghij KLMNOP éüñçÀÖ"), min_size=3, max_size=30).filter(str.strip)


def run(path) -> tuple[str, str]:
    """What the command printed; a failed item ends it with an error (exit status 1), after its report."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(path), "--no-tag", stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
    return out.getvalue(), err.getvalue()


def lines_of(n: int, titles: list[str]) -> tuple[bytes, list[dict]]:
    records = [
        {"id": f"cut:{n}:{i}", "title": f"Ferry {title}", "body": f"The ferry {title} sailed on time. " * 3}
        for i, title in enumerate(titles)
    ]
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records), records


@FUZZ
@given(titles=st.lists(TITLE, min_size=1, max_size=4), cut=st.floats(0, 1))
@example(titles=["abc", "def"], cut=0.5)
@example(titles=["ééé"], cut=0.99)
def test_a_file_cut_at_any_byte_imports_its_whole_lines_and_reports_the_rest(tmp_path_factory, titles, cut):
    n = next(_numbers)
    data, records = lines_of(n, titles)
    kept = data[: int(len(data) * cut)]
    path = tmp_path_factory.mktemp("cut") / "cut.jsonl"
    path.write_bytes(kept)
    run(path)
    stored = {a.external_id: a for a in Article.objects.filter(external_id__startswith=f"cut:{n}:")}
    for end, record in zip(
        itertools.accumulate(len(line) + 1 for line in data.split(b"\n")), records, strict=False
    ):
        article = stored.get(record["id"])
        if end - 1 <= len(kept):  # the whole line arrived (its newline or not)
            assert article is not None, (record, kept)
        if article is not None:  # whole or nothing
            assert article.title == " ".join(record["title"].split()) and article.body.startswith("The ferry")
    if stored or kept.strip():
        batch = ImportBatch.objects.order_by("-pk").first()
        assert batch.status == ImportBatch.Status.FINISHED
        assert batch.created + batch.updated + batch.unchanged + batch.failed >= len(stored)


@FUZZ
@given(
    titles=st.lists(TITLE, min_size=1, max_size=3),
    encoding=st.sampled_from(["utf-8-sig", "utf-16", "latin-1", "cp1252"]),
)
@example(titles=["café"], encoding="latin-1")
@example(titles=["naïve"], encoding="utf-16")
def test_another_encoding_imports_the_same_text_or_says_why_not(tmp_path_factory, titles, encoding):
    n = next(_numbers)
    data, records = lines_of(n, titles)
    path = tmp_path_factory.mktemp("enc") / "enc.jsonl"
    path.write_bytes(data.decode().encode(encoding))
    out, err = run(path)
    for record in records:
        article = Article.objects.filter(external_id=record["id"]).first()
        if article is None:
            assert "enc.jsonl" in err, (encoding, out, err)  # reported by name
        else:
            assert article.title == " ".join(record["title"].split()), (
                encoding,
                article.title,
            )  # no mojibake


@FUZZ
@given(
    data=st.binary(max_size=300), name=st.sampled_from(["x.jsonl", "x.txt", "x.json", "x", "x.zip", "x.gz"])
)
@example(data=b'{"id": "a", "title": "\xff\xfe", "body": "x"}\n', name="x.jsonl")
@example(data=b"\x1f\x8b\x08\x00garbage", name="x.gz")
@example(data=b"PK\x03\x04garbage", name="x.zip")
def test_any_bytes_under_any_name_end_in_a_report(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("any") / name
    path.write_bytes(data)
    before = Article.objects.count()
    out, err = run(path)
    assert out or err  # the user is told something
    for article in Article.objects.order_by("-pk")[: Article.objects.count() - before]:
        assert article.title and article.external_id  # nothing half-written
