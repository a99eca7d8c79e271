"""The static commune map: which localities it can show, and how to highlight them."""

from __future__ import annotations

import functools
import re

from django.contrib.staticfiles import finders

from .models import Locality

MAP_FILE = "places/thanhhoa-2025.svg"


@functools.cache
def _map_index() -> tuple[str, frozenset[str]]:
    """(viewBox, commune codes) of the shipped SVG, read once per process."""
    path = finders.find(MAP_FILE)
    if not path:
        return "", frozenset()
    with open(path, encoding="utf-8") as fh:
        svg = fh.read()
    viewbox = re.search(r'viewBox="([^"]+)"', svg)
    return (viewbox.group(1) if viewbox else ""), frozenset(
        re.findall(r'id="c(\d+)"', svg)
    )


def locality_map(locality: Locality, today: list[Locality]) -> dict | None:
    """What the locality page's map shows: the province with ``today``'s units (the
    locality, or what it became) highlighted; None where the map has none of them."""
    viewbox, codes = _map_index()
    highlight = [u.code for u in today if u.level == "commune" and u.code in codes]
    if not highlight:
        return None
    return {
        "file": MAP_FILE,
        "viewbox": viewbox,
        "codes": highlight,
        "former": locality.valid_to is not None,
    }
