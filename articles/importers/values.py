"""JSON read so that no line can crash the parser.

A line of JSON can hold what Python's own parser gives up on: nesting a thousand deep (RecursionError)
or a number of more than 4,300 digits (ValueError); each makes that line a failure with a message.
What the database or the pages cannot take (NULs, lone surrogates, dates outside the archive's years,
NaN, slugs, deep values in unknown fields) is checked where records are written, in
articles/ingest/fields.py.
"""

from __future__ import annotations

import json
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
