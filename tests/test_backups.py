"""Issue #35.6: a backup restored into a new database brings back the same pages, documents
(their files too) and accounts. Runs the real commands, on the engine the suite runs on, with
databases of its own."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def manage(database_url, media, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cds.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "REDIS_URL": "",
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def read_back(database_url, media):
    return json.loads(manage(database_url, media, "shell", "-c", READ_BACK).strip().splitlines()[-1])


@pytest.fixture
def two_databases(tmp_path):
    """Two empty databases: the site's, and the new one a backup is restored into."""
    default = settings.DATABASES["default"]
    if default["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    names = [f"cds_backup_{uuid.uuid4().hex[:8]}_{which}" for which in ("site", "restored")]
    server = {key: default[key] for key in ("HOST", "PORT", "USER", "PASSWORD") if default.get(key)}
    params = {
        "host": server.get("HOST"),
        "port": server.get("PORT"),
        "user": server.get("USER"),
        "password": server.get("PASSWORD"),
    }
    params = {key: value for key, value in params.items() if value}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    credentials = f"{server.get('USER', '')}{':' + server['PASSWORD'] if server.get('PASSWORD') else ''}@"
    base = f"postgres://{credentials}{server.get('HOST', '127.0.0.1')}:{server.get('PORT', 5432)}"
    try:
        yield tuple(f"{base}/{name}" for name in names)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


MAKE_CONTENT = """
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Page
user = get_user_model().objects.create_user("sauvegarde", "sauvegarde@diaspora.invalid", "Argan-2027-Tiznit")
document = get_document_model()(title="PV de réception", uploaded_by_user=user)
document.file.save("pv.pdf", ContentFile(b"%PDF-1.4 proces-verbal"), save=True)
"""

READ_BACK = """
import json
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.models import Page
document = get_document_model().objects.get(title="PV de réception")
print(json.dumps({
    "pages": sorted(Page.objects.values_list("title", flat=True)),
    "accounts": sorted(get_user_model().objects.values_list("username", flat=True)),
    "password_ok": get_user_model().objects.get(username="sauvegarde").check_password("Argan-2027-Tiznit"),
    "document": document.file.read().decode(),
}))
"""


def test_a_backup_restored_into_a_new_database_has_the_same_content(two_databases, tmp_path):
    site_db, restored_db = two_databases
    site_media, restored_media = tmp_path / "media-site", tmp_path / "media-restored"
    manage(site_db, site_media, "migrate", "--no-input", "-v0")
    manage(site_db, site_media, "shell", "-c", MAKE_CONTENT)
    before = read_back(site_db, site_media)
    folder = tmp_path / "backup"
    output = manage(site_db, site_media, "backup", "--to", str(folder))
    assert "1 documents" in output
    info = json.loads((folder / "backup.json").read_text())
    assert info["documents"] == 1 and info["accounts"] == 1 and info["pages"] == len(before["pages"])

    manage(restored_db, restored_media, "restore", str(folder), "--yes")
    after = read_back(restored_db, restored_media)
    assert after == before
    assert after["document"] == "%PDF-1.4 proces-verbal" and after["password_ok"]


def test_a_restore_refuses_what_is_not_a_backup(tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(tmp_path), "--yes")
