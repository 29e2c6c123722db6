"""Health endpoints for the proxy and the orchestrator; never cached, never secret.

- `/health/live/`: the process answers (200).
- `/health/ready/`: JSON of each service the platform uses: the database (required: 503 without
  it), the cache, the search engine and the mail queue (depth, age of the oldest waiting
  message, failed messages). A cache or search outage slows or limits pages without stopping
  them, so the platform stays ready (200, `"status": "degraded"`). No address, password or
  message content is shown.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult
from wagtail.search.backends import get_search_backend

from outbox.backend import QUEUE
from outbox.models import OutgoingEmail

logger = logging.getLogger(__name__)


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "engine": connection.vendor}


def check_cache():
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return {"ok": ping(), "engine": "redis"}
    return {"ok": True, "engine": "local memory"}


def check_search():
    backend = get_search_backend()
    es = getattr(backend, "es", None)
    if es is None:
        return {"ok": True, "engine": "database"}
    return {"ok": bool(es.ping()), "engine": "elasticsearch"}


def check_queue():
    waiting = DBTaskResult.objects.ready().filter(queue_name=QUEUE)
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "ok": True,
        "depth": waiting.count(),
        "oldest_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else None,
        "emails_retrying": OutgoingEmail.objects.filter(status=OutgoingEmail.Status.RETRYING).count(),
        "emails_failed": OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count(),
    }


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search, "queue": check_queue}


@never_cache
def ready(request):
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:  # a readiness report names what failed, it never fails itself
            logger.warning("Readiness: %s unavailable (%s)", name, type(error).__name__)
            report[name] = {"ok": False, "error": type(error).__name__}
    if not report["database"]["ok"] or not report["queue"]["ok"]:
        status, code = "unavailable", 503
    elif all(part["ok"] for part in report.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, **report}, status=code)
