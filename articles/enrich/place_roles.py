"""Place roles: which of an article's places it is about, which it only mentions.

Pure: no Django. places.py finds the places an article names and decides which place each name means; this
module weighs them and gives each tag its role. Each tag gets ``dateline`` (the dateline's place), ``about``
(the dateline's region and country; a country named in the title; a place scoring at least MIN_SCORE in a
country that carries DOMINANT_SHARE of the most-named country's weight, or is in the title or dateline) or
``mention`` (everything else: named in passing). A country other than the most-named one is about only when
the headline or the opening SECOND_COUNTRY_LEAD_CHARS characters name it or a place in it; so is the
most-named one when the headline or dateline names another country. A country implied only by prices or
institutions (a "£" sum, "yen", "MPs") is a mention and no story's fallback. A city or region is about only
with its country, or when the headline names it. A country whose demonym stands for a person in the opening
("The Belgian has not competed", "a Briton") is about: the story's principal (guide rules 9, 11); so is one
whose demonym says where a place of the opening is ("the Swiss resort of Davos"): the story's scene; so is one
that heads the body's opening sentence, before its verb ("British energy firm Burren Energy has"), or is
written before a person the headline names ("France's Mauresmo" under "Mauresmo opens with victory"): the
story's subject and principal (place_lead.py; guide rules 1, 9, 11, 20). Beside the story's other about
countries, the country of a scene the opening of an undated story names ("Saturday's final in Perth", in a
sentence naming no year) is about, and so is the other side of a match the opening sentence reports ("by
beating Argentina 3-0"), as is one the body's opening sentence names as often as the most-named country ("...
their win over Croatia"); so is one the story keeps coming back to: named four times or more, in two forms,
through a third of its paragraphs (the EastMed pipeline's Cyprus); so is each country of a list of places in a
sentence naming a survey or study ("a survey of consumers in the UK, France, Germany and the Netherlands",
place_lead.mark_surveyed: guide rule 10), and, in an undated story, a country the text names whose institutions
it names too ("Britons" and "Downing Street": place_cues.py). A story with no about tag is about its most-named country when that
country weighs one mention in the opening or two further down (or the opening sentence names it or a place in
it: "London's West End") and no other country named in the headline or the opening has half its weight; a town
too small to tag ("in Llanelli", "Bracknell-based": places.py) adds its weight to its country there, when the
text names that country or its institutions; before that rule, a story with no about tag that refers to its
principal as "the <demonym>" ("The German company is", "the 55-year-old Frenchman told"), one country only, is
about that country. Pages show dateline and about tags by default (DEFAULT_ROLES).

Each rule was measured on Reuters-21578 train and the development parts of bench/place_labels.jsonl before
it was kept (docs/benchmarks.md, "Place roles (issue 12)" and the stops after it).
"""

import math
from collections import defaultdict
from dataclasses import dataclass, replace

from ..keys import name_key
from .gazetteer import Place
from .place_cues import CURRENCY_CUES, NAMING_CUES
from .place_mentions import Mention

