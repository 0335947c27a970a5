"""The worker loop's fault handling (issue 13; issue 19 item 4: 'database is locked' killed
the worker's main thread while the process stayed alive)."""

import logging

import pytest
from django.db import OperationalError

from cdpf import worker as worker_module
from cdpf.worker import CannotWork, Worker

# run() writes the worker's own heartbeat row (for /healthz) around the loop
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def make_worker(**extra) -> Worker:
    options = {
        "queue_names": ["default"],
        "interval": 0,
        "batch": False,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
    }
    return Worker(**{**options, **extra})


@pytest.fixture
def no_sleep(monkeypatch):
    pauses = []
    monkeypatch.setattr(Worker, "pause", lambda self, seconds: pauses.append(seconds))
    monkeypatch.setattr(worker_module, "pending_migrations", lambda: [])
    return pauses


def test_a_locked_database_is_retried_with_backoff_and_logged(monkeypatch, no_sleep, caplog):
    outcomes = [OperationalError("database is locked")] * 3 + [False, True]

    def step(self):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(Worker, "step", step)
    with caplog.at_level(logging.WARNING, logger="cdpf.worker"):
        make_worker().run()  # returns only when step() says so: it survived the errors
    assert no_sleep == [0.5, 1.0, 2.0]
    assert caplog.text.count("database is locked") == 3


def test_a_worker_that_cannot_reach_the_database_for_too_long_exits_to_be_restarted(
    monkeypatch, no_sleep, settings
):
    settings.WORKER_DB_RETRY_SECONDS = 0

    def step(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Worker, "step", step)
    with pytest.raises(CannotWork) as exit_info:
        make_worker().run()
    assert exit_info.value.code == 1


def test_an_error_that_is_not_the_databases_exits(monkeypatch, no_sleep):
    monkeypatch.setattr(Worker, "step", lambda self: 1 / 0)
    with pytest.raises(CannotWork):
        make_worker().run()


def test_the_worker_waits_for_the_migrations_instead_of_exiting(monkeypatch, no_sleep, caplog):
    class Migration:
        app_label, name = "cdpf", "0099_future"

    plans = [[(Migration(), False)], [(Migration(), False)], []]
    monkeypatch.setattr(worker_module, "pending_migrations", lambda: plans.pop(0))
    with caplog.at_level(logging.WARNING, logger="cdpf.worker"):
        make_worker().wait_until_ready()
    assert not plans and len(no_sleep) == 2
    assert "waiting for 1 migration(s)" in caplog.text and "cdpf.0099_future" in caplog.text


def test_the_worker_waits_for_a_database_that_is_not_up_yet(monkeypatch, no_sleep):
    plans = [OperationalError("connection refused"), []]

    def pending():
        plan = plans.pop(0)
        if isinstance(plan, Exception):
            raise plan
        return plan

    monkeypatch.setattr(worker_module, "pending_migrations", pending)
    make_worker().wait_until_ready()
    assert not plans


@pytest.mark.django_db
def test_the_migrations_of_the_test_database_are_all_applied():
    assert worker_module.pending_migrations() == []
