"""The search accelerator: facet tallies and the index each web process keeps (README.md
here). The platform calls only these functions. With `SEARCH_ACCELERATOR` off (always with
Elasticsearch) they answer None or do nothing, the engine answers the searches, and the
modules that keep the state are never imported."""

import sys
from contextlib import nullcontext

from django.conf import settings


def enabled():
    return settings.SEARCH_ACCELERATOR


def counts(model, locale, fields, flags):
    """The facet counts of every published page of `model` in `locale`'s view, kept as pages
    change: (total, {field: {value: count}}, {flag: count}), or None."""
    if not enabled():
        return None
    from . import tallies  # only when on

    return tallies.counts(model, locale, fields, flags)


def search(model, locale, query, filters, base_queryset):
    """A search answered from the index this process keeps (a KeptSearch), or None where it
    cannot answer: off, not PostgreSQL, a private page, the model's tallies not built."""
    if not enabled():
        return None
    from . import bitmaps  # only when on

    return bitmaps.search(model, locale, query, filters, base_queryset)


def connect():
    """Keep the tallies as pages change (search/apps.py, once the app registry is loaded)."""
    if enabled():
        from . import signals  # only when on

        signals.connect()


def warm():
    """Load the kept index before a web worker's first request (cds/gunicorn.conf.py)."""
    if enabled():
        from . import bitmaps  # only when on

        bitmaps.warm()


def forget():
    """Drop what this process keeps (tests: their database rolls back)."""
    bitmaps = sys.modules.get(f"{__name__}.bitmaps")
    if bitmaps is not None:
        bitmaps.forget()


def rebuild():
    """Count every facet again: [(model, pages counted)] (rebuild_facet_tallies, restore)."""
    from . import tallies  # the tables exist whatever the setting: keep them whole

    return [(model, tallies.rebuild(model)) for model in tallies.discoveries()]


def pause():
    """Leave the tallies alone in this thread during a bulk load; `rebuild()` after."""
    if not enabled():
        return nullcontext()
    from . import tallies  # only when on

    return tallies.pause()
