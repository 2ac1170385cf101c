"""Opening folders, zip and gzip files safely, and recognising formats by content."""

import contextlib
import gzip
import io
import os
import signal
import socket
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from articles.importers import containers, parse_document
from articles.importers.containers import iter_documents, iter_uploaded, sniff_format
from articles.importers.records import ArticleRecord, InputDocument, ParseFailure
from articles.importers.text import MAX_ARTICLE_BYTES

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
LINE = b'{"id": 1, "title": "Port reopens"}\n'
TOO_DEEP = "an archive inside an archive inside an archive; only one level is opened"


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def names(results) -> list[tuple[str, str]]:
    return [(r.name, "doc" if isinstance(r, InputDocument) else f"failure: {r.message}") for r in results]


def test_zip_with_a_folder_inside_yields_each_member_sorted():
    data = make_zip({"site/b.txt": b"date 2024-01-03\nB", "site/a.jsonl": LINE, "notes/": b""})
    results = list(iter_uploaded("pages.zip", data))
    assert names(results) == [("pages.zip:site/a.jsonl", "doc"), ("pages.zip:site/b.txt", "doc")]
    assert results[0].data == LINE


def test_gzip_upload_is_decompressed():
    [document] = iter_uploaded("batch.jsonl.gz", gzip.compress(LINE * 3))
    assert document == InputDocument(name="batch.jsonl.gz", data=LINE * 3)


def test_nested_zip_and_gzip_inside_a_zip_are_opened_one_level():
    inner = make_zip({"deep.jsonl": LINE})
    innermost = make_zip({"too-deep.jsonl": LINE})
    outer = make_zip(
        {
            "inner.zip": inner,
            "lines.jsonl.gz": gzip.compress(LINE),
            "double.zip": make_zip({"x.zip": innermost}),
        }
    )
    assert names(iter_uploaded("upload.zip", outer)) == [
        ("upload.zip:double.zip:x.zip", f"failure: {TOO_DEEP}"),
        ("upload.zip:inner.zip:deep.jsonl", "doc"),
        ("upload.zip:lines.jsonl.gz", "doc"),
    ]


def test_folder_is_walked_recursively_sorted_skipping_hidden_files(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_bytes(b"x")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "a.jsonl").write_bytes(LINE)
    (tmp_path / "b" / "c" / "page.txt").write_bytes(b"Headline\n\nBody.")
    (tmp_path / "b" / "z.jsonl.gz").write_bytes(gzip.compress(LINE))
    (tmp_path / "b" / "members.zip").write_bytes(make_zip({"m.txt": b"Text"}))
    (tmp_path / "README.md").write_bytes(b"# Notes on this crawl")
    (tmp_path / "b" / "LICENSE").write_bytes(b"CC BY")
    results = list(iter_documents([tmp_path, tmp_path / "missing.jsonl"]))
    assert names(results) == [
        (str(tmp_path / "a.jsonl"), "doc"),
        (str(tmp_path / "b" / "c" / "page.txt"), "doc"),
        (str(tmp_path / "b" / "members.zip") + ":m.txt", "doc"),
        (str(tmp_path / "b" / "z.jsonl.gz"), "doc"),
        (str(tmp_path / "missing.jsonl"), "failure: no such file or folder"),
    ]
    assert results[3].data == LINE


def test_format_is_recognised_by_content_not_extension(tmp_path):
    disguised = tmp_path / "export.txt"
    disguised.write_bytes(gzip.compress(LINE))
    [document] = iter_documents([disguised])
    assert document.data == LINE
    assert sniff_format(document.data) == "jsonl"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (LINE, "jsonl"),
        (b"\xef\xbb\xbf  \n" + LINE, "jsonl"),
        ('{"title": "Été"}\n'.encode("utf-16"), "jsonl"),
        (b'[\n  {"id": 1}\n]', "json"),
        (b"[]", "json"),
        (b"\n\ndate 2024-01-03 14:37\nHeadline\n", "page"),
        (b"Storm closes port\n\nHALIFAX (CP) - A storm...", "page"),
        (b"[Photo] Storm closes port", "page"),
        ("Caf\xe9 cr\xe8me".encode("cp1252"), "page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unknown"),
        (bytes(range(1, 32)) * 20, "unknown"),
        (gzip.compress(LINE), "unknown"),
        (b"   \n\t", "unknown"),
    ],
)
def test_sniff_format(data, expected):
    assert sniff_format(data) == expected


