"""News agencies: their names, and how a text shows that it came from one.

Shared by the page parser and the JSON Lines parser, so a Reuters story is recognised whether it arrives
as a scraped page ("LONDON (Reuters) - ...") or as a corpus record whose body ends with "Reuter".
"""

from __future__ import annotations

import re

# Every spelling seen in datelines, bylines and sign-offs, mapped to the name the archive shows.
AGENCIES = {
    "ap": "The Associated Press",
    "associated press": "The Associated Press",
    "the associated press": "The Associated Press",
    "reuters": "Reuters",
    "reuter": "Reuters",
    "thomson reuters": "Reuters",
    "cp": "The Canadian Press",
    "canadian press": "The Canadian Press",
    "the canadian press": "The Canadian Press",
    "la presse canadienne": "The Canadian Press",
    "afp": "Agence France-Presse",
    "agence france-presse": "Agence France-Presse",
    "agence france presse": "Agence France-Presse",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "upi": "United Press International",
    "united press international": "United Press International",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "pa": "PA Media",
    "pa media": "PA Media",
    "cnn": "CNN",
    "pti": "Press Trust of India",
    "press trust of india": "Press Trust of India",
    "ians": "IANS",
    "ani": "ANI",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo News",
    "kyodo news": "Kyodo News",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "anadolu agency": "Anadolu Agency",
    "interfax": "Interfax",
    "cnn wire": "CNN",
}

_SIGN_OFF_PREFIX = re.compile(r"^(?:[—–-]+\s*|with files from\s+|from\s+)", re.I)
_CP_CREDIT = re.compile(r"^This (?:report|article|story) by (?P<name>.+?) was first published\b", re.I)
_REUTERS_CREDIT = re.compile(r"^\((?:Reporting|Writing|Additional reporting) by\b.*\)$", re.I)
_DATELINE_AGENCY = re.compile(
    r"^[A-Z][A-Z .,'’-]{1,60}?(?:,\s*\w+\.? \d{1,2})?\s*\((?P<agency>[^()]{2,40})\)\s*[—–:-]"
)


def canonical_source(name: str) -> str:
    """The archive's name for an agency spelling ("AP" -> "The Associated Press"); others unchanged."""
    cleaned = name.strip().strip(".").strip()
    return AGENCIES.get(cleaned.lower(), cleaned)


def sign_off_source(line: str) -> str:
    """The agency named by a sign-off line ("The Associated Press", "— The Canadian Press"), else ""."""
    text = line.strip()
    match = _CP_CREDIT.match(text)
    if match:
        return canonical_source(match["name"])
    if _REUTERS_CREDIT.match(text):
        return "Reuters"
    text = _SIGN_OFF_PREFIX.sub("", text).strip().strip(".…").strip()
    # Short names ("AP", "CP", "PA") sign copy only as capitals; "Pa" on its own line is something else.
    if len(text) <= 3 and not text.isupper() and text != "dpa":
        return ""
    return AGENCIES.get(text.lower(), "")


def dateline_agency(paragraph: str) -> str:
    """The agency in a dateline's parenthesis ("BRUSSELS (AP) — ..." -> "The Associated Press"), else ""."""
    match = _DATELINE_AGENCY.match(paragraph.strip())
    if not match:
        return ""
    return canonical_source(match["agency"])


def detect_wire_source(text: str) -> str:
    """Name the news agency a story text came from, or return "" when it does not say.

    Looks at the two places agencies sign their copy: the dateline that opens the story
    ("BRUSSELS (AP) — ", "LONDON (Reuters) - ") and the last lines of the body ("Reuter", "REUTER",
    "The Associated Press", "— The Canadian Press", "(Reporting by ...; Editing by ...)"). A sign-off
    glued to the end of the last line after spaces ("... 5.8 (33.7).        REUTER") counts too.
    Returns the archive's name for the agency: "Reuters", "The Associated Press", "The Canadian Press",
    "Agence France-Presse", "Bloomberg", ...
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    for line in reversed(lines[-3:]):
        source = sign_off_source(line)
        if source:
            return source
    glued = re.search(r"\s{2,}(REUTERS?|Reuters?)$", lines[-1])
    if glued:
        return "Reuters"
    for line in lines[:6]:
        source = dateline_agency(line)
        if source:
            return source
    return ""
