"""Statements prepared on the server (cdpf/settings.py, decision 0290): on PostgreSQL the
parameters are bound by the server and a statement run often on a connection is kept parsed and
planned there; DB_PREPARED_STATEMENTS=0 turns it off."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import DataError, connections, transaction

ROOT = Path(__file__).resolve().parents[2]
connection = connections["default"]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's prepared statements"
)

SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({a: d.get("OPTIONS", {}) for a, d in settings.DATABASES.items()}))
"""


def options_with(**environ) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DB_PREPARE", "DATABASE_REPLICA_URL"))
    }
    env.update(
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="cdpf.settings",
        DATABASE_URL="postgres://cdpf@db.example:5432/cdpf",
        DATABASE_REPLICA_URL="postgres://cdpf@replica.example:5432/cdpf",
        **environ,
    )
    out = subprocess.run(
        [sys.executable, "-c", SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_postgresql_prepares_statements_by_default_on_every_database():
    options = options_with()
    assert options == {
        "default": {"server_side_binding": True, "prepare_threshold": 5},
        "replica": {"server_side_binding": True, "prepare_threshold": 5},
    }


def test_the_threshold_is_a_setting_and_the_switch_turns_it_off():
    assert options_with(DB_PREPARE_THRESHOLD="2")["default"]["prepare_threshold"] == 2
    assert options_with(DB_PREPARED_STATEMENTS="0") == {"default": {}, "replica": {}}


def test_sqlite_is_left_alone():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="cdpf.settings", DATABASE_URL="")
    out = subprocess.run(
        [sys.executable, "-c", SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "server_side_binding" not in out.stdout


def prepared_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@on_postgresql
@pytest.mark.django_db
def test_a_statement_run_past_the_threshold_is_prepared_with_server_bound_parameters():
    connection.ensure_connection()
    raw = connection.connection
    # server-side binding: psycopg's Cursor, not the ClientCursor that pastes the parameters in
    assert issubclass(raw.cursor_factory, psycopg.Cursor)
    assert not issubclass(raw.cursor_factory, psycopg.ClientCursor)
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    assert raw.prepare_threshold == threshold
    sql = "SELECT code FROM cdpf_region WHERE code = %s AND id >= %s"
    for n in range(threshold + 1):
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"99{n:04d}", 0])
            assert cursor.fetchall() == []
    assert "SELECT code FROM cdpf_region WHERE code = $1 AND id >= $2" in prepared_texts()


@on_postgresql
@pytest.mark.django_db
def test_several_commands_in_one_text_are_never_prepared_and_keep_working():
    # Migrations send several commands at once; psycopg must not try to prepare them however
    # often they run (a prepared statement holds one command).
    for _ in range(settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] + 3):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1; SELECT 2")
    assert not any("SELECT 2" in text for text in prepared_texts())


@on_postgresql
@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_the_connection_usable():
    sql = "SELECT count(*) FROM cdpf_region WHERE id > %s"
    for _ in range(settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] + 1):
        with connection.cursor() as cursor:
            cursor.execute(sql, [-1])
    with pytest.raises(DataError, match="division by zero"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 / %s", [0])
    with connection.cursor() as cursor:
        cursor.execute(sql, [-1])
        assert cursor.fetchone()[0] >= 0
