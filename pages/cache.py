"""A version number for published content. What is computed from many pages (facet counts,
the main menu) is cached under it, and any publication, unpublication or deletion of a page
moves it on (pages/signals.py), so nothing cached is ever stale."""

import hashlib

from django.core.cache import cache

VERSION_KEY = "cds:content-version"
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
    return f"cds:content:{version()}:{digest}"


def fragment_cached(name, *parts):
    """Whether the template fragment `{% cache … name *parts LANGUAGE_CODE content_version %}`
    is in the cache: a page then skips reading what only that fragment shows."""
    from django.core.cache.utils import make_template_fragment_key
    from django.utils.translation import get_language

    return cache.get(make_template_fragment_key(name, [*parts, get_language(), version()])) is not None
