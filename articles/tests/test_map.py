"""The map of a search's places: the projection, the outline's build, and the page at /search/map/."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.urls import reverse

from articles.maps import WORLD
from articles.maps.build_world import SOURCE, build, clip, decode_arcs, path, ring, split
from articles.maps.projection import HEIGHT, MARGIN, WIDTH, equal_earth, to_svg
from articles.models import Article
from articles.tests.factories import make_article, make_place
from articles.views.map import RADIUS_MAX, RADIUS_MIN, radius

MAP = reverse("articles:search_map")
SEARCH = reverse("articles:search")


# The projection


@pytest.mark.parametrize(
    "lon, lat, x, y",
    [  # d3-geo 3.1's geoEqualEarthRaw, an independent implementation of the same formulas
        (0, 0, 0, 0),
        (180, 0, 2.706629984, 0),
        (0, 90, 0, 1.317362759),
        (30.5, 50.45, 0.376917774, 0.948623688),  # Kyiv
        (-74, 40.7, -0.981862090, 0.786841444),  # New York
        (151.2, -33.9, 2.086640067, -0.665255443),  # Sydney
        (-180, -90, -1.603588648, -1.317362759),
    ],
)
def test_equal_earth_matches_a_reference_implementation(lon, lat, x, y):
    assert equal_earth(lon, lat) == pytest.approx((x, y), abs=1e-8)


def test_the_map_frame_holds_the_whole_sphere():
    assert to_svg(0, 0) == pytest.approx((WIDTH / 2, HEIGHT / 2), abs=0.5)
    assert to_svg(-180, 0)[0] == pytest.approx(MARGIN)
    assert to_svg(180, 0)[0] == pytest.approx(WIDTH - MARGIN)
    assert to_svg(0, 90)[1] == pytest.approx(MARGIN)
    assert to_svg(0, -90)[1] == pytest.approx(HEIGHT - MARGIN, abs=1)
    kyiv, new_york = to_svg(30.5, 50.45), to_svg(-74, 40.7)
    assert new_york[0] < WIDTH / 2 < kyiv[0]  # west is left
    assert kyiv[1] < new_york[1] < HEIGHT / 2  # north is up


def test_out_of_range_coordinates_wrap_and_clamp():
    assert to_svg(190, 10) == pytest.approx(to_svg(-170, 10))
    assert to_svg(-540, 10) == pytest.approx(to_svg(-180, 10))
    assert to_svg(20, 95) == to_svg(20, 90)


# The outline's build


def test_arcs_are_delta_decoded_and_joined_into_rings():
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, -4]]],
    }
    arcs = decode_arcs(topology)
    assert arcs == [[(-10, 20), (-9, 20), (-9, 21)], [(-9, 21), (-10, 20)]]
    assert ring([0, 1], arcs) == [(-10, 20), (-9, 20), (-9, 21), (-10, 20)]
    assert ring([~1, ~0], arcs) == [(-10, 20), (-9, 21), (-9, 20), (-10, 20)]  # ~i: arc i backwards


def test_a_ring_across_the_antimeridian_is_cut_in_two():
    fiji_like = [(178, -17), (-179, -17), (-179, -16), (178, -16), (178, -17)]
    pieces = split(fiji_like)
    assert len(pieces) == 2
    for piece in pieces:
        assert all(-180 <= lon <= 180 for lon, _ in piece)
    assert {round(min(lon for lon, _ in p)) for p in pieces} == {-180, 178}


def test_a_ring_round_a_pole_is_closed_along_it():
    around = [(lon, -80) for lon in range(-180, 181, 30)]
    (piece,) = split(around)
    assert min(lat for _, lat in piece) == -90
    assert all(-180 <= lon <= 180 for lon, _ in piece)


def test_clip_keeps_one_side_of_a_meridian():
    square = [(170, 0), (190, 0), (190, 10), (170, 10)]
    assert clip(square, 180, keep_below=True) == [(170, 0), (180, 0), (180, 10), (170, 10)]


def test_paths_are_relative_and_in_tenths():
    assert path([[(0, 0), (10, 0), (10, 10)]]).startswith("M500")
    assert re.fullmatch(r"M[\d.]+ [\d.]+l[-\d. ]+z", path([[(0, 0), (10, 0), (10, 10)]]))


def test_the_committed_outline_is_what_the_build_makes():
    world = build(json.loads(SOURCE.read_text(encoding="utf-8")))
    assert world == json.loads(WORLD.read_text(encoding="utf-8"))


def test_the_outline_has_every_country_with_its_code():
    world = json.loads(WORLD.read_text(encoding="utf-8"))
    codes = {country["code"] for country in world["countries"]}
    assert {"UA", "US", "FJ", "RU", "AQ", "XK"} <= codes
    assert (world["width"], world["height"]) == (WIDTH, HEIGHT)
    for country in world["countries"]:
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", country["d"].split("l")[0])]
        assert 0 <= numbers[0] <= WIDTH and 0 <= numbers[1] <= HEIGHT, country["name"]


# The page


@pytest.fixture
def places(db):
    ruritania = make_place("Ruritania", kind="country", country_code="UA", latitude=49, longitude=32)
    strelsau = make_place(
        "Strelsau", parent=ruritania, kind="city", country_code="UA", latitude=50.45, longitude=30.52
    )
    nowhere = make_place("Nowhere Land", kind="region", slug="nowhere-land")  # no coordinates
    return {"ruritania": ruritania, "strelsau": strelsau, "nowhere": nowhere}


@pytest.fixture
def archive(places):
    make_article(
        "Missile strikes on Strelsau",
        body="Missiles struck the capital overnight.",
        places=[places["strelsau"]],
    )
    make_article(
        "Grain deal for Ruritania", body="Missiles did not stop the grain deal.", places=[places["ruritania"]]
    )
    make_article("Missile talks", body="Missile talks about Nowhere Land.", places=[places["nowhere"]])
    make_article("Weather", body="Rain.")
    return places


def dots(page: str) -> dict[str, str]:
    """Each dot's caption and link."""
    return dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(r'<a class="map__dot" href="([^"]+)" aria-label="([^"]+)"', page)
    )


