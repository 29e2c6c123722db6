"""Time the whole-country territory import on a fresh database, first run and second run.

    make bench                     # SQLite, in a temporary file
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/import_territories.py

Prints wall-clock seconds for: migrate, setup_site, the first import (1,598 pages and 1,503
editors' groups created) and a second import (nothing to change). Figures go to
docs/benchmarks.md; they are never asserted in tests.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(label, *args, env):
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    print(f"{label:<40} {seconds:6.1f} s")
    return seconds


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="cds.settings.dev")
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        engine = env["DATABASE_URL"].split(":", 1)[0]
        print(f"database: {engine}, CPU count: {os.cpu_count()}")
        timed("migrate", "migrate", "--no-input", env=env)
        timed("setup_site", "setup_site", env=env)
        timed("import_territories (first run)", "import_territories", env=env)
        timed("import_territories (second run)", "import_territories", env=env)
        timed("seed_demo (first run)", "seed_demo", env=env)
        timed("seed_demo (second run)", "seed_demo", env=env)


if __name__ == "__main__":
    main()
