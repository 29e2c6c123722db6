"""Search pages on the development default: `make setup`'s SQLite database (the whole country,
the demo content), each URL through the whole Django stack in-process, with and without the
planner's statistics that the bulk-loading commands now gather (core/planner.py).

    .venv/bin/python benchmarks/demo_search.py [--runs 9] [--reuse]

Builds the database in a temporary file with `make setup` (about 2 minutes), then measures each
URL as search_latency.py does (`cold`: every cache emptied before each request): once as
built, once with SQLite's statistics (sqlite_stat1) emptied, as they were before
core/planner.py. Prints the medians in ms for docs/benchmarks.md. Never a test assertion.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from search_latency import ROOT, measure

DATABASE = Path(tempfile.gettempdir()) / "cds-demo-search.sqlite3"
URLS = [
    "/",
    "/besoins/?q=eau",
    "/experts/?q=ing%C3%A9nieur",
    "/recherche/?q=agadir",
    "/recherche/?q=eau",
    "/recherche/?q=tiznit",
    "/recherche/suggestions/?q=tiz",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--reuse", action="store_true", help="measure the database of an earlier run")
    options = parser.parse_args()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cds.settings.dev",
        DATABASE_URL=f"sqlite:///{DATABASE}",
        ALLOWED_HOSTS="testserver",
    )
    env.pop("ELASTICSEARCH_URL", None)
    if not options.reuse:
        for path in DATABASE.parent.glob(DATABASE.name + "*"):
            path.unlink()
        subprocess.run(["make", "setup"], cwd=ROOT, env=env, check=True, capture_output=True)

    def cold_medians():
        return {row["url"]: row["cold_p50"] for row in measure(env, options.runs, [(url, url) for url in URLS])}

    with_statistics = cold_medians()
    with sqlite3.connect(DATABASE) as database:
        saved = database.execute("SELECT tbl, idx, stat FROM sqlite_stat1").fetchall()
        database.execute("DELETE FROM sqlite_stat1")
    try:
        without = cold_medians()
    finally:
        with sqlite3.connect(DATABASE) as database:
            database.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", saved)
    print(f"\nSQLite demo database, every cache emptied, median of {options.runs} requests, ms\n")
    print("| URL | without statistics | with statistics |")
    print("|---|---:|---:|")
    for url in URLS:
        print(f"| `{url}` | {without[url]:.0f} | {with_statistics[url]:.0f} |")


if __name__ == "__main__":
    main()
