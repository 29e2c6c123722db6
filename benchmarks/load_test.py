"""Load held (issue #35.7): gunicorn with several workers, PostgreSQL and Redis on this machine,
100 simulated people for five minutes (70 % anonymous pages, 25 % members' pages, 5 % offers of
help and messages, each queuing an email), then the same with Redis stopped for one minute in
the middle. Reports errors, latency percentiles per kind of request, the emails delivered, how
long after Redis came back pages were served from the cache again, and each worker's memory.

    .venv/bin/python benchmarks/load_test.py [--users 100] [--seconds 300] [--workers 3] [--reuse]
        [--experts 0]

locust runs from its own virtualenv (.venv-bench, benchmarks/requirements-load.txt: its urllib3
does not fit the Elasticsearch client's). BENCH_LOAD_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/cds_load) is dropped and re-created unless --reuse finds the
data there. Its own Redis (port 6391) and SMTP server (port 8025) are started and stopped here;
the machine's services are never touched. `--experts 100000` adds the scale dataset first, to
read the workers' memory with the search's kept indexes at that size. Never a test assertion.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).parent))
from search_latency import production_env, recreate_database, run

ROOT = Path(__file__).resolve().parent.parent
PORT, REDIS_PORT, SMTP_PORT = 8014, 6391, 8025
BENCH_VENV = ROOT / ".venv-bench"

ACCOUNTS = r"""
import json
import django
django.setup()
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from experts.models import ExpertDirectoryPage, ExpertPrivateDetails, ExpertProfilePage
from needs.models import NeedPage
from pages.models import TerritoryPage
directory = ExpertDirectoryPage.objects.get(locale=Locale.get_default())
accounts = []
for number in range(%(count)d):
    email = f"charge-{number}@diaspora.invalid"
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = get_user_model().objects.create_user(f"charge-{number}", email, "Charge-2027-Tiznit")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        profile = directory.add_child(instance=ExpertProfilePage(title=f"Experte de charge {number}", headline="Ingénieure", country="FR", city="Lyon"))
        profile.save_revision().publish()
        ExpertPrivateDetails.objects.create(profile=profile, owner=user, email=email)
    accounts.append(f"{email}:Charge-2027-Tiznit")
needs = NeedPage.objects.live().filter(locale=Locale.get_default(), owner__username="cds-demo-content")
experts = ExpertProfilePage.objects.live().filter(locale=Locale.get_default(), owner__username="cds-demo-content")
commune = TerritoryPage.objects.get(hcp_code="09.581.01.07", locale=Locale.get_default())
pages = ["/", "/besoins/", "/experts/", "/recits/", "/impact/", "/ressources/", "/agenda/", "/reseaux/",
         "/ar/", "/ar/besoins/", "/en/experts/", "/besoins/?theme=eau-potable", "/recherche/?q=eau", commune.url,
         *[need.url for need in needs[:20]], *[expert.url for expert in experts[:10]]]
