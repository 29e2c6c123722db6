"""Server time per page at scale (issue #9): all 1,503 communes, 20,000 need sheets and 100,000
experts on PostgreSQL, with the demo's offers and stories; the site served by gunicorn with
production settings; each page hammered by wrk (bounded in time, 127.0.0.1 only).

For each page: requests per second, p50 and p99 latency (wrk), the worker's CPU milliseconds per
request (its /proc CPU time before and after, over wrk's request count: one sync worker, so
every request is its), and database queries per page (a Django test client in a separate run).
A static file of the same size as the need sheet, served by the same worker (WhiteNoise), is
the floor. Prints a table, appends it to docs/benchmarks.md with the date and the commit.

    .venv/bin/python benchmarks/page_speed.py [--experts 100000] [--needs 20000] [--seconds 10] [--reuse]

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cds_bench) is dropped and
re-created unless --reuse finds the data there already. Never a test assertion.
"""

import argparse
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from search_latency import production_env, recreate_database, run

ROOT = Path(__file__).resolve().parent.parent
PORT = 8013
TICKS = os.sysconf("SC_CLK_TCK")

PAGES = r"""
import json
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from experts.models import ExpertPrivateDetails, ExpertProfilePage
from needs.models import NeedPage
from pages.models import TerritoryPage
need = NeedPage.objects.live().filter(locale__language_code="fr", owner__username="cds-demo-content").order_by("id").first()
expert = ExpertProfilePage.objects.live().filter(locale__language_code="fr", owner__username="cds-demo-content").order_by("id").first()
commune = TerritoryPage.objects.get(hcp_code="09.581.01.07", locale__language_code="fr")
pages = [("home", "/"), ("commune (Tiznit)", commune.url), ("need sheet", need.url), ("expert profile", expert.url),
         ("needs listing", "/besoins/"), ("expert directory", "/experts/")]
client = Client()
out = []
for name, url in pages:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    out.append({"name": name, "url": url, "queries": len(queries.captured_queries), "bytes": len(response.content)})
print(json.dumps({"pages": out, "counts": [NeedPage.objects.count(), ExpertProfilePage.objects.count()]}))
"""


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def wrk(url, seconds):
    output = subprocess.run(
        ["wrk", "-t1", "-c4", f"-d{seconds}s", "--latency", url], check=True, capture_output=True, text=True
    ).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": requests,
        "rate": rate,
        "p50": percentile(50),
        "p99": percentile(99),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep the database when it already has the data")
    options = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cds_bench")
    static_root = Path(tempfile.mkdtemp(prefix="cds-bench-static-"))
    env = production_env(database_url, static_root)

    def pages():  # queries of a rendering: the page cache off
        out = subprocess.run(
            [sys.executable, "-c", PAGES],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if out.returncode == 0 and out.stdout.strip():
            return json.loads(out.stdout.strip().splitlines()[-1])
        print(out.stderr[-2000:], file=sys.stderr)
        return None

    # The pages render with the production settings' fingerprinted static files: collect them first.
    run(["collectstatic", "--no-input"], env)
    found = pages() if options.reuse else None
    if found is None or found["counts"][1] < options.experts:
        recreate_database(database_url)
        run(["migrate", "--no-input"], env, "migrate")
        run(["setup_site"], env, "setup_site")
        run(["import_territories"], env, "import_territories")
        run(["seed_demo"], env, "seed_demo")
        run(["seed_community_demo"], env, "seed_community_demo")
        run(
            ["generate_scale_data", "--experts", str(options.experts), "--needs", str(options.needs)],
            env,
            "generate_scale_data",
        )
        run(["update_index"], env, "update_index")
        found = pages()
    need_bytes = next(page["bytes"] for page in found["pages"] if page["name"] == "need sheet")
    (static_root / "bench-static.html").write_bytes(b"x" * need_bytes)

    rows = measure(env, found, options.seconds, page_cache=False)
    rows += measure(env, found, options.seconds, page_cache=True)

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        f"\n### {datetime.date.today()}, commit {commit}: {found['counts'][0]:,} need sheets, "
        f"{found['counts'][1]:,} expert profiles (all languages), PostgreSQL, gunicorn 1 sync worker, "
        f"wrk 1 thread 4 connections {options.seconds} s\n",
        "| page | served | requests/s | p50 | p99 | server CPU per request | queries | non-2xx |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['mode']} | {row['rate']:.0f} | {row['p50']:.1f} ms | {row['p99']:.1f} ms "
            f"| **{row['cpu_ms']:.1f} ms** | {row['queries']} | {row['errors']} |"
        )
    table = "\n".join(lines)
    print(table)
    with (ROOT / "docs" / "benchmarks.md").open("a") as doc:
        doc.write(table + "\n")


def measure(env, found, seconds, page_cache):
    """Serve with gunicorn (one sync worker) and hammer each page: with the anonymous page cache
    on (what a visitor gets) or off (what rendering a page costs)."""
    env = dict(env, PAGE_CACHE_SECONDS="300" if page_cache else "0")
    mode = "page cache (anonymous)" if page_cache else "rendered"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            "cds/gunicorn.conf.py",
            "cds.wsgi",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{PORT}",
        ],
        cwd=ROOT,
        env=env,
    )
    rows = []
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=5)
                break
            except OSError:
                time.sleep(1)
        worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
        targets = [
            *found["pages"],
            {"name": "static file, same size as the need sheet", "url": "/static/bench-static.html", "queries": 0},
        ]
        for page in targets:
            url = f"http://127.0.0.1:{PORT}{page['url']}"
            for _ in range(5):
                with urllib.request.urlopen(url, timeout=30) as response:
                    assert response.status == 200, url
                    response.read()
            before = cpu_seconds(worker)
            result = wrk(url, seconds)
            cpu_ms = (cpu_seconds(worker) - before) * 1000 / max(result["requests"], 1)
            queries = 0 if page_cache or page["url"].startswith("/static/") else page["queries"]
            rows.append({**page, **result, "cpu_ms": cpu_ms, "mode": mode, "queries": queries})
            print(f"{page['name']} ({mode}): {result['rate']:.0f} req/s, {cpu_ms:.1f} ms CPU", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return rows


if __name__ == "__main__":
    main()
