"""Place tagging: find the countries, regions and cities an article is from and about.

Pure: text in, ``PlaceTag`` records out; no Django. The places and their names are the gazetteer's
(gazetteer.py: the extract that ``build_gazetteer`` writes).

How a tag is chosen, in order:
1. the dateline ("BRUSSELS", "KYIV, Ukraine", "WASHINGTON, Jan 3 (Reuters) -") names the article's main place;
2. names in the title and body are matched longest first (up to four words), capitalised only;
   names that are also common English words ("Nice", "Reading", "March") are not trusted where
   capitals prove nothing (sentence starts, all-caps or Title Case headlines) unless the article also
   writes them capitalised mid-sentence; month and weekday names never match;
3. a name several places share is given to the one that best fits the article: population, then
   countries and regions named elsewhere, the dateline's country, neighbouring countries, the county,
   and an explicit qualifier ("Paris, Texas");
4. towns under 100,000 people, and towns named only in a headline, need such support to be tagged;
5. a city or region also tags its region and country, and a demonym ("Iranian") is a weaker country mention.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

from ..keys import TOKEN, fold, name_key
from .gazetteer import Gazetteer, Place

MIN_SCORE = (
    0.7  # below this a tag is a passing mention; tuned on Reuters-21578 country labels (bench/README.md)
)
STANDALONE_CITY_POPULATION = 100_000  # smaller towns are tagged only with support from the article
FAMOUS_CITY_POPULATION = 1_000_000  # big enough that "Toronto Dominion" or "Tokyo Stock" still means the city
_DATELINE_NOISE = re.compile(r"\((?:[^)]*)\)|\s[-—–]+\s*$|[-—–]+$")
_DATE_PART = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s+\d{1,2})?$|^\d",
    re.IGNORECASE,
)

# Mention weights: how much one mention says about what the article is about.
TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 1.0, 0.8, 0.6
LEAD_CHARS = 400
DEMONYM_FACTOR, UNCERTAIN_FACTOR, IMPLIED_FACTOR, CURRENCY_FACTOR = 0.5, 0.8, 0.7, 0.3


@dataclass(frozen=True, slots=True)
class PlaceTag:
    slug: str
    name: str
    kind: str  # country | region | city
    country_code: str
    role: str  # dateline | mention
    count: int
    score: float
    evidence: str


# ---------------------------------------------------------------------------------------------------------
# Matching


@dataclass(slots=True)
class _Mention:
    key: str
    text: str
    candidates: tuple
    weight: float
    uncertain: bool
    qualifier: str = ""  # folded words right after ", " ("texas" in "Paris, Texas")
    touching: bool = False  # a capitalised word right before or after: "Jesse Jackson", "Bristol Myers"
    shouting: bool = False  # in an all-caps or Title Case headline
    place: Place | None = None


@dataclass(slots=True)
class _Tokens:
    """A text's words (TOKEN) found once and shared by every step that reads them."""

    words: list[str]  # as written
    folded: list[str]
    starts: list[int]
    ends: list[int]


_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")
_ASCII_LOWER = re.compile("[a-z]")


def _tokens(text: str) -> _Tokens:
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
    return _Tokens(words, folded, offsets[1::2], offsets[2::2])


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


def _scan(gaz: Gazetteer, text: str, weight_for, tokens: _Tokens | None = None) -> list[_Mention]:
    """Names of the gazetteer in ``text``, longest first (up to four words), in one pass over its words.

    Only a capitalised word that begins some name is looked at; from there the longest name that
    fits is tried first, and the words it covers are skipped.
    """
    if not text:
        return []
    tokens = tokens or _tokens(text)
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
                mentions.append(mention)
            free = i + size
            break
    return mentions


def _mention(gaz, text, tokens, i, size, key, surface, entries, shouting, weight) -> _Mention | None:
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
        if (prev_capital and not uncertain) or nxt in ("Ocean", "Sea"):
            return None  # "Latin American", "Indian Ocean"
        weight *= DEMONYM_FACTOR
    if following and tokens.folded[i + size] in gaz.currency_words:
        weight *= CURRENCY_FACTOR  # "U.S. dollar", "Swiss franc": money, not the place
    if uncertain:
        weight *= UNCERTAIN_FACTOR
    qualifier = ""
    if text[end : end + 2] == ", " and following and words[i + size][0].isupper():
        qualifier = " ".join(tokens.folded[i + size : i + size + 3])
    touching = not shouting and any(_neighbour_words(text, tokens, i, size)) and not qualifier
    return _Mention(key, surface, entries, weight, uncertain, qualifier, touching, shouting)


