"""The lines of a JSON Lines document as it streams in: chunks of bytes in, numbered decoded lines out.

Nothing here holds more than one line at a time, so a file of any size is read in the same memory. A
line longer than one article may be (MAX_ARTICLE_BYTES) is dropped piece by piece as it arrives, and
comes out as None: it is never in memory whole, nor decoded.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TypeVar

from .text import DAMAGED_UTF16, MAX_ARTICLE_BYTES, UTF16_BOMS, decode_text

Line = tuple[int, str | None, str | None]  # (number from 1, the text or None when too long, a warning)
Chunk = TypeVar("Chunk", bytes, str)


def read_lines(chunks: Iterable[bytes] | Iterable[str]) -> Iterator[Line]:
    """Every line of the chunks, numbered, without its line ending.

    Bytes are UTF-8 (after an optional BOM), decoded line by line so that one Windows-1252 line is
    read as such, with a warning, without garbling the others; UTF-16 with a BOM is decoded as one stream.
    """
    chunks = iter(chunks)
    first = next(chunks, b"")
    if isinstance(first, str):
        texts = chain([first.removeprefix("\ufeff")], chunks)
        for number, line in enumerate(split_lines(texts, "\n"), 1):
            yield number, _strip_cr(line), None
    elif first.startswith(UTF16_BOMS):
        decoder = _Utf16Decoder()
        for number, line in enumerate(split_lines(decoder.decode(chain([first], chunks)), "\n"), 1):
            yield number, _strip_cr(line), decoder.warning
    else:
        raw_lines = split_lines(chain([first.removeprefix(codecs.BOM_UTF8)], chunks), b"\n")
        for number, raw in enumerate(raw_lines, 1):
            if raw is None:
                yield number, None, None
            else:
                line, warning = decode_text(raw)
                yield number, line.rstrip("\r"), warning


def split_lines(chunks: Iterable[Chunk], newline: Chunk) -> Iterator[Chunk | None]:
    """What `b"".join(chunks).split(newline)` gives, without joining: None for each line too long.

    Split on "\\n" only: str.splitlines would also break at U+2028 and friends, which JSON allows
    inside strings. As with str.split, text after the last newline (even none) is one more line.
    """
    empty = newline[:0]
    pieces: list[Chunk] = []  # the start of the current line, when it came in earlier chunks
    size = 0  # of the current line so far; -1 once it is too long, and its pieces are dropped
    for chunk in chunks:
        *ends, rest = chunk.split(newline)
        for end in ends:
            if size < 0 or size + len(end) > MAX_ARTICLE_BYTES:
                yield None
            else:
                yield empty.join([*pieces, end]) if pieces else end
            pieces, size = [], 0
        if size >= 0:
            size += len(rest)
            if size > MAX_ARTICLE_BYTES:
                pieces, size = [], -1
            elif rest:
                pieces.append(rest)
    yield None if size < 0 else empty.join(pieces)


def _strip_cr(line: str | None) -> str | None:
    return None if line is None else line.rstrip("\r")


class _Utf16Decoder:
    """Decodes UTF-16 text after its BOM chunk by chunk; `warning` is set once damage was replaced."""

    def __init__(self) -> None:
        self.warning: str | None = None

    def decode(self, chunks: Iterable[bytes]) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-16")()
        for chunk, final in chain(((chunk, False) for chunk in chunks), [(b"", True)]):
            try:
                yield decoder.decode(chunk, final)
            except UnicodeDecodeError:
                # The decoder keeps its state when it fails, so the same chunk is decoded again.
                decoder.errors, self.warning = "replace", DAMAGED_UTF16
                yield decoder.decode(chunk, final)