# Below this a tag is a passing mention; tuned on Reuters-21578 country labels (bench/README.md).
MIN_SCORE = 0.7
# A country is "about" only with this share of the most-named country's weight (0.0/0.2/0.3/0.5: Reuters
# train F1 0.913/0.913/0.914/0.913, dev precision 0.878/0.915/0.915/0.929: more precise, little recall lost).
DOMINANT_SHARE = 0.3
DATELINE, ABOUT, MENTION = "dateline", "about", "mention"
DEFAULT_ROLES = (DATELINE, ABOUT)  # what pages show unless passing mentions are asked for
IMPLIED_FACTOR = 0.7
# A story with no about tag is about its most-named country if that weighs MAIN_COUNTRY_WEIGHT and no other
# country has MAIN_COUNTRY_LEAD of its weight. 0.7 (stop 23): one "Britain" in the opening 400 characters
# (0.8) or two further down, not one far down (0.6: a tech story's "the UK launch", "in America"). On the eight
# development parts, 0.5 -> 0.7: 7 wrong countries fewer, 3 right lost (P/R 0.918/0.901 -> 0.927/0.897);
# stop 18's line was 0.3, stop 20's 0.5 (one "Britain" anywhere in the body).
MAIN_COUNTRY_WEIGHT, MAIN_COUNTRY_LEAD = 0.7, 0.5
# ... or OPENING_MAIN_WEIGHT if the body's opening sentence names it or a place in it ("London's West End"):
# the scene of the story, however faintly the rest of it names the country.
OPENING_MAIN_WEIGHT = 0.3
# A country other than the most-named one is about only if the headline or the opening this many characters
# name it or a place in it: what a story is about is said at its start, a comparison or a background country
# comes later ("the UK's Freeview" in a French TV story). Stop 19, 300/400/500/600/800/1000: development P
# 0.909/0.898/0.899/0.899/0.888/0.884, R 0.874/0.874/0.877/0.877/0.877/0.877 (dev, heldout and heldout2).
# Stop 20, with its other rules, on 295 articles (heldout3 too), 200/250/300/350/400/500: P 0.929/0.924/
# 0.921/0.915/0.910/0.907, R 0.872/0.884/0.884/0.888/0.888/0.891; Reuters train F1 0.9282 at 500, 0.9290 at 300.
SECOND_COUNTRY_LEAD_CHARS = 300
# A demonym standing for a person ("The Belgian has", "a Briton") this early names the story's principal,
# whose country is about (guide rules 9, 11); one saying which country a place is in ("the Swiss resort of
# Davos") names its scene (rule 1).
PRINCIPAL_LEAD_CHARS = 300
# A place named as the scene ("Saturday's final in Perth": place_mentions.py) this early, in a story with no
# dateline (a dateline names the scene itself; "in London" under a Reuters dateline is mostly where a market or a
# source is, guide rule 24: without this condition Reuters train's first 4,000 stories gain 17 wrong country pairs
# and 6 right ones, F1 0.927 -> 0.926), is where the story happens:
# its country is about beside the story's other about countries (guide rules 1, 9). Stop 24, on the nine
# development parts: 300/400/500/700 characters, 3/3/6/7 right countries added and 0/4/9/16 wrong ones
# (docs/benchmarks.md); 300 is the line the other opening rules use.
# The other side of a match the opening sentence reports ("clinched the cup by beating Argentina 3-0", guide
# rule 22; place_mentions.OPPONENT_LEAD_CHARS: the labels make such a side about 11 times in 14) is about in the
# same way, dateline or not: stop 24, on the nine development parts, 3 right countries added, none wrong;
# Reuters train's first 4,000 stories unchanged.
SCENE_LEAD_CHARS = 300
CUE_WEIGHT = 0.3  # one "MPs" or "Bundesbank" (place_cues.py): a third of a mention in the body
# A country the body's opening sentence names, weighing this share of the most-named country or more, is about
# whatever its score, beside the story's other about countries (never alone: then the fallback decides): what
# the story reports is said first, and it is named there as often as any other.
OPENING_SHARE = 0.8
# A country named SPREAD_COUNT times or more, in SPREAD_FORMS ways or more ("Cyprus", "Cypriot") and in
# SPREAD_SHARE of the body's paragraphs or more, is about wherever the story first names it: a second subject
# a story keeps coming back to (the EastMed pipeline's Cyprus and Turkey), not a passing comparison.
SPREAD_COUNT, SPREAD_FORMS, SPREAD_SHARE = 4, 2, 0.3


@dataclass(frozen=True, slots=True)
class PlaceTag:
    slug: str
    name: str
    kind: str  # country | region | city
    country_code: str
    role: str  # dateline | about | mention
    count: int
    score: float
    evidence: str


def _dominant_countries(weight: dict, titled: set, dateline_place: Place | None, lead: set) -> set[str]:
    """The countries the article is about: in its title or dateline, or carrying a good part of the weight
    of the most-named country and named in the headline or the opening (``lead``). The most-named country
    needs no place in the opening unless a country heads the story (headline or dateline): then that one is
    the story's own, and a country named more often further down is a comparison ("Turkey's President"
    and the United States named three times later on). "About" needs this as well as the score."""
    countries = {place.country_code: w for place, w in weight.items() if place.kind == "country"}
    top = max(countries.values(), default=0.0)
    dominant = {code for code, w in countries.items() if w >= DOMINANT_SHARE * top}
    headed = bool(titled & countries.keys()) or dateline_place is not None
    dominant = {code for code in dominant if code in lead or (countries[code] >= top and not headed)}
    dominant |= titled & countries.keys()
    if dateline_place is not None:
        dominant.add(dateline_place.country_code)
    return dominant


