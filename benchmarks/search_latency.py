"""Faceted search latency at scale: 100,000 experts and 20,000 need sheets over all 1,503
communes, on PostgreSQL full text and on Elasticsearch, next to a trivial page.

    .venv/bin/python benchmarks/search_latency.py [--experts 100000] [--needs 20000] [--runs 40]

Needs the PostgreSQL server of the machine (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/cds_bench — the database is dropped and re-created) and
starts Elasticsearch with scripts/elasticsearch.sh. Each request goes through the whole Django
stack in-process (production settings, templates rendered); the figures are wall-clock times
of that, per request, after two warm-up requests, in three states: *cold* (every cache emptied
before each request, the words' rankings each process keeps included: words never searched
before), *first search* (a profile and a need sheet published with a facet value changed, every
cache emptied but the words' rankings, which read the change, then the trivial page visited
first: the first time a search is made after a publication, on a site someone is browsing) and
*warm* (the search made before). Prints a Markdown table for docs/benchmarks.md. Never used as a test
assertion.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [
    ("trivial page (about)", "/a-propos/"),
    ("needs: no filter", "/besoins/"),
    ("needs: text « eau »", "/besoins/?q=eau"),
    ("needs: theme + region", "/besoins/?theme=eau-potable&region=09"),
    ("needs: text + type + status", "/besoins/?q=formation&type=skills&status=seeking"),
    ("needs: skill + province, by deadline", "/besoins/?skill=hydraulique&region=09&province=09.581&sort=deadline"),
    ("experts: no filter", "/experts/"),
    ("experts: text « ingénieur »", "/experts/?q=ing%C3%A9nieur"),
    ("experts: skill + language", "/experts/?skill=hydraulique&language=fr"),
    ("experts: theme + country + mode", "/experts/?theme=sante&country=FR&mode=remote_advice"),
    ("site search « tiznit »", "/recherche/?q=tiznit"),
]

MEASURE = r"""
import json, runpy, statistics, sys, time
import django
django.setup()
runpy.run_path("cds/gunicorn.conf.py")["post_worker_init"](None)  # what a gunicorn worker does first
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from experts.models import ExpertProfilePage
from needs.models import NeedPage
from search.accelerator import bitmaps
runs = int(sys.argv[1])
queries = json.loads(sys.argv[2])
client = Client()
out = []


def publish_a_change():
    # A profile and a need sheet published again, one of their facet values changed: the
    # content caches are emptied, and each process's facet index (search/accelerator/bitmaps.py) has a
    # change to read before it answers.
    for page, flag in (
        (ExpertProfilePage.objects.live().order_by("pk").first(), "offers_introductions"),
        (NeedPage.objects.live().order_by("pk").first(), "needs_equipment"),
    ):
        setattr(page, flag, not getattr(page, flag))
        page.save_revision().publish()


for label, url in queries:
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    result = {"label": label, "url": url}
    for state in ("cold", "first", "warm"):
        times = []
        for _ in range(runs):
            if state == "cold":
                bitmaps.forget_rankings()  # no words ranked yet: a new worker, or new words
            if state != "warm":
                cache.clear()  # every cache empty, as after a publication or a restart
            if state == "first":
                # The first time this search is made since a publication, once a visitor has
                # seen any page: the site's own caches (menu, site) are warm, the search's not.
                publish_a_change()
                cache.clear()
                client.get(queries[0][1])
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        result[state + "_p50"] = statistics.median(times)
        result[state + "_p95"] = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    result["queries"] = len(captured)
    out.append(result)
print(json.dumps(out))
"""


def run(args, env, label=None):
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if label:
        print(f"{label}: {seconds:.1f} s", flush=True)
    return seconds


def production_env(database_url, static_root):
    """The environment of a benchmark run: production settings on `database_url`, the database
    search backend, and no anonymous page cache (what is measured is rendering)."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cds.settings.production",
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="testserver,127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PAGE_CACHE_SECONDS="0",
        EMAIL_HOST="127.0.0.1",  # production settings need one; the benchmarks send nothing
    )
    env.pop("ELASTICSEARCH_URL", None)
    return env


def recreate_database(url):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def vacuum(url):
    """What autovacuum does to a database in service some time after a bulk load: statistics
    for the planner, and the visibility map that lets index-only scans skip the tables."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s", flush=True)


def measure(env, runs, queries=QUERIES):
    """[{label, url, cold_p50, cold_p95, first_p50, ...}] for `queries`, [(label, url)], the first
    one the trivial page that "first search" visits before each request."""
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(runs), json.dumps(queries)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--measure-only", action="store_true", help="reuse the database and indexes of an earlier run")
    parser.add_argument("--postgresql-only", action="store_true", help="measure the database backend only")
    options = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cds_bench")
    static_root = tempfile.mkdtemp(prefix="cds-bench-static-")
    env = production_env(database_url, static_root)
    if not options.measure_only:
        recreate_database(database_url)
        run(["migrate", "--no-input"], env, "migrate")
        run(["setup_site"], env, "setup_site")
        run(["import_territories"], env, "import_territories")
        run(
            ["generate_scale_data", "--experts", str(options.experts), "--needs", str(options.needs)],
            env,
            "generate_scale_data",
        )
        run(["update_index"], env, "update_index (PostgreSQL full text)")
        vacuum(database_url)
    run(["collectstatic", "--no-input"], env)
    results = {"PostgreSQL": measure(env, options.runs)}
    if options.postgresql_only:
        print_table(options, results)
        return

    es_url = subprocess.run(
        [str(ROOT / "scripts" / "elasticsearch.sh"), "start"], check=True, capture_output=True, text=True
    ).stdout.strip()
    es_env = dict(env, ELASTICSEARCH_URL=es_url, ELASTICSEARCH_INDEX_PREFIX="cds_bench_")
    try:
        if not options.measure_only:
            run(["update_index"], es_env, "update_index (Elasticsearch)")
        results["Elasticsearch"] = measure(es_env, options.runs)
    finally:
        subprocess.run([str(ROOT / "scripts" / "elasticsearch.sh"), "stop"], check=False)
    print_table(options, results)


def print_table(options, results):
    print(f"\n{options.experts:,} experts, {options.needs:,} need sheets, {options.runs} runs per URL, times in ms\n")
    print(
        "cold: every cache emptied before each request, the words' rankings a process keeps included "
        "(words never searched before); first search: a profile and a need sheet "
        "published (a facet value changed), every cache emptied but the words' rankings, then the trivial page visited first "
        "(the site's caches warm, the search's not); warm: the search asked before\n"
    )
    print(
        "| request | engine | cold p50 | cold p95 | first search p50 | first search p95 "
        "| warm p50 | warm p95 | queries |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for engine, rows in results.items():
        for row in rows:
            print(
                f"| {row['label']} | {engine} | {row['cold_p50']:.0f} | {row['cold_p95']:.0f} "
                f"| {row['first_p50']:.0f} | {row['first_p95']:.0f} "
                f"| {row['warm_p50']:.0f} | {row['warm_p95']:.0f} | {row['queries']} |"
            )


if __name__ == "__main__":
    main()