def test_json_lines_read_as_page_text_as_asked_say_so():
    # "Page text" chosen in the admin for a JSON Lines file made one article of the JSON, and nothing
    # said so but its title (review, stop 27). It is still read as asked.
    [record] = parse_document(InputDocument("feed.jsonl", LINE * 3), format="page")
    assert isinstance(record, ArticleRecord)
    assert "read as page text, as asked, but it looks like JSON Lines" in " ".join(record.warnings)
    [record] = parse_document(
        InputDocument("page.txt", b" date 2024-01-03 Port reopens\n\nIt did.\n"), format="page"
    )
    assert not any("JSON" in warning for warning in record.warnings)


def test_binary_garbage_is_passed_on_as_a_document_but_sniffed_unknown():
    garbage = os.urandom(4096)
    [document] = iter_uploaded("photo.jpg", garbage)
    assert document.data == garbage
    assert sniff_format(garbage) == "unknown"


def test_zip_bomb_member_is_refused(monkeypatch):
    monkeypatch.setattr(containers, "RATIO_MIN_SIZE", 1024)
    bomb = make_zip({"bomb.txt": bytes(5 * 1024 * 1024), "fine.jsonl": LINE})
    assert names(iter_uploaded("bomb.zip", bomb)) == [
        (
            "bomb.zip:bomb.txt",
            "failure: expands more than 200 times its compressed size, as a zip bomb does; not opened",
        ),
        ("bomb.zip:fine.jsonl", "doc"),
    ]


def test_a_real_50_mb_zip_bomb_is_refused_before_it_is_read():
    bomb = make_zip({"zeros.txt": bytes(50 * 1024 * 1024)})
    assert len(bomb) < 100_000
    [failure] = iter_uploaded("bomb.zip", bomb)
    assert failure.name == "bomb.zip:zeros.txt"
    assert "zip bomb" in failure.message


def test_zip_member_that_lies_about_its_size_gives_a_failure_not_more_data():
    data = make_zip({"liar.txt": bytes(4 * 1024 * 1024)})
    real_size = (4 * 1024 * 1024).to_bytes(4, "little")
    # Declare 10 bytes in both headers, so the ratio check made before reading passes.
    data = data.replace(real_size, (10).to_bytes(4, "little"))
    assert names(iter_uploaded("liar.zip", data)) == [
        (
            "liar.zip:liar.txt",
            "failure: could not be read from the zip file (damaged, or an unsupported compression)",
        )
    ]


def test_gzip_larger_than_the_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(containers, "MAX_TOTAL_SIZE", 1024 * 1024)
    monkeypatch.setattr(containers, "CHUNK_SIZE", 64 * 1024)
    text = os.urandom(1536 * 1024).hex().encode()  # incompressible enough to pass the ratio check
    assert names(iter_uploaded("big.jsonl.gz", gzip.compress(text))) == [
        ("big.jsonl.gz", "failure: stopped: the archive holds more than 1 MiB uncompressed")
    ]


def test_gzip_bomb_is_refused():
    assert names(iter_uploaded("b.gz", gzip.compress(bytes(20 * 1024 * 1024)))) == [
        ("b.gz", "failure: expands more than 200 times its compressed size, as a zip bomb does; not opened")
    ]


def test_zip_over_the_total_size_limit_is_refused_whole_before_anything_is_read(monkeypatch):
    monkeypatch.setattr(containers, "MAX_TOTAL_SIZE", 100)
    data = make_zip({"a.jsonl": LINE, "b.jsonl": LINE * 2, "c.jsonl": LINE})
    assert names(iter_uploaded("x.zip", data)) == [
        ("x.zip", "failure: holds 140 bytes uncompressed, more than the limit of 100 bytes"),
    ]


def test_gzip_inside_a_zip_counts_against_the_same_budget(monkeypatch):
    monkeypatch.setattr(containers, "MAX_TOTAL_SIZE", 100)
    data = make_zip({"a.jsonl": LINE, "b.jsonl.gz": gzip.compress(LINE * 3)})
    assert names(iter_uploaded("x.zip", data)) == [
        ("x.zip:a.jsonl", "doc"),
        ("x.zip:b.jsonl.gz", "failure: stopped: the archive holds more than 100 bytes uncompressed"),
    ]


