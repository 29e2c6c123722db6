"""Production settings: refuse to start without a secret, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    # Production needs a mail server (issue #34.7): tests that check something else name one.
    environment.update(DJANGO_SETTINGS_MODULE="cds.settings.production", EMAIL_HOST="smtp.example.invalid")
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-0123456789",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_bad_environment_values_are_explained():
    result = manage("check", SECRET_KEY="y" * 60, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_elasticsearch_version_picks_the_backend():
    result = manage("check", SECRET_KEY="y" * 60, ELASTICSEARCH_URL="http://127.0.0.1:9", ELASTICSEARCH_VERSION="6")
    assert result.returncode != 0
    assert "ELASTICSEARCH_VERSION must be 7, 8 or 9, not 6" in result.stderr
    result = manage(
        "shell",
        "-c",
        "from wagtail.search.backends import get_search_backend; print(type(get_search_backend()).__module__)",
        SECRET_KEY="y" * 60,
        ELASTICSEARCH_URL="http://127.0.0.1:9",
        ELASTICSEARCH_VERSION="8",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "search.backends.elasticsearch8"


def test_a_bad_random_page_cost_is_explained():
    for value in ("abc", "0", "-1", "nan", "1.1 -c work_mem=1GB"):
        result = manage("check", SECRET_KEY="y" * 60, POSTGRES_RANDOM_PAGE_COST=value)
        assert result.returncode != 0
        assert f"POSTGRES_RANDOM_PAGE_COST must be a positive number, not {value!r}" in result.stderr


@pytest.mark.django_db
def test_postgresql_connections_use_the_random_page_cost_of_ssds():
    """The planner then reads the full-text GIN index for a word search (docs/benchmarks.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
