"""A version number for published content. What is computed from many pages (facet counts,
the main menu) is cached under it, and any publication, unpublication or deletion of a page
moves it on (pages/signals.py), so nothing cached is ever stale.

An emptied cache (a restarted Redis) starts the numbering again from the time, in microseconds,
not from 1: no number is given twice, so what a process keeps by version (the themes of
pages/templatetags/cds_tags.py) is never taken for a later content's.

A request reads the version once (`RequestReads`), and so the values `kept` in the cache for
good (the site's languages, whether any page is private): a page of twenty cards asked the
cache for them some 110 times, a round trip each to Redis. The version a request starts with
is the one it renders with, unless it moves it on itself."""

import hashlib
import time

from asgiref.local import Local
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.dispatch import Signal, receiver
from django.utils.translation import get_language

VERSION_KEY = "cds:content-version"

# Sent by the cache backend (cds/cache.py) with `backend`, once Redis answers after writes to it
# were lost: what was cached before the outage is then forgotten (`forget_what_an_outage_hid`).
cache_recovered = Signal()
TIMEOUT = 600


def first_version():
    return time.time_ns() // 1_000


_request = Local()  # what the request under way has read (`RequestReads`), per thread


def read_once(name, read):
    """`read()`, kept for the rest of the request under way; read afresh outside a request
    (commands, tasks, tests' own code)."""
    reads = getattr(_request, "reads", None)
    if reads is None:
        return read()
    if name not in reads:
        reads[name] = read()
    return reads[name]


def read_again(name):
    """Forget what the request under way read of `name`: it changed it."""
    reads = getattr(_request, "reads", None)
    if reads is not None:
        reads.pop(name, None)


_kept_keys = set()  # every key `kept` was asked for in this process


def kept(key, compute):
    """`compute()`, kept in the cache with no expiry until `forget(key)` (when what it is
    computed from changes), and read from it once per request."""

    _kept_keys.add(key)

    def read():
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, None)
        return value

    return read_once(key, read)


def forget(key):
    """What `kept(key, …)` computed is to be computed again, by this request too."""
    cache.delete(key)
    read_again(key)


class RequestReads:
    """Middleware: what `read_once` reads is kept for one request, and forgotten after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        outer = getattr(_request, "reads", None)  # a request made within one: a preview
        _request.reads = {}
        try:
            return self.get_response(request)
        finally:
            _request.reads = outer


def version():
    return read_once(VERSION_KEY, lambda: cache.get_or_set(VERSION_KEY, first_version, None))


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (evicted, or a fresh cache)
        cache.set(VERSION_KEY, first_version(), None)
    read_again(VERSION_KEY)


def key(*parts):
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"cds:content:{version()}:{digest}"


def fragment_cached(name, *parts):
    """Whether the template fragment `{% cache … name *parts LANGUAGE_CODE content_version %}`
    is in the cache: a page then skips reading what only that fragment shows."""

    return cache.get(make_template_fragment_key(name, [*parts, get_language(), version()])) is not None


@receiver(cache_recovered)
def forget_what_an_outage_hid(backend, **kwargs):
    """Redis answers again after this process could not write to it: a publication's bump or a
    kept value's invalidation may have been lost, so what Redis kept from before the outage is
    forgotten (a new content version, the kept values read again)."""
    backend.set(VERSION_KEY, first_version(), None)
    backend.delete_many(list(_kept_keys))
