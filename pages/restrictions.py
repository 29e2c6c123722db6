"""Page view restrictions (private pages) cost two queries on every page view and one on every
`.public()` listing, even on a site that has none. Whether any exists is kept in the cache,
forgotten whenever one is added or removed (pages/signals.py): while there are none, nothing is
asked of the database."""

from django.core.cache import cache
from wagtail.models import PageViewRestriction

EXIST_KEY = "cds:page-view-restrictions-exist"


def restrictions_exist():
    exist = cache.get(EXIST_KEY)
    if exist is None:
        exist = PageViewRestriction.objects.exists()
        cache.set(EXIST_KEY, exist, None)
    return exist


def forget():
    cache.delete(EXIST_KEY)


def public(queryset):
    """`queryset.public()`, without its query while no page is restricted."""
    return queryset.public() if restrictions_exist() else queryset
