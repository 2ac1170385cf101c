"""Wire-service sign-offs at the end of a story body ("Reuter", "The Associated Press")."""

from __future__ import annotations

import re

from .wire import AGENCIES

# A sign-off line is just the agency's name, perhaps after a dash and before dots; the Reuters-21578
# teletype copy sometimes carries a literal "^M" (carriage return) after it.
_SIGNOFF_LINE = re.compile(r"^[—–-]*\s*(?P<name>[A-Za-z][A-Za-z .'-]{0,40}?)[\s.…]*(?:\^M)?\s*$")
# "... total 55.8 (33.7).        REUTER": the sign-off glued to the last line after a run of spaces,
# or after one space as the teletype's "REUTER", which is no word of prose ("... an ounce. REUTER").
_GLUED_REUTER = re.compile(r"(?:\s{2,}(?:REUTERS?|Reuters?)|\sREUTER)[.…]*(?:\^M)?\s*$")


def _agency(name: str) -> str:
    # Two- and three-letter names ("AP", "CP", "PA") are only sign-offs when written as initials;
    # a last line reading "ap" or "Pa" is more likely a fragment of text.
    if len(name) <= 3 and not name.isupper() and name != "dpa":
        return ""
    return AGENCIES.get(name.lower(), "")


def split_signoff(body: str) -> tuple[str, str]:
    """Remove a final wire sign-off line; return (body without it, the agency's name or "").

    Teletype copy is sometimes signed twice ("REUTER" then "Reuter"), so repeated sign-offs all go.
    """
    found = ""
    while True:
        stripped = body.rstrip()
        head, _, last = stripped.rpartition("\n")
        match = _SIGNOFF_LINE.match(last)
        agency = _agency(match["name"].strip()) if match else ""
        if agency:
            body, found = head.rstrip(), agency
            continue
        glued = _GLUED_REUTER.search(last)
        if glued:
            return stripped[: len(stripped) - len(last) + glued.start()].rstrip(), "Reuters"
        return body, found
