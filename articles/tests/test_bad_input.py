"""Bad input, through the command and the admin upload, and markup in articles shown inert everywhere.

Each bad input gives a message naming it and the good input beside it is still imported. The table in
docs/import-format.md ("What happens to bad input") lists the same cases with what the user sees.
"""

import csv
import io
import json
import os
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles.importers.jsonl import parse_jsonl
from articles.importers.records import InputDocument
from articles.importers.text import MAX_ARTICLE_BYTES
from articles.ingest import import_documents
from articles.models import Article
from articles.tests.factories import make_article

pytestmark = pytest.mark.django_db

GOOD = {"id": "good:1", "title": "Harbour reopens", "body": "The harbour reopened on Monday."}
UNSAFE = "unsafe member name (it points outside the archive); skipped"
BLANK = "no text, only spaces and blank lines; nothing was imported"


def line(**record) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


def good_line(n: int = 1) -> bytes:
    return line(**{**GOOD, "id": f"good:{n}", "title": f"Harbour reopens, part {n}"})


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def page(title: str, body: str) -> str:
    filler = "Officials said the ferries would run again on Tuesday, weather permitting."
    return f" date 2024-01-03 {title}\n\n{body} {filler}\n"


# (file name, content, messages the user is shown, titles imported)
BAD_INPUTS = {
    "binary garbage": (
        "photo.jsonl",
        bytes(range(256)) * 16,
        ["photo.jsonl: not a text file (it looks like binary data); nothing was imported"],
        [],
    ),
    "a PDF uploaded as text": (
        "report.txt",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
        ["report.txt: not a text file (it looks like a PDF); nothing was imported"],
        [],
    ),
    "a PNG named as JSON Lines": (
        "photo.jsonl",
        b"\x89PNG\r\n\x1a\n" + b"IHDR" + bytes(100),
        ["photo.jsonl: not a text file (it looks like a PNG image); nothing was imported"],
        [],
    ),
    "an empty file": ("empty.jsonl", b"", ["empty.jsonl: empty file"], []),
    # Both were called "not a text file (it looks like binary data)" (review, stop 27).
    "a JSON Lines file of blank lines": ("blank.jsonl", b"\n\n   \n", [f"blank.jsonl: {BLANK}"], []),
    "a page of spaces and tabs": ("blank.txt", b"   \r\n\t\n", [f"blank.txt: {BLANK}"], []),
    # "day is out of range for month", "month must be in 1..12", and the file named twice (stop 27).
    "a page dated 30 February": (
        "feb30.txt",
        page("Harbour reopens after the storm", "The harbour reopened.")
        .replace("2024-01-03", "2024-02-30")
        .encode(),
        ["feb30.txt: the date line's date '2024-02-30' is not a date on the calendar"],
        [],
    ),
    "a page dated in month 13": (
        "month13.txt",
        page("Harbour reopens after the storm", "The harbour reopened.")
        .replace("2024-01-03", "2024-13")
        .encode(),
        ["month13.txt: the date line's date '2024-13' is not a date on the calendar"],
        [],
    ),
    "a page of site furniture only": (
        "furniture.txt",
        b" date 2024-01-03\n\nSubmit a Correction\nAccessibility Feedback\n",
        ["furniture.txt: no readable text (the page is empty or holds only site furniture)"],
        [],
    ),
    "blank lines after a byte-order mark": (
        "bom.txt",
        "\ufeff\n \n".encode("utf-16"),
        [f"bom.txt: {BLANK}"],
        [],
    ),
    "an empty zip": ("empty.zip", zip_of({}), ["empty.zip: the zip file is empty"], []),
    "a zip bomb beside a good member": (
        "bomb.zip",
        zip_of({"bomb.txt": bytes(50 * 1024**2), "good.jsonl": good_line()}),
        [
            "bomb.zip:bomb.txt: expands more than 200 times its compressed size, as a zip bomb does; not opened"
        ],
        ["Harbour reopens, part 1"],
    ),
    "zip slip member names": (
        "slip.zip",
        zip_of(
            {
                "../../evil.jsonl": line(id="evil:1", title="Evil"),
                "/tmp/abs.jsonl": line(id="evil:2", title="Evil"),
                "ok/../../up.jsonl": line(id="evil:3", title="Evil"),
                "good.jsonl": good_line(),
            }
        ),
        [
            f"slip.zip:../../evil.jsonl: {UNSAFE}",
            f"slip.zip:/tmp/abs.jsonl: {UNSAFE}",
            f"slip.zip:ok/../../up.jsonl: {UNSAFE}",
        ],
        ["Harbour reopens, part 1"],
    ),
    "zip members of 1 MiB or less that each expand like a bomb": (
        "small-bombs.zip",
        zip_of(
            {
                **{f"bomb-{n}.jsonl": line(id="x", title="Same line") * 4000 for n in range(3)},
                "good.jsonl": good_line(),
            }
        ),
        [
            f"small-bombs.zip:bomb-{n}.jsonl: expands more than 200 times its compressed size, as a zip bomb does;"
            " not opened"
            for n in range(3)
        ],
        ["Harbour reopens, part 1"],
    ),
    "a zip member named with backslashes that climb out": (
        "backslash.zip",
        zip_of({"..\\..\\evil2.txt": line(id="evil:4", title="Evil"), "good.jsonl": good_line()}),
        [f"backslash.zip:..\\..\\evil2.txt: {UNSAFE}"],
        ["Harbour reopens, part 1"],
    ),
    "one NUL byte in a line of JSON Lines": (
        "nul.jsonl",
        good_line(1) + b'{"id": "nul:1", "title": "Bad \x00 line"}\n' + good_line(2),
        ["nul.jsonl line 2: not valid JSON (Invalid control character at column 31)"],
        ["Harbour reopens, part 1", "Harbour reopens, part 2"],
    ),
    "one NUL byte in a page": (
        "nul.txt",
        page("Harbour pilots\x00 return to work on Monday", "Pilots returned\x00 to the harbour.").encode(),
        [],
        ["Harbour pilots return to work on Monday"],
    ),
    "a page in cp1252": (
        "cp1252.txt",
        page(
            "\u201cQuoted\u201d caf\u00e9 owner wins the harbour award",
            "The caf\u00e9\u2019s owner said \u201cno\u201d.",
        ).encode("cp1252"),
        [],
        ["\u201cQuoted\u201d caf\u00e9 owner wins the harbour award"],
    ),
    "JSON Lines in Latin-1": (
        "latin1.jsonl",
        line(id="l:1", title="Caf\u00e9 \u00e0 Montr\u00e9al, d\u00e9j\u00e0 vu").decode().encode("latin-1"),
        [],
        ["Caf\u00e9 \u00e0 Montr\u00e9al, d\u00e9j\u00e0 vu"],
    ),
    "JSON Lines in UTF-16 with a BOM": (
        "utf16.jsonl",
        line(id="u:1", title="\u201cCurly\u201d and na\u00efve", body="Text.").decode().encode("utf-16"),
        [],
        ["\u201cCurly\u201d and na\u00efve"],
    ),
    "a page in UTF-16 big-endian with a BOM": (
        "utf16be.txt",
        b"\xfe\xff"
        + page(
            "Gr\u00fc\u00dfe \u2014 \u201cquoted\u201d harbour festival opens on Monday", "Body text."
        ).encode("utf-16-be"),
        [],
        ["Gr\u00fc\u00dfe \u2014 \u201cquoted\u201d harbour festival opens on Monday"],
    ),
    "a single 50 MB line between good ones": (
        "big.jsonl",
        good_line(1) + line(id="big:1", title="Big", body="x" * (50 * 1024**2)) + good_line(2),
        ["big.jsonl line 2: larger than the limit of 10 MiB for one article; skipped"],
        ["Harbour reopens, part 1", "Harbour reopens, part 2"],
    ),
    "a 50 MB page": (
        "big.txt",
        b"Big page\n\n" + b"word " * (10 * 1024**2),
        ["big.txt: larger than the limit of 10 MiB for one article; skipped"],
        [],
    ),
    "JSON with wrong types or no title": (
        "types.jsonl",
        b"".join(
            [
                line(id="t:1", title=42, body="A number for a title is read as text."),
                line(id="t:2", title="Body is a list", body=["a", "b"]),
                line(id="t:3", title="Date is garbage", published_at="yesterday"),
                line(id="t:4", body="No title, so the first sentence of this body is used."),
                line(id="t:5", byline="Neither title nor body"),
                line(id="t:6", title="Topics not a list", topics="shipping"),
                line(id="t:7", title="Byline is an object", byline={"name": "x"}),
                b"[1, 2]\n",
                b"{not json\n",
                good_line(),
            ]
        ),
        [
            "types.jsonl line 2: 'body' must be text, not a list",
            "types.jsonl line 3: 'published_at' is not a date: 'yesterday' (write it as 2024-01-31, 2024-01 or 2024-01-31T09:30:00+00:00)",
            "types.jsonl line 5: 'title' is missing or empty, and so is 'body'",
            "types.jsonl line 6: 'topics' must be a list",
            "types.jsonl line 7: 'byline' must be text, not an object",
            "types.jsonl line 8: expected a JSON object, found a list",
            "types.jsonl line 9: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        ],
        ["42", "No title, so the first sentence of this body is used.", "Harbour reopens, part 1"],
    ),
    "a title or body that is not text": (
        "numbers.jsonl",
        b"".join(
            [
                line(title=5),
                line(id="n:2", title="Body is a number", body=5),
                line(id="n:3", title=True, body="A title that is true."),
                line(id="n:4", title="A title and nothing else"),
                line(id="n:5", title=1984, body="A number beside a body is still read as the title."),
                good_line(),
            ]
        ),
        [
            "numbers.jsonl line 1: 'title' must be text, not a number (a number is read as a title only beside a body)",
            "numbers.jsonl line 2: 'body' must be text, not a number",
            "numbers.jsonl line 3: 'title' must be text, not true",
        ],
        ["1984", "A title and nothing else", "Harbour reopens, part 1"],
    ),
}


@pytest.mark.parametrize(("name", "data", "messages", "titles"), BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_bad_input_through_the_command(tmp_path, name, data, messages, titles):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(folder / name), "--no-tag", stdout=out, stderr=err)
    except CommandError as error:
        assert messages, f"an unexpected failure: {err.getvalue()}"
        assert error.returncode == 1
    shown = [line.removeprefix(f"failed: {folder}/") for line in err.getvalue().splitlines()]
    assert shown == messages
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted(titles)
    # Nothing in an archive is ever written to disk, wherever its names point.
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["in", name])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_folder_import_reads_regular_files_only(tmp_path):
    # A link to /etc/passwd became an article anyone could search; one to /dev/zero read until
    # MemoryError (3.8 GB); a FIFO hung the import.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_bytes(good_line())
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.jsonl")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(folder), "--no-tag", stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        f"failed: {folder}/passwd.txt: a link to /etc/passwd, outside the folder being imported; not followed",
        f"failed: {folder}/pipe.jsonl: a named pipe (FIFO), not a regular file; skipped",
        f"failed: {folder}/zero.jsonl: a link to /dev/zero, outside the folder being imported; not followed",
    ]
    assert list(Article.objects.values_list("title", flat=True)) == ["Harbour reopens, part 1"]


