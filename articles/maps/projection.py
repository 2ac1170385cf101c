"""The Equal Earth projection and the frame of the world map: degrees in, SVG user units out.

Equal Earth (Šavrič, Patterson and Jenny, 2018) keeps areas true, so a country's shading and the dots
sized by area are not distorted towards the poles, and its pole lines are straight, so the map's edge is
simple. The build script draws the world outline with `to_svg` and the map view places its dots with it,
so outline and dots always agree. Pure: no Django, no files.
"""

from __future__ import annotations

import math

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth on the unit sphere: (x, y) with y growing northwards, x in ±2.7066, y in ±1.3174."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


# The frame: a 1000-unit-wide viewBox holding the whole sphere, with a margin for strokes and dots.
WIDTH = 1000
MARGIN = 6
X_EDGE = equal_earth(180, 0)[0]
Y_EDGE = equal_earth(0, 90)[1]
SCALE = (WIDTH - 2 * MARGIN) / (2 * X_EDGE)
HEIGHT = math.ceil(2 * Y_EDGE * SCALE + 2 * MARGIN)


def to_svg(lon: float, lat: float) -> tuple[float, float]:
    """Where a point falls in the map's viewBox ("0 0 WIDTH HEIGHT"), y downwards as SVG has it.

    Longitudes outside ±180 wrap round; latitudes are clamped to the poles.
    """
    lon = (lon + 180) % 360 - 180 if not -180 <= lon <= 180 else lon
    lat = max(-90.0, min(90.0, lat))
    x, y = equal_earth(lon, lat)
    return MARGIN + (x + X_EDGE) * SCALE, MARGIN + (Y_EDGE - y) * SCALE
