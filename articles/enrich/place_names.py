"""Display names: a place's name, with what tells it apart where several places go by that name.

Chips, facets, the place filter's chip, a place page's title and the home page show
`Place.display_name`, worked out here once for every place of a shared name (by migration 0009 for a
database loaded before, when the gazetteer adds places and when an import creates one), never per
template. Of the gazetteer's 36,888 places, 4,731 share their name with another (2,040 names):

- a country keeps its name ("Georgia");
- a region says what it is, "Washington (state)", "Punjab (province)", and where regions of that name
  and kind lie in several countries, which: "Victoria (state, Australia)";
- a city adds its region's news abbreviation where it has one ("Washington, D.C.", "Springfield, Mo."),
  else its region where places of the name share a country ("Springfield, Ohio", "Victoria, Mimaropa"),
  else its country ("Baghdad, Iraq", "Paris, France"); and region and country where that is not enough.
  Two towns of a name in one region stay alike (120 of them: the database has no county to tell).

Functions take the model classes, so that a migration can pass its historical models.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from django.db.models import F

ALIASES = Path(__file__).with_name("data") / "place_aliases.json"
# What a country's first-level regions are called, where the news says so; "region" elsewhere.
REGION_NOUNS = {
    **dict.fromkeys(["US", "AU", "IN", "BR", "MX", "DE", "NG", "MY", "VE", "AT"], "state"),
    **dict.fromkeys(["CA", "CN", "PK", "AR", "ZA", "IR", "TR", "AF", "KR", "TH", "IT", "ES"], "province"),
}
FIELDS = ("pk", "name", "display_name", "kind", "country_code", "parent_id")


def refresh_display_names(place_model, name_model, *, names=None) -> int:
    """Work out the display names of every place of `names` (every place when None) and of the places
    sharing those names; write the ones that changed. Returns how many changed."""
    places = place_model.objects.all()
    if names is not None:
        places = places.filter(name__in=set(names))
    rows = {row["pk"]: row for row in places.values(*FIELDS)}
    labels = display_names(rows, _Context(place_model, name_model, rows))
    plain, changed = [], []
    for pk, label in labels.items():
        if rows[pk]["display_name"] != label[:300]:
            if label == rows[pk]["name"]:
                plain.append(pk)
            else:
                changed.append(place_model(pk=pk, display_name=label[:300]))
    # Most places have a name of their own: one UPDATE per 500 of them, not a CASE per row (the whole
    # gazetteer took 50 s through bulk_update alone on SQLite, 9 s this way, on a busy two-core machine).
    for start in range(0, len(plain), 500):
        place_model.objects.filter(pk__in=plain[start : start + 500]).update(display_name=F("name"))
    place_model.objects.bulk_update(changed, ["display_name"], batch_size=200)
    return len(plain) + len(changed)


class _Context:
    """What a place's display name may need beyond its own row: its ancestors, their abbreviations and
    its country's name, fetched for the places of shared names only."""

    def __init__(self, place_model, name_model, rows: dict):
        shared = Counter(row["name"] for row in rows.values())
        self.places = dict(rows)
        wanted = {row["parent_id"] for row in rows.values() if shared[row["name"]] > 1}
        for _ in range(4):  # regions, then countries: the gazetteer is three levels deep
            wanted -= set(self.places) | {None}
            if not wanted:
                break
            found = place_model.objects.filter(pk__in=wanted).values(*FIELDS)
            self.places.update((row["pk"], row) for row in found)
            wanted = {row["parent_id"] for row in self.places.values()}
        codes = {row["country_code"] for row in rows.values() if row["country_code"]}
        self.countries: dict[str, str] = {}
        countries = place_model.objects.filter(kind="country", country_code__in=codes).order_by("pk")
        for code, name in countries.values_list("country_code", "name"):
            self.countries.setdefault(code, name)  # the gazetteer's, loaded first
        # AP's abbreviation first in the aliases file ("Calif.", then "Cal.").
        order = {abbr: n for abbrs in _aliases().values() for n, abbr in enumerate(abbrs)}
        self.abbreviations: dict[int, str] = {}
        abbreviated = name_model.objects.filter(place_id__in=list(self.places), kind="abbr")
        for place_id, abbr in sorted(
            abbreviated.values_list("place_id", "name"), key=lambda r: order.get(r[1], 9)
        ):
            self.abbreviations.setdefault(place_id, abbr)

    def region(self, row: dict) -> dict | None:
        """The nearest place above `row` with another name (Baghdad the city lies in Baghdad the region)."""
        parent, seen = self.places.get(row["parent_id"]), set()
        while parent and parent["name"] == row["name"] and parent["pk"] not in seen:
            seen.add(parent["pk"])
            parent = self.places.get(parent["parent_id"])
        return parent

    def country(self, row: dict) -> str:
        return self.countries.get(row["country_code"], row["country_code"].upper())


def _aliases() -> dict[str, list[str]]:
    return json.loads(ALIASES.read_text(encoding="utf-8"))["regions"]


def display_names(rows: dict, context: _Context) -> dict[int, str]:
    """{pk: display name} for `rows` (values of FIELDS by pk)."""
    groups = defaultdict(list)
    for row in rows.values():
        groups[row["name"]].append(row)
    labels = {}
    for name, group in groups.items():
        if len(group) == 1:
            labels[group[0]["pk"]] = name
            continue
        countries = Counter(row["country_code"] for row in group if row["kind"] != "country")
        first = {row["pk"]: _label(row, context, countries[row["country_code"]] > 1) for row in group}
        taken = Counter(first.values())
        for row in group:
            label = first[row["pk"]]
            labels[row["pk"]] = _label(row, context, True, detailed=True) if taken[label] > 1 else label
    return labels


def _label(row: dict, context: _Context, near: bool, *, detailed: bool = False) -> str:
    """`near`: another place of the name lies in the same country."""
    name, kind = row["name"], row["kind"]
    if kind == "country":
        return name
    country = context.country(row) if row["country_code"] else ""
    if kind == "region":
        noun = REGION_NOUNS.get(row["country_code"], "region")
        return f"{name} ({noun}, {country})" if detailed and country else f"{name} ({noun})"
    region = context.region(row)
    if region and region["kind"] != "country":
        if region["pk"] in context.abbreviations and not detailed:
            return f"{name}, {context.abbreviations[region['pk']]}"
        if near:
            return f"{name}, {region['name']}" + (f", {country}" if detailed and country else "")
    return f"{name}, {country}" if country else name
