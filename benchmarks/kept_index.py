"""What the facet index each web process keeps (search/accelerator/bitmaps.py) costs, on the benchmark's
dataset (`search_latency.py` builds it): reading it whole (a process's first search, or after
`rebuild_facet_tallies`), its memory, reading one publication's change, and a broad word's
search from it, step by step.

    .venv/bin/python benchmarks/kept_index.py [--runs 5]

Reads BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cds_bench); publishes one
profile again with a facet value changed (and back) per run. Prints a Markdown table for
docs/benchmarks.md; medians of `runs`. Never used as a test assertion.
"""

import argparse
import os
import subprocess
import sys
import tempfile

from search_latency import ROOT, production_env

MEASURE = r"""
import statistics, sys, time, tracemalloc
import django
django.setup()
from django.db import connection
from experts.models import ExpertProfilePage
from needs.models import NeedPage
from core.i18n import default_locale
from search.accelerator import bitmaps
from search.experts import ExpertDiscovery

runs = int(sys.argv[1])
rows = []


def median(function):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


for model in (ExpertProfilePage, NeedPage):
    name = model._meta.verbose_name_plural
    def load():
        bitmaps.forget()
        bitmaps.index(model)
    rows.append((f"{name}: the index read whole", f"{median(load):.0f} ms"))
    bitmaps.forget()
    tracemalloc.start()
    kept = bitmaps.index(model)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    rows.append((f"{name}: its memory ({len(kept.pages):,} pages, {len(kept.values):,} facet values)", f"{size / 2**20:.0f} MiB"))

profile = ExpertProfilePage.objects.live().order_by("pk").first()
times = []
for _ in range(runs):
    profile.offers_introductions = not profile.offers_introductions
    profile.save_revision().publish()
    started = time.perf_counter()
    bitmaps.index(ExpertProfilePage)
    times.append((time.perf_counter() - started) * 1000)
rows.append(("a profile published: the change read by a process", f"{statistics.median(times):.1f} ms"))

kept = bitmaps.index(ExpertProfilePage)
french = default_locale()
fields = [facet.field for facet in ExpertDiscovery.facets if facet.field]
flags = [flag for facet in ExpertDiscovery.facets for flag in facet.flag_fields]
found = bitmaps.matching(ExpertProfilePage, "ingénieur")
rows.append((f"« ingénieur »: its {len(found):,} matches, best ranked first (one statement)", f"{median(lambda: bitmaps.matching(ExpertProfilePage, 'ingénieur')):.0f} ms"))
bits = kept.visible(french) & bitmaps.to_bits(found)
rows.append(("« ingénieur »: the matches kept (published, in French)", f"{median(lambda: kept.visible(french) & bitmaps.to_bits(found)):.1f} ms"))
rows.append((f"« ingénieur »: its {len(kept.values)} facet values counted", f"{median(lambda: kept.count(bits, fields, flags)):.1f} ms"))
search = bitmaps.KeptSearch(kept, french, "ingénieur", [], ExpertProfilePage.objects.live())
search.bits()
rows.append(("« ingénieur »: its first 20 profiles read", f"{median(lambda: list(search[0:20])):.1f} ms"))
rankings = bitmaps.rankings(ExpertProfilePage)
rankings.keys("ingénieur")
rows.append(("« ingénieur »: its kept ranking, nothing changed since", f"{median(lambda: rankings.keys('ingénieur')):.1f} ms"))
title, times = profile.title, []
for _ in range(runs):
    profile.title = profile.title + " ingénieur" if "ingénieur" not in profile.title else profile.title.replace(" ingénieur", "")
    profile.save_revision().publish()  # the profile's words change: it goes in or out of the matches
    started = time.perf_counter()
    rankings.keys("ingénieur")
    times.append((time.perf_counter() - started) * 1000)
assert list(rankings.keys("ingénieur")) == bitmaps.matching(ExpertProfilePage, "ingénieur")
if profile.title != title:
    profile.title = title
    profile.save_revision().publish()  # the benchmark's data as it was
rows.append(("« ingénieur »: its kept ranking, a profile's words changed since", f"{statistics.median(times):.1f} ms"))
for label, value in rows:
    print(f"| {label} | {value} |")
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cds_bench")
    env = production_env(database_url, tempfile.mkdtemp(prefix="cds-bench-static-"))
    print("| step | median |")
    print("|---|---:|")
    sys.stdout.flush()
    subprocess.run([sys.executable, "-c", MEASURE, str(options.runs)], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
