"""Statements prepared on the server (cdpf/settings.py, decision 0290): on PostgreSQL the fixed
reads of every request (cdpf.plain_reads) are bound by the server and kept prepared once run
often on a connection; the ORM's queries are not; DB_PREPARED_STATEMENTS=0 turns it off."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import DataError, connections, transaction

from cdpf import plain_reads, roles
from cdpf.models import Region
from tests.factories import make_user

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
    assert options == {"default": {"prepare_threshold": 5}, "replica": {"prepare_threshold": 5}}


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
    assert "prepare_threshold" not in out.stdout


def prepared_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def threshold() -> int:
    return settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]


@on_postgresql
@pytest.mark.django_db
def test_a_plain_read_run_past_the_threshold_is_prepared_with_server_bound_parameters():
    user = make_user("prepared_reader", "130408", roles.OFFICE)
    for _ in range(threshold() + 1):
        assert plain_reads.rows(type(user), "t.id = %s", [user.pk])[0].username == user.username
    texts = prepared_texts()
    assert any(t.endswith("FROM cdpf_user t WHERE t.id = $1") for t in texts), texts


@on_postgresql
@pytest.mark.django_db
def test_the_orms_queries_keep_client_side_binding_and_are_never_prepared():
    connection.ensure_connection()
    assert issubclass(connection.connection.cursor_factory, psycopg.ClientCursor)
    for n in range(threshold() + 3):
        list(Region.objects.filter(code=f"99{n:04d}"))
        list(Region.objects.filter(code="990000"))
    assert not any("cdpf_region" in text for text in prepared_texts())


@on_postgresql
@pytest.mark.django_db
def test_several_commands_in_one_text_are_never_prepared_and_keep_working():
    # psycopg prepares only a text that gave one result, however often it runs
    for _ in range(threshold() + 3):
        with connection.prepared_cursor() as cursor:
            cursor.execute("SELECT 1; SELECT 2")
    assert not any("SELECT 2" in text for text in prepared_texts())


@on_postgresql
@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_prepared_reads_working():
    sql = "SELECT count(*) FROM cdpf_region WHERE id > %s"
    for _ in range(threshold() + 1):
        with connection.prepared_cursor() as cursor:
            cursor.execute(sql, [-1])
    with pytest.raises(DataError, match="division by zero"):
        with transaction.atomic(), connection.prepared_cursor() as cursor:
            cursor.execute("SELECT 1 / %s", [0])
    with connection.prepared_cursor() as cursor:
        cursor.execute(sql, [-1])
        assert cursor.fetchone()[0] >= 0


@on_postgresql
@pytest.mark.django_db
def test_without_a_threshold_the_prepared_cursor_is_djangos(monkeypatch):
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    with connection.prepared_cursor() as cursor:
        assert isinstance(cursor.cursor, psycopg.ClientCursor)


@on_postgresql
@pytest.mark.django_db
def test_the_fixed_reads_share_one_kept_cursor_bound_by_the_server():
    """fetch_prepared (decision 0310): one server-binding cursor per connection, the same rows
    as a prepared cursor gives, a new cursor once the connection is new."""
    sql = "SELECT code FROM cdpf_region WHERE code = %s"
    assert connection.fetch_prepared(sql, ["130408"]) == [("130408",)]
    kept = connection._kept_cursor
    assert isinstance(kept, psycopg.Cursor) and not isinstance(kept, psycopg.ClientCursor)
    for _ in range(threshold() + 1):
        assert connection.fetch_prepared(sql, ["130408"]) == [("130408",)]
    assert connection._kept_cursor is kept
    assert any(t.endswith("WHERE code = $1") for t in prepared_texts())
    with connection.prepared_cursor() as cursor:
        cursor.execute(sql, ["130400"])
        assert connection.fetch_prepared(sql, ["130400"]) == cursor.fetchall()


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_kept_cursor_follows_a_new_connection_and_errors_are_djangos():
    sql = "SELECT 1 / %s"
    assert connection.fetch_prepared(sql, [1]) == [(1,)]
    old = connection._kept_cursor
    connection.close()
    assert connection.fetch_prepared(sql, [1]) == [(1,)]
    assert connection._kept_cursor is not old and connection._kept_cursor.connection is (
        connection.connection
    )
    with pytest.raises(DataError, match="division by zero"):
        connection.fetch_prepared(sql, [0])
    assert connection.fetch_prepared(sql, [2]) == [(0,)]


@on_postgresql
@pytest.mark.django_db
def test_a_captured_read_goes_through_djangos_cursor(django_assert_num_queries):
    """A test counting queries (or DEBUG's log) still sees every fixed read."""
    user = make_user("counted_reader", "130408", roles.OFFICE)
    with django_assert_num_queries(2) as captured:
        plain_reads.rows(type(user), "t.id = %s", [user.pk])
        connection.fetch_prepared("SELECT 1 WHERE 1 = %s", [1])
    assert "FROM cdpf_user t WHERE t.id" in captured.captured_queries[0]["sql"]
