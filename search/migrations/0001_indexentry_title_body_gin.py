"""A GIN index on `title || body` of the database search backend's index entries.

Wagtail's PostgreSQL search matches `(title || body) @@ query`, an expression none of the
index entries' GIN indexes (one per column) covers: every word search read and parsed every
entry of the model. With this index, « eau » over 20,000 need sheets takes a bitmap index
scan (issue #3, docs/benchmarks.md). Nothing on SQLite, which searches through FTS5.
"""

from django.db import migrations

INDEX = "cds_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")
    schema_editor.execute(f"ANALYZE {table}")  # the planner's statistics for the expression


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
