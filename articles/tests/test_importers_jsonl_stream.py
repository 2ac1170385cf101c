"""Reading JSON Lines as they stream: the same lines whatever the chunks, in the memory of a line."""

import json
import tracemalloc

import pytest

from articles.importers.jsonl import parse_jsonl
from articles.importers.jsonl_stream import read_lines, split_lines
from articles.importers.records import ArticleRecord, ParseFailure
from articles.importers.text import MAX_ARTICLE_BYTES, TOO_LONG

MiB = 1024**2


def pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
@pytest.mark.parametrize(
    "data", [b"", b"\n", b"a", b"a\n", b"\n\nab\ncd", b"abc\r\ndef\n\n", "caf\u00e9\n\u2028x\n".encode()]
)
def test_lines_are_the_same_however_the_stream_is_cut(data, size):
    assert list(split_lines(pieces(data, size), b"\n")) == data.split(b"\n")


def test_a_line_too_long_is_none_wherever_the_chunks_end(monkeypatch):
    monkeypatch.setattr("articles.importers.jsonl_stream.MAX_ARTICLE_BYTES", 5)
    data = b"12345\n123456\nab\n1234567890123\n12345"
    for size in (1, 4, 5, 6, 100):
        assert list(split_lines(pieces(data, size), b"\n")) == [b"12345", None, b"ab", None, b"12345"]


def test_each_line_is_decoded_alone():
    good, legacy = '{"title": "caf\u00e9"}'.encode(), '{"title": "caf\u00e9"}'.encode("cp1252")
    lines = list(read_lines(pieces(b"\xef\xbb\xbf" + good + b"\r\n" + legacy + b"\n", 4)))
    assert lines == [
        (1, '{"title": "caf\u00e9"}', None),
        (2, '{"title": "caf\u00e9"}', "not valid UTF-8; read as Windows-1252 (cp1252)"),
        (3, "", None),
    ]


def test_utf16_is_decoded_across_chunks_and_damage_is_noted():
    text = '{"title": "\u201cA\u201d"}\n{"title": "B"}\n'
    assert [line for _, line, _ in read_lines(pieces(text.encode("utf-16"), 3))] == [
        '{"title": "\u201cA\u201d"}',
        '{"title": "B"}',
        "",
    ]
    damaged = text.encode("utf-16-le")[:-1].join([b"\xff\xfe", b""])  # an odd byte at the end
    *_, (_, last, warning) = read_lines(pieces(damaged, 5))
    assert last == '{"title": "B"}\ufffd'
    assert warning == "starts like UTF-16 but is damaged; unreadable characters were replaced"


def test_streamed_json_lines_parse_as_the_same_bytes_held_whole():
    data = b"".join(
        [
            b'{"id": 1, "title": "First"}\n',
            b"\n",
            b"{not json}\n",
            b'{"id": 2, "title": "Caf\xe9"}\r\n',
            b"[1]\n",
            b'{"id": 3, "title": "Last"}',
        ]
    )
    whole = list(parse_jsonl(data, name="w.jsonl"))
    assert [getattr(r, "title", None) or r.name for r in whole] == [
        "First",
        "w.jsonl line 3",
        "Caf\u00e9",
        "w.jsonl line 5",
        "Last",
    ]
    assert list(parse_jsonl(pieces(data, 7), name="w.jsonl")) == whole


def test_a_pretty_printed_object_and_an_array_can_come_in_pieces():
    obj = json.dumps({"id": "c", "title": "Only", "body": "Text."}, indent=2).encode()
    [record] = parse_jsonl(pieces(obj, 3), name="one.json")
    assert (record.external_id, record.title, record.original) == ("one:c", "Only", obj.decode())

    array = json.dumps([{"id": "a", "title": "First"}, {"id": "b", "title": "Second"}], indent=2).encode()
    assert [r.external_id for r in parse_jsonl(pieces(b"  \n" + array, 2), name="x.json")] == ["x:a", "x:b"]


def test_a_stream_of_json_lines_is_parsed_in_the_memory_of_a_few_chunks():
    # Long lines that are quick to parse: an unknown field is kept as it is.
    line = json.dumps({"id": 0, "title": "Harbour reopens", "notes": "The port reopened. " * 500}) + "\n"
    count = 4000  # 38 MB in all

    def stream():
        # Chunks of 1 MiB, as a file is read, made as they are asked for: the file is never whole.
        buffered = b""
        for number in range(count):
            buffered += line.replace('"id": 0', f'"id": {number}', 1).encode()
            if len(buffered) >= MiB:
                yield buffered
                buffered = b""
        yield buffered

    tracemalloc.start()
    try:
        seen = 0
        for record in parse_jsonl(stream(), name="big.jsonl"):
            assert isinstance(record, ArticleRecord)
            seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < 8 * MiB, f"peak {peak / MiB:.1f} MiB while parsing {count * len(line) / MiB:.0f} MiB"


def test_a_streamed_huge_line_is_dropped_as_it_comes():
    def stream():
        yield b'{"title": "Before"}\n{"title": "'
        for _ in range(5 * MAX_ARTICLE_BYTES // MiB):
            yield b"x" * MiB
        yield b'"}\n{"title": "After"}\n'

    tracemalloc.start()
    try:
        results = list(parse_jsonl(stream(), name="big.jsonl"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [getattr(r, "title", None) for r in results] == ["Before", None, "After"]
    assert results[1] == ParseFailure("big.jsonl line 2", f"{TOO_LONG}")
    assert peak < MAX_ARTICLE_BYTES + 4 * MiB