def test_decoding_fallbacks_are_noted_on_the_article():
    data = page("Caf\u00e9 \u201cbar\u201d opens on the harbour front today", "Text.").encode("cp1252")
    import_documents([InputDocument("cp.txt", data)], tag=False)
    article = Article.objects.get()
    assert "not valid UTF-8; read as Windows-1252 (cp1252)" in article.import_warnings
    assert article.original.startswith(
        " date 2024-01-03 Caf\u00e9 \u201cbar\u201d opens on the harbour front today"
    )


def test_a_huge_line_is_skipped_without_being_read():
    data = good_line(1) + b'{"title": "' + b"x" * (5 * MAX_ARTICLE_BYTES) + b'"}\n' + good_line(2)
    tracemalloc.start()
    try:
        results = list(parse_jsonl(data, name="big.jsonl"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [getattr(r, "title", None) for r in results] == [
        "Harbour reopens, part 1",
        None,
        "Harbour reopens, part 2",
    ]
    # Splitting the input into lines copies it once; decoding, JSON and the body's paragraphs would
    # each have taken that much again.
    assert peak < 1.5 * len(data)


def test_a_zip_of_good_and_bad_members_through_the_admin_upload(admin_client, settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    name, data, _, _ = BAD_INPUTS["JSON with wrong types or no title"]
    upload = zip_of(
        {
            "good.jsonl": good_line(2),
            "types.jsonl": data,
            "../escape.jsonl": line(id="evil:1", title="Evil"),
            "garbage.bin": bytes(range(256)) * 16,
            "empty.txt": b"",
            "cp1252.txt": page("\u201cQuoted\u201d caf\u00e9 owner wins the harbour award", "Body.").encode(
                "cp1252"
            ),
            # Random text: the zip does not shrink it enough to pass for a zip bomb.
            "big.jsonl": line(id="big:1", title="Big", body=os.urandom(6 * 1024**2).hex()),
        }
    )
    response = admin_client.post(
        reverse("admin:articles_article_import"),
        {"files": [SimpleUploadedFile("mixed.zip", upload)], "format": "auto", "default_source": ""},
    )
    preview = admin_client.get(response["Location"])
    failed = {
        item["name"]: item["message"] for item in preview.context["items"] if item["status"] == "failed"
    }
    assert failed == {
        "mixed.zip:../escape.jsonl": UNSAFE,
        "mixed.zip:big.jsonl line 1": "larger than the limit of 10 MiB for one article; skipped",
        "mixed.zip:empty.txt": "empty file",
        "mixed.zip:garbage.bin": "not a text file (it looks like binary data); it will be skipped",
        "mixed.zip:types.jsonl line 2": "'body' must be text, not a list",
        "mixed.zip:types.jsonl line 3": "'published_at' is not a date: 'yesterday' (write it as 2024-01-31, 2024-01 or 2024-01-31T09:30:00+00:00)",
        "mixed.zip:types.jsonl line 5": "'title' is missing or empty, and so is 'body'",
        "mixed.zip:types.jsonl line 6": "'topics' must be a list",
        "mixed.zip:types.jsonl line 7": "'byline' must be text, not an object",
        "mixed.zip:types.jsonl line 8": "expected a JSON object, found a list",
        "mixed.zip:types.jsonl line 9": (
            "not valid JSON (Expecting property name enclosed in double quotes at column 2)"
        ),
    }
    shown = preview.content.decode()
    assert all(message.replace("'", "&#x27;") in shown for message in failed.values())

    admin_client.post(response["Location"], {"confirm": "Import"})
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "42",
        "Harbour reopens, part 1",
        "Harbour reopens, part 2",
        "No title, so the first sentence of this body is used.",
        "\u201cQuoted\u201d caf\u00e9 owner wins the harbour award",
    ]


# -- markup in articles is shown as text ----------------------------------------------------------------

SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = {
    "id": "xss:1",
    "title": f"Harbour {SCRIPT} storm",
    "body": f"The storm {IMG} closed the harbour.\n\nFerries stayed in port {SCRIPT}.",
    "lede": f"Lede {IMG} harbour",
    "byline": f"By {SCRIPT}",
    "dateline": "HALIFAX",
    "source": f"Gazette {IMG}",
    "photo_caption": f"Caption {SCRIPT}",
    "published_at": "2024-01-03T10:00:00-05:00",
    "topics": [{"name": f"Shipping {IMG}", "slug": "hostile-shipping"}],
    "places": [{"name": f"Port {SCRIPT}", "slug": "hostile-port", "kind": "city", "country_code": "CA"}],
    "related": [{"title": f"Related {SCRIPT}", "summary": f"Summary {IMG}"}],
}


@pytest.fixture
def hostile():
    report = import_documents([InputDocument("xss.jsonl", line(**HOSTILE))], tag=False)
    assert report.created == 1, report.items
    return Article.objects.get()


def page_url(name: str, article: Article) -> str:
    q = f"harbour {SCRIPT}"
    return {
        "article": article.get_absolute_url(),
        "search": reverse("articles:search") + "?" + _qs(q="harbour"),
        "search echoing the query": reverse("articles:search") + "?" + _qs(q=q),
        "home": reverse("articles:home"),
        "list": reverse("articles:list"),
        "topic": reverse("articles:topic", args=["hostile-shipping"]),
        "place": reverse("articles:place", args=["hostile-port"]),
        "source": reverse("articles:source", args=[article.source.slug]),
        "map": reverse("articles:search_map") + "?" + _qs(q=q),
        "archive day": reverse("articles:archive_day", args=[2024, 1, 3]),
        "admin changelist": reverse("admin:articles_article_changelist") + "?" + _qs(q=SCRIPT),
        "admin change page": reverse("admin:articles_article_change", args=[article.pk]),
    }[name]


def _qs(**params) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


PAGES = [
    "article", "search", "search echoing the query", "home", "list", "topic", "place", "source", "map",
    "archive day", "admin changelist", "admin change page",
]  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_markup_in_articles_and_queries_is_shown_as_text(admin_client, hostile, name):
    response = admin_client.get(page_url(name, hostile))
    assert response.status_code == 200
    text = response.content.decode()
    assert SCRIPT not in text and IMG not in text
    assert "&lt;script&gt;" in text or "&lt;img" in text  # it is there, as text


@pytest.mark.parametrize("url", ["/search/feed/?q=harbour", "/topics/hostile-shipping/feed/"])
def test_markup_in_feeds_is_escaped(client, hostile, url):
    text = client.get(url).content.decode()
    assert SCRIPT not in text and IMG not in text
    assert "Harbour &lt;script&gt;alert(" in text


def test_markup_in_the_json_export_is_a_string(client, hostile):
    data = client.get(reverse("articles:search"), {"q": "harbour", "format": "json"}).json()
    assert data["results"][0]["title"] == HOSTILE["title"]


FORMULAS = ["=HYPERLINK(1)", "+1 555", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"]


@pytest.mark.parametrize("start", FORMULAS)
def test_csv_exports_never_start_a_cell_with_a_formula(client, tmp_path, start):
    # Made directly: the importer collapses the leading tab or return of a title or byline.
    make_article(f"{start} title", byline=start, dateline=start)
    # The search page's CSV download, and the export command's CSV file.
    content = b"".join(client.get(reverse("articles:search"), {"format": "csv"}).streaming_content)
    downloaded = list(csv.DictReader(io.StringIO(content.decode())))
    call_command("export_articles", "--format", "csv", "--output", str(tmp_path / "out.csv"))
    exported = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8", newline="")))
    for rows in (downloaded, exported):
        [row] = rows
        assert row["title"] == f"'{start} title"
        assert row["byline"] == row["dateline"] == f"'{start}"
