"""Turn paths and uploads into InputDocuments: folders, zip files and gzip files are opened, safely.

Formats are recognised by their content (magic bytes), so "export.txt" holding JSON Lines or a zip
named "pages.dat" still import. Archives are read in memory and never extracted to disk. A file on disk
bigger than one article may be (plain, or gzip once checked through) is streamed from there instead:
only JSON Lines are that big, and they are parsed as they are read, so any size imports in the same
memory.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from .records import InputDocument, ParseFailure
from .text import MAX_ARTICLE_BYTES, UTF16_BOMS, decode_text, human_size

__all__ = ["decode_text", "iter_documents", "iter_uploaded", "iter_uploaded_file", "sniff_format"]

MAX_ZIP_MEMBERS = 50_000
MAX_TOTAL_SIZE = 2 * 1024**3  # uncompressed bytes read into memory out of one top-level file
STREAM_ABOVE = MAX_ARTICLE_BYTES  # a file on disk bigger than this (uncompressed) is streamed
MAX_RATIO = 200  # uncompressed : compressed, per member
RATIO_MIN_SIZE = 1024**2  # small files of repeated text compress well without being bombs
MAX_NESTING = 1  # an archive inside an archive is opened; one inside that is not
CHUNK_SIZE = 1024**2
SNIFF_SIZE = 64 * 1024

_FOLDER_NOTES = {"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "ATTRIBUTION"}
_GZIP_MAGIC = b"\x1f\x8b"
_BAD_GZIP = "not a readable gzip file (it may be truncated or damaged)"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or the end record of an empty zip
_PAGE_HEADER = re.compile(r"^\s*date\s+\d{4}-\d{2}", re.I)
# Control characters that do not occur in text, and the replacement character left by bad bytes.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


class _Refused(Exception):
    """An archive member that is not read, with the reason for a person."""


class _OverBudget(_Refused):
    """The whole archive is too big: nothing after this point is read."""


class _Budget:
    def __init__(self) -> None:
        self.remaining = MAX_TOTAL_SIZE


def iter_documents(paths: Iterable[str | Path]) -> Iterator[InputDocument | ParseFailure]:
    """Every document under the given files and folders, in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from _from_file(file)
        elif path.exists():
            yield from _from_file(path)
        else:
            yield ParseFailure(str(path), "no such file or folder")


def iter_uploaded(name: str, data: bytes) -> Iterator[InputDocument | ParseFailure]:
    """The documents in one uploaded file; zip and gzip uploads are opened."""
    yield from _unpack(name, data, depth=0, budget=_Budget())


def iter_uploaded_file(name: str, path: Path) -> Iterator[InputDocument | ParseFailure]:
    """The documents in one uploaded file waiting on disk, reported under the name it was given."""
    yield from _from_file(path, name=name)


def sniff_format(data: bytes) -> str:
    """ "jsonl", "json" (an array), "page", or "unknown" for binary data, judged by the content."""
    text = _readable_text(data[:SNIFF_SIZE])
    if text is None:
        return "unknown"
    start = text.lstrip("\ufeff \t\r\n")
    if not start:
        return "unknown"
    if _PAGE_HEADER.match(start.split("\n", 1)[0]):
        return "page"
    if re.match(r'\{\s*["}]', start):
        return "jsonl"
    if re.match(r"\[\s*[{\]]", start):
        return "json"
    # Crawled pages need no header, so any other readable text is offered to the page parser.
    return "page"


