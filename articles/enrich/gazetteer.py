"""The gazetteer: the places the place tagger knows, and the names it finds them by.

Pure: no Django. It reads the extract that ``build_gazetteer`` writes (GeoNames countries, first-level
regions and cities of 15,000 or more people, with their other names, short forms and demonyms), gives
each place a unique slug, and indexes every name by its key (keys.name_key) for the tagger in places.py.
The same rows feed the Place table (``iter_places``, loaded by a data migration).
"""

import gzip
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

from ..keys import name_key, slugify

DEFAULT_EXTRACT = Path(__file__).with_name("data") / "gazetteer.json.gz"
MAX_NAME_TOKENS = 6  # the longest name looked for, in words ("Democratic Republic of the Congo")
# Geographic nouns that GeoNames uses as names ("Centre" of Burkina Faso, "Island" for Iceland) and that the
# common-word flags of the extract miss (British spellings, names of countries): never a place on their own.
GENERIC_WORDS = frozenset(
    [
        "centre",
        "center",
        "central",
        "island",
        "islands",
        "north",
        "south",
        "east",
        "west",
        "capital",
        "coast",
        "lake",
        "lakes",
        "river",
        "mountain",
        "mountains",
        "plateau",
        "valley",
        "highlands",
        "plains",
    ]
)


@dataclass(slots=True, eq=False)
class Place:
    slug: str
    name: str
    kind: str
    country_code: str
    population: int
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    parent: "Place | None" = None
    region_key: str = ""  # cities: their region's key ("US.TX"); regions: their own
    county: str = ""
    neighbours: frozenset = frozenset()
    names: list = field(default_factory=list)  # [(name, kind)] other than ``name``
    qualifier_keys: frozenset = frozenset()  # every way of writing it after a comma ("texas", "tex")

    @property
    def country(self) -> "Place":
        place = self
        while place.parent is not None:
            place = place.parent
        return place

    def ancestors(self) -> list["Place"]:
        chain, place = [], self.parent
        while place is not None:
            chain.append(place)
            place = place.parent
        return chain

    @property
    def prior(self) -> float:
        bonus = {"country": 2.0, "region": 1.0, "city": 0.0}[self.kind]
        return math.log10(max(self.population or 0, 1000)) + bonus


def load_extract(path: Path | str = DEFAULT_EXTRACT) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _build_places(extract: dict) -> list[Place]:
    """Countries, then regions, then cities, each with a unique slug: the plain name goes to the first
    (most populous) place of a kind to claim it, later ones add the country code, then the region."""
    taken: set[str] = set()

    def claim(*options: str) -> str:
        for option in options:
            if option and option not in taken:
                taken.add(option)
                return option
        raise ValueError(f"no free slug among {options}")

    places: list[Place] = []
    countries = {}
    for row in sorted(extract["countries"], key=lambda c: -(c["population"] or 0)):
        place = Place(
            slug=claim(
                slugify(re.sub(r"^The ", "", row["name"])), slugify(row["name"]) + "-" + row["code"].lower()
            ),
            name=row["name"],
            kind="country",
            country_code=row["code"],
            population=row["population"] or 0,
            latitude=row["lat"],
            longitude=row["lon"],
            geonames_id=row["geonames_id"],
            neighbours=frozenset(row.get("neighbours", ())),
            names=[tuple(pair) for pair in row["names"]],
        )
        countries[row["code"]] = place
        places.append(place)
    regions = {}
    for row in sorted(extract["regions"], key=lambda r: -(r["population"] or 0)):
        base, code = slugify(row["name"]), row["country_code"].lower()
        place = Place(
            slug=claim(base, f"{base}-{code}", f"{base}-{slugify(row['key'])}"),
            name=row["name"],
            kind="region",
            country_code=row["country_code"],
            population=row["population"] or 0,
            latitude=row["lat"],
            longitude=row["lon"],
            geonames_id=row["geonames_id"],
            parent=countries.get(row["country_code"]),
            region_key=row["key"],
            names=[tuple(pair) for pair in row["names"]],
        )
        regions[row["key"]] = place
        places.append(place)
    fields = extract["city_fields"]
    rows = sorted(
        (dict(zip(fields, row, strict=True)) for row in extract["cities"]), key=lambda c: -c["population"]
    )
    for row in rows:
        base, code = slugify(row["name"]), row["country_code"].lower()
        region = regions.get(row["region"])
        region_slug = slugify(region.name) if region else ""
        place = Place(
            slug=claim(
                base, f"{base}-{code}", f"{base}-{code}-{region_slug}", f"{base}-{row['geonames_id']}"
            ),
            name=row["name"],
            kind="city",
            country_code=row["country_code"],
            population=row["population"],
            latitude=row["lat"],
            longitude=row["lon"],
            geonames_id=row["geonames_id"],
            parent=region or countries.get(row["country_code"]),
            region_key=row["region"],
            county=name_key(row["county"]) if row["county"] else "",
            names=[(alt, "name") for alt in row["names"]],
        )
        places.append(place)
    for country in countries.values():
        if country.latitude is None:  # Kosovo: no coordinates in the sources; its biggest city's stand in
            biggest = max(
                (p for p in places if p.kind == "city" and p.country is country), key=_people, default=None
            )
            if biggest is not None:
                country.latitude, country.longitude = biggest.latitude, biggest.longitude
    return places


