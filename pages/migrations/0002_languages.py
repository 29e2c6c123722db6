from django.db import migrations

CODES = ["fr", "ar", "ary", "zgh", "en", "es", "de", "it", "nl"]


def add_languages(apps, schema_editor):
    Language = apps.get_model("pages", "Language")
    for code in CODES:
        Language.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
