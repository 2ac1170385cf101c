"""Where an article's opening says what it is about: the countries that head its first sentence and the
countries of the people its headline names; and, anywhere in it, the places a survey or study covers.

Pure: no Django. places.py calls these on the mentions place_mentions.scan found; place_roles.py makes the
countries they mark ``about`` (guide rules 1, 9, 11 and 20 in bench/README.md: the story's subject and
principals). Measured on the development parts of bench/place_labels.jsonl before they were kept
(docs/benchmarks.md, "Place roles: issue 12, stop 22").
"""

import re
from bisect import bisect_right
from operator import attrgetter

from .place_mentions import Mention

# The head of a story's opening sentence, where it names its subject ("British energy firm Burren Energy",
# "Indonesian, Indian and Hong Kong stock markets", "Britain's Kathy Butler"): this many characters of it.
SUBJECT_CHARS = 80
# A date line opening a Wikinews body ("Thursday, August 8, 2019") is not its first sentence.
_DATE_LINE = re.compile(r"\s*(?:[A-Z][a-z]+day,\s+)?[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s*\n")
# ... up to its verb (an auxiliary, "said", or a word in -ed): "Vodafone has drafted in its UK chief
# executive" names the firm, not the UK; "Business leaders tasted Swiss chocolate" names no country as its subject.
_SUBJECT_END = re.compile(
    r"[.!?][\"”’']?(?:\s|$)|\n|\s(?:has|have|had|is|are|was|were|will|would|can|could|may|might|said|says"
    r"|do|does|did|[a-z]{2,}ed)\s"
)

# The whole opening sentence (up to its full stop, at most this many characters), where the story says what
# it reports: a country named there as often as the story's most-named one is about (place_roles.py).
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?:\s|$)|\n")
OPENING_CHARS = 400


def mark_subject(mentions: list[Mention], body: str, currency_words: frozenset) -> None:
    """Mark the body's names that head its opening sentence, before its verb (``subject``), unless they
    start a longer name ("US Open champion", "an Iraq War veteran") or a currency ("Swiss francs")."""
    date_line = _DATE_LINE.match(body)
    first = date_line.end() if date_line else 0
    first += len(body[first:]) - len(body[first:].lstrip())
    found = _SUBJECT_END.search(body, first)
    end = min(found.start() if found else len(body), first + SUBJECT_CHARS)
    found = _SENTENCE_END.search(body, first)
    sentence_end = min(found.start() if found else len(body), first + OPENING_CHARS)
    for mention in mentions:
        if not mention.in_title and first <= mention.start < sentence_end:
            mention.opening = True
        if mention.in_title or not first <= mention.start < end or mention.next_word:
            continue
        after = body[mention.start + len(mention.text) :].split(None, 1)
        mention.subject = not after or after[0].lower().strip(".,;:") not in currency_words


# A country written before a person the headline names ("France's Mauresmo", "US president George W Bush",
# "British number one Tim Henman" under "Henman to face Saulnier test"): the headline's principal's country.
_BEFORE_NAME = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){0,3}(?:\s+[A-Z][\w.]*){1,3}")


def mark_headline_people(mentions: list[Mention], body: str, title_words: frozenset, lead: int) -> None:
    """Mark a body's country names in its first ``lead`` characters written before a person whose name the
    headline gives (``principal``). Run once places are resolved: a headline's place name is no person's."""
    for mention in mentions:
        if (
            mention.in_title
            or mention.start >= lead
            or mention.place is None
            or mention.place.kind != "country"
        ):
            continue
        found = _BEFORE_NAME.match(body, mention.start + len(mention.text))
        if not found:
            continue
        names = [w.lower().rstrip(".") for w in found.group().split() if w[0].isupper()]
        if names and names[-1] in title_words and len(names[-1]) > 3:
            mention.principal = True


_BLANK_LINE = re.compile(r"\n\s*\n")


def mark_paragraphs(mentions: list[Mention], body: str) -> int:
    """Number each body name by its paragraph (paragraphs end at a blank line); return how many there are."""
    breaks = [found.start() for found in _BLANK_LINE.finditer(body.strip())]
    offset = len(body) - len(body.lstrip())
    for mention in mentions:
        if not mention.in_title:
            mention.paragraph = bisect_right(breaks, mention.start - offset)
    return len(breaks) + 1


# A list of places ("the UK, France, Germany and the Netherlands") in a sentence that names a survey or a study:
# the places it covers, each one a subject of the story (guide rule 10), not examples in a round-up (rule 14).
_SURVEY = re.compile(r"\b(?:survey|surveys|surveyed|study|studies|poll|research|report)\b", re.IGNORECASE)
_LIST_GAP = re.compile(r",\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")
SURVEY_LIST = 3


def mark_surveyed(mentions: list[Mention], body: str) -> None:
    """Mark the body's place names listed together (SURVEY_LIST or more, of two countries or more, by name,
    not demonym) in a sentence that names a survey or a study (``surveyed``). The survey's words are looked for
    only in a list's sentence: a search of every body for them cost a tenth of the tagger's time on BBC stories."""
    placed = sorted((m for m in mentions if not m.in_title and m.place is not None), key=attrgetter("start"))
    run: list[Mention] = []
    for mention in [*placed, None]:
        gap = run[-1].start + len(run[-1].text) if run else 0
        if mention is not None and run and _LIST_GAP.fullmatch(body, gap, mention.start):
            run.append(mention)
            continue
        if len(run) >= SURVEY_LIST:
            _mark_if_surveyed([m for m in run if any(k != "demonym" for _, k in m.candidates)], body)
        run = [mention]


def _mark_if_surveyed(run: list[Mention], body: str) -> None:
    if len(run) < SURVEY_LIST or len({m.place.country_code for m in run}) < 2:
        return
    found = _SENTENCE_END.search(body, run[-1].start)
    start = max(body.rfind(". ", 0, run[0].start), body.rfind("\n", 0, run[0].start)) + 1
    if _SURVEY.search(body, start, found.start() if found else len(body)):
        for m in run:
            m.surveyed = True