def _neighbour_words(text: str, tokens: _Tokens, i: int, size: int) -> tuple[bool, bool]:
    """Whether a capitalised word touches the name ("Jesse Jackson", "Bristol Myers"): a person or a firm."""
    words, starts, ends = tokens.words, tokens.starts, tokens.ends
    start, end = starts[i], ends[i + size - 1]
    before = i > 0 and words[i - 1][0].isupper() and text[ends[i - 1] : start] in (" ", "-")
    before = before and not _sentence_start(text, starts[i - 1])
    after = i + size < len(words) and words[i + size][0].isupper() and text[end : starts[i + size]] in (" ",)
    return before, after


# ---------------------------------------------------------------------------------------------------------
# Choosing among places that share a name


@dataclass
class _Context:
    countries: dict  # country code -> set of name keys that point at it
    regions: dict  # region key -> set of name keys
    dateline_country: str = ""
    text_keys: frozenset = frozenset()

    def country_support(self, code: str, key: str) -> bool:
        return bool(self.countries.get(code, set()) - {key}) or code == self.dateline_country

    def region_support(self, region_key: str, key: str) -> bool:
        return bool(self.regions.get(region_key, set()) - {key})


def _preference(place: Place, key: str, ctx: _Context, qualifier: str) -> float:
    score = place.prior
    country = place.country_code
    if ctx.countries.get(country, set()) - {key}:
        score += 1.0
    if country == ctx.dateline_country:
        score += 0.75
    if place.kind == "city":
        if ctx.region_support(place.region_key, key):
            score += 1.5
        if place.county and place.county in ctx.text_keys:
            score += 1.5
    elif place.kind == "region":
        if any(k != place.region_key and k.startswith(country + ".") for k in ctx.regions):
            score += 0.75
    elif any(ctx.countries.get(code) for code in place.neighbours):
        score += 0.75
    if _qualified(place, qualifier):
        score += 3.0
    return score


def _supported(place: Place, key: str, ctx: _Context, qualifier: str) -> bool:
    if ctx.country_support(place.country_code, key) or ctx.region_support(place.region_key, key):
        return True
    if place.county and place.county in ctx.text_keys:
        return True
    return _qualified(place, qualifier)


def _qualified(place: Place, qualifier: str) -> bool:
    """Whether "Paris, Texas" names this Paris: the words after the comma name one of its ancestors."""
    if not qualifier:
        return False
    return any(
        qualifier == key or qualifier.startswith(key + " ")
        for p in place.ancestors()
        for key in p.qualifier_keys
    )


def _context(mentions: list[_Mention], dateline_place: Place | None, text_keys) -> _Context:
    ctx = _Context(defaultdict(set), defaultdict(set), text_keys=text_keys)
    if dateline_place is not None:
        ctx.dateline_country = dateline_place.country_code
        ctx.countries[dateline_place.country_code].add("\0dateline")
        if dateline_place.region_key:
            ctx.regions[dateline_place.region_key].add("\0dateline")
    for mention in mentions:
        places = [mention.place] if mention.place else [p for p, _ in mention.candidates]
        if len({p.country_code for p in places}) == 1 and (
            mention.place or places[0].kind != "city" or places[0].population >= STANDALONE_CITY_POPULATION
        ):
            ctx.countries[places[0].country_code].add(mention.key)
        if len(places) == 1 and places[0].region_key:
            ctx.regions[places[0].region_key].add(mention.key)
    return ctx


def _resolve(mentions: list[_Mention], ctx: _Context) -> None:
    for mention in mentions:
        options = []
        for place, kind in mention.candidates:
            if kind == "demonym" and place.kind != "country":
                continue
            options.append(place)
        if not options:
            mention.place = None
            continue
        best = max(options, key=lambda p: _preference(p, mention.key, ctx, mention.qualifier))
        if best.kind == "region":  # "Tokyo", "New York": the city, if it is most of the region named after it
            best = next(
                (
                    p
                    for p in options
                    if p.kind == "city" and p.parent is best and 3 * p.population >= best.population
                ),
                best,
            )
        mention.place = best
        if best.kind != "city":
            continue
        weak = best.population < STANDALONE_CITY_POPULATION or mention.shouting
        unsupported = weak and not _supported(best, mention.key, ctx, mention.qualifier)
        if unsupported or (mention.touching and best.population < FAMOUS_CITY_POPULATION):
            mention.place = None


# ---------------------------------------------------------------------------------------------------------
# Dateline


def parse_dateline(dateline: str) -> tuple[str, list[str]]:
    """'WASHINGTON, Jan 3 (Reuters) -' -> ('WASHINGTON', []); 'KYIV, Ukraine' -> ('KYIV', ['Ukraine'])."""
    cleaned = _DATELINE_NOISE.sub(" ", dateline or "").strip(" ,-—–")
    parts = [part.strip() for part in cleaned.split(",") if part.strip()]
    parts = [part for part in parts if not _DATE_PART.match(part)]
    return (parts[0], parts[1:]) if parts else ("", [])


