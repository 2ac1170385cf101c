"""Place tagging: find the countries, regions and cities an article is from and about.

Pure: text in, ``PlaceTag`` records out; no Django. The places and their names are the gazetteer's
(gazetteer.py: the extract that ``build_gazetteer`` writes).

How a tag is chosen, in order:
1. the dateline ("BRUSSELS", "KYIV, Ukraine", "WASHINGTON, Jan 3 (Reuters) -") names the article's main place;
   a qualifier that none of the places of that name has ("LIVERPOOL, N.Y.") gives its region instead;
2. names in the title and body are found by place_mentions.py (longest first, capitalised only); a name
   the article gives a person ("Chris Wright" ... "Wright said"; "Wayne Tseng" ... "Tseng said"), a name
   that starts a longer one ("University of Kansas", "Northern District of Texas"), a football club's
   ("Real Madrid", "Manchester United"; a city before a player's or manager's role: "Liverpool winger"),
   a tournament's ("the Dubai Open", guide rules 6 and 15) and, without other support, a building's name ("Victoria Park" in a
   Hong Kong story) are not places; nor is a city under a million people in a country the text never
   names when it names or implies another ("Westminster", Colorado, in a story about the Commons);
   institutions and currencies of one country ("MPs", "Bundesbank", "yen": place_cues.py) count as weak
   mentions of it; a country after "against", "over", "face" or "over the" (a match's opponent) weighs half
   past the opening, as does a place where something is still to happen ("ahead of a meeting in London",
   "heading to Australia");
   a place that is also a given name, before a capitalised word that names no place, is a person ("Victoria
   Wood"), however big the place; so is a big city written as a surname ("Hugh Dallas") when neither its
   region nor its country is named; so is a place before a surname the text also writes after a given name
   ("Kobe Bryant" ... "Bryant stayed"), and a country written after a title ("Mr Mann"); a club's name
   opening a sentence ("AC Milan, Bayer ...") is still a club's; a name judged not a place supports no other
   place ("Gary Speed" says nothing for Dyer, Indiana);
3. a name several places share is given to the one that best fits the article: population, then
   countries and regions named elsewhere, the dateline's country, neighbouring countries, the county,
   and an explicit qualifier ("Paris, Texas"); a name that is also a county of another country (the extract's
   GeoNames second-level divisions: "Kent", "Cheshire", gazetteer.counties) is that county's region (England)
   when the text names the county's country at least as often as the other place's and nothing names that
   place's region ("the Kent athlete" in a British story is not Kent, Washington);
4. towns under 100,000 people, and towns named only in a headline, need such support to be tagged: their
   region, county or qualifier ("Wooster in Ohio"), not only their country ("Gallup poll" in a US story);
   one written as a place ("in Llanelli", "Bracknell-based") is kept as evidence for its country, which a story
   with no about tag may then be about (place_roles.py);
   a region's abbreviation after a name, with or without a comma or dots, is a qualifier ("Washington, DC",
   "Washington D.C."); a city named after its country and holding most of its people is the country
   ("Vatican City" is the Vatican, "Singapore" the state);
5. a city or region also tags its region and country, but only when the text decided which place it is
   (one country has the name, the article supports it, or it has ten times the people of any rival
   abroad): "Newcastle" alone adds neither Australia nor England; a demonym ("Iranian") is a weaker
   country mention; a region named as its city is not added ("Baghdad" the city, not also the governorate);
6. each tag gets a role (``dateline``, ``about`` or ``mention``): place_roles.py.

Each rule was measured on Reuters-21578 train and the development half of bench/place_labels.jsonl
before it was kept (docs/benchmarks.md, "Place roles (issue 12)").
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain

from ..keys import name_key
from .gazetteer import Gazetteer, Place
from .place_cues import country_cues
from .place_lead import mark_headline_people, mark_paragraphs, mark_subject, mark_surveyed
from .place_mentions import (
    CLUB_WORDS_AFTER,
    CLUB_WORDS_BEFORE,
    COUNTRY_GIVEN_NAMES,
    FACILITY_WORDS,
    GIVEN_NAME_PLACES,
    Mention,
    addressed_keys,
    all_keys,
    person_keys,
    scan,
    tokens_of,
)
from .place_roles import DEFAULT_ROLES, MIN_SCORE, PRINCIPAL_LEAD_CHARS, PlaceTag, role_tags

__all__ = ["DEFAULT_ROLES", "MIN_SCORE", "PlaceTag", "parse_dateline", "tag_places", "tags_by_rules"]

# How much better (log10 of people, or support) the chosen place must score than any place of another country
# of the same name for it to add its region and country (0.5: Reuters train F1 0.913, 1.0: 0.914).
CLEAR_MARGIN = 1.0
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
ABROAD_CITY_POPULATION, ABROAD_REGIONS = 1_000_000, False


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


def _context(mentions: list[Mention], dateline_place: Place | None, text_keys, cues=()) -> _Context:
    ctx = _Context(defaultdict(set), defaultdict(set), text_keys=text_keys)
    for code in cues:  # "MPs", "the Commons": support for Britain's places, as a mention of Britain is
        ctx.countries[code].add("\0cue")
    if dateline_place is not None:
        ctx.dateline_country = dateline_place.country_code
        ctx.countries[dateline_place.country_code].add("\0dateline")
        if dateline_place.region_key:
            ctx.regions[dateline_place.region_key].add("\0dateline")
    for mention in mentions:
        if mention.rejected:
            continue  # a name judged not a place supports nothing: "Gary Speed" is no support for Dyer, Indiana
        places = [mention.place] if mention.place else [p for p, _ in mention.candidates]
        if len({p.country_code for p in places}) == 1 and (
            mention.place or places[0].kind != "city" or places[0].population >= STANDALONE_CITY_POPULATION
        ):
            ctx.countries[places[0].country_code].add(mention.key)
        if len(places) == 1 and places[0].region_key:
            ctx.regions[places[0].region_key].add(mention.key)
    return ctx


def _resolve(
    mentions: list[Mention],
    ctx: _Context,
    people: frozenset = frozenset(),
    named: frozenset = COUNTRY_GIVEN_NAMES,
    counties: dict | None = None,
) -> None:
    for mention in mentions:
        mention.rejected, mention.town = False, None
        options = []
        for place, kind in mention.candidates:
            if kind == "demonym" and place.kind != "country":
                continue
            options.append(place)
        if not options:
            mention.place = None
            continue
        if len(options) == 1:
            best, preference = options[0], None
        else:
            preference = {p: _preference(p, mention.key, ctx, mention.qualifier) for p in options}
            best = max(options, key=preference.__getitem__)
        if best.kind == "region":  # "Tokyo", "New York": the city, if it is most of the region named after it
            best = next(
                (
                    p
                    for p in options
                    if p.kind == "city" and p.parent is best and 3 * p.population >= best.population
                ),
                best,
            )
        best = mention.place = _city_state(best)
        if best.kind == "country" and mention.key not in people:
            mention.confident = True
            continue
        supported = _supported(best, mention.key, ctx, mention.qualifier)
        mention.confident = supported or _clear_winner(best, preference)
        if _not_a_place(best, mention, people, supported, named):
            mention.place, mention.rejected = None, True
            continue
        county = counties.get(mention.key) if counties else None
        if county is not None and _county_reading(best, county, mention, ctx):
            mention.place, mention.confident = county, True  # "the Kent athlete" in a British story: England
            continue
        if _abroad_unsupported(best, mention, ctx, supported):
            mention.place = None
            continue
        if best.kind != "city":
            continue
        weak = best.population < STANDALONE_CITY_POPULATION or mention.shouting
        if weak and best.region_key:
            supported = _town_supported(best, mention.key, ctx, mention.qualifier)
        if mention.touching and best.population < FAMOUS_CITY_POPULATION:
            mention.place, mention.rejected = None, True  # "Gary Speed", "Bristol Myers"
        elif weak and not supported:
            mention.place, mention.town = None, best


def _county_reading(best: Place, region: Place, mention: Mention, ctx: _Context) -> bool:
    """Whether a name that is also a county of ``region``'s country ("Kent", "Cheshire": gazetteer.counties)
    means the county rather than ``best``, a place of that name abroad (Kent, Washington): the text names the
    county's country at least as often as ``best``'s (in names, not mentions), and nothing names ``best``'s
    region or qualifies it."""
    code = region.country_code
    if best.country_code == code:
        return False
    if ctx.region_support(best.region_key, mention.key) or _qualified(best, mention.qualifier):
        return False
    ours = ctx.countries.get(code, set()) - {mention.key}
    theirs = ctx.countries.get(best.country_code, set()) - {mention.key}
    return bool(ours) and len(ours) >= len(theirs)


def _city_state(place: Place) -> Place:
    """A city named after its country and holding most of its people is the country: "Vatican City" is the
    Vatican, "Singapore" and "Monaco" the states, so one place, not two, shows in facets and on the map."""
    country = place.country
    if place.kind != "city" or country is place or 2 * place.population < country.population:
        return place
    key = name_key(place.name)
    names = {name_key(country.name)} | {name_key(alt) for alt, kind in country.names if kind != "demonym"}
    return country if any(key == n or key.startswith(n + " ") for n in names) else place


def _clear_winner(best: Place, preference: dict | None) -> bool:
    """Whether no place of another country comes close: ten times the people ("Ontario" the province, not
    the Californian city), while "Newcastle" (Australia 0.5M, South Africa 0.4M) stays undecided."""
    if preference is None:
        return True
    mine = preference.get(best)
    if mine is None:  # the city a region is named after: as sure as the region
        mine = max(preference.values())
    return all(
        mine - score >= CLEAR_MARGIN for p, score in preference.items() if p.country_code != best.country_code
    )


def _not_a_place(
    place: Place, mention: Mention, people: frozenset, supported: bool, named: frozenset = COUNTRY_GIVEN_NAMES
) -> bool:
    """A person's name, an organisation's, or a building named after a place, rather than the place. A country
    is a person's name only when it is also a given name ("Chad Peace") or the text gives it a title (``named``:
    "Michael Mann" ... "Mr Mann" is not the Isle of Man, whose Manx name is Mann)."""
    if mention.next_word == "open":  # "the Dubai Open": a tournament named after a place (guide rules 6, 15)
        return True
    if place.kind == "country":
        return mention.key in people and mention.key in named
    small = place.population < FAMOUS_CITY_POPULATION
    if mention.key in people and (small or mention.key in GIVEN_NAME_PLACES or not supported):
        # "Chris Wright" ... "Wright said"; "Wayne Tseng" ... "Tseng said"; "Victoria Wood"; and a city of
        # millions the text says nothing else of: "referee Hugh Dallas" in a Scottish football story
        return True
    if mention.named_after:
        return True  # "University of Kansas", "Northern District of Texas", "Centre for Aviation"
    if mention.previous_word in CLUB_WORDS_BEFORE or mention.next_word in CLUB_WORDS_AFTER:
        return True  # "Real Madrid", "Bayern Munich", "Manchester United": a club
    return mention.next_word in FACILITY_WORDS and not supported  # "Victoria Park" in Hong Kong


def _abroad_unsupported(place: Place, mention: Mention, ctx: _Context, supported: bool) -> bool:
    """A place in a country the text otherwise never names, in a story that names or implies another one:
    "Westminster" in a story about the Commons is not the Colorado city, "Brittany" in a Hollywood story is
    an actress, "Newton" in an astronomer's interview a physicist. Cities of a million and more stand on
    their own ("Milan" in a story about English clubs)."""
    if supported or place.kind == "country" or mention.qualifier:
        return False
    if place.kind == "city" and place.population >= ABROAD_CITY_POPULATION:
        return False
    if place.kind == "region" and not ABROAD_REGIONS:
        return False
    return any(code != place.country_code and keys for code, keys in ctx.countries.items())


def _town_supported(place: Place, key: str, ctx: _Context, qualifier: str) -> bool:
    """A town under 100,000 people needs its region, county or a qualifier in the text, not only its country."""
    if ctx.region_support(place.region_key, key) or (place.county and place.county in ctx.text_keys):
        return True
    return _qualified(place, qualifier)


_BEFORE_PLACE = re.compile(r"\b(?:in|at|from|near|outside)\s+$")
_AFTER_PLACE = re.compile(r"-based\b| constituency\b")


# A city's name before a player's or manager's role is a club's (guide rules 5 and 25): "Liverpool manager
# Rafael Benitez", "Fulham fans"; "England coach" is a national side's (a region, not touched).
_SPORT_ROLE = re.compile(
    r"\s+(?:manager|boss|striker|winger|midfielder|defender|goalkeeper|keeper|captain|skipper|coach|fans|forward)\b"
)


def _club(body: str, mention: Mention) -> bool:
    """Whether a city's name stands for its club: "Liverpool winger Harry Kewell"."""
    if mention.in_title or mention.place is None or mention.place.kind != "city":
        return False
    return bool(_SPORT_ROLE.match(body, mention.start + len(mention.text)))


