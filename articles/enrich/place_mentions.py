"""Where an article names places: the gazetteer's names found in a text, and the words around them.

Pure: no Django. Used by places.py, which decides which place each name means and what the article is
about. Names are matched longest first (up to six words), capitalised only; each match keeps what its
neighbours say about it: a sentence start or a shouted headline (capitals prove nothing there), a
qualifier ("Paris, Texas"), a capitalised word beside it (a person: "Chris Wright", "Wayne Tseng"; a
firm: "Bristol Myers"), a longer name it starts ("University of Kansas") or a building it names
("Victoria Park").
"""

import re
from dataclasses import dataclass
from itertools import accumulate

from ..keys import TOKEN, fold
from .gazetteer import Gazetteer, Place

DEMONYM_FACTOR, UNCERTAIN_FACTOR, CURRENCY_FACTOR = 0.5, 0.8, 0.3
# A capitalised article before a demonym opens a sentence or a name ("The British Chambers of Commerce",
# "The French government"); it is not the first word of a longer demonym ("Latin American").
ARTICLES = frozenset({"the", "a", "an"})
# Countries that are also given names ("Chad Peace", "Jordan Henderson").
COUNTRY_GIVEN_NAMES = frozenset({"chad", "jordan", "georgia"})
# Titles before a surname: no country is written after one ("Mr Mann" is the director, not the Isle of Man).
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady"})
# Places whose name is also a common given name: before a capitalised word that names no place, a person
# ("Victoria Wood", "Charlotte Church", "Orlando Bloom"), however big the place. General English usage.
GIVEN_NAME_PLACES = frozenset(
    [
        "aurora",
        "austin",
        "beverly",
        "brittany",
        "charlotte",
        "chelsea",
        "eugene",
        "florence",
        "georgia",
        "kimberley",
        "lincoln",
        "lorraine",
        "madison",
        "orlando",
        "regina",
        "santiago",
        "savannah",
        "shannon",
        "sofia",
        "victoria",
        "virginia",
    ]
)
FACILITY_WORDS = frozenset(
    [
        "park",
        "street",
        "road",
        "avenue",
        "square",
        "bridge",
        "station",
        "airport",
        "hospital",
        "university",
        "college",
        "school",
        "stadium",
        "centre",
        "center",
        "hall",
        "hotel",
        "prison",
        "club",
        "house",
        "tower",
        "mall",
        "arena",
    ]
)


# Words that make a place's name a football club's ("Real Madrid", "Bayern Munich", "Manchester United",
# "PSV Eindhoven"): the club, not the city, is what a sports story names. General usage of European football.
CLUB_WORDS_BEFORE = frozenset(
    [
        "real",
        "ac",
        "inter",
        "bayern",
        "atletico",
        "athletic",
        "psv",
        "werder",
        "borussia",
        "olympique",
        "sporting",
        "dynamo",
        "dinamo",
        "racing",
        "deportivo",
        "bayer",
        "hertha",
        "fc",
        "afc",
        "sc",
        "as",
        "ss",
    ]
)
CLUB_WORDS_AFTER = frozenset(
    [
        "united",
        "rovers",
        "wanderers",
        "albion",
        "hotspur",
        "villa",
        "athletic",
        "fc",
        "afc",
        "rangers",
        "city",
        "st",  # "Paris St Germain" (and "Oxford St", a London street, not the city)
        "saint",
    ]
)

_NOT_SURNAMES = FACILITY_WORDS | CLUB_WORDS_AFTER

