"""A version number for published content. What is computed from many pages (facet counts,
the main menu) is cached under it, and any publication, unpublication or deletion of a page
moves it on (pages/signals.py), so nothing cached is ever stale.

An emptied cache (a restarted Redis) starts the numbering again from the time, in microseconds,
not from 1: no number is given twice, so what a process keeps by version (the themes of
pages/templatetags/cds_tags.py) is never taken for a later content's."""

import hashlib
import time

from django.core.cache import cache

VERSION_KEY = "cds:content-version"
TIMEOUT = 600


def first_version():
    return time.time_ns() // 1_000


def version():
    return cache.get_or_set(VERSION_KEY, first_version, None)


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (evicted, or a fresh cache)
        cache.set(VERSION_KEY, first_version(), None)


def key(*parts):
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"cds:content:{version()}:{digest}"


def fragment_cached(name, *parts):
    """Whether the template fragment `{% cache … name *parts LANGUAGE_CODE content_version %}`
    is in the cache: a page then skips reading what only that fragment shows."""
    from django.core.cache.utils import make_template_fragment_key
    from django.utils.translation import get_language

    return cache.get(make_template_fragment_key(name, [*parts, get_language(), version()])) is not None