def _locative(body: str, mention: Mention) -> bool:
    """Whether a name is written as a place: "in Llanelli", "born in Runcorn", "Bracknell-based"."""
    if mention.in_title:
        return False
    if _BEFORE_PLACE.search(body, max(0, mention.start - 10), mention.start):
        return True
    return bool(_AFTER_PLACE.match(body, mention.start + len(mention.text)))


# ---------------------------------------------------------------------------------------------------------
# Dateline


def parse_dateline(dateline: str) -> tuple[str, list[str]]:
    """'WASHINGTON, Jan 3 (Reuters) -' -> ('WASHINGTON', []); 'KYIV, Ukraine' -> ('KYIV', ['Ukraine'])."""
    cleaned = _DATELINE_NOISE.sub(" ", dateline or "").strip(" ,-—–")
    parts = [part.strip() for part in cleaned.split(",") if part.strip()]
    parts = [part for part in parts if not _DATE_PART.match(part)]
    return (parts[0], parts[1:]) if parts else ("", [])


def _qualifier_region(gaz: Gazetteer, qualifiers: list[str]) -> Place | None:
    for part in qualifiers:
        key = name_key(part)
        found = gaz.abbreviations.get(key) or [p for p, kind in gaz.names.get(key, ()) if kind != "demonym"]
        regions = [p for p in found if p.kind != "city"]
        if regions:
            return max(regions, key=lambda p: p.prior)
    return None


