"""Topic tagging by weighted rules: a pure function over an article's text, no Django.

A topic is a mapping ``{"slug", "name", "rules", "parent"?, "code"?, "description"?}``; its rules are
``{"pattern": str, "weight": float, "kind": "term" | "phrase" | "hint"}`` (mappings or ``Rule``). The
standard taxonomy, the IPTC Media Topics top level, lives in ``data/iptc_topics.json`` in that shape;
topics that editors add (subtopics with a ``parent`` slug) come from the database in the same shape.

How a pattern reads:

* one word matches itself and its regular endings: ``missile`` also finds "missiles", ``elect`` finds
  "elects", "elected", "electing" (not "election": list that one too);
* ``a|b|c`` matches exactly those forms and no others (``match|matches`` but not "matched");
* a word written with a capital letter matches only with that capital (``Labour`` the party, not
  "labour" the work; ``US`` not "us"); lower-case words match in any case;
* a phrase is several words in a row (a hyphen counts as a space); its last word takes endings;
* a hint is matched against the article's links and source (``/hub/russia-ukraine``), at a path break.

``TopicRules`` compiles the rules once into dictionaries keyed by word, so tagging an article is one
pass over its words; ``tag_topics`` scores each topic and returns the strongest few.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

__all__ = ["Rule", "TopicRules", "TopicTag", "default_rules", "default_topics", "tag_topics", "tokenize"]

DATA = Path(__file__).resolve().parent / "data" / "iptc_topics.json"
KINDS = ("term", "phrase", "hint")

# Tuned on general grounds (see bench/README.md, "Topic tagging accuracy"), never per word.
TITLE_WEIGHT = 3.0  # one headline word counts as much as three body mentions
# A topic found through many different words is the article's subject more surely than one found
# through one word said often: evidence grows by (distinct patterns found) ** BREADTH.
BREADTH = 0.3
REFERENCE_LENGTH = 300  # words; longer bodies have their evidence scaled down ...
LENGTH_EXPONENT = 0.5  # ... by (words / REFERENCE_LENGTH) ** LENGTH_EXPONENT
SCALE = 12.0  # evidence that gives a score of 1 - 1/e
THRESHOLD = 0.35  # lowest score that is reported
RELATIVE = 0.4  # a second or third topic needs this share of the first one's evidence
LIMIT = 3
EVIDENCE_ITEMS = 8
# A newsroom files a story by who acts in it: ministers and parties make it politics before the
# schools or courts it is about, a company makes it business. A topic marked ``"desk": true`` (the five
# sections of a newspaper: politics, business, arts and media, sport, science and technology) counts
# DESK_FACTOR times when at least DESK_STRONG different strong words (weight >= STRONG) of it are
# found. Measured on the development part of bbc-dev (bench/README.md): factor 1.3/1.6/2/2.5 with two
# strong words gave 90.8/91.6/92.2/92.4% (89.6% without), one strong word 92.7%, three 91.6%.
DESK_FACTOR = 2.0
DESK_STRONG = 2
STRONG = 2.0
HINT_CACHE_SIZE = 4096  # texts (links, source names) whose hints are remembered

# A word, with a possessive 's dropped ("Labour's" -> "Labour"); hyphens and other marks split words.
_WORD = re.compile(r"([^\W_]+)(?:['’][sS]\b)?")
_VOWELS = set("aeiou")


def _damp(count: int) -> float:
    """How much a pattern found ``count`` times weighs: more than once, but not ``count`` times more."""
    return math.sqrt(count)


def tokenize(text: str) -> list[str]:
    """Words as written (case kept), without possessive endings or punctuation."""
    return _WORD.findall(text)


@dataclass(frozen=True)
class Rule:
    pattern: str
    weight: float = 1.0
    kind: str = "term"


@dataclass
class TopicTag:
    slug: str
    name: str
    score: float  # 0..1, from the topic's evidence; comparable across articles
    evidence: str  # for people: "words: match ×3, coach ×2 (title: match); links: /sport"
    matched: list[tuple[str, int]] = field(default_factory=list)  # (pattern, times found), strongest first
    parent: str = ""  # the parent topic's slug, for a subtopic
    code: str = ""  # the IPTC code, for a standard topic


class _Found(NamedTuple):
    amount: float  # evidence this rule gave
    rule: Rule
    count: int  # times found in title, body and links
    in_title: int


@dataclass
class _Topic:
    slug: str
    name: str
    parent: str
    code: str
    desk: bool = False
    depth: int = 0


def _inflections(word: str) -> set[str]:
    """The word and its regular endings; over-generating forms nobody writes ("goaled") is harmless."""
    forms = {word}
    lower = word.lower()
    if not word.isalpha() or len(word) < 3:
        return forms
    if word.isupper():  # an acronym takes only a plural: "MPs", "PCs"
        return forms | {word + "s"}
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    elif lower[-1] == "y" and lower[-2] not in _VOWELS:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if lower.endswith("ee"):
        forms |= {word + "d", word + "ing"}
    elif lower.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif lower[-1] == "y" and lower[-2] not in _VOWELS:
        forms |= {word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
        if lower[-1] not in _VOWELS | set("wxy") and lower[-2] in _VOWELS and lower[-3] not in _VOWELS:
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # "shell" -> "shelled" is covered too
    return forms


def _word_spec(word: str, inflect: bool) -> tuple[frozenset[str], bool]:
    """(forms, case_sensitive): forms are lower-cased unless the word was written with a capital."""
    case_sensitive = word != word.lower()
    forms = _inflections(word) if inflect else {word}
    return frozenset(forms if case_sensitive else {form.lower() for form in forms}), case_sensitive


def _as_rule(rule: Rule | Mapping) -> Rule:
    if isinstance(rule, Rule):
        found = rule
    elif isinstance(rule, Mapping):
        found = Rule(str(rule.get("pattern", "")), rule.get("weight", 1.0), rule.get("kind") or "term")
    else:
        found = Rule(
            getattr(rule, "pattern", ""), getattr(rule, "weight", 1.0), getattr(rule, "kind", "term")
        )
    pattern = found.pattern.strip()
    if not pattern:
        raise ValueError("a topic rule needs a pattern")
    if found.kind not in KINDS:
        raise ValueError(f"rule {pattern!r}: kind must be one of {', '.join(KINDS)}, not {found.kind!r}")
    try:
        weight = float(found.weight)
    except (TypeError, ValueError):
        raise ValueError(f"rule {pattern!r}: weight must be a number, not {found.weight!r}") from None
    return Rule(pattern, weight, found.kind)


class TopicRules:
    """Topics and their rules, compiled once. Later topics with a known slug add to its rules."""

    def __init__(self, topics: Iterable[Mapping]):
        self.topics: dict[str, _Topic] = {}
        rules_by_slug: dict[str, list[Rule]] = defaultdict(list)
        for item in topics:
            slug = str(item.get("slug") or "").strip()
            if not slug:
                raise ValueError(f"topic {item.get('name')!r} has no slug")
            if slug not in self.topics:
                name = str(item.get("name") or slug)
                self.topics[slug] = _Topic(slug, name, item.get("parent") or "", item.get("code") or "")
            elif item.get("parent"):
                self.topics[slug].parent = item["parent"]
            if item.get("desk"):
                self.topics[slug].desk = True
            rules_by_slug[slug].extend(_as_rule(rule) for rule in item.get("rules") or ())
        self._set_depths()
        self.rules: list[tuple[str, Rule]] = []  # index -> (slug, rule)
        self._words: dict[str, list[int]] = defaultdict(list)  # lower-case form -> rule indexes
        self._exact: dict[str, list[int]] = defaultdict(list)  # capitalised form -> rule indexes
        # first word (lower-cased) -> [(rule index, [(forms, case_sensitive) for each word])]
        self._phrases: dict[str, list[tuple[int, list[tuple[frozenset[str], bool]]]]] = defaultdict(list)
        self._hints: list[tuple[int, re.Pattern]] = []
        self._hint_cache: dict[str, tuple[int, ...]] = {}
        for slug, rules in rules_by_slug.items():
            for rule in rules:
                self._compile(slug, rule)
        # Every lower-cased word that some word pattern, capitalised pattern or phrase starts with.
        self._starters = frozenset([*self._words, *(form.lower() for form in self._exact), *self._phrases])

    def _set_depths(self) -> None:
        for topic in self.topics.values():
            seen, parent = {topic.slug}, topic.parent
            while parent:
                if parent not in self.topics:
                    raise ValueError(f"topic {topic.slug!r} names an unknown parent {parent!r}")
                if parent in seen:
                    raise ValueError(f"topic {topic.slug!r} is its own ancestor")
                seen.add(parent)
                topic.depth += 1
                parent = self.topics[parent].parent

    def _compile(self, slug: str, rule: Rule) -> None:
        index = len(self.rules)
        self.rules.append((slug, rule))
        if rule.kind == "hint":
            tail = r"(?=[/?#.&]|$)" if rule.pattern[-1].isalnum() else ""
            self._hints.append((index, re.compile(re.escape(rule.pattern.lower()) + tail)))
            return
        alternatives = [part for part in rule.pattern.split("|") if part.strip()]
        exact = len(alternatives) > 1
        for alternative in alternatives:
            words = tokenize(alternative)
            if not words:
                raise ValueError(f"rule {rule.pattern!r} has no words to match")
            specs = [_word_spec(word, inflect=False) for word in words[:-1]]
            specs.append(_word_spec(words[-1], inflect=not exact))
            if len(specs) == 1:
                forms, case_sensitive = specs[0]
                for form in forms:
                    found = (self._exact if case_sensitive else self._words)[form]
                    if index not in found:  # "Olympic|olympic" must not count a word twice
                        found.append(index)
            else:
                for form in specs[0][0]:
                    self._phrases[form.lower()].append((index, specs))

    def count(self, text: str) -> dict[int, int]:
        """How often each rule's words occur in ``text``: {index into ``self.rules``: count}."""
        return self.count_words(tokenize(text))

    def count_words(self, tokens: list[str]) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        joined = "\0".join(tokens)
        if tokens and joined.isascii():
            lowered = joined.lower().split("\0")  # one call in C rather than one per word
        else:
            lowered = [token.lower() for token in tokens]
        words, exact, phrases, size = self._words, self._exact, self._phrases, len(tokens)
        # Most words start no pattern: find those that may in one pass, then look at them in order.
        starters = self._starters
        for position in [position for position, low in enumerate(lowered) if low in starters]:
            low = lowered[position]
            for index in words.get(low, ()):
                counts[index] += 1
            token = tokens[position]
            if token in exact:  # capitalised patterns; a lower-case token never equals one
                for index in exact[token]:
                    counts[index] += 1
            for index, specs in phrases.get(low, ()):
                if position + len(specs) > size:
                    continue
                for offset, (forms, case_sensitive) in enumerate(specs):
                    if (tokens if case_sensitive else lowered)[position + offset] not in forms:
                        break
                else:
                    counts[index] += 1
        return counts

    def count_hints(self, texts: Iterable[str]) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for text in texts:
            for index in self._hints_in(text):
                counts[index] += 1
        return counts

    def _hints_in(self, text: str) -> tuple[int, ...]:
        # Most articles of an import share their source name, and hubs repeat across links.
        found = self._hint_cache.get(text)
        if found is None:
            low = text.lower()
            found = tuple(index for index, regex in self._hints if regex.search(low))
            if len(self._hint_cache) >= HINT_CACHE_SIZE:
                self._hint_cache.clear()
            self._hint_cache[text] = found
        return found


