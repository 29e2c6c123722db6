"""The database planner's statistics, refreshed after a bulk load.

PostgreSQL's autovacuum gathers them some time after a load; SQLite never does. Without them
SQLite's planner guessed wrong on the search index right after `make setup`: for a word of the
site-wide search, it read each of the 6,392 territory pages' index entries and ran the
full-text match once per entry, instead of matching once and reading the few entries found
(a site search 0.4 s instead of 55 ms, the search box's suggestions 0.24 s instead of 19 ms:
docs/benchmarks.md). So the commands that load many rows end with `ANALYZE`.
"""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_statistics(using=DEFAULT_DB_ALIAS):
    """Gather the planner's statistics on every table (`ANALYZE`, on SQLite and PostgreSQL)."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
