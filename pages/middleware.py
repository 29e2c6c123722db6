"""Whole pages for anonymous visitors, from the cache.

Most page views are anonymous: a visitor on a phone, a search engine, a partner's link. Their
pages are the same for everyone in a language, so the rendered HTML is kept in the cache under
the content version (pages/cache.py) and the request's path and query: a publication, an
unpublication, a deletion, an offer's change of status or a change of the impact settings moves
the version on, and every cached page is forgotten at once. Anything personal is never cached:
a request with a session or message cookie goes through, and so does a response that sets a
cookie (a form's CSRF token) or is not a plain 200 HTML page.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from . import cache as content

SKIPPED_PREFIXES = ("/admin", "/api/", "/documents/", "/static/", "/media/", "/i18n/")
SKIPPED_PARTS = ("/espace/", "/compte/", "/recherche/suggestions/")
PERSONAL_COOKIES = ("sessionid", "messages")


def cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return False
    path = request.path
    return not path.startswith(SKIPPED_PREFIXES) and not any(part in path for part in SKIPPED_PARTS)


def page_key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"cds:page:{content.version()}:{digest}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
        ):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


class CachedSiteMiddleware:
    """Which Wagtail site answers a host, and its home page, read from the cache instead of the
    database on every request (Wagtail keeps the site on the request as `_wagtail_site`).
    Kept under the content version: a change of site or a publication moves it on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin"):
            return self.get_response(request)  # the editors' admin reads the site afresh
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 further on
        key = content.key("site", host, request.is_secure())
        site = cache.get(key)
        if site is None:
            site = Site.find_for_request(request)
            if site is not None:
                # The home page, specific, travels with the site: serving starts from it.
                site.root_page = site.root_page.specific
                cache.set(key, site, content.TIMEOUT)
        request._wagtail_site = site
        return self.get_response(request)
