"""What an article shows of its places, for the tagger's tests (test_enrich_place_*.py): pure, no database.

`shown` is the default view (dateline and about: the facets, chips, map and place pages); `every_country`
includes passing mentions (`places=all`).
"""

from articles.enrich.places import DEFAULT_ROLES, tag_places


def shown(gaz, body, *, title="") -> set[str]:
    """The countries the article shows by default (dateline and about)."""
    return {t.country_code for t in tag_places(gaz, title=title, body=body) if t.role in DEFAULT_ROLES}


def every_country(gaz, body, *, title="") -> set[str]:
    """Every country tagged, passing mentions included."""
    return {t.country_code for t in tag_places(gaz, title=title, body=body)}