@cache
def default_topics() -> tuple[dict, ...]:
    """The IPTC top-level topics with their default rules, as stored in data/iptc_topics.json."""
    with DATA.open(encoding="utf-8") as fh:
        return tuple(json.load(fh)["topics"])


@cache
def default_rules() -> TopicRules:
    return TopicRules(default_topics())


def tag_topics(
    rules: TopicRules,
    *,
    title: str,
    body: str,
    links: Sequence[str] = (),
    source: str = "",
    limit: int = LIMIT,
    threshold: float = THRESHOLD,
) -> list[TopicTag]:
    """The article's topics, strongest first: at most ``limit``, each scoring at least ``threshold``.

    Evidence for a topic is the sum of its rules' weights times the square root of how often each was
    found (so one word repeated does not outweigh several different ones). Headline matches count
    ``TITLE_WEIGHT`` times; body evidence is scaled down for bodies longer than ``REFERENCE_LENGTH``
    words so that a long interview does not collect every topic; hints on links add their weight once
    per link. A desk topic (a newspaper section) with ``DESK_STRONG`` different strong words counts
    ``DESK_FACTOR`` times. A subtopic's evidence also counts for its parent, so a tagged subtopic brings
    its parent (listed before it).
    """
    body_words = tokenize(body)
    title_counts = rules.count(title)
    body_counts = rules.count_words(body_words)
    hint_counts = rules.count_hints([*links, source] if source else links)
    length_factor = max(1.0, len(body_words) / REFERENCE_LENGTH) ** LENGTH_EXPONENT

    evidence: dict[str, float] = defaultdict(float)
    found: dict[str, list[_Found]] = defaultdict(list)
    strong: dict[str, int] = defaultdict(int)  # different strong words found, per topic
    for index in {*title_counts, *body_counts, *hint_counts}:
        slug, rule = rules.rules[index]
        in_title, in_body, in_links = (
            title_counts.get(index, 0),
            body_counts.get(index, 0),
            hint_counts.get(index, 0),
        )
        amount = rule.weight * (TITLE_WEIGHT * _damp(in_title) + _damp(in_body) / length_factor + in_links)
        evidence[slug] += amount
        found[slug].append(_Found(amount, rule, in_title + in_body + in_links, in_title))
        if rule.weight >= STRONG and rule.kind != "hint":
            strong[slug] += 1

    for slug, items in found.items():
        evidence[slug] *= len(items) ** BREADTH

    via: dict[str, str] = {}
    for slug in sorted(evidence, key=lambda s: -rules.topics[s].depth):  # deepest first, so it flows up
        parent = rules.topics[slug].parent
        if parent and evidence[slug] > evidence.get(parent, 0.0):
            evidence[parent] = evidence[slug]
            via[parent] = slug

    # The desk factor decides the order, not which other topics are worth listing: a schools story
    # that a minister makes politics keeps education as its second topic.
    plain = dict(evidence)
    desks = {slug for slug, count in strong.items() if count >= DESK_STRONG and rules.topics[slug].desk}
    for slug in desks:
        evidence[slug] *= DESK_FACTOR

    ranked = sorted(
        (slug for slug, value in evidence.items() if value > 0),
        key=lambda s: (-evidence[s], rules.topics[s].depth, s),
    )
    if not ranked:
        return []
    top = plain[ranked[0]]
    tags = []
    for slug in ranked:
        value = evidence[slug]
        score = 1.0 - math.exp(-value / SCALE)
        if len(tags) >= limit or score < threshold:
            break
        topic = rules.topics[slug]
        under_chosen_parent = any(tag.slug == topic.parent for tag in tags)
        if plain[slug] < RELATIVE * top and not under_chosen_parent:  # a subtopic needs only the threshold
            continue
        items = sorted(found.get(slug, ()), key=lambda item: (-item.amount, item.rule.pattern))
        tags.append(
            TopicTag(
                slug=slug,
                name=topic.name,
                score=round(score, 3),
                evidence=_describe(items, rules.topics[via[slug]].name if slug in via else "", slug in desks),
                matched=[(item.rule.pattern, item.count) for item in items],
                parent=topic.parent,
                code=topic.code,
            )
        )
    return tags


def _shown(pattern: str) -> str:
    """How a reader sees a pattern: its first form ("vote|votes|voted" -> "vote")."""
    return pattern.split("|")[0].strip()


def _describe(items: list[_Found], via: str, desk: bool) -> str:
    """Why a topic was given, for a reader: 'words: election ×4, minister ×3 (title: election); ...'."""
    words = [item for item in items if item.rule.kind != "hint"]
    parts = [f"via {via}"] if via else []
    if words:
        listed = ", ".join(
            _shown(item.rule.pattern) + (f" ×{item.count}" if item.count > 1 else "")
            for item in words[:EVIDENCE_ITEMS]
        )
        if len(words) > EVIDENCE_ITEMS:
            listed += f" and {len(words) - EVIDENCE_ITEMS} more"
        in_title = [_shown(item.rule.pattern) for item in words if item.in_title]
        parts.append(f"words: {listed}" + (f" (title: {', '.join(in_title)})" if in_title else ""))
    links = [item.rule.pattern for item in items if item.rule.kind == "hint"]
    if links:
        parts.append("links: " + ", ".join(links))
    if desk:
        parts.append("counted double as a news section")
    return "; ".join(parts)