def test_too_many_members(monkeypatch):
    monkeypatch.setattr(containers, "MAX_ZIP_MEMBERS", 2)
    data = make_zip({"a": LINE, "b": LINE, "c": LINE})
    assert names(iter_uploaded("x.zip", data)) == [
        ("x.zip", "failure: holds 3 files, more than the limit of 2")
    ]


def test_unsafe_member_names_are_refused():
    data = make_zip({"../evil.txt": b"x", "/etc/passwd": b"x", "ok/../../up.txt": b"x", "good.txt": b"x"})
    unsafe = "failure: unsafe member name (it points outside the archive); skipped"
    assert names(iter_uploaded("x.zip", data)) == [
        ("x.zip:../evil.txt", unsafe),
        ("x.zip:/etc/passwd", unsafe),
        ("x.zip:good.txt", "doc"),
        ("x.zip:ok/../../up.txt", unsafe),
    ]


def test_empty_file_empty_zip_and_corrupt_archives():
    assert names(iter_uploaded("a.jsonl", b"")) == [("a.jsonl", "failure: empty file")]
    assert names(iter_uploaded("e.zip", make_zip({}))) == [("e.zip", "failure: the zip file is empty")]
    only_hidden = make_zip({"__MACOSX/._a.txt": b"x", ".hidden": b"x"})
    assert names(iter_uploaded("h.zip", only_hidden)) == [("h.zip", "failure: the zip file is empty")]
    assert names(iter_uploaded("m.zip", make_zip({"blank.txt": b""}))) == [
        ("m.zip:blank.txt", "failure: empty file")
    ]

    truncated = make_zip({"a.jsonl": LINE * 100})[:60]
    assert names(iter_uploaded("t.zip", truncated)) == [
        ("t.zip", "failure: not a readable zip file (it may be truncated or damaged)")
    ]
    assert names(iter_uploaded("t.gz", gzip.compress(LINE * 100)[:30])) == [
        ("t.gz", "failure: not a readable gzip file (it may be truncated or damaged)")
    ]


def test_damaged_zip_member_is_reported_and_the_others_still_read():
    data = bytearray(make_zip({"a.txt": b"first " * 50, "b.txt": b"second"}, compression=zipfile.ZIP_STORED))
    start = data.index(b"first")
    data[start : start + 5] = b"XXXXX"  # the stored CRC no longer matches
    assert names(iter_uploaded("d.zip", bytes(data))) == [
        (
            "d.zip:a.txt",
            "failure: could not be read from the zip file (damaged, or an unsupported compression)",
        ),
        ("d.zip:b.txt", "doc"),
    ]


@pytest.mark.shared
def test_real_corpora_open_from_the_shared_folder():
    if not CORPUS.exists():
        pytest.skip("needs ../shared/corpus beside the repository")
    documents = {Path(d.name).name: d for d in iter_documents([CORPUS])}
    # 18 MB uncompressed, more than one article may be: streamed from disk rather than held.
    reuters = documents["reuters21578-train.jsonl.gz"]
    assert (reuters.streamed, reuters.data) == (True, b"")
    assert sniff_format(reuters.sample()) == "jsonl"
    assert sum(chunk.count(b"\n") for chunk in reuters.chunks()) == 15_390
    assert documents["wikinews.jsonl.gz"].data.startswith(b'{"id": "Magnitogorsk_apartment')


def test_a_json_lines_file_bigger_than_one_article_is_streamed_not_held(tmp_path, monkeypatch):
    # Read from disk as it is parsed, and so not refused for being bigger than what is held in memory.
    monkeypatch.setattr(containers, "MAX_TOTAL_SIZE", 1024 * 1024)
    path = tmp_path / "export.txt"
    path.write_bytes(LINE * (MAX_ARTICLE_BYTES // len(LINE) + 1))
    [document] = iter_documents([path])
    assert (document.name, document.streamed, document.data) == (str(path), True, b"")
    assert sniff_format(document.sample()) == "jsonl"
    assert b"".join(document.chunks()) == path.read_bytes()


def test_a_big_gzip_file_is_checked_through_then_streamed(tmp_path, monkeypatch):
    monkeypatch.setattr(containers, "STREAM_ABOVE", 1000)
    path = tmp_path / "batch.jsonl.gz"
    path.write_bytes(gzip.compress(LINE * 100))
    [document] = iter_documents([path])
    assert document.streamed and document.sample().startswith(LINE)
    assert b"".join(document.chunks()) == LINE * 100
    # Small enough: held, as before.
    path.write_bytes(gzip.compress(LINE * 10))
    assert list(iter_documents([path])) == [InputDocument(name=str(path), data=LINE * 10, key=path.name)]


def test_a_gzip_bomb_on_disk_is_refused_before_any_of_it_is_used(tmp_path, monkeypatch):
    monkeypatch.setattr(containers, "STREAM_ABOVE", 1000)
    # Good lines first, then the bomb: none of the lines are offered for import.
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(LINE * 1000 + bytes(50 * 1024 * 1024)))
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(LINE * 1000)[:-100])
    assert [(Path(name).name, result) for name, result in names(iter_documents([tmp_path]))] == [
        (
            "bomb.jsonl.gz",
            "failure: expands more than 200 times its compressed size, as a zip bomb does; not opened",
        ),
        ("cut.jsonl.gz", "failure: not a readable gzip file (it may be truncated or damaged)"),
    ]


