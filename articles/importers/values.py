"""Input values checked where they enter: JSON read with bounds, strings made storable, dates in range.

A line of JSON can hold what no article needs and what the databases refuse: nesting a thousand deep
(Python's parser gives up with RecursionError), a number of 5,000 digits (ValueError), 1e400 or NaN
(not JSON numbers; PostgreSQL's jsonb refuses them), a NUL character (PostgreSQL's text refuses it)
or half of a surrogate pair (no database can encode it). Each makes that line a failure with a message,
or is cleaned with a warning, here, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

# Deeper than any article's fields (a topic object inside the topics list is three levels); an unknown
# field kept verbatim may nest, but not past this. Python's own parser stops near 1,000.
MAX_DEPTH = 32
# Ids and numbers in text fields have a few dozen digits at most; 100 leaves room and keeps every number
# convertible (float() of a 400-digit int overflows, str() of a 5,000-digit one is refused).
MAX_DIGITS = 100
# Dates an archive of news can hold: older ones are typing mistakes or placeholders (0001-01-01),
# later ones too (9999-12-31). The years at both ends are kept well inside Python's calendar, whose
# ends no time zone can be converted at.
EARLIEST_YEAR = 1800


def latest_year() -> int:
    """Next year: an article dated later is a mistake (this year's articles may carry a time zone ahead)."""
    return dt.date.today().year + 1


class BadValue(ValueError):
    """A value that makes its line unusable; the message says which and why, for a reader."""


def loads(text: str) -> Any:
    """json.loads, with every way it can fail on hostile text given as BadValue."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise BadValue(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise BadValue(f"not usable JSON (nested more than {MAX_DEPTH} levels deep)") from None
    except ValueError as error:  # a number too long for Python to read: "Exceeds the limit (4300 digits)"
        raise BadValue(f"not usable JSON ({_first_sentence(error)})") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _first_sentence(error: Exception) -> str:
    return str(error).split(":")[0].split(";")[0][:100]


def clean(value: Any, warnings: list[str], *, depth: int = 0, key: str = "") -> Any:
    """`value` with NULs removed and broken characters replaced (a warning naming the top-level field),
    or BadValue when it nests more than MAX_DEPTH deep or holds a number beyond MAX_DIGITS or infinite."""
    if depth > MAX_DEPTH:
        raise BadValue(f"'{key}' is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        return clean_text(value, warnings, key)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if abs(value) >= 10**MAX_DIGITS:
            raise BadValue(f"'{key}' holds a number of more than {MAX_DIGITS} digits")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadValue(f"'{key}' holds a number too large to store")
        return value
    if isinstance(value, list):
        return [clean(item, warnings, depth=depth + 1, key=key) for item in value]
    if isinstance(value, dict):
        cleaned = {}
        for name, item in value.items():
            name = clean_text(name, warnings, key or name)
            cleaned[name] = clean(item, warnings, depth=depth + 1, key=key or name)
        return cleaned
    return value


def clean_text(text: str, warnings: list[str], key: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "")
        _warn(warnings, f"NUL characters removed from '{key}'")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the JSON)
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            _warn(warnings, f"broken characters (half a surrogate pair) replaced in '{key}'")
    return text


def _warn(warnings: list[str], message: str) -> None:
    if message not in warnings:
        warnings.append(message)


def check_year(
    value: dt.date | dt.datetime | None, key: str, *, years: tuple[int, int] | None = None
) -> None:
    """BadValue for a date outside the years the archive accepts (EARLIEST_YEAR to next year)."""
    if value is None:
        return
    earliest, latest = years or (EARLIEST_YEAR, latest_year())
    if not earliest <= value.year <= latest:
        raise BadValue(
            f"'{key}' is {value.isoformat()}, outside the years the archive accepts ({earliest} to {latest})"
        )
