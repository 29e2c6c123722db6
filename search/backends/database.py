"""Wagtail's database backend; on PostgreSQL, with facet counts in one statement.

Wagtail's `.facet(field)` repeats the search once per field. On PostgreSQL `facet_counts()`
runs it once, into a materialised common table expression that keeps each matching row's
own facet values (theme, territory codes, status, flags...), and counts from there: the row's
own values in one pass (grouping sets, the flags in one aggregate), the values across a
many-to-many relation (skills, themes, languages of a profile) from the relation's link table,
joined to the matching rows only — all in one statement, the total with it. Same counts as
`.facet()` (tested), but for the rows with no value across a relation, which no facet shows.
SQLite keeps `.facet()`: a development database, small.
"""

import json
import weakref

from django.db import connections
from django.db.models import Count
from django.db.models.expressions import RawSQL
from modelsearch.backends import database
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import MatchAll

from . import filter_field

MATCHING = "SELECT pk FROM cds_matching"
SCORE = "cds_score"  # each matching row's rank, as Wagtail ranks it
TOTAL, FIRST = -1, -2  # the rows of the statement's result that are not a facet's


_text_search_configs = weakref.WeakKeyDictionary()  # {psycopg connection: its configuration}


def text_search_config(connection):
    """The text search configuration the server parses words with by default, as Wagtail's
    index entries were built (`default_text_search_config`), asked once per connection."""
    connection.ensure_connection()
    raw = connection.connection
    if raw not in _text_search_configs:
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_text_search_config")
            _text_search_configs[raw] = cursor.fetchone()[0]
    return _text_search_configs[raw]


class PostgresSearchQueryCompiler(postgres.PostgresSearchQueryCompiler):
    def get_config(self, backend):
        """The words' configuration, named: `to_tsquery('english', 'eau')` is immutable, so
        PostgreSQL parses the words once, when it plans the statement, and estimates the rows
        they match. Unnamed, `to_tsquery('eau')` depends on a setting, so it was parsed again
        for every matching row, twice (its rank in the title and in the body): « ingénieur »
        over 100,000 profiles parsed 63,000 times (docs/benchmarks.md). Same configuration,
        same results; `SEARCH_CONFIG`, when set, still decides."""
        return super().get_config(backend) or text_search_config(connections[self.queryset.db])


