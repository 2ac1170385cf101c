"""Turn paths and uploads into InputDocuments: folders, zip files and gzip files are opened, safely.

Formats are recognised by their content (magic bytes), so "export.txt" holding JSON Lines or a zip
named "pages.dat" still import. Archives are never extracted to disk: a zip on disk is read through its
central directory, one member at a time, and an uploaded one in memory. A file on disk bigger than one
article may be (plain, or gzip once checked through) is streamed from there instead: only JSON Lines
are that big, and they are parsed as they are read, so any size imports in the same memory.

Only regular files are read. A folder's links are followed only to files inside the folder, and named
pipes, devices and sockets are skipped (a FIFO would wait for a writer for ever; /dev/zero never ends);
each is named in the report with the reason, as is every archive member that is refused.

Expansion is bounded twice: each zip member (and each gzip stream inside a zip), whatever its size,
may expand at most MAX_RATIO times its compressed size, and everything read out of one file counts
against one budget: MAX_TOTAL_SIZE, and MAX_RATIO times the file's own size. Small members used to skip
the ratio check: 2,040 members of 1 MiB or less in a 5.2 MB zip ran for over 300 s and took 1.8 GB.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import BinaryIO

from .records import InputDocument, ParseFailure
from .text import MAX_ARTICLE_BYTES, UTF16_BOMS, decode_text, human_size

__all__ = ["decode_text", "iter_documents", "iter_uploaded", "iter_uploaded_file", "sniff_format"]

MAX_ZIP_MEMBERS = 50_000
MAX_TOTAL_SIZE = 2 * 1024**3  # uncompressed bytes read out of one top-level file, one member at a time
STREAM_ABOVE = MAX_ARTICLE_BYTES  # a file on disk bigger than this (uncompressed) is streamed
# Uncompressed : compressed, per zip member and for everything out of one file. Text compresses 3 to 10
# times; deflate cannot pass about 1,030, and only above 2.5 KB can a member pass 200 at all.
MAX_RATIO = 200
# A gzip file on its own (one stream, bounded by its own size) is let off the ratio below this: a small
# file of repeated lines compresses well without being a bomb.
RATIO_MIN_SIZE = 1024**2
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


class NotRegularFile(OSError):
    """A path that is not a regular file (a FIFO, a device, a socket), refused before it is read."""


class _Budget:
    """What may still be read out of one top-level file of `size` bytes."""

    def __init__(self, size: int) -> None:
        self.by_ratio = MAX_RATIO * size < MAX_TOTAL_SIZE
        self.remaining = min(MAX_TOTAL_SIZE, max(MAX_RATIO * size, RATIO_MIN_SIZE))

    def spend(self, count: int) -> None:
        if count > self.remaining:
            if self.by_ratio:
                raise _OverBudget(
                    f"stopped: the archive expands more than {MAX_RATIO} times its size, as a zip bomb does"
                )
            raise _OverBudget(
                f"stopped: the archive holds more than {human_size(MAX_TOTAL_SIZE)} uncompressed"
            )
        self.remaining -= count


def iter_documents(paths: Iterable[str | Path]) -> Iterator[InputDocument | ParseFailure]:
    """Every document under the given files and folders, in a stable order.

    A path given by name is read even when it is a link (it was named); inside a folder, see _walk.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in _walk(path, path.resolve()):
                if isinstance(found, ParseFailure):
                    yield found
                else:
                    file, name = found
                    key = Path(name).relative_to(path).as_posix()
                    yield from _keyed(_from_file(file, name=name), name, key)
        elif path.exists():
            yield from _keyed(_from_file(path), str(path), path.name)
        else:
            yield ParseFailure(str(path), "no such file or folder")


def iter_uploaded(name: str, data: bytes) -> Iterator[InputDocument | ParseFailure]:
    """The documents in one uploaded file; zip and gzip uploads are opened."""
    yield from _unpack(name, data, depth=0, budget=_Budget(len(data)))