# Offers go to needs still open whose commune has someone to tell (each offer and message queues an email).
from community.offers import accepts_offers, commune_recipients
writable = [need.pk for need in needs if accepts_offers(need) and commune_recipients(need)]
print(json.dumps({"accounts": accounts, "needs": writable, "pages": pages}))
"""

OUTBOX = r"""
import json
import django
django.setup()
from django.db.models import Count
from outbox.models import OutgoingEmail
print(json.dumps(dict(OutgoingEmail.objects.values_list("status").annotate(n=Count("id")))))
"""


class Counter:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def manage(env, *args, capture=False):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=capture, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr if capture else ''}")
    return result.stdout


def python(env, code):
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_redis():
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process


def wait_for(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers_of(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def outage(redis_holder, start_after, length, report):
    """Stop Redis `start_after` seconds in, start it again `length` seconds later, then time
    how long until the home page comes from the cache again."""
    time.sleep(start_after)
    redis_holder[0].terminate()
    redis_holder[0].wait()
    report["stopped_at"] = start_after
    time.sleep(length)
    redis_holder[0] = start_redis()
    back = time.perf_counter()
    while time.perf_counter() - back < 120:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=10) as response:
            if response.headers.get("X-Page-Cache") == "hit":
                report["cache_back_after_s"] = round(time.perf_counter() - back, 1)
                return
        time.sleep(0.5)


def one_run(env, data, args, label, with_outage):
    redis_holder = [start_redis()]
    smtp = Counter()
    controller = Controller(smtp, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    manage(env, "shell", "-c", "from outbox.models import OutgoingEmail; OutgoingEmail.objects.all().delete()")
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-c",
            "cds/gunicorn.conf.py",
            "cds.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--backend", "mail", "--queue-name", "mail", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    report = {}
    try:
        wait_for(f"http://127.0.0.1:{PORT}/health/live/")
        if with_outage:
            threading.Thread(
                target=outage, args=(redis_holder, args.seconds // 2 - 30, 60, report), daemon=True
            ).start()
        stats = Path(tempfile.mkdtemp()) / "stats"
        locust_env = dict(
            os.environ,
            LOAD_PAGES=",".join(data["pages"]),
            LOAD_ACCOUNTS=",".join(data["accounts"]),
            LOAD_NEEDS=",".join(map(str, data["needs"])),
        )
        subprocess.run(
            [
                str(BENCH_VENV / "bin/locust"),
                "-f",
                "benchmarks/locustfile.py",
                "--headless",
                "-u",
                str(args.users),
                "-r",
                "20",
                "-t",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(stats),
                "--only-summary",
                # The figures start once the 100 are all there: the 30 logins (PBKDF2, 0.4 s of
                # CPU each) of the first seconds are the start of a run, not its load.
                "--reset-stats",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=locust_env,
            check=False,
        )
        report["rss_mb"] = [round(rss_mb(pid)) for pid in workers_of(gunicorn.pid)]
        deadline = time.time() + 180
        while time.time() < deadline:
            statuses = python(env, OUTBOX)
            if not statuses.get("queued") and not statuses.get("retrying"):
                break
            time.sleep(2)
        report["emails"] = statuses
        report["smtp_received"] = smtp.received
        with open(f"{stats}_stats.csv") as handle:
            report["requests"] = [
                {
                    "name": row["Name"],
                    "count": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50": row["50%"],
                    "p95": row["95%"],
                    "p99": row["99%"],
                    "rps": round(float(row["Requests/s"]), 1),
                }
                for row in csv.DictReader(handle)
            ]
        with open(f"{stats}_failures.csv") as handle:
            report["failures"] = [
                {"name": row["Name"], "error": row["Error"][:120], "count": row["Occurrences"]}
                for row in csv.DictReader(handle)
            ]
    finally:
        for process in (worker, gunicorn):
            process.send_signal(signal.SIGTERM)
            process.wait(30)
        redis_holder[0].terminate()
        redis_holder[0].wait()
        controller.stop()
    print(f"\n== {label}\n" + json.dumps(report, indent=1, ensure_ascii=False), flush=True)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--experts", type=int, default=0)
    parser.add_argument("--accounts", type=int, default=30)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--only", choices=["steady", "outage", "setup"])
    args = parser.parse_args()
    if not (BENCH_VENV / "bin/locust").exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run(
            [str(BENCH_VENV / "bin/pip"), "install", "-q", "-r", str(ROOT / "benchmarks/requirements-load.txt")],
            check=True,
        )
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is needed (Debian's redis-server package)")
    database_url = os.environ.get("BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cds_load")
    static_root = Path(tempfile.mkdtemp())
    env = production_env(database_url, static_root)
    env.update(
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(SMTP_PORT),
        RATE_LIMITS="false",
        SECURE_COOKIES="false",
        API_RATE_LIMIT="100000/min",
        PAGE_CACHE_SECONDS="300",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{PORT}",
    )
    env_setup = dict(env, REDIS_URL="")
    if not args.reuse:
        recreate_database(database_url)
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["setup_site"],
            ["import_territories"],
            ["seed_demo"],
            ["seed_community_demo"],
            ["seed_learning_demo"],
        ):
            run(command, env_setup, label=" ".join(command))
        if args.experts:
            run(
                ["generate_scale_data", "--experts", str(args.experts), "--needs", "0"],
                env_setup,
                label="generate_scale_data",
            )
            run(["update_index"], env_setup, label="update_index")
    manage(env_setup, "collectstatic", "--no-input", "-v0")
    data = python(env_setup, ACCOUNTS % {"count": args.accounts})
    results = {}
    if args.only == "setup":
        return
    if args.only != "outage":
        results["steady"] = one_run(env, data, args, "steady load", with_outage=False)
    if args.only != "steady":
        results["outage"] = one_run(env, data, args, "Redis stopped for a minute in the middle", with_outage=True)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