def test_the_map_shows_a_dot_per_place_with_coordinates(client, archive):
    response = client.get(MAP)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Where the matches are" in page
    found = dots(page)
    # Ruritania counts its own match and Strelsau's, as the place facet does.
    assert set(found) == {"Ruritania: 2 matches", "Strelsau: 1 match"}
    assert page.count('class="map__dot"') == 2
    assert "<title>Ruritania: 2 matches</title>" in page
    # Nowhere Land has no coordinates: no dot, but listed under the map.
    not_on_map = page.split("Not on the map")[1]
    assert ">Nowhere Land</a>" in not_on_map
    assert "map__country--shaded" in page  # Ruritania


def test_the_bigger_count_has_the_bigger_dot_drawn_first(client, archive):
    page = client.get(MAP).content.decode()
    radii = [float(r) for r in re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)"', page)]
    assert radii == sorted(radii, reverse=True) and radii[0] > radii[1]


def test_dot_links_add_the_place_and_keep_the_other_filters(client, archive):
    page = client.get(MAP, {"q": "missile", "sort": "oldest"}).content.decode()
    href = dots(page)["Strelsau: 1 match"]
    url = urlsplit(href)
    assert url.path == SEARCH
    assert parse_qs(url.query) == {"q": ["missile"], "sort": ["oldest"], "place": ["strelsau"]}
    assert f'href="{SEARCH}?q=missile&amp;sort=oldest"' in page  # back to the list


def test_dot_links_add_to_places_already_chosen(client, archive):
    page = client.get(MAP, {"place": "ruritania"}).content.decode()
    found = dots(page)
    assert set(found) == {"Strelsau: 1 match"}  # the chosen place is a filter, not a dot
    assert parse_qs(urlsplit(found["Strelsau: 1 match"]).query)["place"] == ["ruritania", "strelsau"]
    assert "Ruritania" in page.split('class="chips"')[1].split("</div>")[0]


def test_words_narrow_the_places(client, archive):
    page = client.get(MAP, {"q": "capital"}).content.decode()
    assert set(dots(page)) == {"Ruritania: 1 match", "Strelsau: 1 match"}
    assert "Nowhere Land" not in page


def test_no_places_says_so(client, archive):
    page = client.get(MAP, {"q": "rain"}).content.decode()
    assert "<circle" not in page
    assert "None of the matches is tagged with a place" in page