# A country after these is mostly a team's opponent ("lost to Italy", "the win over England").
OPPONENT_WORDS = frozenset(["against", "over", "beat", "beating", "face", "facing", "versus", "vs"])
OPPONENT_FACTOR = 0.5
# ... but not in the headline or the opening: there the other side is a side of the match reported ("came from
# 15-6 down to beat France"), which the labels make about 11 times in 14 (further down: 22 in 48).
OPPONENT_LEAD_CHARS = 300
# A place named as where something is still to happen is the venue of an event the story looks ahead to
# (guide rule 15: "ahead of a meeting in London", "Filming is due to begin in Melbourne", "heading to
# Australia"), not the scene of what it reports: it weighs half, as an opponent does. Up to three words of the
# same clause before the name; "due to" only before a verb of scheduling ("due to a virus" gives a cause).
LOOK_AHEAD_FACTOR = 0.5
# The regex runs only when one of these stands among the six words before a name (it cost 10% of the tagger's
# time on BBC stories when it ran before every name).
_LOOK_AHEAD_WORDS = frozenset(["ahead", "heading", "upcoming", "forthcoming", "due"])
_LOOK_AHEAD = re.compile(
    r"\b(?:ahead of (?:a|an|the|next|this|their|his|her|its)|heading (?:to|for)|upcoming|forthcoming"
    r"|due to (?:be|begin|start|attend|open|take|visit|arrive|meet|hold|play|travel|return|fly|go|launch))\b"
    r"(?:[ -]+[\w'’]+){0,3}?[ -]+$",
    re.IGNORECASE,
)
# A demonym that says which country a named place is in ("the Swiss resort of Davos", "the Spanish island of
# Majorca", "the Israeli city of Tel Aviv"): the place may be missing from the gazetteer, its country is not.
_PLACE_OF = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:city|town|island|islands|resort|capital|village|port|region|province|state"
    r"|county|district|suburb)\s+of\s+[A-Z]"
)
# A demonym standing for a person ("The Belgian has not competed", "the Austrian's drop shots", "a Briton"):
# after an article and at most two lower-case words ("The 20-year-old Swede"), before a verb, a possessive or
# the end of a clause. Sport and crime stories name their principal so (guide rules 9 and 11).
_PERSON_AFTER = re.compile(
    r"(?:['’]s\b|\s*[,.;:!?)]|\s+(?:has|had|was|is|who|will|would|said|says|added|admitted|won|beat|lost|"
    r"took|made|could|can|must|may|might|faces|faced|insisted|told|became|reached|withdrew|needs|needed|[a-z]{2,}ed)\b)"
)
# "The <demonym>" with up to this many lower-case words before that verb ("The German company is", "The
# Australian gamer, known", "the Dutchman after he"), anywhere in the body, refers to a person or firm already
# introduced: place_roles.py makes its country about in a story with no other about country (guide rules 11, 31).
# Not for "a"/"an" ("a Brazilian programmer": someone new) nor for the opening's principals ("The Belgian tennis
# federation has" is no principal). Stop 24, on the nine development parts: 0/1/2/3/4 words, 1/3/5/5/5 right
# countries added, none wrong (from 2 words on, one wrong country dropped and one replaced by another).
PERSON_NOUN_WORDS = 2
# A place after these is where something happens ("Saturday's final in Perth", "talks at Camp David"): the
# scene, unless its sentence names a year ("in the 2004 Six Nations", "his 2017 title won in London": a past
# event, guide rule 15). place_roles.py makes the scene's country about when the opening names it.
_SCENE_WORDS = frozenset(["in", "at"])
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


# A demonym naming a language (guide rule 7: "available in English.", "speak English at home", "English
# speaker", "the English versions") is no mention of a country: after a verb of speaking or "in" with nothing
# but the clause's end, "and" or "or" after it, or before a word that makes it a language.
_LANGUAGE_BEFORE = frozenset(
    ["in", "speak", "speaks", "spoke", "speaking", "besides", "learn", "learning", "fluent"]
)
_LANGUAGE_AFTER = re.compile(
    r"(?:[ -](?:language|languages|speaker|speakers|speaking|translation|translations|version|versions"
    r"|subtitles|dub|dubbed)\b)"
)
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\"”]|$|(?:and|or|at|with)\b)")


@dataclass(slots=True)
class Mention:
    key: str
    text: str
    candidates: tuple
    weight: float
    uncertain: bool
    qualifier: str = ""  # folded words right after ", " ("texas" in "Paris, Texas")
    touching: bool = False  # a capitalised word right before or after: "Jesse Jackson", "Bristol Myers"
    shouting: bool = False  # in an all-caps or Title Case headline
    given_before: bool = False  # a Title Case word right before, as a given name: "Chris Wright"
    next_word: str = ""  # the capitalised word right after, folded: "tseng" in "Wayne Tseng"
    previous_word: str = ""  # the capitalised word right before, folded: "real" in "Real Madrid"
    named_after: bool = False  # part of a longer name: "University of Kansas", "Centre for Aviation"
    place: Place | None = None
    confident: bool = False  # resolved by the text (one country has the name, or support), not by size
    in_title: bool = False
    start: int = 0  # where the name starts in its text
    rejected: bool = False  # judged not a place (a person, a club, a town without support): supports nothing
    # a demonym for a person or for a place's country: "The Belgian has", "the Swiss resort of Davos"
    principal: bool = False
    subject: bool = False  # heads the body's opening sentence: "British energy firm Burren Energy has"
    opening: bool = False  # anywhere in the body's opening sentence
    paragraph: int = 0  # the body's paragraph it is in (place_lead.mark_paragraphs)
    ahead: bool = False  # where something is still to happen: "ahead of a meeting in London"
    # "the <demonym>" standing for a person or a firm, anywhere: "The German company is", "the Dutchman after he"
    definite: bool = False
    opponent: bool = False  # after "against", "beat", "face" ... (OPPONENT_WORDS): a match's other side
    scene: bool = False  # after "in" or "at", in a sentence naming no year: "Saturday's final in Perth"
    town: Place | None = None  # a town too small to tag without its region named ("Llanelli"): its country's
    surveyed: bool = (
        False  # in a list of the places a survey covers: "a survey of consumers in the UK, France"
    )


