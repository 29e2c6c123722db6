"""A log of the changes to the database search backend's index entries, on PostgreSQL.

Each web process keeps, for the words searched last, the pages they match best ranked first
(search/accelerator/bitmaps.py `Rankings`). To keep them fresh it must know which entries changed since it
last looked, whoever changed them: a publication (indexed once it is committed, by a task),
`update_index`, a deletion, Wagtail refreshing the titles' norms. So a trigger on the entries'
table notes each entry written or deleted, with the transaction that did it; a process reads
the ones its last snapshot did not see (`pg_visible_in_snapshot`), in whatever order the
transactions commit. One statement-level trigger per kind of write: one INSERT ... SELECT per
statement, however many entries it writes. Nothing on SQLite, where the kept index is not used.

This watches a table of Wagtail's own, `wagtailsearch_indexentry` (modelsearch's IndexEntry):
tests/test_accelerator.py fails when its shape changes (search/accelerator/README.md).
"""

from django.db import migrations

CREATE = [
    """
    CREATE TABLE IF NOT EXISTS cds_search_entry_change (
        content_type_id integer NOT NULL,
        object_id varchar(50) NOT NULL,
        xact xid8 NOT NULL,
        PRIMARY KEY (content_type_id, object_id)
    )
    """,
    "CREATE INDEX IF NOT EXISTS cds_search_entry_change_xact ON cds_search_entry_change (content_type_id, xact)",
    """
    CREATE OR REPLACE FUNCTION cds_search_entry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO cds_search_entry_change (content_type_id, object_id, xact)
        SELECT DISTINCT content_type_id, object_id, pg_current_xact_id() FROM changed_entries
        ON CONFLICT (content_type_id, object_id) DO UPDATE SET xact = EXCLUDED.xact;
        RETURN NULL;
    END
    $$
    """,
    *(
        f"""
        CREATE TRIGGER cds_search_entry_{event.lower()} AFTER {event} ON wagtailsearch_indexentry
        REFERENCING {table} TABLE AS changed_entries
        FOR EACH STATEMENT EXECUTE FUNCTION cds_search_entry_changed()
        """
        for event, table in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
    ),
]

DROP = [
    *(f"DROP TRIGGER IF EXISTS cds_search_entry_{event} ON wagtailsearch_indexentry" for event in ("insert", "update", "delete")),
    "DROP FUNCTION IF EXISTS cds_search_entry_changed()",
    "DROP TABLE IF EXISTS cds_search_entry_change",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cds_search", "0003_facet_revisions"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
