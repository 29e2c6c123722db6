"""A page the search engine could not answer is a 503 with `Retry-After`, not a 200: browsers,
proxies and crawlers then neither keep nor index the "search unavailable" message, and
monitoring sees the outage. The page itself still says so in the visitor's language."""

from django.utils.cache import add_never_cache_headers

RETRY_AFTER_SECONDS = 60


def outage_response(response):
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class SearchOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "search_outage", False) and response.status_code == 200:
            return outage_response(response)
        return response
