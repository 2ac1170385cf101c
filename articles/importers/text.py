"""Text helpers shared by the parsers: decoding uploaded bytes and clean paragraphs (slugs: keys.py)."""

from __future__ import annotations

import codecs
import re

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# The most one article (a page, or a line of JSON Lines) may take. Real articles are a few KiB; a longer
# one is a broken export or an attack, and parsing it would take many times its size in memory.
MAX_ARTICLE_BYTES = 10 * 1024**2
DAMAGED_UTF16 = "starts like UTF-16 but is damaged; unreadable characters were replaced"

# Hard-wrapped copy (Reuters wraps at ~65 columns) never has a line longer than this; text that does
# was written one paragraph per line, so its single newlines are paragraph breaks.
WRAP_WIDTH = 100
# A wrapped prose line fills most of the width; rows of a table or a list of figures are short.
FULL_LINE = 40
# Columns aligned with runs of spaces, or dot leaders ("Net free reserves.......644"): never joined.
_TABULAR = re.compile(r"\S(?: {3,}|\t)\S|\.{4,}")


def human_size(count: int) -> str:
    """ "250 MiB", "1.5 KiB", "12 bytes": a size as a person reads it, in the units of 1024 that every
    limit here is set in (the one size formatter: upload limits, zip budgets, article limits)."""
    if count < 1024:
        return f"{count:,} byte{'' if count == 1 else 's'}"
    value = float(count)
    for unit in ("KiB", "MiB", "GiB"):
        value /= 1024
        if value < 1024 or unit == "GiB":
            break
    return f"{value:,.1f}".removesuffix(".0") + f" {unit}"


# The first bytes of file types people upload by mistake, none of them text (zip and gzip are opened).
_SIGNATURES = (
    (b"%PDF-", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript file"),
    (b"\x7fELF", "a program (ELF)"),
    (b"\xfd7zXZ\x00", "an xz archive (unpack it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (unpack it first)"),
    (b"Rar!\x1a\x07", "a RAR archive (unpack it first)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def not_text(sample: bytes) -> str | None:
    """What a file is when its first bytes name a type that is not text ("a PDF"), else None."""
    for signature, kind in _SIGNATURES:
        if sample.startswith(signature):
            return kind
    if sample[:4] == b"RIFF" and sample[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
        return "audio, video or an image (RIFF)"
    if sample[4:8] == b"ftyp":
        return "audio or video (MP4)"
    return None


TOO_LONG = f"larger than the limit of {human_size(MAX_ARTICLE_BYTES)} for one article; skipped"


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode uploaded bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252, else Latin-1.

    Returns the text and a warning for a person when a fallback was used, or None.
    """
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return data.decode("utf-16", errors="replace"), DAMAGED_UTF16
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not valid UTF-8; read as Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8 or Windows-1252; read as Latin-1"


def collapse_whitespace(value: str) -> str:
    return " ".join(value.split())


def normalise_body(text: str) -> str:
    """Clean paragraphs separated by one blank line.

    Hard-wrapped copy is reflowed: a line that starts with an indent opens a paragraph, the others
    continue it. Blocks that look like tables (mostly short rows, aligned columns) keep their lines.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
        elif block:
            paragraphs.extend(_block_paragraphs(block))
            block = []
    return "\n\n".join(p for p in paragraphs if p)


def _block_paragraphs(lines: list[str]) -> list[str]:
    if max(len(line) for line in lines) > WRAP_WIDTH:
        return [collapse_whitespace(line) for line in lines]
    full = sum(len(line.strip()) >= FULL_LINE and not _TABULAR.search(line.strip()) for line in lines)
    if full * 2 < len(lines):
        return ["\n".join(lines)]
    paragraphs: list[list[str]] = []
    previous_tabular = False
    for line in lines:
        stripped = line.strip()
        tabular = bool(_TABULAR.search(stripped))
        if paragraphs and not line[0].isspace() and not tabular and not previous_tabular:
            paragraphs[-1].append(stripped)
        else:
            paragraphs.append([stripped])
        previous_tabular = tabular
    return ["\n".join(p) if _TABULAR.search(p[0]) else collapse_whitespace(" ".join(p)) for p in paragraphs]