@pytest.mark.parametrize(
    "query",
    [
        "date_from=yesterday&date_to=2024-13",
        "place=nowhere-at-all&place=&topic=%00",
        "q=" + "x" * 500,
        "q=%22unclosed&sort=sideways&duplicates=hide",
        "page=-3&format=xml",
        "q=AND+OR+NOT+(((",
        "place=" + "&place=".join(str(n) for n in range(40)),
    ],
)
def test_invalid_query_strings_never_fail(client, archive, query):
    response = client.get(f"{MAP}?{query}", follow=True)  # empty parameters: once to the clean URL
    assert response.status_code == 200
    assert "Where the matches are" in response.content.decode()


def test_the_problems_are_explained(client, archive):
    page = client.get(MAP, {"place": "nowhere-at-all", "date_from": "soon"}).content.decode()
    assert "There is no place called “nowhere-at-all”" in page
    assert "is not a date" in page


@pytest.mark.parametrize("extra", [0, 30])
def test_queries_do_not_grow_with_the_places(client, archive, extra, django_assert_max_num_queries):
    for n in range(extra):
        city = make_place(
            f"City {n}", parent=archive["ruritania"], kind="city", latitude=45 + n / 10, longitude=30
        )
        make_article(f"Missile report {n}", body="Missile news.", places=[city])
    # The chosen place, the archive's version (the cache key), the matches with every count, the
    # places' coordinates; on PostgreSQL also its planner's guess of how many match (estimate_count).
    with django_assert_max_num_queries(4 + (connection.vendor == "postgresql")):
        response = client.get(MAP, {"q": "missile", "place": "ruritania"})
    assert response.status_code == 200
    assert response.content.decode().count('class="map__dot"') == 1 + extra  # Strelsau and the new cities


def test_dot_area_is_in_proportion_to_the_matches():
    assert radius(1, 5) == RADIUS_MIN
    assert radius(4, 5) == pytest.approx(2 * RADIUS_MIN)  # four times the area
    assert radius(10_000, 10_000) == pytest.approx(RADIUS_MAX)
    assert radius(2_500, 10_000) == pytest.approx(RADIUS_MAX / 2)
    assert radius(1, 10_000) == RADIUS_MIN  # clamped: still visible


def test_places_that_share_a_name_say_which_is_which(client, archive):
    city = make_place("Springfield", slug="springfield-city", kind="city", latitude=39.8, longitude=-89.6)
    region = make_place("Springfield", slug="springfield-region", kind="region", latitude=39, longitude=-89)
    make_article("Missile museum opens", places=[city, region])
    found = dots(client.get(MAP).content.decode())
    assert {"Springfield (city): 1 match", "Springfield (region): 1 match"} <= set(found)


def test_the_place_facet_links_to_the_map_of_the_same_search(client, archive):
    page = client.get(reverse("articles:search"), {"q": "missile"}).content.decode()
    assert '<a href="/search/map/?q=missile">Show these places on a map</a>' in page
    # A place page's own place is a filter on its map.
    page = client.get(reverse("articles:place", args=["ruritania"]), {"q": "missile"}).content.decode()
    assert '<a href="/search/map/?q=missile&amp;place=ruritania">Show these places on a map</a>' in page
    found = dots(client.get(MAP, {"q": "missile", "place": "ruritania"}).content.decode())
    assert set(found) == {"Strelsau: 1 match"}


def test_the_map_counts_its_matches_as_the_list_does(client, archive):
    # The list said "1 story, 2 articles (1 exact copy)" and its map "1 match": one count line for both.
    first = Article.objects.get(title="Missile strikes on Strelsau")
    make_article(
        "Missile strikes on Strelsau", body=first.body, places=[archive["strelsau"]], duplicate_of=first
    )

    def said(url, params):
        return " ".join(re.sub(r"<[^>]+>", "", client.get(url, params).content.decode()).split())

    assert "1 story, 2 articles (1 exact copy) · best match first" in said(SEARCH, {"q": "strelsau"})
    assert "1 story, 2 articles (1 exact copy), naming 2 places." in said(MAP, {"q": "strelsau"})
    assert "2 articles (1 exact copy) in 1 story, naming 2 places." in said(
        MAP, {"q": "strelsau", "group": "none"}
    )
    assert "1 match, naming 1 place." in said(MAP, {"q": "grain"})
