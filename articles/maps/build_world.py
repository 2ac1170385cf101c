"""Build the world outline the map page draws, from the vendored Natural Earth TopoJSON.

    python -m articles.maps.build_world

Reads data/countries-110m.json (world-atlas, see data/README.md), decodes its arcs, projects every
point with `projection.to_svg` and writes world.json: the viewBox size, the edge of the sphere and one
SVG path per country keyed by its ISO 3166-1 alpha-2 code (the code places carry), so the page can
shade the countries of its matches. Development only: pycountry (requirements-gazetteer.txt) names the
codes; the app reads the committed world.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from articles.maps.projection import HEIGHT, WIDTH, to_svg

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "data" / "countries-110m.json"
OUTPUT = HERE / "world.json"

# Natural Earth units without an ISO numeric code. Kosovo has the user-assigned code GeoNames uses;
# the other two are drawn but never shaded.
UNCODED = {"Kosovo": "XK", "N. Cyprus": "", "Somaliland": ""}

Ring = list[tuple[float, float]]


def decode_arcs(topology: dict) -> list[Ring]:
    """Each arc as (longitude, latitude) points: quantized positions, each a delta from the one before."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x += step_x
            y += step_y
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    """One closed ring from its arcs; a negative index ~i is arc i backwards. Arcs share end points."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict, arcs: list[Ring]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def split(points: Ring) -> list[Ring]:
    """A ring cut at the antimeridian into pieces that each lie within ±180°.

    The outline is drawn with straight lines, so a ring that crosses ±180° (Fiji, Russia, Antarctica)
    would streak across the whole map. The ring is unwrapped so that no step jumps more than 180°; one
    that then goes once round the globe encloses a pole and is closed along it; then the copies shifted
    by a full turn either way are clipped to the map.
    """
    unwrapped = [points[0]]
    for lon, lat in points[1:]:
        previous = unwrapped[-1][0]
        lon += 360 * round((previous - lon) / 360)
        unwrapped.append((lon, lat))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 180:
        pole = -90.0 if sum(lat for _, lat in unwrapped) < 0 else 90.0
        unwrapped += [(unwrapped[-1][0], pole), (unwrapped[0][0], pole)]
    low, high = min(lon for lon, _ in unwrapped), max(lon for lon, _ in unwrapped)
    pieces = []
    for shift in (-360, 0, 360):
        if high + shift <= -180 or low + shift >= 180:
            continue
        piece = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = clip(clip(piece, 180.0, keep_below=True), -180.0, keep_below=False)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def clip(points: Ring, edge: float, *, keep_below: bool) -> Ring:
    """Sutherland-Hodgman against one meridian: the part of a closed ring west (or east) of `edge`."""

    def inside(point):
        return point[0] <= edge if keep_below else point[0] >= edge

    out: Ring = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current) != inside(previous):
            t = (edge - previous[0]) / (current[0] - previous[0])
            out.append((edge, previous[1] + t * (current[1] - previous[1])))
        if inside(current):
            out.append(current)
    return out


def _number(tenths: int) -> str:
    whole, rest = divmod(abs(tenths), 10)
    text = f"{whole}.{rest}" if rest else str(whole)
    return f"-{text}" if tenths < 0 else text


def _pair(x: int, y: int) -> str:
    second = _number(y)
    return _number(x) + ("" if second.startswith("-") else " ") + second


def path(rings: list[Ring]) -> str:
    """SVG path data for projected rings: an absolute move, then relative lines in tenths of a unit."""
    parts = []
    for points in rings:
        grid = []
        for lon, lat in points:
            x, y = to_svg(lon, lat)
            cell = (round(x * 10), round(y * 10))
            if not grid or cell != grid[-1]:
                grid.append(cell)
        if len(grid) > 1 and grid[0] == grid[-1]:
            grid.pop()
        if len(grid) < 3:
            continue  # a speck smaller than a tenth of a unit
        steps = [_pair(*grid[0])]
        for (x0, y0), (x1, y1) in zip(grid, grid[1:], strict=False):
            steps.append(_pair(x1 - x0, y1 - y0))
        parts.append("M" + steps[0] + "l" + " ".join(steps[1:]).replace(" -", "-") + "z")
    return "".join(parts)


def sphere() -> str:
    """The map's edge: the meridians ±180 from pole to pole (the pole lines are straight)."""
    east = [(180.0, lat) for lat in range(90, -91, -2)]
    west = [(-180.0, lat) for lat in range(-90, 91, 2)]
    return path([east + west])


def country_code(geometry: dict) -> str:
    name = geometry["properties"]["name"]
    if "id" not in geometry:
        return UNCODED[name]
    import pycountry  # development only: see requirements-gazetteer.txt

    return pycountry.countries.get(numeric=geometry["id"]).alpha_2


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = [piece for polygon in polygons(geometry, arcs) for r in polygon for piece in split(r)]
        countries.append(
            {"code": country_code(geometry), "name": geometry["properties"]["name"], "d": path(rings)}
        )
    countries.sort(key=lambda country: country["name"])
    return {
        "source": "Natural Earth 1:110m Admin 0 countries via world-atlas 2.0.2 (public domain)",
        "width": WIDTH,
        "height": HEIGHT,
        "sphere": sphere(),
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    world = build(json.loads(args.source.read_text(encoding="utf-8")))
    args.output.write_text(
        json.dumps(world, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{args.output}: {len(world['countries'])} countries, {args.output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
