"""Build the static commune map (toasoan/places/static/places/thanhhoa-2025.svg) from
../shared/data/admin/gis/thanhhoa_communes_2025-07-01.geojson.

Every commune is one <path id="c{GSO code}"> without fill or stroke of its own, so a page
styles it through <use href="…svg#c14758">: the whole province in grey, the locality in
red, no tile server and no script. Polygons are simplified with shapely (topology kept
per commune) to about half a pixel at the map's 1000-unit width.

Needs `pip install shapely` (build time only; the site serves the SVG as a static file).
Boundaries: gis.chinhphu.vn via daohoangson/dvhcvn (see ../shared/data/admin/README.md).
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1000.0
TOLERANCE = 0.6  # map units (1/1000 of the width)


def main() -> None:
    data_dir = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else ROOT.parent / "shared" / "data" / "admin"
    )
    features = json.loads(
        (data_dir / "gis" / "thanhhoa_communes_2025-07-01.geojson").read_text(
            encoding="utf-8"
        )
    )["features"]
    shapes = [
        (f["properties"]["code"], f["properties"]["fullName"], shape(f["geometry"]))
        for f in features
    ]
    west = min(s.bounds[0] for _, _, s in shapes)
    south = min(s.bounds[1] for _, _, s in shapes)
    east = max(s.bounds[2] for _, _, s in shapes)
    north = max(s.bounds[3] for _, _, s in shapes)
    kx = math.cos(
        math.radians((north + south) / 2)
    )  # equirectangular at the mid latitude
    scale = WIDTH / ((east - west) * kx)
    height = (north - south) * scale

    def project(coords):
        return np.column_stack(
            ((coords[:, 0] - west) * kx * scale, (north - coords[:, 1]) * scale)
        )

    paths = []
    for code, name, geometry in sorted(shapes):
        flat = shapely.transform(geometry, project).simplify(
            TOLERANCE, preserve_topology=True
        )
        polygons = getattr(flat, "geoms", [flat])
        d = []
        for polygon in polygons:
            for ring in (polygon.exterior, *polygon.interiors):
                points = [f"{x:.1f} {y:.1f}" for x, y in ring.coords[:-1]]
                d.append("M" + "L".join(points) + "Z")
        paths.append(
            f'<path id="c{code}" d="{"".join(d)}"><title>{name}</title></path>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}">'
        "<!-- Thanh Hóa, 166 communes from 01/07/2025. Boundaries: gis.chinhphu.vn via "
        "daohoangson/dvhcvn; simplified for toasoan. -->"
        f'<g id="all">{"".join(paths)}</g></svg>\n'
    )
    out = ROOT / "toasoan" / "places" / "static" / "places" / "thanhhoa-2025.svg"
    out.write_text(svg, encoding="utf-8")
    print(
        f"{out.name}: {len(paths)} communes, viewBox 0 0 {WIDTH:.0f} {height:.0f}, {out.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
