"""JSON read so that no line can crash the parser, and its text made well-formed Unicode.

A line of JSON can hold what Python's own parser gives up on: nesting a thousand deep (RecursionError)
or a number of more than 4,300 digits (ValueError); each makes that line a failure with a message. Half
of a surrogate pair ("\\ud800") decodes to a string no database can encode; it is replaced, with a
warning. What the database or the pages cannot take (NULs, dates outside the archive's years, NaN,
slugs, deep values in unknown fields) is checked where records are written, in articles/ingest/fields.py.
"""

from __future__ import annotations

import json
from typing import Any

# How deep `clean` looks for broken characters; ingest leaves out unknown values nested deeper than any
# article needs, and the parser's own limit (RecursionError) is near 1,000.
CLEAN_DEPTH = 100


class BadValue(ValueError):
    """A value that makes its line unusable; the message says which and why, for a reader."""


def loads(text: str) -> Any:
    """json.loads, with every way it can fail on hostile text given as BadValue."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadValue(f"not valid JSON ({error.msg.removesuffix(' at')} at column {error.colno})") from None
    except RecursionError:
        raise BadValue("not usable JSON (nested too deeply to be read)") from None
    except ValueError as error:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise BadValue(f"not usable JSON ({str(error).split(':')[0][:100]})") from None


def clean(value: Any, warnings: list[str], *, depth: int = 0, key: str = "") -> Any:
    """`value` with half surrogate pairs replaced by U+FFFD, with a warning naming the top-level field."""
    if isinstance(value, str):
        return clean_text(value, warnings, key)
    if depth >= CLEAN_DEPTH:
        return value
    if isinstance(value, list):
        return [clean(item, warnings, depth=depth + 1, key=key) for item in value]
    if isinstance(value, dict):
        return {
            clean_text(name, warnings, key or name): clean(item, warnings, depth=depth + 1, key=key or name)
            for name, item in value.items()
        }
    return value


def clean_text(text: str, warnings: list[str], key: str) -> str:
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the JSON)
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        message = f"broken characters (half a surrogate pair) replaced in '{key}'"
        if message not in warnings:
            warnings.append(message)
    return text
