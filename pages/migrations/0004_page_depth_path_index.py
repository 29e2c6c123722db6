"""An index on the page tree's `(depth, path)`.

Wagtail finds a page's children with `depth = n AND path LIKE 'prefix%'` and indexes only
`path`: for the home page, whose prefix every content page shares, PostgreSQL read the whole
page table (120,000 rows at scale: 16–21 ms for the main menu, on every first view after a
publication). With the depth first, children are one short range of this index.
"""

from django.db import migrations

INDEX = "cds_page_depth_path"


def create_index(apps, schema_editor):
    table = schema_editor.quote_name(apps.get_model("wagtailcore", "Page")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (depth, path)")


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_territorypage_outline"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