def role_tags(
    dateline_place: Place | None,
    dateline: str,
    mentions: list[Mention],
    cues: dict | None = None,
    paragraphs: int = 1,
) -> list[PlaceTag]:
    weight: dict[Place, float] = defaultdict(float)
    count: dict[Place, int] = defaultdict(int)
    surfaces: dict[Place, list[str]] = defaultdict(list)
    implied: dict[Place, list[str]] = defaultdict(list)
    sure: set[Place] = set()
    titled: set[str] = set()
    lead: set[str] = set()
    named_in_title: set[Place] = set()
    # countries of a demonym for a person or a place's country in the opening, of the opening sentence's
    # subject, or written before a person the headline names (place_lead.py)
    principals: set[Place] = set()
    # countries the body's opening sentence names by a name (not a demonym), or a place in them, not as where
    # something is still to happen
    opening: set[str] = set()
    # countries of the scene the opening names ("the final in Perth") and of the other side its sentence names
    scenes: set[str] = set()
    # countries of a "the <demonym>" standing for a person or firm further down ("The German company is")
    referred: set[str] = set()
    named_in: dict[str, set[int]] = defaultdict(
        set
    )  # the body's paragraphs that name a country or its places
    # towns too small to tag on their own ("Llanelli", "Bracknell-based"), by country: evidence for the fallback
    towns: dict[Place, list] = defaultdict(list)
    for mention in mentions:
        place = mention.place
        if mention.town is not None and not mention.in_title:
            towns[mention.town.country].append(mention)
        if place is None:
            continue
        weight[place] += mention.weight
        count[place] += 1
        if mention.confident:
            sure.add(place)
        if mention.in_title or mention.start < SECOND_COUNTRY_LEAD_CHARS:
            lead.add(place.country_code)
        if mention.opening and not mention.ahead and any(kind != "demonym" for _, kind in mention.candidates):
            opening.add(place.country_code)
        named = any(kind != "demonym" for _, kind in mention.candidates)
        if (
            mention.scene
            and dateline_place is None
            and named
            and not mention.in_title
            and mention.start < SCENE_LEAD_CHARS
            and not mention.ahead
        ):
            scenes.add(place.country_code)  # "Saturday's final in Perth"
        if mention.surveyed:  # "a survey of consumers in the UK, France, Germany and the Netherlands"
            scenes.add(place.country_code)
        if mention.opponent and mention.opening and named:
            scenes.add(place.country_code)  # "... by beating Argentina 3-0", "to face England at Twickenham"
        if not mention.in_title:
            named_in[place.country_code].add(mention.paragraph)
        if mention.in_title:
            titled.add(place.country_code)
            named_in_title.add(place)
        elif (mention.principal and mention.start < PRINCIPAL_LEAD_CHARS) or mention.subject:
            principals.add(place)
        elif mention.definite and place.kind == "country":
            referred.add(place.country_code)
        if mention.text not in surfaces[place]:
            surfaces[place].append(mention.text)
    for place in list(weight):
        if place not in sure:
            continue  # "Newcastle" with nothing to say which one: not a reason to tag Australia
        for factor, ancestor in enumerate(place.ancestors(), start=1):
            if _namesake(ancestor, place):
                continue  # Baghdad's governorate, Seoul's special city: one Baghdad, the city, not two
            weight[ancestor] += weight[place] * IMPLIED_FACTOR**factor
            if place.name not in implied[ancestor]:
                implied[ancestor].append(place.name)
    named = {place.country for place in weight}
    for country, found in (cues or {}).items():
        weight[country] += CUE_WEIGHT * len(found)
    # A country implied only by prices or institutions ("£", "MPs", "the Commons"), no place of it named:
    # where the publisher is, or a politics story that names no country (guide rule 13), not the story's place.
    unnamed = {c for c, found in (cues or {}).items() if c not in named and NAMING_CUES.isdisjoint(found)}
    priced_only = {c for c in unnamed if CURRENCY_CUES.issuperset(cues[c])}
    tags = []
    dateline_chain = [dateline_place, *dateline_place.ancestors()] if dateline_place else []
    dateline_chain = [p for p in dateline_chain if not _namesake(p, dateline_place)]
    dominant = _dominant_countries(weight, titled, dateline_place, lead)
    heaviest = max((w for p, w in weight.items() if p.kind == "country"), default=0.0)
    spread = {
        p
        for p in weight
        if p.kind == "country"
        and count[p] >= SPREAD_COUNT
        and len(surfaces[p]) >= SPREAD_FORMS
        and len(named_in[p.country_code]) >= SPREAD_SHARE * paragraphs
    }
    opened = {
        p
        for p, w in weight.items()
        if p.kind == "country" and p.country_code in opening and w >= OPENING_SHARE * heaviest
    }
    shown = (dateline or "").split(",")[0].strip()
    for place in set(weight) | set(dateline_chain):
        parts = []
        if count[place]:
            quoted = ", ".join(f'"{s}"' for s in surfaces[place])
            parts.append(f"mentioned {count[place]}×: {quoted}")
        if implied[place]:
            parts.append("contains " + ", ".join(implied[place][:5]))
        if towns.get(place):
            parts.append("names " + ", ".join(dict.fromkeys(m.text for m in towns[place])))
        if cues and place in cues:
            parts.append("implied by " + ", ".join(f'"{c}"' for c in cues[place]))
        score = 1 - math.exp(-weight[place])
        role = ABOUT if score >= MIN_SCORE and place.country_code in dominant else MENTION
        if place in unnamed:
            role = MENTION
        if place.kind == "country" and place in named_in_title:
            role = ABOUT  # "SHULTZ LIKELY TO VISIT MOSCOW" is about Moscow however little the body says
        elif place.kind == "country" and place in principals:
            role = ABOUT  # "The Belgian has not competed since ...", "the Swiss resort of Davos"
        elif place in spread:
            role = ABOUT  # named again and again, in name and demonym, through the story: one of its subjects
        if place is dateline_place:
            role, score = DATELINE, 1.0
            parts.insert(0, f'dateline "{shown}"')
        elif place in dateline_chain:  # the dateline's region and country: where the story happens
            role, score = ABOUT, max(score, 0.9)
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
    # A city or region is about only with its country ("Toulouse" the club; France only mentioned) or when
    # the headline names it ("Berlin hails European cinema").
    keep = {t.country_code for t in tags if t.kind == "country" and t.role in DEFAULT_ROLES}
    keep |= {p.slug for p in named_in_title}
    tags = [
        replace(t, role=MENTION) if t.role == ABOUT and {t.country_code, t.slug}.isdisjoint(keep) else t
        for t in tags
    ]
    codes = {p.country_code for p in opened if p not in unnamed} | scenes
    # a country an undated story names and whose institutions it also names ("two Britons held" and "Downing
    # Street said") is one of the story's own, beside the others: its government or parliament acts in it.
    # Stop 25: +3 right countries on the ten development parts, 1 wrong (a French TV story's "UK regulator
    # Ofcom"); under a dateline (Reuters) it added 7 wrong pairs and 2 right in train's first 4,000 stories.
    codes |= {
        c.country_code
        for c, found in (cues or {}).items()
        if c in named and not CURRENCY_CUES.issuperset(found) and dateline_place is None
    }
    if codes and any(t.role in DEFAULT_ROLES for t in tags):  # beside the story's own countries, not instead
        # "... their friendly win over Croatia" in a story naming Croatia as often as Ireland
        tags = [
            replace(t, role=ABOUT) if t.kind == "country" and t.country_code in codes else t for t in tags
        ]
    fallback_weight = {p: w for p, w in weight.items() if p not in priced_only}
    for country, found in towns.items():
        if country in weight:  # its country named, or implied by its institutions or prices ("Tory")
            # "in Llanelli", "Bracknell-based": too small to tag, still where the story is (guide rule 30)
            fallback_weight[country] = fallback_weight.get(country, 0.0) + sum(m.weight for m in found)
            unnamed.discard(country)
    if len(referred) == 1 and not any(t.role in DEFAULT_ROLES for t in tags):
        # a story with no about tag that refers to its principal by a demonym ("The German company is to
        # extend", "the 55-year-old Frenchman told") is about that one country (guide rules 9, 11, 31)
        tags = [
            replace(t, role=ABOUT) if t.kind == "country" and t.country_code in referred else t for t in tags
        ]
    tags = _main_country_if_none(tags, fallback_weight, lead, {c.country_code for c in unnamed}, opening)
    tags.sort(key=lambda t: (t.role != "dateline", -t.score, -t.count, t.slug))
    return tags


