"""One rate limit and one caching policy for the whole public API, v2 and v3 alike."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


def parse_rate(rate):
    """`120/min` → (120, 60)."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()]


class PublicAPIMiddleware:
    """Under /api/: at most API_RATE_LIMIT requests per client IP address and period (a clear
    JSON 429 with Retry-After beyond), and successful reads cacheable for a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        limit, period = parse_rate(settings.API_RATE_LIMIT)
        window = int(time.time() // period)
        key = f"cds:api-rate:{request.META.get('REMOTE_ADDR', '')}:{window}"
        cache.add(key, 0, period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, period + 1)
            count = 1
        if count > limit:
            retry_after = period - int(time.time() % period)
            response = JsonResponse(
                {"detail": f"Too many requests: at most {settings.API_RATE_LIMIT} per IP address. Retry later."},
                status=429,
            )
            response["Retry-After"] = str(retry_after)
            return response
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = "public, max-age=60"
        return response