def iter_uploaded_file(name: str, path: Path) -> Iterator[InputDocument | ParseFailure]:
    """The documents in one uploaded file waiting on disk, reported under the name it was given (its
    path in the folder chosen, when a folder was: staging.py)."""
    yield from _keyed(_from_file(path, name=name), name, name)


def _keyed(documents: Iterator, name: str, key: str) -> Iterator[InputDocument | ParseFailure]:
    """The documents of the file reported as `name`, each keyed by its path inside what was given: the
    file's `key`, and a zip member's after it ("site/pages.zip:a/b.txt"). Before stop 25 a page was
    keyed by the last part of its name only ("b.txt"), so that two files of one name in two folders
    were one article, the second overwriting the first (ingest/legacy.py finds those keys)."""
    for document in documents:
        if isinstance(document, InputDocument) and (
            document.name == name or document.name.startswith(name + ":")
        ):
            document = replace(document, key=key + document.name[len(name) :])
        yield document


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
    # Judged by the share of characters that text does not hold, NUL among them: one NUL (in one bad line
    # of JSON Lines) does not make a file binary, and used to refuse the whole file, good lines included.
    if sample.startswith(UTF16_BOMS):
        text = sample[: len(sample) // 2 * 2].decode("utf-16", errors="replace")
    else:
        text, _ = decode_text(sample)
    if len(_NOT_TEXT.findall(text)) > len(text) * 0.05:
        return None
    return text


def _walk(folder: Path, root: Path) -> Iterator[tuple[Path, str] | ParseFailure]:
    """The regular files under `folder` (as the path to read and the name to report), and a failure for
    anything else that is not skipped silently (hidden files, notes such as README.md).

    Depth first in name order, so "b/c/page.txt" comes before "b/members.zip" as in a file listing. A
    link is read only when it leads to a regular file inside `root`, the folder that was named: a link
    to /etc/passwd was published as an article. Linked folders are not followed (a link to a parent
    would never end), and named pipes, devices and sockets are not opened.
    """
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        yield ParseFailure(str(folder), f"could not be read: {error.strerror or error}")
        return
    for entry in entries:
        if entry.name.startswith(".") or _not_an_article(entry.name):
            continue
        try:
            mode = entry.lstat().st_mode
        except OSError as error:
            yield ParseFailure(str(entry), f"could not be read: {error.strerror or error}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(entry, root)
        elif stat.S_ISREG(mode):
            yield entry, str(entry)
        elif stat.S_ISLNK(mode):
            yield _link(entry, root)
        else:
            yield ParseFailure(str(entry), f"{_special(mode)}, not a regular file; skipped")


def _link(link: Path, root: Path) -> tuple[Path, str] | ParseFailure:
    try:
        target = link.resolve(strict=True)
        mode = target.stat().st_mode
    except (OSError, RuntimeError):  # RuntimeError: a loop of links
        return ParseFailure(str(link), "a link that leads nowhere; skipped")
    if not target.is_relative_to(root):
        return ParseFailure(str(link), f"a link to {target}, outside the folder being imported; not followed")
    if stat.S_ISDIR(mode):
        return ParseFailure(str(link), "a link to a folder; not followed (the files in the folder are read)")
    if not stat.S_ISREG(mode):
        return ParseFailure(str(link), f"a link to {_special(mode)}, not a regular file; skipped")
    return target, str(link)  # the target is read, so the link cannot be changed to lead elsewhere


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file, else NotRegularFile.

    Opened without blocking, so that a FIFO is refused rather than waited on, and checked on the open
    file itself, so that what is read is what was checked.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"{_special(mode)}, not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class _GzipFile(gzip.GzipFile):
    """A gzip stream over a regular file, which it closes with itself (GzipFile leaves a file it was
    given open)."""

    def __init__(self, path: Path):
        self._raw = _open_regular(path)
        super().__init__(fileobj=self._raw, mode="rb")

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def _from_file(path: Path, *, name: str = "") -> Iterator[InputDocument | ParseFailure]:
    name = name or str(path)
    try:
        with _open_regular(path) as file:
            size = os.fstat(file.fileno()).st_size
            head = file.read(SNIFF_SIZE)
    except NotRegularFile as error:
        yield ParseFailure(name, f"{error}; skipped")
        return
    except OSError as error:
        yield ParseFailure(name, f"could not be read: {error.strerror or error}")
        return
    if head.startswith(_GZIP_MAGIC):
        yield from _gunzip_file(path, name, size)
    elif head[:4] in _ZIP_MAGIC:
        # Through its central directory, never read whole: a 2 GiB file that starts like a zip was.
        yield from _unzip_file(path, name, size)
    elif size > STREAM_ABOVE:
        yield InputDocument(name=name, opener=partial(_open_regular, path), head=head)
    else:
        yield from _read_file(path, name, size)


def _gunzip_file(path: Path, name: str, size: int) -> Iterator[InputDocument | ParseFailure]:
    # Read through once before anything is imported, as when it is read into memory: a bomb or a
    # damaged file is refused whole, not after some of its lines were imported. A small file, or one
    # holding another archive, is then read into memory like an upload; a big one is streamed again.
    total, head = 0, b""
    try:
        with _GzipFile(path) as stream:
            while chunk := stream.read(CHUNK_SIZE):
                if not head:
                    head = chunk[:SNIFF_SIZE]
                    if head.startswith(_GZIP_MAGIC) or head[:4] in _ZIP_MAGIC:
                        break
                total += len(chunk)
                _check_ratio(total, size, floor=RATIO_MIN_SIZE)
    except _Refused as error:
        yield ParseFailure(name, str(error))
        return
    except (OSError, EOFError, zlib.error):
        yield ParseFailure(name, _BAD_GZIP)
        return
    if total > STREAM_ABOVE:
        yield InputDocument(name=name, opener=partial(_GzipFile, path), head=head)
    else:
        yield from _read_file(path, name, size)


def _read_file(path: Path, name: str, size: int) -> Iterator[InputDocument | ParseFailure]:
    """A small file (or a gzip file that holds little), read into memory and opened like an upload."""
    try:
        with _open_regular(path) as file:
            data = file.read()
    except OSError as error:
        yield ParseFailure(name, f"could not be read: {error.strerror or error}")
        return
    yield from _unpack(name, data, depth=0, budget=_Budget(size))


def _unzip_file(path: Path, name: str, size: int) -> Iterator[InputDocument | ParseFailure]:
    try:
        file = _open_regular(path)
    except OSError as error:
        yield ParseFailure(name, f"could not be read: {error.strerror or error}")
        return
    with file:
        yield from _unzip(name, file, depth=0, budget=_Budget(size))


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
        yield from _unzip(name, io.BytesIO(data), depth=depth, budget=budget)


def _gunzip(name: str, data: bytes, *, depth: int, budget: _Budget) -> Iterator[InputDocument | ParseFailure]:
    # A gzip file on its own is let off the ratio while small; one inside a zip is a member like any other.
    floor = RATIO_MIN_SIZE if depth == 0 else 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as stream:
            content = _read_limited(stream, len(data), budget, floor=floor)
    except _Refused as error:
        yield ParseFailure(name, str(error))
        return
    except (OSError, EOFError, zlib.error):
        yield ParseFailure(name, _BAD_GZIP)
        return
    yield from _unpack(name, content, depth=depth + 1, budget=budget)


def _unzip(
    name: str, file: BinaryIO, *, depth: int, budget: _Budget
) -> Iterator[InputDocument | ParseFailure]:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        yield ParseFailure(name, "not a readable zip file (it may be truncated or damaged)")
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            yield ParseFailure(
                name, f"holds {len(members):,} files, more than the limit of {MAX_ZIP_MEMBERS:,}"
            )
            return
        # An unsafe name is reported even where it also looks hidden (a backslash name such as ..\..\evil.txt
        # was once taken for a hidden file and skipped without a word).
        members = sorted(
            (m for m in members if _unsafe(m.filename) or not _hidden(m.filename)), key=lambda m: m.filename
        )
        if not members:
            yield ParseFailure(name, "the zip file is empty")
            return
        refused = {id(info): reason for info in members if (reason := _refusal(info))}
        declared = sum(m.file_size for m in members if id(m) not in refused)
        if declared > budget.remaining:
            # Refused whole, before anything is read, so that an import never stops halfway through.
            if budget.by_ratio:
                reason = f"more than {MAX_RATIO} times the size of the file, as a zip bomb does; not opened"
            else:
                reason = f"more than the limit of {human_size(MAX_TOTAL_SIZE)}"
            yield ParseFailure(name, f"holds {human_size(declared)} uncompressed, {reason}")
            return
        for info in members:
            member = f"{name}:{info.filename}"
            if id(info) in refused:
                yield ParseFailure(member, refused[id(info)])
                continue
            try:
                content = _read_member(archive, info, budget)
            except _OverBudget as error:
                yield ParseFailure(member, str(error))
                return
            except _Refused as error:
                yield ParseFailure(member, str(error))
                continue
            yield from _unpack(member, content, depth=depth + 1, budget=budget)


def _refusal(info: zipfile.ZipInfo) -> str:
    """Why a member is not read, judged from the zip's directory alone ("" if it is read)."""
    if _unsafe(info.filename):
        return "unsafe member name (it points outside the archive); skipped"
    if info.flag_bits & 0x1:
        return "is password-protected; skipped"
    try:
        _check_ratio(info.file_size, info.compress_size)
    except _Refused as error:
        return str(error)
    return ""


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    try:
        with archive.open(info) as stream:
            return _read_limited(stream, info.compress_size, budget)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as error:
        raise _Refused(
            "could not be read from the zip file (damaged, or an unsupported compression)"
        ) from error


def _read_limited(
    stream: io.BufferedIOBase, compressed_size: int, budget: _Budget, *, floor: int = 0
) -> bytes:
    # Declared sizes can lie, so count what actually comes out and stop as soon as a limit is passed.
    chunks, total = [], 0
    while chunk := stream.read(CHUNK_SIZE):
        total += len(chunk)
        _check_ratio(total, compressed_size, floor=floor)
        budget.spend(len(chunk))
        chunks.append(chunk)
    return b"".join(chunks)


def _check_ratio(size: int, compressed_size: int, *, floor: int = 0) -> None:
    if size > floor and size > MAX_RATIO * max(compressed_size, 1):
        raise _Refused(
            f"expands more than {MAX_RATIO} times its compressed size, as a zip bomb does; not opened"
        )


def skipped_in_folder(relative_path: str) -> bool:
    """Whether a file at this path inside a folder is left out when the folder is imported, as `_walk`
    leaves it out: hidden (a part starting with "."), or a note that travels with the articles. The
    admin's folder upload asks this of each file's path in the folder the browser read."""
    return _hidden(relative_path) or _not_an_article(re.split(r"[/\\]", relative_path)[-1])


def _not_an_article(file_name: str) -> bool:
    """Notes that travel with a folder of articles (README.md, LICENSE): skipped when a folder is walked."""
    stem = file_name.upper().split(".")[0]
    return stem in _FOLDER_NOTES or file_name.lower().endswith(".md")


def _hidden(member: str) -> bool:
    return any(
        (part.startswith(".") and part not in (".", "..")) or part == "__MACOSX"
        for part in re.split(r"[/\\]", member)
    )


def _unsafe(member: str) -> bool:
    parts = re.split(r"[/\\]", member)
    return member.startswith(("/", "\\")) or bool(re.match(r"[A-Za-z]:", member)) or ".." in parts