def _namesake(ancestor: Place, place: Place) -> bool:
    """Whether ``ancestor`` is the region ``place`` (a city) is named after, or the region named after it:
    "Aleppo" the governorate above Aleppo the city. Facets and chips would show the one name twice."""
    return (
        ancestor.kind == "region" and place.kind == "city" and name_key(ancestor.name) == name_key(place.name)
    )


def _main_country_if_none(
    tags: list[PlaceTag], weight: dict, lead: set, unnamed: set, opening: set = frozenset()
) -> list[PlaceTag]:
    """A story that names its country once ("the US-based company", "London's West End") is still about
    it: when no tag is about anything, the most-named country is, if it clearly leads the other countries
    the headline or the opening (``lead``) name. One named only further down is a comparison or background
    (a talk-show host's story that names the UK early on and "the war in Iraq" late) and is no rival. A
    country implied only by its institutions (``unnamed``: "Tory", "MPs") is never chosen, but is a rival. One
    the opening sentence names (``opening``: "London's West End", "Talks in Tbilisi") needs less weight."""
    if any(t.role in DEFAULT_ROLES for t in tags):
        return tags
    countries = sorted(((w, p) for p, w in weight.items() if p.kind == "country"), key=lambda x: -x[0])
    if not countries or countries[0][1].country_code in unnamed:
        return tags
    needed = OPENING_MAIN_WEIGHT if countries[0][1].country_code in opening else MAIN_COUNTRY_WEIGHT
    if countries[0][0] < needed:
        return tags
    rivals = [w for w, p in countries[1:] if p.country_code in lead | unnamed]
    if rivals and rivals[0] > MAIN_COUNTRY_LEAD * countries[0][0]:
        return tags
    code = countries[0][1].country_code
    return [
        replace(t, role=ABOUT) if t.country_code == code and (t.kind == "country" or t.score >= 0.5) else t
        for t in tags
    ]
