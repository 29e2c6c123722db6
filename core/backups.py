"""Backups and restores of the platform's data: the database and the uploaded files.

A backup is one folder, `backups/<YYYYmmdd-HHMMSS>/` by default:
- `database.dump`: PostgreSQL's custom format (`pg_dump -Fc`), or `database.sqlite3`, SQLite's
  online backup (a consistent copy taken while the site runs);
- `media.tar.gz`: every uploaded file (images, renditions, documents);
- `backup.json`: when, from which engine, how many pages, documents and accounts.

A restore puts both back (the database replaced whole), then empties the cache, moves the
content version on and counts the search facets again, so that every running process reads the
restored content at its next request, without a restart.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from wagtail.documents import get_document_model
from wagtail.models import Page

from . import cache as content


class BackupError(Exception):
    pass


def database_settings():
    return connections["default"].settings_dict


def is_postgresql():
    return connection.vendor == "postgresql"


def pg_env(db):
    env = {}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]  # never on the command line, where `ps` shows it
    return env


def pg_args(db):
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def run(command, env):
    result = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def summary():
    return {
        "pages": Page.objects.count(),
        "documents": get_document_model().objects.count(),
        "accounts": get_user_model().objects.count(),
    }


def backup(destination=None):
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination or Path(settings.BASE_DIR) / "backups" / stamp)
    folder.mkdir(parents=True, exist_ok=False)
    db = database_settings()
    if is_postgresql():
        run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                *pg_args(db),
                "--file",
                str(folder / "database.dump"),
                db["NAME"],
            ],
            pg_env(db),
        )
    else:
        connection.ensure_connection()
        target = sqlite3.connect(folder / "database.sqlite3")
        with target:
            connection.connection.backup(target)
        target.close()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    info = {"created": stamp, "engine": connection.vendor, **summary()}
    (folder / "backup.json").write_text(json.dumps(info, indent=2))
    return folder, info


def restore(folder):
    folder = Path(folder)
    if not (folder / "backup.json").exists():
        raise BackupError(f"{folder} is not a backup (no backup.json).")
    info = json.loads((folder / "backup.json").read_text())
    if info["engine"] != connection.vendor:
        raise BackupError(f"This backup is of a {info['engine']} database; this site runs on {connection.vendor}.")
    db = database_settings()
    if is_postgresql():
        connection.close()
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *pg_args(db),
                "--dbname",
                db["NAME"],
                str(folder / "database.dump"),
            ],
            pg_env(db),
        )
    else:
        source = sqlite3.connect(folder / "database.sqlite3")
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        staging = media.with_name(media.name + ".restoring")
        shutil.rmtree(staging, ignore_errors=True)
        archive.extractall(staging, filter="data")
        restored = staging / "media"
        if media.exists():
            shutil.rmtree(media)
        if restored.exists():
            restored.rename(media)
        else:
            media.mkdir(parents=True)
        shutil.rmtree(staging, ignore_errors=True)
    after_restore()
    return info


def after_restore():
    """Every process reads the restored content at its next request: the cache emptied (the
    content version moves on), the search facets counted again (a new build date, which each
    web process's kept index reads and reloads on, search/accelerator/bitmaps.py)."""
    cache.clear()
    content.bump()
    call_command("rebuild_facet_tallies", verbosity=0)
