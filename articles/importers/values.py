"""JSON read so that no line can crash the parser.

A line of JSON can hold what Python's own parser gives up on: nesting a thousand deep (RecursionError)
or a number of more than 4,300 digits (ValueError); each makes that line a failure with a message.
What the database or the pages cannot take (NULs, lone surrogates, dates outside the archive's years,
NaN, slugs, deep values in unknown fields) is checked where records are written, in
articles/ingest/fields.py.
"""

from __future__ import annotations

import json
import re
from typing import Any


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


def no_id(raw_id: Any) -> bool:
    """No id given: none, or empty, or only spaces (which was keyed as the bare "source:", one for all)."""
    return raw_id is None or (isinstance(raw_id, str) and not raw_id.strip())


def line_named(result, number: int, value: Any):
    """A JSON line's record or failure, with what names it in a report: its line and its own id, as the
    file gives it ("batch.jsonl line 7 (id far)", ingest/fields.item_name), so that every failure is
    named alike and listed in file order (stop 28: one found at writing was named by its id alone)."""
    given = value.get("id") if isinstance(value, dict) else None
    if isinstance(value, dict) and isinstance(value.get("_line"), int):
        number = value["_line"]  # a part of a larger file, sent by the admin's form: the file's line
    given = str(given) if isinstance(given, (str, int, float)) and not isinstance(given, bool) else ""
    given = re.sub("[\x00\ud800-\udfff]", "\ufffd", given.strip())  # a name, not the stored id: said as is
    given = given if len(given) <= 80 else given[:79] + "…"
    if hasattr(result, "message"):  # a ParseFailure
        result.name += f" (id {given})" if given else ""
    elif isinstance(result.extra, dict):
        result.extra.setdefault("_line", number)
        if given:
            result.extra.setdefault("_id", given)
    return result
