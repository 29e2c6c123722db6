"""Wagtail's `update_index`, with a clear message when the search engine cannot be reached, and
on the database backend the planner's statistics refreshed after (core/planner.py)."""

from django.conf import settings
from django.core.management.base import CommandError
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from core.planner import refresh_statistics
from search.discovery import engine_unavailable, search_errors


class Command(WagtailUpdateIndex):
    def handle(self, *args, **options):
        try:
            super().handle(*args, **options)
        except search_errors() as error:
            if not engine_unavailable(error):
                raise
            raise CommandError(
                f"The search engine at {settings.ELASTICSEARCH_URL or 'the database'} cannot be reached "
                f"({type(error).__name__}). Start it, or unset ELASTICSEARCH_URL to search with the "
                "database, then run update_index again."
            ) from error
        if not settings.ELASTICSEARCH_URL:  # the index is the database's own table, just rewritten
            refresh_statistics()
