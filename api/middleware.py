"""One rate limit and one caching policy for the whole public API, v2 and v3 alike."""

from django.conf import settings
from django.http import JsonResponse
from django_ratelimit.core import get_usage


def client_address(group, request):
    return request.META.get("REMOTE_ADDR", "")


class PublicAPIMiddleware:
    """Under /api/: at most API_RATE_LIMIT requests per client IP address and period, counted
    by django-ratelimit like the site's other limits (a clear JSON 429 with Retry-After
    beyond; with the cache down, the API stays open), and successful reads cacheable for a
    minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        usage = get_usage(request, group="public-api", key=client_address, rate=settings.API_RATE_LIMIT, increment=True)
        if usage is not None and usage["should_limit"]:
            response = JsonResponse(
                {"detail": f"Too many requests: at most {settings.API_RATE_LIMIT} per IP address. Retry later."},
                status=429,
            )
            response["Retry-After"] = str(max(usage["time_left"], 1))
            return response
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = "public, max-age=60"
        return response
