"""Words that imply a country without naming a place: its institutions, offices and currency.

Pure: no Django. A story about "MPs" and "the Commons", or one priced in yen, is set in a country even when
it names no place of it ("Sayeed to stand down as Tory MP"). Each cue is weak evidence (places.py weighs it
below a mention of the country and uses it to choose between places that share a name: "Westminster"
in a story about the Commons is not the Colorado city). The list is general news usage, written before
it was measured, never taken from a corpus: offices, parliaments, central banks and currencies that
belong to one country only. A cue common to several countries ("Parliament", "Labour", "Senate",
"dollar") is left out.
"""

import re
from collections.abc import Iterable

# Country code -> cues as written (case-sensitive, whole words).
COUNTRY_CUES = {
    "GB": (
        "MPs",
        "MSPs",
        "House of Commons",
        "the Commons",
        "Whitehall",
        "Downing Street",
        "Tory",
        "Tories",
        "Lib Dems",
        "Liberal Democrats",
        "Home Office",
        "Home Secretary",
        "home secretary",
        "Chancellor of the Exchequer",
        "Bank of England",
        "Scotland Yard",
        "NHS",
        "Ofcom",
        "Ofsted",
        "FTSE",
        "pounds sterling",
    ),
    "US": (
        "White House",
        "Capitol Hill",
        "Pentagon",
        "FBI",
        "Wall Street",
        "Federal Reserve",
        "Nasdaq",
        "Dow Jones",
        "Securities and Exchange Commission",
    ),
    "DE": ("Bundesbank", "Bundestag", "Bundesrat"),
    "FR": ("Elysee", "Élysée", "Quai d'Orsay"),
    "RU": ("Kremlin", "Duma", "roubles", "rubles"),
    "JP": ("yen", "Diet members", "Bank of Japan", "Nikkei"),
    "CN": ("yuan", "renminbi", "Politburo"),
    "IL": ("Knesset",),
    "IN": ("Lok Sabha", "Rajya Sabha"),
    "IE": ("Taoiseach", "Dail", "Dáil"),
}

# Money, not an institution: a price in pounds says where the publisher is more than where the story is
# (BBC stories give every sum in pounds too). A country implied by these alone is only mentioned (places.py).
CURRENCY_CUES = frozenset(["£", "pounds sterling", "yen", "yuan", "renminbi", "roubles", "rubles"])
# Bodies named after their country (guide rule 6: the Bank of England is a British name); every other cue
# only implies its country, and a country implied by cues alone, never named, is only mentioned (places.py).
NAMING_CUES = frozenset(["Bank of England", "Scotland Yard", "Bank of Japan"])
CUE_CAP = 3  # more cues say no more than three: a long parliamentary sketch is not more British for it
_CUES = [(code, cue) for code, cues in COUNTRY_CUES.items() for cue in cues]
# A word every text with the cue has (its longest: "Commons" of "the Commons"), to pass over the rest at once.
_KEY_WORDS = frozenset(max(cue.split(" "), key=len) for _, cue in _CUES)
# One alternation, longest first, looked for only where a cue's first letter stands at a word's start: the
# plain alternation cost 30 µs per Reuters story, a third of what the rest of the place tagger costs.
_PATTERN = re.compile(
    r"\b(?=["
    + re.escape("".join(sorted({cue[0] for _, cue in _CUES})))
    + "])("
    + "|".join(re.escape(cue) for _, cue in sorted(_CUES, key=lambda item: -len(item[1])))
    + r")\b(?! Journal\b)"  # the Wall Street Journal is a newspaper, not the market (guide rule 5)
)
_COUNTRY_OF = {cue: code for code, cue in _CUES}
# A pound sign outside brackets prices something in pounds ("a £9m production"); inside them it converts
# a sum given first in another currency ("$11bn (£5.7bn)", "$250 (about £132)"), which BBC stories do for
# every country. Inside: an opening bracket no closer than BRACKET_CHARS characters before the sign.
_POUNDS = re.compile(r"£\s?\d")
BRACKET_CHARS = 12


def country_cues(text: str, words: Iterable[str] | None = None) -> dict[str, list[str]]:
    """{country code: the cues found, at most CUE_CAP, in order} for the text. `words`, the text's words
    as written when the caller has them, lets a text with no cue's key word and no "£" return at once."""
    found: dict[str, list[str]] = {}
    if words is not None and _KEY_WORDS.isdisjoint(words) and "£" not in text:
        return found
    for match in _PATTERN.finditer(text):
        cue = match.group(1)
        cues = found.setdefault(_COUNTRY_OF[cue], [])
        if len(cues) < CUE_CAP:
            cues.append(cue)
    if "£" in text:
        for match in _POUNDS.finditer(text):
            before = text[max(0, match.start() - BRACKET_CHARS) : match.start()]
            if before.rfind("(") > before.rfind(")"):
                continue  # "(£5.7bn)", "(about £132)": a conversion
            cues = found.setdefault("GB", [])
            if len(cues) < CUE_CAP:
                cues.append("£")
    return found