@dataclass(slots=True)
class Tokens:
    """A text's words (TOKEN) found once and shared by every step that reads them."""

    words: list[str]  # as written
    folded: list[str]
    starts: list[int]
    ends: list[int]


_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")
_ASCII_LOWER = re.compile("[a-z]")


def tokens_of(text: str) -> Tokens:
    # One split in C gives the words and the text between them; their positions follow from lengths.
    parts = _TOKEN_SPLIT.split(text)
    words = parts[1::2]
    offsets = [0, *accumulate(map(len, parts))]
    joined = "\0".join(words)
    if not words:
        folded = []
    elif joined.isascii():
        folded = joined.lower().split("\0")
    else:
        folded = [fold(word) for word in words]
    return Tokens(words, folded, offsets[1::2], offsets[2::2])


def _is_shouting(text: str, words: list[str]) -> bool:
    """All-caps or Title Case text, where a capital letter does not mark a proper noun."""
    words = [w for w in words if len(w) > 3]
    if not words:
        return False
    if not (_ASCII_LOWER.search(text) if text.isascii() else any(ch.islower() for ch in text)):
        return True
    return len(words) >= 6 and sum(map(str.isupper, [w[0] for w in words])) / len(words) > 0.7


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:;\n"


def scan(gaz: Gazetteer, text: str, weight_for, tokens: Tokens | None = None) -> list[Mention]:
    """Names of the gazetteer in ``text``, longest first (up to four words), in one pass over its words.

    Only a capitalised word that begins some name is looked at; from there the longest name that
    fits is tried first, and the words it covers are skipped.
    """
    if not text:
        return []
    tokens = tokens or tokens_of(text)
    words, folded, starts, ends = tokens.words, tokens.folded, tokens.starts, tokens.ends
    max_tokens, names = gaz.max_tokens, gaz.names
    first_words = max_tokens.keys() & set(folded)
    if not first_words:
        return []
    shouting = _is_shouting(text, words)
    mentions = []
    n, free = len(words), 0
    for i in [i for i, key in enumerate(folded) if key in first_words]:
        if i < free or not words[i][0].isupper():
            continue
        for size in range(min(max_tokens[folded[i]], n - i), 0, -1):
            last = i + size - 1
            if not words[last][0].isupper() or "\n\n" in text[ends[i] : starts[last]]:
                continue
            key = " ".join(folded[i : i + size])
            entries = names.get(key)
            if not entries:
                continue
            surface = text[starts[i] : ends[last]]
            mention = _mention(
                gaz, text, tokens, i, size, key, surface, entries, shouting, weight_for(starts[i])
            )
            if mention:
                mention.start = starts[i]
                mentions.append(mention)
            free = i + size
            break
    return mentions


