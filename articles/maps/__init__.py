"""The world map of a search's places: the projection, the outline's build script and its output.

data/ holds the vendored Natural Earth TopoJSON (see data/README.md); world.json is what
`python -m articles.maps.build_world` makes of it, committed, and read by the map view.
"""

from pathlib import Path

WORLD = Path(__file__).resolve().parent / "world.json"