def test_a_zip_inside_a_gzip_file_is_opened_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(containers, "STREAM_ABOVE", 10)
    path = tmp_path / "pages.zip.gz"
    path.write_bytes(gzip.compress(make_zip({"a.jsonl": LINE, "b.jsonl": LINE})))
    assert [(Path(d.name).name, d.data) for d in iter_documents([path])] == [
        ("pages.zip.gz:a.jsonl", LINE),
        ("pages.zip.gz:b.jsonl", LINE),
    ]


# -- only regular files; every member against one budget ------------------------------------------------

REPEATED = b'{"id": "x", "title": "Same line again and again"}\n' * 4000  # 200 KB, deflates 300 times


@contextlib.contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging (a FIFO opened for reading waits for a writer for ever)."""

    def expired(signum, frame):
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_folder_is_read_for_its_regular_files_only(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.jsonl").write_bytes(LINE)
    (folder / "sub" / "b.jsonl").write_bytes(LINE)
    (tmp_path / "outside.jsonl").write_bytes(LINE)
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "outside.jsonl").symlink_to(tmp_path / "outside.jsonl")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "inside.jsonl").symlink_to(folder / "sub" / "b.jsonl")
    (folder / "loop").symlink_to(folder)
    (folder / "gone.jsonl").symlink_to(folder / "missing.jsonl")
    os.mkfifo(folder / "fifo.jsonl")
    with socket.socket(socket.AF_UNIX) as listening, time_limit(10):
        listening.bind(str(folder / "sock"))
        results = list(iter_documents([folder]))
    assert [(Path(name).relative_to(folder).as_posix(), result) for name, result in names(results)] == [
        ("a.jsonl", "doc"),
        ("fifo.jsonl", "failure: a named pipe (FIFO), not a regular file; skipped"),
        ("gone.jsonl", "failure: a link that leads nowhere; skipped"),
        ("inside.jsonl", "doc"),
        ("loop", "failure: a link to a folder; not followed (the files in the folder are read)"),
        (
            "outside.jsonl",
            f"failure: a link to {tmp_path.resolve() / 'outside.jsonl'}, outside the folder being imported;"
            " not followed",
        ),
        ("passwd", "failure: a link to /etc/passwd, outside the folder being imported; not followed"),
        ("sock", "failure: a socket, not a regular file; skipped"),
        ("sub/b.jsonl", "doc"),
        ("zero", "failure: a link to /dev/zero, outside the folder being imported; not followed"),
    ]
    assert results[3].data == LINE


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_or_fifo_named_on_its_own_is_refused_not_read(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    with time_limit(10):
        assert names(iter_documents(["/dev/zero", tmp_path / "fifo"])) == [
            ("/dev/zero", "failure: a device, not a regular file; skipped"),
            (str(tmp_path / "fifo"), "failure: a named pipe (FIFO), not a regular file; skipped"),
        ]


def test_small_zip_members_count_against_the_ratio_whatever_their_size():
    # 2,040 members of 1 MiB or less that each deflated a thousand times ran for over 300 s and 1.8 GB.
    members = {f"bomb-{n}.jsonl": REPEATED for n in range(20)}
    data = make_zip({**members, "good.jsonl": LINE})
    bomb = "failure: expands more than 200 times its compressed size, as a zip bomb does; not opened"
    assert names(iter_uploaded("small.zip", data)) == [
        *[(f"small.zip:bomb-{n}.jsonl", bomb) for n in sorted(range(20), key=str)],
        ("small.zip:good.jsonl", "doc"),
    ]


def overlapping_zip(data: bytes, copies: int) -> bytes:
    """A zip whose directory lists one member `copies` times, each entry pointing at the same bytes:
    every entry deflates as little as text does, and together they expand without limit."""
    single = make_zip({"same.jsonl": data})
    directory = single.index(b"PK\x01\x02")
    end = single.index(b"PK\x05\x06")
    entries = single[directory:end] * copies
    count = min(copies, 0xFFFF).to_bytes(2, "little")
    record = single[end : end + 8] + count + count + len(entries).to_bytes(4, "little") + single[end + 16 :]
    return single[:directory] + entries + record


def test_members_count_against_one_budget_for_the_whole_zip():
    text = b"".join(
        b'{"id": %d, "title": "Port %d reopens after the storm"}\n' % (n, n * 7) for n in range(3000)
    )
    data = overlapping_zip(text, 1000)
    assert len(data) < 200_000 and len(text) * 1000 > 100 * 1024**2
    [failure] = iter_uploaded("overlap.zip", data)
    assert failure.name == "overlap.zip"
    assert failure.message.startswith("holds 1") and failure.message.endswith(
        "uncompressed, more than 200 times the size of the file, as a zip bomb does; not opened"
    )


def test_a_file_that_starts_like_a_zip_is_not_read_whole(tmp_path):
    # A 2 GiB sparse file whose first bytes were a zip header was read into memory whole (2.1 GB).
    path = tmp_path / "sparse.zip"
    with path.open("wb") as file:
        file.write(b"PK\x03\x04")
        file.truncate(64 * 1024**2)
    tracemalloc.start()
    try:
        results = names(iter_documents([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert results == [(str(path), "failure: not a readable zip file (it may be truncated or damaged)")]
    assert peak < 4 * 1024**2


def test_a_zip_on_disk_is_read_member_by_member(tmp_path):
    path = tmp_path / "pages.zip"
    path.write_bytes(make_zip({"a.jsonl": LINE, "b/c.txt": b"date 2024-01-03\nC"}))
    assert names(iter_documents([path])) == [(f"{path}:a.jsonl", "doc"), (f"{path}:b/c.txt", "doc")]


def test_a_member_named_with_backslashes_that_climbs_out_is_named_in_the_report():
    data = make_zip({"..\\..\\evil2.txt": b"x", ".\\.hidden": b"x", "good.txt": b"Text"})
    assert names(iter_uploaded("x.zip", data)) == [
        ("x.zip:..\\..\\evil2.txt", "failure: unsafe member name (it points outside the archive); skipped"),
        ("x.zip:good.txt", "doc"),
    ]


def test_one_nul_byte_does_not_make_a_file_binary():
    data = LINE + b'{"id": 2, "title": "Bad \x00 line"}\n' + LINE
    assert sniff_format(data) == "jsonl"
    assert sniff_format(b"Storm closes port\x00\n\nHALIFAX (CP) - A storm closed the port.") == "page"
    # Mostly NULs (UTF-16 without its byte-order mark, or binary data) is still not text.
    assert sniff_format('{"title": "x"}\n'.encode("utf-16-le")) == "unknown"


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


@pytest.mark.parametrize("format", ["auto", "page", "jsonl"])
def test_a_pdf_is_not_a_text_file_whatever_format_was_chosen(format):
    [failure] = parse_document(InputDocument("report.txt", PDF), format=format)
    assert failure == ParseFailure(
        "report.txt", "not a text file (it looks like a PDF); nothing was imported"
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(50), "a JPEG image"),
        (b"GIF89a" + bytes(50), "a GIF image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50), "an old Microsoft Office document (.doc, .xls)"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(50), "audio, video or an image (RIFF)"),
    ],
    ids=["jpeg", "gif", "ms-office", "riff"],
)
def test_other_files_that_are_not_text_are_named(data, what):
    [failure] = parse_document(InputDocument("x.txt", data))
    assert failure.message == f"not a text file (it looks like {what}); nothing was imported"


def test_text_that_merely_mentions_a_pdf_is_still_a_page():
    [record] = parse_document(InputDocument("x.txt", b"PDF reports are due\n\n%PDF-1.4 " + b"word " * 40))
    assert isinstance(record, ArticleRecord)
