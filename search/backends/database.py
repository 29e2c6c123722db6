"""Wagtail's database backend; on PostgreSQL, with facet counts in one statement.

Wagtail's `.facet(field)` repeats the search once per field. On PostgreSQL `facet_counts()`
runs it once, into a materialised common table expression that keeps each matching row's
own facet values (theme, territory codes, status, flags...), counts those there, and counts the
values across a relation (skills, themes, languages of a profile) with `.facet()`'s own query
restricted to the matching rows — all in one statement, the total with them. Same counts as
`.facet()` (tested). SQLite keeps `.facet()`: a development database, small.
"""

import json

from django.db import connections
from django.db.models import Count
from django.db.models.expressions import RawSQL
from modelsearch.backends import database
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import MatchAll

from . import filter_field


class PostgresSearchResults(postgres.PostgresSearchResults):
    def facet_counts(self, fields=(), flags=()):
        compiler = self.query_compiler
        for name in (*fields, *flags):
            filter_field(compiler, name)  # the error .facet() gives for a field that is not one
        matching = compiler.search(compiler.get_config(self.backend), None, None, backend=self.backend).order_by()
        # A row's own values travel with it; values across a relation are grouped apart.
        own = [name for name in fields if "__" not in name] + list(flags)
        sql, params = matching.values("pk", *own).query.sql_with_params()
        columns = ", ".join(["pk"] + [f"c{number}" for number in range(len(own))])
        statement = [
            f"WITH cds_matching ({columns}) AS MATERIALIZED ({sql})",
            "SELECT -1, NULL::jsonb, COUNT(*) FROM cds_matching",
        ]
        params = list(params)
        column = {name: f"c{number}" for number, name in enumerate(own)}
        if isinstance(compiler.query, MatchAll):
            # Nothing to match: `.facet()`'s query is as cheap as the matching rows.
            across = matching
        else:
            across = compiler.queryset.model._base_manager.filter(pk__in=RawSQL("SELECT pk FROM cds_matching", ()))
        for number, name in enumerate((*fields, *flags)):
            if name in flags:
                part = f"SELECT {number}, 'true'::jsonb, COUNT(*) FILTER (WHERE {column[name]}) FROM cds_matching"
            elif name in column:
                part = f"SELECT {number}, to_jsonb({column[name]}), COUNT(*) FROM cds_matching GROUP BY {column[name]}"
            else:
                grouped, group_params = (
                    across.values(name).annotate(cds_count=Count("pk")).order_by().query.sql_with_params()
                )
                part = (
                    f"SELECT {number}, to_jsonb(grouped.value), grouped.count FROM ({grouped}) AS grouped(value, count)"
                )
                params += group_params
            statement.append(part)
        rows = {number: {} for number in range(len(fields) + len(flags))}
        total = 0
        with connections[matching.db].cursor() as cursor:
            cursor.execute(statement[0] + " " + " UNION ALL ".join(statement[1:]), params)
            for number, value, count in cursor.fetchall():
                if number < 0:
                    total = count
                else:  # Django has psycopg hand JSON over as text; SQL's NULL is None
                    rows[number][None if value is None else json.loads(value)] = count
        counts = {name: rows[number] for number, name in enumerate(fields)}
        flag_counts = {name: rows[len(fields) + number].get(True, 0) for number, name in enumerate(flags)}
        return total, counts, flag_counts


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    results_class = PostgresSearchResults


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    """Wagtail's database backend for the default database, PostgreSQL's with facet_counts()."""
    if connections["default"].vendor == "postgresql":
        return PostgresSearchBackend(params)
    return database.SearchBackend(params)
