"""Search pages on the development default: `make setup`'s SQLite database (the whole country,
the demo content), each URL through the whole Django stack in-process, with and without the
planner's statistics that the bulk-loading commands now gather (pages/planner.py).

    .venv/bin/python benchmarks/demo_search.py [--runs 9] [--reuse]

Builds the database in a temporary directory as `make setup` does (about 2 minutes), then
measures each URL `--runs` times with every cache emptied before each request: once as built,
once with SQLite's statistics (sqlite_stat1) emptied, as they were before pages/planner.py.
Prints the medians in ms for docs/benchmarks.md. Never a test assertion.
"""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = Path(tempfile.gettempdir()) / "cds-demo-search.sqlite3"
SETUP = ["migrate", "setup_site", "import_territories", "seed_demo", "seed_community_demo", "seed_learning_demo"]
URLS = [
    "/",
    "/besoins/?q=eau",
    "/experts/?q=ing%C3%A9nieur",
    "/recherche/?q=agadir",
    "/recherche/?q=eau",
    "/recherche/?q=tiznit",
    "/recherche/suggestions/?q=tiz",
]

MEASURE = r"""
import json, statistics, sys, time
import django
django.setup()
from django.core.cache import cache
from django.test import Client
client, out = Client(), {}
for url in json.loads(sys.argv[2]):
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(int(sys.argv[1])):
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    out[url] = statistics.median(times)
print(json.dumps(out))
"""


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
        PYTHONPATH=str(ROOT),
    )
    env.pop("ELASTICSEARCH_URL", None)
    if not options.reuse:
        for path in DATABASE.parent.glob(DATABASE.name + "*"):
            path.unlink()
        for command in SETUP:
            subprocess.run([sys.executable, "manage.py", command], cwd=ROOT, env=env, check=True, capture_output=True)

    def measure():
        output = subprocess.run(
            [sys.executable, "-c", MEASURE, str(options.runs), json.dumps(URLS)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(output.stdout.strip().splitlines()[-1])

    with_statistics = measure()
    with sqlite3.connect(DATABASE) as database:
        saved = database.execute("SELECT tbl, idx, stat FROM sqlite_stat1").fetchall()
        database.execute("DELETE FROM sqlite_stat1")
    try:
        without = measure()
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