def _people(place: Place) -> int:
    return place.population


def iter_places(extract: dict) -> Iterator[dict]:
    """Rows for the Place model: countries first, then regions, then cities (parents before children)."""
    for place in _build_places(extract):
        yield {
            "geonames_id": place.geonames_id,
            "name": place.name,
            "slug": place.slug,
            "kind": place.kind,
            "country_code": place.country_code,
            "parent_slug": place.parent.slug if place.parent else None,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "population": place.population,
            "names": [{"name": name, "kind": kind} for name, kind in place.names],
        }


_SIDES = ("north ", "south ", "east ", "west ")


def _counties(places: list[Place], generic: frozenset, *named: dict) -> dict[str, Place]:
    """{a county's name key: the region its cities lie in}, from the county (GeoNames second-level division)
    the extract gives each city: "Kent" is in England, "Cheshire" (of "Cheshire East" and "Cheshire West and
    Chester") too. Only names no place of that country bears and only one country's counties bear."""
    regions: dict[str, dict[Place, int]] = defaultdict(lambda: defaultdict(int))
    for place in places:
        if place.kind != "city" or not place.county or place.parent is None or place.parent.kind != "region":
            continue
        county = place.county
        keys = {county}
        keys |= {county[len(side) :] for side in _SIDES if county.startswith(side)}
        keys |= {county.split(f" {side.strip()}")[0] for side in _SIDES if f" {side.strip()}" in county}
        for key in keys:
            regions[key][place.parent] += 1
    counties = {}
    for key, found in regions.items():
        region = max(found, key=found.__getitem__)
        if key in generic or " " in key:
            continue
        if any(
            p.country_code == region.country_code for p, _ in chain(*(index.get(key, ()) for index in named))
        ):
            continue  # "Durham": the English city of the name is found as it is
        if len({r.country_code for r in found}) == 1:
            counties[key] = region
    return counties


class Gazetteer:
    """Name lookups over the extract: a dict from folded word n-grams (up to four words) to places."""

    def __init__(self, extract: dict):
        self.places = _build_places(extract)
        self.by_slug = {place.slug: place for place in self.places}
        self.countries = {place.country_code: place for place in self.places if place.kind == "country"}
        self.common_words = frozenset(extract["common_words"]) | GENERIC_WORDS
        self.calendar_words = frozenset(extract["calendar_words"])
        self.currency_words = frozenset(extract["currency_words"])
        primary: dict[str, list] = defaultdict(list)
        other: dict[str, list] = defaultdict(list)
        self.abbreviations: dict[str, list] = defaultdict(list)
        for place in self.places:
            keys = {name_key(place.name)} | {name_key(alt) for alt, _ in place.names}
            # "Washington, DC" as well as "Washington, D.C.": an abbreviation is written with or without dots
            place.qualifier_keys = frozenset(keys | {key.replace(".", "") for key in keys if "." in key})
            key = name_key(place.name)
            # A region called "Central" or "North" is never written so in running text.
            if not (place.kind == "region" and key in self.common_words):
                primary[key].append((place, "name"))
            for alt, kind in place.names:
                if name_key(alt) in self.common_words and (place.kind == "region" or kind == "name"):
                    continue  # "Island" (Iceland's own name) is an island
                if kind == "abbr":
                    self.abbreviations[name_key(alt)].append(place)
                else:
                    (primary if kind in ("short", "demonym") else other)[name_key(alt)].append((place, kind))
        # A place's own name beats another place's alternate spelling ("Georgia" is never an alias).
        self.names: dict[str, tuple] = {
            key: tuple(entries) for key, entries in other.items() if len(key) >= 3
        }
        self.names.update(
            (key, tuple(entries))
            for key, entries in primary.items()
            if len(key) >= 3 or any(kind == "short" for _, kind in entries)
        )
        # Region abbreviations written with dots, with or without them ("D.C.", "DC"): after a place name with
        # no comma between they still say which place it is ("Washington DC", "Washington D.C.").
        self.dotted_abbreviations = frozenset(
            form for key in self.abbreviations if "." in key for form in (key, key.replace(".", ""))
        )
        for key in self.calendar_words:
            self.names.pop(key, None)
        self.exact_case = {
            name_key(alt): alt for place in self.places for alt, kind in place.names if kind == "short"
        }
        self.counties = _counties(self.places, GENERIC_WORDS, primary, other)
        self.max_tokens: dict[str, int] = {}
        for key in self.names:
            words = key.split(" ")
            if len(words) <= MAX_NAME_TOKENS:
                self.max_tokens[words[0]] = max(self.max_tokens.get(words[0], 0), len(words))

    @classmethod
    def load(cls, path: Path | str = DEFAULT_EXTRACT) -> "Gazetteer":
        return cls(load_extract(path))

    def lookup(self, name: str) -> tuple:
        return self.names.get(name_key(name), ())


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.load()
