"""Settings come from the environment and refuse values that make no sense."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.env import ImproperlyConfiguredEnv, database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#s9!v2@x8^q4&m1*z6(w3)p0_r5+t2=y8-u4~e1|i9;o6:a3,s0.d7/f4?g1<h8>j5",
    "ALLOWED_HOSTS": "decoupled.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://decoupled.example.org",
}


def run_manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE",
            "DATABASE_URL",
            # The browser tests' conftest sets this for Playwright's sync API; it
            # must not leak into a production-profile check.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "studyapp.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_values_reports_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )


def test_missing_secret_key_in_production_stops_start_up():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr


def test_bad_debug_value_is_named():
    result = run_manage("check", env={**PRODUCTION, "DEBUG": "maybe"})
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False


def test_env_int_rejects_words_and_small_numbers(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfiguredEnv, match="N='ten' is not a whole number"):
        env_int("N", 1)
    monkeypatch.setenv("N", "-1")
    with pytest.raises(ImproperlyConfiguredEnv, match="N=-1 must be at least 0"):
        env_int("N", 1, minimum=0)


def test_database_url_postgres_and_sqlite(tmp_path):
    pg = database_from_url("postgres://app:s%40cret@db.internal:5433/decoupled", tmp_path)
    assert (pg["ENGINE"], pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "django.db.backends.postgresql",
        "decoupled",
        "app",
        "s@cret",
        "db.internal",
        "5433",
    )
    lite = database_from_url("sqlite:///var/x.sqlite3", tmp_path)
    assert (lite["NAME"], lite["OPTIONS"]["transaction_mode"]) == (
        str(tmp_path / "var/x.sqlite3"),
        "IMMEDIATE",
    )
    with pytest.raises(ImproperlyConfiguredEnv, match="unsupported scheme 'mysql'"):
        database_from_url("mysql://x/y", tmp_path)


def test_sqlite_file_database_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    db = tmp_path / "wal.sqlite3"
    code = (
        "from django.db import connection\n"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])\n"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", code, env={**PRODUCTION, "DATABASE_URL": f"sqlite:///{db}"}
    )
    assert result.stdout.split() == ["wal", "IMMEDIATE"]


@pytest.mark.django_db
def test_postgres_run_really_uses_postgres():
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("this run uses SQLite; `make test` runs the suite again on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        version = cursor.fetchone()[0]
    assert (connection.vendor, version.split()[0]) == ("postgresql", "PostgreSQL")