def _dateline_place(gaz: Gazetteer, dateline: str, ctx: _Context) -> Place | None:
    name, qualifiers = parse_dateline(dateline)
    entries = gaz.lookup(name) if name else ()
    options = [place for place, kind in entries if kind != "demonym"]
    qualifier = name_key(" ".join(qualifiers))
    if not options or not any(_qualified(p, qualifier) for p in options):
        # A town too small for the gazetteer ("WESTWOOD, Mass." is still in Massachusetts), or a qualifier
        # that none of the places of that name has ("LIVERPOOL, N.Y." is not the English city).
        region = _qualifier_region(gaz, qualifiers)
        if region is not None or not options:
            return region

    def rank(place: Place) -> tuple:
        qualified = _qualified(place, qualifier)
        # A dateline names a city more often than a region of the same name ("WASHINGTON", "NEW YORK").
        return (qualified, place.kind == "city", _preference(place, "\0dateline", ctx, ""))

    return _city_state(max(options, key=rank))


# ---------------------------------------------------------------------------------------------------------
# Entry point


def tag_places(
    gazetteer: Gazetteer, *, title: str, body: str, dateline: str = "", source: str = ""
) -> list[PlaceTag]:
    """The places of one article, the dateline's place first, then strongest first."""
    return tags_by_rules(gazetteer, title=title, body=body, dateline=dateline, source=source)[0]


