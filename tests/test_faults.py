"""Issue #35: when Redis, the mail server or the search engine fails, pages still answer and
nothing a user did is lost. Each test starts (and stops) its own server; the machine's shared
services are never touched."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from community.offers import create_offer
from outbox.models import OutgoingEmail
from tests.community_fixtures import PASSWORD, make_expert, make_member
from tests.smtp import smtp_inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own, on a port of its own."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)

    def command(self, *args):
        import redis

        return redis.Redis(port=self.port).execute_command(*args)


@pytest.fixture
def own_redis(settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = OwnRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "cds.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"RETRY_AFTER": 0, "socket_timeout": 0.3},
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    yield server
    if server.process.poll() is None:
        server.stop()


PUBLIC_PAGES = ["/", "/besoins/", "/experts/", "/recherche/?q=eau", "/compte/login/", "/impact/", "/ar/besoins/"]
APIS = ["/api/v2/pages/", "/api/v3/needs/search/"]


def test_redis_down_every_page_answers_from_the_database(client, own_redis, need, caplog):
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == 200
    assert client.get("/").get("X-Page-Cache") == "hit"
    own_redis.stop()
    caplog.set_level(logging.ERROR, logger="cds.cache")
    for url in PUBLIC_PAGES + APIS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Page-Cache") != "hit"
    assert need.title in client.get(need.url).content.decode()
    # Logged once, not once a request (or once a cache call).
    assert caplog.text.count("Cache unreachable") == 1


def test_redis_down_members_log_in_and_editors_publish(client, own_redis, need, manager):
    own_redis.stop()
    make_member("samira@diaspora.invalid")
    client.post("/compte/login/", {"login": "samira@diaspora.invalid", "password": PASSWORD})
    assert "_auth_user_id" in client.session
    assert client.get("/espace/").status_code == 200
    need.title = "Adduction d'eau publiée sans cache"
    need.save_revision(user=manager).publish()
    assert "publiée sans cache" in client.get("/besoins/").content.decode()


def test_redis_back_after_missed_writes_never_serves_stale_pages(client, own_redis, need, manager):
    """Redis keeps its data but cannot be reached a while (a network fault): a publication made
    meanwhile must show once it answers again, not the page cached before."""
    client.get("/besoins/")
    assert client.get("/besoins/").get("X-Page-Cache") == "hit"
    own_redis.command("CLIENT", "PAUSE", "1500", "ALL")
    need.title = "Titre changé pendant la panne"
    need.save_revision(user=manager).publish()  # its version bump cannot reach Redis
    time.sleep(1.6)
    client.get("/")  # Redis answers again: what the outage hid is forgotten
    assert "Titre changé pendant la panne" in client.get("/besoins/").content.decode()


def test_redis_restarted_is_used_again(client, own_redis):
    own_redis.stop()
    client.get("/")
    own_redis.start()
    client.get("/besoins/")
    assert client.get("/besoins/").get("X-Page-Cache") == "hit"


# --- Mail: the outbox, the queue and the worker ----------------------------------------------


@pytest.fixture
def real_queue(settings, monkeypatch):
    """The mail queue on django-tasks' database backend, as in production. The worker runs in
    the test's transaction: like Django's test client with requests, it must not close the
    connection between jobs (on PostgreSQL that would end the test's transaction)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "mail": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail"]},
    }
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", "--backend", "mail", "--queue-name", "mail", "--batch", "--no-startup-delay", verbosity=0)


def test_mail_server_down_the_offer_is_saved_and_its_email_arrives_later(
    client, real_queue, smtp_inbox, settings, need, directory, tiznit_editor, caplog
):
    tiznit_editor.email = "agent@tiznit.invalid"
    tiznit_editor.save()
    caplog.set_level(logging.WARNING)
    user, _profile = make_expert(directory, "samira@diaspora.invalid", title="Samira Test")
    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # the mail server is down
    client.force_login(user)
    response = client.post(
        f"/espace/besoins/{need.pk}/aider/",
        {"kind": "skills", "message": "Je peux aider sur l'étude hydraulique.", "hours": "10"},
    )
    assert response.status_code == 302  # the expert's offer is saved, whatever the mail server does
    offer = need.offers.get()
    queued = OutgoingEmail.objects.get(recipients="agent@tiznit.invalid")
    assert queued.status == OutgoingEmail.Status.QUEUED
    run_worker()  # the server is down: the message waits for its next attempt
    queued.refresh_from_db()
    assert queued.status == OutgoingEmail.Status.RETRYING
    assert queued.attempts == 1 and queued.next_attempt_at is not None
    assert smtp_inbox.messages == []
    settings.EMAIL_PORT = live_port  # the server is back
    DBTaskResult.objects.filter(status="READY").update(run_after=queued.created_at)  # time passes
    run_worker()
    queued.refresh_from_db()
    assert queued.status == OutgoingEmail.Status.SENT
    assert queued.message == {}  # what it said is not kept once delivered
    assert [m["to"] for m in smtp_inbox.messages] == [["agent@tiznit.invalid"]]
    assert offer.pk