def _dateline_place(gaz: Gazetteer, dateline: str, ctx: _Context) -> Place | None:
    name, qualifiers = parse_dateline(dateline)
    entries = gaz.lookup(name) if name else ()
    options = [place for place, kind in entries if kind != "demonym"]
    qualifier = name_key(" ".join(qualifiers))
    if not options:
        # A town too small for the gazetteer: "WESTWOOD, Mass." is still in Massachusetts.
        for part in qualifiers:
            key = name_key(part)
            found = gaz.abbreviations.get(key) or [
                p for p, kind in gaz.names.get(key, ()) if kind != "demonym"
            ]
            regions = [p for p in found if p.kind != "city"]
            if regions:
                return max(regions, key=lambda p: p.prior)
        return None

    def rank(place: Place) -> tuple:
        qualified = _qualified(place, qualifier)
        # A dateline names a city more often than a region of the same name ("WASHINGTON", "NEW YORK").
        return (qualified, place.kind == "city", _preference(place, "\0dateline", ctx, ""))

    return max(options, key=rank)


# ---------------------------------------------------------------------------------------------------------
# Entry point


def tag_places(
    gazetteer: Gazetteer, *, title: str, body: str, dateline: str = "", source: str = ""
) -> list[PlaceTag]:
    """The places of one article, the dateline's place first, then strongest first."""
    gaz = gazetteer
    title_tokens, body_tokens = _tokens(title), _tokens(body)
    mentions = _scan(gaz, title, lambda _: TITLE_WEIGHT, title_tokens)
    mentions += _scan(gaz, body, lambda pos: LEAD_WEIGHT if pos < LEAD_CHARS else BODY_WEIGHT, body_tokens)
    context_only = _scan(gaz, source, lambda _: 0.0)
    certain = {m.key for m in mentions if not m.uncertain}
    mentions = [
        m
        for m in mentions
        if not (m.uncertain and m.key in gaz.common_words and m.key not in certain)
        or any(p.kind == "country" for p, _ in m.candidates)
    ]
    text_keys = frozenset(m.key for m in mentions) | _all_keys(title_tokens, body_tokens)
    ctx = _context(mentions + context_only, None, text_keys)
    dateline_place = _dateline_place(gaz, dateline, ctx)
    for _ in range(2):
        ctx = _context(mentions + context_only, dateline_place, text_keys)
        _resolve(mentions, ctx)
    return _tags(dateline_place, dateline, mentions)


def _all_keys(*texts: _Tokens) -> frozenset:
    """Folded capitalised phrases of up to three words, to find county names such as "North Yorkshire"."""
    words = [key for t in texts for word, key in zip(t.words, t.folded, strict=True) if word[0].isupper()]
    keys = set(words)
    keys.update(map(" ".join, zip(words, words[1:], strict=False)))
    keys.update(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    return frozenset(keys)


def _tags(dateline_place: Place | None, dateline: str, mentions: list[_Mention]) -> list[PlaceTag]:
    weight: dict[Place, float] = defaultdict(float)
    count: dict[Place, int] = defaultdict(int)
    surfaces: dict[Place, list[str]] = defaultdict(list)
    implied: dict[Place, list[str]] = defaultdict(list)
    for mention in mentions:
        place = mention.place
        if place is None:
            continue
        weight[place] += mention.weight
        count[place] += 1
        if mention.text not in surfaces[place]:
            surfaces[place].append(mention.text)
    for place in list(weight):
        for factor, ancestor in enumerate(place.ancestors(), start=1):
            weight[ancestor] += weight[place] * IMPLIED_FACTOR**factor
            if place.name not in implied[ancestor]:
                implied[ancestor].append(place.name)
    tags = []
    dateline_chain = [dateline_place, *dateline_place.ancestors()] if dateline_place else []
    shown = (dateline or "").split(",")[0].strip()
    for place in set(weight) | set(dateline_chain):
        parts = []
        if count[place]:
            quoted = ", ".join(f'"{s}"' for s in surfaces[place])
            parts.append(f"mentioned {count[place]}×: {quoted}")
        if implied[place]:
            parts.append("contains " + ", ".join(implied[place][:5]))
        score = 1 - math.exp(-weight[place])
        role = "mention"
        if place is dateline_place:
            role, score = "dateline", 1.0
            parts.insert(0, f'dateline "{shown}"')
        elif place in dateline_chain:
            score = max(score, 0.9)
            parts.insert(0, f'contains the dateline place "{shown}"')
        tags.append(
            PlaceTag(
                slug=place.slug,
                name=place.name,
                kind=place.kind,
                country_code=place.country_code,
                role=role,
                count=count[place],
                score=round(score, 3),
                evidence="; ".join(parts),
            )
        )
    tags.sort(key=lambda t: (t.role != "dateline", -t.score, -t.count, t.slug))
    return tags
