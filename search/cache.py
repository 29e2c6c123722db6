"""A version number for everything search shows. Facet counts are cached under it, and any
publication, unpublication or deletion of a page moves it on, so counts are never stale."""

import hashlib

from django.core.cache import cache

VERSION_KEY = "cds:search-version"
TIMEOUT = 600


def version():
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (evicted, or a fresh cache)
        cache.set(VERSION_KEY, 2, None)


def key(*parts):
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"cds:search:{version()}:{digest}"