def test_email_and_change_are_one_transaction(real_queue, need, directory, tiznit_editor):
    """An offer rolled back takes its queued email with it; nothing is sent before commit."""
    from django.db import transaction

    user, profile = make_expert(directory, "samira@diaspora.invalid", title="Samira Test")
    with pytest.raises(RuntimeError), transaction.atomic():
        create_offer(need=need, expert=profile, user=user, kind="skills", message="Bonjour")
        assert OutgoingEmail.objects.exists()
        assert mail.outbox == []  # queued, not sent
        raise RuntimeError("the request failed after the offer")
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_failed_message_is_resent_by_the_community_manager(client, real_queue, smtp_inbox, settings, manager):
    from django.core.mail import send_mail

    from outbox.backend import RETRY_DELAYS

    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    send_mail("Rappel", "Votre atelier commence demain.", None, ["membre@diaspora.invalid"])
    queued = OutgoingEmail.objects.get()
    for _attempt in range(len(RETRY_DELAYS) + 1):
        DBTaskResult.objects.filter(status="READY").update(run_after=queued.created_at)
        run_worker()
    queued.refresh_from_db()
    assert queued.status == OutgoingEmail.Status.FAILED
    client.force_login(manager)
    listing = client.get("/admin/outbox/").content.decode()
    assert "Rappel" in listing and "Renvoyer" in listing
    settings.EMAIL_PORT = live_port
    assert client.get(f"/admin/outbox/{queued.pk}/resend/").status_code == 200
    client.post(f"/admin/outbox/{queued.pk}/resend/")
    run_worker()
    queued.refresh_from_db()
    assert queued.status == OutgoingEmail.Status.SENT
    assert len(smtp_inbox.messages) == 1


def test_only_the_community_manager_sees_the_outbox(client, tiznit_editor):
    from django.core.mail import send_mail

    send_mail("Lien de réinitialisation", "secret", None, ["membre@diaspora.invalid"])
    queued = OutgoingEmail.objects.get()
    client.force_login(tiznit_editor)
    assert client.get("/admin/outbox/").status_code in (302, 403)
    assert client.post(f"/admin/outbox/{queued.pk}/resend/").status_code in (302, 403)  # refused
    queued.refresh_from_db()
    assert queued.attempts == 1  # delivered once, not sent again


# --- The page cache: bounded, never poisoned -----------------------------------------------


def test_unused_parameters_make_no_new_entry(client, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    client.get("/")
    keys_before = len(cache._cache)
    for number in range(20):
        response = client.get("/", {"junk": number})
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert len(cache._cache) == keys_before
    client.get("/", {"utm_source": "newsletter"})
    assert client.get("/", {"utm_source": "autre"})["X-Page-Cache"] == "hit"


def test_one_client_cannot_grow_the_page_cache_past_its_cap(client, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_MAX_ENTRIES = 5
    for number in range(30):
        assert client.get("/besoins/", {"q": f"mot{number}"}).status_code == 200
    stored = [key for key in cache._cache if ":cds:page:" in key]
    assert len(stored) == 5


def test_a_cached_page_is_never_served_to_a_host_django_refuses(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get("/", HTTP_HOST="evil.test").status_code == 400
    settings.ALLOWED_HOSTS = ["testserver", "autre.example"]
    assert client.get("/", HTTP_HOST="autre.example").get("X-Page-Cache") != "hit"  # a key of its own


def test_the_host_is_part_of_the_page_key(rf):
    from core.middleware import page_key

    first = page_key(rf.get("/besoins/", HTTP_HOST="testserver"), "testserver")
    other = page_key(rf.get("/besoins/", HTTP_HOST="autre.example"), "autre.example")
    assert first != other


def test_search_outage_is_a_503_never_cached(client, settings, engine_down, need):
    settings.PAGE_CACHE_SECONDS = 300
    engine_down()
    for url in ("/besoins/?q=eau", "/recherche/?q=eau", "/api/v2/pages/?search=eau", "/api/v3/needs/search/?q=eau"):
        first = client.get(url)
        assert first.status_code == 503, url
        assert first["Retry-After"] == "60"
        assert client.get(url).get("X-Page-Cache") != "hit"


# --- Health ------------------------------------------------------------------------------------


def test_health_endpoints(client, real_queue):
    from django.core.mail import send_mail

    assert client.get("/health/live/").json() == {"status": "ok"}
    send_mail("Bonjour", "texte", None, ["membre@diaspora.invalid"])
    report = client.get("/health/ready/")
    assert report.status_code == 200
    data = report.json()
    assert data["database"]["ok"] and data["cache"]["ok"] and data["search"]["ok"]
    assert data["queue"]["depth"] == 1 and data["queue"]["oldest_seconds"] is not None
    assert "membre@" not in report.content.decode() and "PASSWORD" not in report.content.decode()


def test_health_reports_a_cache_outage_as_degraded(client, own_redis):
    own_redis.stop()
    data = client.get("/health/ready/").json()
    assert data["status"] == "degraded"
    assert data["cache"] == {"ok": False, "engine": "redis"}
    assert str(own_redis.port) not in str(data)
