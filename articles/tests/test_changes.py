"""The readable diff between two versions of a story (articles/changes.py)."""

from hypothesis import given
from hypothesis import strategies as st

from articles.changes import Piece, compare, word_diff

BEFORE = [
    "At least 73 people were killed when the quake struck on Monday, officials said.",
    "Rescuers searched the rubble.",
    "The quake had a magnitude of 6.8.",
]


def text_of(pieces, kinds):
    return "".join(piece.text for piece in pieces if piece.kind in kinds)


def test_a_changed_number_is_marked_word_for_word():
    pieces = word_diff("at least 73 killed", "at least 103 killed")
    assert pieces == [
        Piece("same", "at least "),
        Piece("removed", "73"),
        Piece("added", "103"),
        Piece("same", " killed"),
    ]


def test_numbers_with_separators_and_abbreviations_stay_whole():
    pieces = word_diff("a toll of 1,540 in the U.S. today", "a toll of 1,610 in the U.S. today")
    assert [p for p in pieces if p.kind != "same"] == [Piece("removed", "1,540"), Piece("added", "1,610")]


def test_neighbouring_changed_words_read_as_one_change():
    pieces = word_diff("73 killed in the quake", "103 dead in the quake")
    assert pieces[:2] == [Piece("removed", "73 killed"), Piece("added", "103 dead")]


def test_headline_and_paragraphs_added_removed_and_changed():
    after = [
        "At least 103 people were killed when the quake struck on Monday, officials said.",
        "The quake had a magnitude of 6.8.",
        "The president declared three days of mourning.",
    ]
    diff = compare("Quake kills 73", BEFORE, "Quake kills at least 103", after)
    assert diff.headline.kind == "changed"
    assert text_of(diff.headline.pieces, {"removed"}) == "73"
    assert text_of(diff.headline.pieces, {"added"}) == "at least 103"
    kinds = [(change.kind, change.before or change.after) for change in diff.paragraphs]
    assert kinds == [
        ("changed", BEFORE[0]),
        ("removed", "Rescuers searched the rubble."),
        ("added", "The president declared three days of mourning."),
    ]
    assert text_of(diff.paragraphs[0].pieces, {"added"}) == "103"
    assert diff.unchanged == 1
    assert diff.summary == "Headline changed; 1 paragraph changed, 1 added, 1 removed"


def test_a_rewritten_paragraph_is_removed_and_added_not_marked_word_by_word():
    diff = compare("T", ["The minister resigned on Friday after weeks of pressure."], "T", ["Markets rose."])
    assert [change.kind for change in diff.paragraphs] == ["removed", "added"]


def test_spacing_alone_is_no_change():
    diff = compare("Quake  kills 73", ["One  paragraph.\n"], "Quake kills 73", [" One paragraph."])
    assert not diff.changed
    assert diff.summary == "No change in the text"
    assert diff.unchanged == 1


def test_a_long_replaced_block_is_not_compared_pair_by_pair():
    old = [f"Old paragraph number {n} about the harbour." for n in range(80)]
    new = [f"New paragraph {n} on the markets and the weather." for n in range(80)]
    diff = compare("T", old, "T", new)
    assert [c.kind for c in diff.paragraphs] == ["removed"] * 80 + ["added"] * 80


words = st.lists(
    st.sampled_from(["at", "least", "73", "103", "killed", "1,540", "U.S.", ",", "."]), max_size=12
)
paragraph = words.map(" ".join)


@given(paragraph, paragraph)
def test_word_diff_rebuilds_both_texts(before, after):
    pieces = word_diff(before, after)
    assert text_of(pieces, {"same", "removed"}) == " ".join(before.split())
    assert text_of(pieces, {"same", "added"}) == " ".join(after.split())


@given(
    st.lists(paragraph, max_size=6),
    st.lists(paragraph, max_size=6),
    st.text(max_size=40),
    st.text(max_size=40),
)
def test_every_paragraph_is_accounted_for(before, after, old_title, new_title):
    diff = compare(old_title, before, new_title, after)
    old = [" ".join(p.split()) for p in before if p.strip()]
    new = [" ".join(p.split()) for p in after if p.strip()]
    gone = [c.before for c in diff.paragraphs if c.kind in ("removed", "changed")]
    came = [c.after for c in diff.paragraphs if c.kind in ("added", "changed")]
    assert len(old) == diff.unchanged + len(gone)
    assert len(new) == diff.unchanged + len(came)
    assert set(gone) <= set(old) and set(came) <= set(new)