def _mention(gaz, text, tokens, i, size, key, surface, entries, shouting, weight) -> Mention | None:
    exact = gaz.exact_case.get(key)
    if exact is not None and (surface != exact or (shouting and "." not in exact)):
        return None  # "US" only as written, never "us" or a shouted "US"
    if exact is None and not shouting and surface.isupper() and len(surface) <= 3:
        return None  # an acronym ("EST", "ICO"), not a place
    words = tokens.words
    start, end = tokens.starts[i], tokens.ends[i + size - 1]
    following = i + size < len(words)
    uncertain = shouting or _sentence_start(text, start)
    kinds = {kind for _, kind in entries}
    if kinds == {"demonym"}:
        nxt = words[i + size] if following else ""
        prev_capital = i > 0 and words[i - 1][0].isupper() and text[tokens.ends[i - 1] : start] == " "
        prev_capital = prev_capital and tokens.folded[i - 1] not in ARTICLES
        if (prev_capital and not uncertain) or nxt in ("Ocean", "Sea"):
            return None  # "Latin American", "Indian Ocean"
        if _language(text, tokens, i, end):
            return None  # "only available in English.", "a fluent English speaker"
        weight *= DEMONYM_FACTOR
    folded = tokens.folded
    demonym = kinds == {"demonym"}
    principal = demonym and (bool(_demonym_person(text, tokens, i, end)) or bool(_PLACE_OF.match(text, end)))
    definite = demonym and _demonym_person(text, tokens, i, end, PERSON_NOUN_WORDS) == "the"
    opponent = bool(i) and (
        folded[i - 1] in OPPONENT_WORDS
        or (i > 1 and folded[i - 1] == "the" and folded[i - 2] in OPPONENT_WORDS)
    )
    if opponent and start >= OPPONENT_LEAD_CHARS:
        weight *= (
            OPPONENT_FACTOR  # "defeat by Italy", "against Scotland", "win over the US": a match's other side
        )
    ahead = not _LOOK_AHEAD_WORDS.isdisjoint(folded[max(0, i - 6) : i]) and bool(
        _LOOK_AHEAD.search(text, max(0, start - 80), start)
    )
    if ahead:
        weight *= LOOK_AHEAD_FACTOR  # "ahead of a meeting in London": where it is to happen, not where it did
    if following and tokens.folded[i + size] in gaz.currency_words:
        weight *= CURRENCY_FACTOR  # "U.S. dollar", "Swiss franc": money, not the place
    if uncertain:
        weight *= UNCERTAIN_FACTOR
    qualifier = ""
    if text[end : end + 2] == ", " and following and words[i + size][0].isupper():
        qualifier = " ".join(tokens.folded[i + size : i + size + 3])
    elif (
        following
        and words[i + size].isupper()
        and tokens.folded[i + size] in gaz.dotted_abbreviations
        and text[end : tokens.starts[i + size]] in (" ", " (")
    ):
        qualifier = tokens.folded[i + size]  # "Washington DC", "Washington (D.C.)"
    before, after = _neighbour_words(text, tokens, i, size)
    # a region's abbreviation ("D.C.", "DC") beside a name is that place's qualifier, not part of a person's name
    abbreviation = key in gaz.dotted_abbreviations and surface.isupper()
    touching = not shouting and (before or after) and not qualifier and not abbreviation
    mention = Mention(key, surface, entries, weight, uncertain, qualifier, touching, shouting)
    mention.principal = principal
    mention.definite = definite
    mention.opponent = opponent
    mention.ahead = ahead
    if i and folded[i - 1] in _SCENE_WORDS:
        mention.scene = not _YEAR.search(text, text.rfind(". ", 0, start) + 1, _sentence_end(text, end))
    if not shouting:
        previous = words[i - 1] if before else ""
        mention.given_before = len(previous) > 1 and previous[1:].islower() and not abbreviation
        mention.next_word = tokens.folded[i + size] if after else ""
        mention.previous_word = tokens.folded[i - 1] if before else ""
        if not before and i and text[tokens.ends[i - 1] : start] == " " and _club_prefix(words[i - 1]):
            mention.previous_word = tokens.folded[i - 1]  # "AC Milan" opening a sentence is still the club
        mention.named_after = (
            i + size + 1 < len(words)
            and tokens.folded[i + size] in ("of", "for")
            and text[end : tokens.starts[i + size]] == " "
            and words[i + size + 1][0].isupper()
        )
    return mention


def _sentence_end(text: str, end: int) -> int:
    found = text.find(". ", end)
    return len(text) if found < 0 else found


def _language(text: str, tokens: Tokens, i: int, end: int) -> bool:
    """Whether the demonym at word ``i`` (ending at ``end``) names a language: "in English.", "speak French or"."""
    if _LANGUAGE_AFTER.match(text, end):
        return True
    return bool(i) and tokens.folded[i - 1] in _LANGUAGE_BEFORE and bool(_CLAUSE_END.match(text, end))


