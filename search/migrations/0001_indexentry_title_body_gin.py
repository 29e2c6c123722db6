"""PostgreSQL only: an index for the database search backend's match filter.

The backend matches `(title || body) @@ tsquery` on wagtailsearch_indexentry; no index served
that expression, so every word search scanned all the entries of a content type (see
docs/benchmarks.md). SQLite (FTS5) and Elasticsearch are not concerned.
"""

from django.db import migrations

INDEX = "cds_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING GIN ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop)]
