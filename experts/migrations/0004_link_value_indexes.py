"""Indexes on the profiles' link tables by value first: (skill, profile), (language, profile).

A filter of the expert directory (`?skill=hydraulique&language=fr`) finds the profiles of a
value in its link table. Django and taggit index the value's column alone, so PostgreSQL read
each matching link row from the table as well (8,000 rows for one skill over 2,650 table
pages, 33,000 for one language over 1,900, at 100,000 profiles). With the profile's key in the
index, an index-only scan is enough: that search's statement went from 46–49 ms to 35–37
(docs/benchmarks.md). The same index on the themes gained nothing (a theme search reads the
profiles' table for their country anyway). The languages' link table is Django's own, so the
indexes are made here rather than declared on a model.
"""

from django.db import migrations

# (index, the profiles' field): its link table indexed by value, then profile.
INDEXES = [
    ("cds_expert_skill_value", "skills"),
    ("cds_expert_language_value", "languages"),
]


def link_table(apps, name):
    """The link table of the profiles' many-to-many field `name`, its column to the value and
    its column to the profile."""
    if name == "skills":  # taggit's link model: tag, content_object
        link = apps.get_model("experts", "ExpertSkillTag")._meta
        return link.db_table, link.get_field("tag").column, link.get_field("content_object").column
    field = apps.get_model("experts", "ExpertProfilePage")._meta.get_field(name)
    return field.m2m_db_table(), field.m2m_reverse_name(), field.m2m_column_name()


def create_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for index, name in INDEXES:
        table, value, profile = link_table(apps, name)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {quote(table)} ({quote(value)}, {quote(profile)})"
        )


def drop_indexes(apps, schema_editor):
    for index, _name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("experts", "0003_country_code")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
