"""Whole pages for anonymous visitors, from the cache.

Most page views are anonymous: a visitor on a phone, a search engine, a partner's link. Their
pages are the same for everyone in a language, so the rendered HTML is kept in the cache under
the content version (core/cache.py), the host, the path and the query: a publication, an
unpublication, a deletion, an offer's change of status or a change of the impact settings moves
the version on, and every cached page is forgotten at once. Anything personal is never cached:
a request with a session or message cookie goes through, and so does a response that sets a
cookie (a form's CSRF token) or is not a plain 200 HTML page.

What a visitor cannot grow or poison:
- the host is validated (ALLOWED_HOSTS) before the cache is read, and is part of the key;
- only the query parameters pages read (`PAGE_CACHE_PARAMS`) make a page of their own; a
  request with any other parameter (`/?junk=1`) is rendered, never stored, and marketing tags
  (`utm_*`, `fbclid`…) are left out of the key;
- at most `PAGE_CACHE_MAX_ENTRIES` pages are stored per content version: past it, pages are
  rendered and not stored, so one client crawling endless URLs cannot push out useful entries;
- a page shown while the search engine is unreachable (`request.search_outage`) is never
  stored.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from . import cache as content

SKIPPED_PREFIXES = ("/admin", "/api/", "/documents/", "/static/", "/media/", "/i18n/", "/health/")
SKIPPED_PARTS = ("/espace/", "/compte/", "/recherche/suggestions/")
PERSONAL_COOKIES = ("sessionid", "messages")
IGNORED_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid", "gclid")


def cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return False
    path = request.path
    if path.startswith(SKIPPED_PREFIXES) or any(part in path for part in SKIPPED_PARTS):
        return False
    return all(name in settings.PAGE_CACHE_PARAMS or name in IGNORED_PARAMS for name in request.GET)


def page_key(request, host):
    params = sorted(
        (name, value) for name in request.GET if name not in IGNORED_PARAMS for value in request.GET.getlist(name)
    )
    identity = f"{host}\n{request.is_secure()}\n{request.path}\n{urlencode(params)}"
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"cds:page:{content.version()}:{digest}"


def make_room(version):
    """Whether one more page may be stored under this content version (`PAGE_CACHE_MAX_ENTRIES`)."""
    counter = f"cds:page-count:{version}"
    cache.add(counter, 0, settings.PAGE_CACHE_SECONDS + 60)
    try:
        return cache.incr(counter) <= settings.PAGE_CACHE_MAX_ENTRIES
    except ValueError:  # the cache lost the counter, or is unreachable: store nothing
        return False


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        try:
            host = request.get_host()  # never answer from the cache what Django would refuse
        except DisallowedHost:
            return self.get_response(request)
        key = page_key(request, host)
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
            and not getattr(request, "search_outage", False)
            and make_room(content.version())
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