def tags_by_rules(
    gazetteer: Gazetteer, *, title: str, body: str, dateline: str = "", source: str = ""
) -> tuple[list[PlaceTag], list[Mention]]:
    """The places of one article with their roles (place_roles.py), and the names found in it (what
    bench/fit_place_model.py reads)."""
    gaz = gazetteer
    title_tokens, body_tokens = tokens_of(title), tokens_of(body)
    mentions = scan(gaz, title, lambda _: TITLE_WEIGHT, title_tokens)
    for mention in mentions:
        mention.in_title = True
    mentions += scan(gaz, body, lambda pos: LEAD_WEIGHT if pos < LEAD_CHARS else BODY_WEIGHT, body_tokens)
    mark_subject(mentions, body, gaz.currency_words)
    paragraphs = mark_paragraphs(mentions, body)
    context_only = scan(gaz, source, lambda _: 0.0)
    certain = {m.key for m in mentions if not m.uncertain}
    mentions = [
        m
        for m in mentions
        if not (m.uncertain and m.key in gaz.common_words and m.key not in certain)
        or any(p.kind == "country" for p, _ in m.candidates)
    ]
    text_keys = frozenset(m.key for m in mentions) | all_keys(title_tokens, body_tokens)
    cues = country_cues(f"{title}\n{body}", chain(title_tokens.words, body_tokens.words))
    ctx = _context(mentions + context_only, None, text_keys, cues)
    dateline_place = _dateline_place(gaz, dateline, ctx)
    people = person_keys(gaz, mentions, title_tokens, body_tokens)
    for _ in range(2):
        ctx = _context(mentions + context_only, dateline_place, text_keys, cues)
        _resolve(mentions, ctx, people, COUNTRY_GIVEN_NAMES | addressed_keys(mentions), gaz.counties)
    for mention in mentions:
        if mention.town is not None and not _locative(body, mention):
            mention.town = None  # "Shelley Taylor", "Chelsea's striker": a name, not the town
        if _club(body, mention):
            mention.place, mention.rejected = None, True  # "Liverpool manager Rafael Benitez": the club
    mark_surveyed(mentions, body)
    placed = {m.key for m in mentions if m.in_title and m.place is not None}
    mark_headline_people(mentions, body, frozenset(title_tokens.folded) - placed, PRINCIPAL_LEAD_CHARS)
    implied_by = {gaz.countries[code]: found for code, found in cues.items() if code in gaz.countries}
    return role_tags(dateline_place, dateline, mentions, implied_by, paragraphs), mentions
