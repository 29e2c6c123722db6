"""Page view restrictions (private pages) cost two queries on every page view and one on every
`.public()` listing, even on a site that has none. Whether any exists is kept in the cache,
forgotten whenever one is added or removed (pages/signals.py): while there are none, nothing is
asked of the database."""

from wagtail.models import PageViewRestriction

from . import cache

EXIST_KEY = "cds:page-view-restrictions-exist"


def restrictions_exist():
    return cache.kept(EXIST_KEY, PageViewRestriction.objects.exists)


def forget():
    cache.forget(EXIST_KEY)


def public(queryset):
    """`queryset.public()`, without its query while no page is restricted."""
    return queryset.public() if restrictions_exist() else queryset
