"""The PostgreSQL backend's health check (cdpf/db/postgresql/base.py): a healthy kept
connection is taken without a query; one the server ended is found unusable, so Django opens a
new one instead of answering a 500."""

import pytest
from django.db import connections

connection = connections["default"]

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # as every such test
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


def test_the_backend_is_ours():
    assert type(connection).__module__ == "cdpf.db.postgresql.base"


def test_a_healthy_idle_connection_is_usable_without_a_query(monkeypatch):
    connection.ensure_connection()
    raw = connection.connection

    def no_query(*args, **kwargs):
        raise AssertionError("the health check sent a query")

    monkeypatch.setattr(raw, "cursor", no_query)
    assert connection.is_usable()


def test_a_connection_the_server_ended_is_unusable_and_replaced():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits for its end
            assert cursor.fetchone() == (True,)
    finally:
        other.close()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.health_check_done = False
    assert not connection.is_usable()
    connection.close_if_health_check_failed()  # what Django does before a request's first query
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_closed_connection_is_unusable():
    connection.ensure_connection()
    connection.connection.close()
    assert not connection.is_usable()
    connection.close()
