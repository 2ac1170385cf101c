"""The page reader's fast paths read every text as the plain character-by-character rules did (stop 24:
a page's parsing time is mostly these small readings, made for every line)."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importers import page_lines as pl


def plain_normalise(text: str) -> str:
    text = pl.repair_entities(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    text = pl._GLUED_CAPITALS.sub(" ", text)
    text = pl._GLUED_READ_TIME.sub(r"\1 \2", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", "    ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C" or ch == " ")


def plain_readable(line: str) -> bool:
    stripped = line.strip()
    if not pl.re.search(r"[^\W_]{2,}", stripped):
        return False
    ordinary = sum(1 for ch in stripped if ch.isalnum() or ch.isspace() or ch in ".,;:!?'\"’“”()-—–$%&/")
    return ordinary / len(stripped) >= 0.8


@settings(max_examples=300)
@given(st.text())
def test_normalise_text_drops_what_the_plain_rule_drops(text):
    assert pl.normalise_text(text) == plain_normalise(text)


@settings(max_examples=300)
@given(st.text())
def test_is_readable_counts_as_the_plain_rule_counts(line):
    assert pl.is_readable(line) == plain_readable(line)


def test_a_page_with_a_control_character_loses_only_it():
    assert pl.normalise_text("Storm\x07 closes\u200e the port\nFerries stay in") == (
        "Storm closes the port\nFerries stay in"
    )