class PostgresSearchResults(postgres.PostgresSearchResults):
    def facet_counts(self, fields=(), flags=()):
        return self.facet_counts_and_first(fields, flags)[:3]

    def facet_counts_and_first(self, fields=(), flags=(), size=0):
        """`facet_counts()` and the first `size` results in their order, from the same match:
        each matching row keeps what it is ordered by (its rank for words ranked by relevance,
        else the columns of the queryset's order) beside its facet values, and the `size` first
        are read from there. None when the search has no order to give (no words, no order)."""
        compiler = self.query_compiler
        for name in (*fields, *flags):
            filter_field(compiler, name)  # the error .facet() gives for a field that is not one
        model = compiler.queryset.model
        ordering = self._ordering(compiler) if size else None
        ranked = ordering == [(SCORE, True), ("pk", True)]
        matching = compiler.search(
            compiler.get_config(self.backend), None, None, score_field=SCORE if ranked else None, backend=self.backend
        ).order_by()
        own = [name for name in fields if "__" not in name]
        carried = list(
            dict.fromkeys(name for name in (*own, *flags, *(name for name, _ in ordering or ())) if name != "pk")
        )
        sql, params = matching.values("pk", *carried).query.sql_with_params()
        column = {"pk": "pk", **{name: f"c{number}" for number, name in enumerate(carried)}}
        statement = [f"WITH cds_matching ({', '.join(column.values())}) AS MATERIALIZED ({sql})"]
        params = list(params)
        number = {name: position for position, name in enumerate((*fields, *flags))}
        if ordering:  # the first `size` rows, numbered in their order
            by = ", ".join(f"{column[name]} {'DESC' if descending else 'ASC'}" for name, descending in ordering)
            statement.append(
                f"(SELECT {FIRST}, jsonb_build_array(row_number() OVER (ORDER BY {by}), pk), 0 FROM "
                f"(SELECT * FROM cds_matching ORDER BY {by} LIMIT {int(size)}) AS cds_first)"
            )
        # The total, and each flag where true, in one pass: one row per count.
        counted = [str(TOTAL), *(str(number[name]) for name in flags)]
        counts = ["COUNT(*)", *(f"COUNT(*) FILTER (WHERE {column[name]})" for name in flags)]
        statement.append(
            f"SELECT unnest(ARRAY[{', '.join(counted)}]), 'true'::jsonb, "
            f"unnest(ARRAY[{', '.join(counts)}]) FROM cds_matching"
        )
        if own:  # every own value in one pass: a grouping set per field
            which = " ".join(f"WHEN GROUPING({column[name]}) = 0 THEN {number[name]}" for name in own)
            value = " ".join(f"WHEN GROUPING({column[name]}) = 0 THEN to_jsonb({column[name]})" for name in own)
            sets = ", ".join(f"({column[name]})" for name in own)
            statement.append(
                f"SELECT CASE {which} END, CASE {value} END, COUNT(*) FROM cds_matching GROUP BY GROUPING SETS ({sets})"
            )
        quote = connections[matching.db].ops.quote_name
        for name in fields:
            if name in column:
                continue
            link = self._link(model, name)
            if link:  # a many-to-many relation: counted from its link table
                table, source, target, target_table, target_key, value = map(quote, link)
                statement.append(  # grouped by key, then the few keys read for their value
                    f"SELECT {number[name]}, to_jsonb(related.{value}), grouped.count FROM "
                    f"(SELECT link.{target} AS key, COUNT(*) AS count FROM {table} AS link "
                    f"JOIN cds_matching ON link.{source} = cds_matching.pk GROUP BY link.{target}) AS grouped "
                    f"JOIN {target_table} AS related ON related.{target_key} = grouped.key"
                )
                continue
            grouped, group_params = (  # any other relation, as .facet() counts it
                model._base_manager.filter(pk__in=RawSQL(MATCHING, ()))
                .values(name)
                .annotate(cds_count=Count("pk"))
                .order_by()
                .query.sql_with_params()
            )
            statement.append(
                f"SELECT {number[name]}, to_jsonb(grouped.value), grouped.count FROM ({grouped}) AS grouped(value, count)"
            )
            params += group_params
        rows = {position: {} for position in number.values()}
        total, best = 0, []
        with connections[matching.db].cursor() as cursor:
            cursor.execute(statement[0] + " " + " UNION ALL ".join(statement[1:]), params)
            for position, value, count in cursor.fetchall():
                if position == TOTAL:
                    total = count
                elif position == FIRST:
                    best.append(json.loads(value))
                else:  # Django has psycopg hand JSON over as text; SQL's NULL is None
                    value = None if value is None else json.loads(value)
                    rows[position][value] = rows[position].get(value, 0) + count  # keys sharing a value
        field_counts = {name: rows[number[name]] for name in fields}
        flag_counts = {name: rows[number[name]].get(True, 0) for name in flags}
        first = None
        if ordering:
            keys = [pk for _position, pk in sorted(best)]
            found = compiler.queryset.in_bulk(keys)
            first = [found[pk] for pk in keys if pk in found]
        return total, field_counts, flag_counts, first

    @staticmethod
    def _ordering(compiler):
        """[(name, descending)] the results are ordered by, as Wagtail orders them: words
        ranked by relevance by their rank then their key, both descending; else the queryset's
        own order of plain fields (or by key, descending, when it has none). None for an order
        read from anything else (an expression, a relation), or no words and no order."""
        match_all = isinstance(compiler.query, MatchAll)
        if compiler.order_by_relevance and not match_all:
            return [(SCORE, True), ("pk", True)]
        names = compiler.queryset.query.order_by or (() if match_all else ("-pk",))
        ordering = []
        for name in names:
            if not isinstance(name, str) or "__" in name or name.lstrip("-") in ("", "?"):
                return None
            ordering.append((name.lstrip("-"), name.startswith("-")))
        return ordering or None

    @staticmethod
    def _link(model, name):
        """For a field across a many-to-many relation (`skills__slug`): the link table, its
        columns to the searched row and to the related row, the related table, its key and the
        counted column, as Django's many-to-many fields (and taggit's) name them. Joined to the
        matching rows, the link table is read once, and neither the searched table nor the page
        tree again. None for any other field."""
        relation, _, attribute = name.partition("__")
        field = model._meta.get_field(relation)
        if not field.many_to_many or "__" in attribute:
            return None
        related = field.related_model._meta
        return (
            field.m2m_db_table(),
            field.m2m_column_name(),
            field.m2m_reverse_name(),
            related.db_table,
            related.get_field(field.m2m_reverse_target_field_name()).column,
            related.get_field(attribute).column,
        )


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    results_class = PostgresSearchResults
    # The faceted pages' searches of every published page are answered from the facet index
    # each process keeps (search/accelerator/bitmaps.py), this backend finding the words' matches.
    keeps_facets = True


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    """Wagtail's database backend for the default database, PostgreSQL's with facet_counts()."""
    if connections["default"].vendor == "postgresql":
        return PostgresSearchBackend(params)
    return database.SearchBackend(params)