def _readable_text(sample: bytes) -> str | None:
    if sample.startswith(UTF16_BOMS):
        text = sample[: len(sample) // 2 * 2].decode("utf-16", errors="replace")
    elif b"\x00" in sample:
        return None
    else:
        text, _ = decode_text(sample)
    if len(_NOT_TEXT.findall(text)) > len(text) * 0.05:
        return None
    return text


def _walk(folder: Path) -> Iterator[Path]:
    # Depth first in name order, so "b/c/page.txt" comes before "b/members.zip" as in a file listing.
    # Linked folders are not followed: a link to a parent would never end.
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or _not_an_article(entry.name):
            continue
        if entry.is_dir():
            if not entry.is_symlink():
                yield from _walk(entry)
        else:
            yield entry


def _from_file(path: Path, *, name: str = "") -> Iterator[InputDocument | ParseFailure]:
    name = name or str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(SNIFF_SIZE)
    except OSError as error:
        yield ParseFailure(name, f"could not be read: {error.strerror or error}")
        return
    if head.startswith(_GZIP_MAGIC):
        yield from _gunzip_file(path, name, size)
    elif size > STREAM_ABOVE and head[:4] not in _ZIP_MAGIC:
        yield InputDocument(name=name, opener=partial(path.open, "rb"), head=head)
    else:
        yield from _read_file(path, name, size)


def _gunzip_file(path: Path, name: str, size: int) -> Iterator[InputDocument | ParseFailure]:
    # Read through once before anything is imported, as when it is read into memory: a bomb or a
    # damaged file is refused whole, not after some of its lines were imported. A small file, or one
    # holding another archive, is then read into memory like an upload; a big one is streamed again.
    total, head = 0, b""
    try:
        with gzip.open(path, "rb") as stream:
            while chunk := stream.read(CHUNK_SIZE):
                if not head:
                    head = chunk[:SNIFF_SIZE]
                    if head.startswith(_GZIP_MAGIC) or head[:4] in _ZIP_MAGIC:
                        break
                total += len(chunk)
                _check_ratio(total, size)
    except _Refused as error:
        yield ParseFailure(name, str(error))
        return
    except (OSError, EOFError, zlib.error):
        yield ParseFailure(name, _BAD_GZIP)
        return
    if total > STREAM_ABOVE:
        yield InputDocument(name=name, opener=partial(gzip.open, path, "rb"), head=head)
    else:
        yield from _read_file(path, name, size)


def _read_file(path: Path, name: str, size: int) -> Iterator[InputDocument | ParseFailure]:
    try:
        if size > MAX_TOTAL_SIZE:
            yield ParseFailure(name, f"larger than the limit of {human_size(MAX_TOTAL_SIZE)}")
            return
        data = path.read_bytes()
    except OSError as error:
        yield ParseFailure(name, f"could not be read: {error.strerror or error}")
        return
    yield from _unpack(name, data, depth=0, budget=_Budget())


def _unpack(name: str, data: bytes, *, depth: int, budget: _Budget) -> Iterator[InputDocument | ParseFailure]:
    if not data:
        yield ParseFailure(name, "empty file")
        return
    is_gzip, is_zip = data.startswith(_GZIP_MAGIC), data[:4] in _ZIP_MAGIC
    if not (is_gzip or is_zip):
        yield InputDocument(name=name, data=data)
        return
    if depth > MAX_NESTING:
        yield ParseFailure(name, "an archive inside an archive inside an archive; only one level is opened")
        return
    if is_gzip:
        yield from _gunzip(name, data, depth=depth, budget=budget)
    else:
        yield from _unzip(name, data, depth=depth, budget=budget)


def _gunzip(name: str, data: bytes, *, depth: int, budget: _Budget) -> Iterator[InputDocument | ParseFailure]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as stream:
            content = _read_limited(stream, len(data), budget)
    except _Refused as error:
        yield ParseFailure(name, str(error))
        return
    except (OSError, EOFError, zlib.error):
        yield ParseFailure(name, _BAD_GZIP)
        return
    yield from _unpack(name, content, depth=depth + 1, budget=budget)


def _unzip(name: str, data: bytes, *, depth: int, budget: _Budget) -> Iterator[InputDocument | ParseFailure]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        yield ParseFailure(name, "not a readable zip file (it may be truncated or damaged)")
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            yield ParseFailure(
                name, f"holds {len(members):,} files, more than the limit of {MAX_ZIP_MEMBERS:,}"
            )
            return
        members = sorted((m for m in members if not _hidden(m.filename)), key=lambda m: m.filename)
        if not members:
            yield ParseFailure(name, "the zip file is empty")
            return
        declared = sum(m.file_size for m in members)
        if declared > budget.remaining:
            # Refused whole, before anything is read, so that an import never stops halfway through.
            yield ParseFailure(
                name,
                f"holds {human_size(declared)} uncompressed, more than the limit of {human_size(MAX_TOTAL_SIZE)}",
            )
            return
        for info in members:
            member = f"{name}:{info.filename}"
            try:
                content = _read_member(archive, info, budget)
            except _OverBudget as error:
                yield ParseFailure(member, str(error))
                return
            except _Refused as error:
                yield ParseFailure(member, str(error))
                continue
            yield from _unpack(member, content, depth=depth + 1, budget=budget)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    if _unsafe(info.filename):
        raise _Refused("unsafe member name (it points outside the archive); skipped")
    if info.flag_bits & 0x1:
        raise _Refused("is password-protected; skipped")
    _check_ratio(info.file_size, info.compress_size)
    try:
        with archive.open(info) as stream:
            return _read_limited(stream, info.compress_size, budget)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as error:
        raise _Refused(
            "could not be read from the zip file (damaged, or an unsupported compression)"
        ) from error


def _read_limited(stream: io.BufferedIOBase, compressed_size: int, budget: _Budget) -> bytes:
    # Declared sizes can lie, so count what actually comes out and stop as soon as a limit is passed.
    chunks, total = [], 0
    while chunk := stream.read(CHUNK_SIZE):
        total += len(chunk)
        if total > budget.remaining:
            raise _OverBudget(
                f"stopped: the archive holds more than {human_size(MAX_TOTAL_SIZE)} uncompressed"
            )
        _check_ratio(total, compressed_size)
        chunks.append(chunk)
    budget.remaining -= total
    return b"".join(chunks)


def _check_ratio(size: int, compressed_size: int) -> None:
    if size > RATIO_MIN_SIZE and size > MAX_RATIO * max(compressed_size, 1):
        raise _Refused(
            f"expands more than {MAX_RATIO} times its compressed size, as a zip bomb does; not opened"
        )


def _not_an_article(file_name: str) -> bool:
    """Notes that travel with a folder of articles (README.md, LICENSE): skipped when a folder is walked."""
    stem = file_name.upper().split(".")[0]
    return stem in _FOLDER_NOTES or file_name.lower().endswith(".md")


def _hidden(member: str) -> bool:
    return any(
        (part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in member.split("/")
    )


def _unsafe(member: str) -> bool:
    parts = re.split(r"[/\\]", member)
    return member.startswith(("/", "\\")) or bool(re.match(r"[A-Za-z]:", member)) or ".." in parts