def _demonym_person(text: str, tokens: Tokens, i: int, end: int, nouns: int = 0) -> str:
    """The article before the demonym at word ``i`` (ending at ``end``) if it stands for a person or a firm:
    "The Belgian has", "the 20-year-old Swede,", and with up to ``nouns`` lower-case words after it "The
    Australian gamer, known", "The German company is"; "" if it does not."""
    after, k = end, 0
    while not _PERSON_AFTER.match(text, after):
        nxt = i + 1 + k
        if k == nouns or nxt >= len(tokens.words) or text[after : tokens.starts[nxt]] != " ":
            return ""
        word = tokens.words[nxt]
        if not (word.islower() or word.isdigit()):
            return ""
        after, k = tokens.ends[nxt], k + 1
    for j in range(i - 1, max(i - 4, -1), -1):
        gap = text[tokens.ends[j] : tokens.starts[j + 1]]
        if gap.strip(" -0123456789"):
            return ""  # punctuation between: not one noun phrase
        if tokens.folded[j] in ARTICLES:
            return tokens.folded[j]
        if not tokens.words[j].islower():
            return ""
    return ""


def _club_prefix(word: str) -> bool:
    """A club's first word ("Real", "AC", "PSV"); "As" opening a sentence is the English word, "AS" a club's."""
    key = word.lower()
    return key in CLUB_WORDS_BEFORE and (key != "as" or word.isupper())


def _neighbour_words(text: str, tokens: Tokens, i: int, size: int) -> tuple[bool, bool]:
    """Whether a capitalised word touches the name ("Jesse Jackson", "Bristol Myers"): a person or a firm."""
    words, starts, ends = tokens.words, tokens.starts, tokens.ends
    start, end = starts[i], ends[i + size - 1]
    before = i > 0 and words[i - 1][0].isupper() and text[ends[i - 1] : start] in (" ", "-")
    before = before and not _sentence_start(text, starts[i - 1])
    after = i + size < len(words) and words[i + size][0].isupper() and text[end : starts[i + size]] in (" ",)
    return before, after


def person_keys(gaz: Gazetteer, mentions: list[Mention], *texts: Tokens) -> frozenset:
    """Names the article gives a person: after a given name ("Chris Wright", "Hillary Clinton"), or as the
    given name of a surname it also writes on its own ("Wayne Tseng" ... "Tseng said")."""
    keys = {mention.key for mention in mentions if mention.given_before}
    surnames = frozenset(keys)  # place names written after a given name: "Bryant" of "Kobe Bryant"
    for mention in mentions:
        word = mention.next_word
        if word and mention.key in GIVEN_NAME_PLACES and word not in gaz.names and word not in _NOT_SURNAMES:
            keys.add(mention.key)  # "Victoria Wood", not "Victoria Park" or "Chelsea FC"
    for mention in mentions:
        word = mention.next_word
        # A surname the text also writes alone ("Tseng said"); one that is itself a place's name counts when
        # it follows a given name too: "Kobe Bryant" ... "Bryant stayed" is a person, not Kobe, Japan.
        surname = word not in gaz.names or word in surnames
        if word and mention.key not in keys and surname and _written_alone(word, texts):
            keys.add(mention.key)
    return frozenset(keys)


def addressed_keys(mentions: list[Mention]) -> frozenset:
    """Names the text writes after a title ("Mr Mann", "Dr Chad"): a person's surname, whatever else they name."""
    return frozenset(m.key for m in mentions if m.previous_word in HONORIFICS)


def _written_alone(word: str, texts: tuple[Tokens, ...]) -> bool:
    """Whether the folded ``word`` is written capitalised with no capitalised word beside it ("Tseng said").

    Looked up only for the words that follow a place name (list.index), not for every word of the text:
    the whole-text pass cost 10% of the tagger's time on Reuters."""
    for t in texts:
        words, folded, starts, ends = t.words, t.folded, t.starts, t.ends
        j = -1
        while True:
            try:
                j = folded.index(word, j + 1)
            except ValueError:
                break
            if not words[j][0].isupper():
                continue
            if j and words[j - 1][0].isupper() and starts[j] - ends[j - 1] == 1:
                continue
            if j + 1 < len(words) and words[j + 1][0].isupper() and starts[j + 1] - ends[j] == 1:
                continue
            return True
    return False


def all_keys(*texts: Tokens) -> frozenset:
    """Folded capitalised phrases of up to three words, to find county names such as "North Yorkshire"."""
    words = [key for t in texts for word, key in zip(t.words, t.folded, strict=True) if word[0].isupper()]
    keys = set(words)
    keys.update(map(" ".join, zip(words, words[1:], strict=False)))
    keys.update(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    return frozenset(keys)
