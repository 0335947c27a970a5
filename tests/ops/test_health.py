"""/healthz and its checks, the worker heartbeat written by the db_worker loop, the container
healthcheck command and the deploy system checks (placeholder key, demo accounts)."""

import datetime
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cdpf import checks, roles
from cdpf.health import check_calendar
from cdpf.management.commands.load_demo import DEMO_PASSWORD
from cdpf.models import CalendarDay, WorkerHeartbeat
from cdpf.worker import HeartbeatWorker
from tests.factories import make_user
from tests.ops import worker_tasks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def healthy(db, tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    settings.HEALTH_MIN_FREE_MB = 1
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarDay.objects.get_or_create(
            date=datetime.date(year, 10, 1), defaults={"kind": "holiday", "name": "国庆节"}
        )
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="worker-1", pid=7, started_at=now, beat_at=now
    )
    return settings


def get(client, path="/healthz"):
    response = client.get(path)
    return response.status_code, json.loads(response.content)


def test_everything_healthy_is_200_with_each_check(client, healthy):
    status, body = get(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "worker", "calendar", "storage", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-store" in client.get("/healthz")["Cache-Control"]


def test_no_sign_in_and_no_personal_data(client, healthy):
    make_user("yn_office", "130408", roles.OFFICE, first_name="张三")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "张三" not in response.content.decode() and "yn_office" not in response.content.decode()


def test_a_stale_or_missing_worker_is_503(client, healthy):
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(seconds=90))
    status, body = get(client)
    assert status == 503 and body["status"] == "failing"
    assert not body["checks"]["worker"]["ok"]
    assert body["checks"]["worker"]["detail"] == "last heartbeat 90 s ago"
    assert body["checks"]["database"]["ok"]
    WorkerHeartbeat.objects.all().delete()
    status, body = get(client)
    assert status == 503 and body["checks"]["worker"]["detail"] == "no worker has reported"


def test_a_calendar_without_next_year_is_503(client, healthy):
    next_year = timezone.localdate().year + 1
    CalendarDay.objects.filter(date__year=next_year).delete()
    if (timezone.localdate() + datetime.timedelta(days=365)).year == next_year:
        status, body = get(client)
        assert status == 503
        assert body["checks"]["calendar"]["detail"] == f"no holidays entered for {next_year}"


def test_calendar_coverage_reads_every_year_of_the_next_twelve_months(db):
    CalendarDay.objects.create(date=datetime.date(2031, 1, 1), kind="holiday", name="元旦")
    assert check_calendar(datetime.date(2031, 1, 1)) == (False, "no holidays entered for 2032")
    CalendarDay.objects.create(date=datetime.date(2032, 2, 1), kind="holiday", name="春节")
    assert check_calendar(datetime.date(2031, 1, 1)) == (True, "entered for 2031, 2032")
    assert check_calendar(datetime.date(2033, 6, 1)) == (
        False,
        "no holidays entered for 2033, 2034",
    )


def test_unwritable_storage_and_low_disk_are_503(client, healthy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    healthy.PRIVATE_STORAGE_DIR = blocker / "private"
    status, body = get(client)
    assert status == 503 and not body["checks"]["storage"]["ok"]
    healthy.PRIVATE_STORAGE_DIR = tmp_path / "private"
    healthy.HEALTH_MIN_FREE_MB = 10**12
    status, body = get(client)
    assert status == 503 and not body["checks"]["disk"]["ok"]
    assert body["checks"]["storage"]["ok"]


def test_unapplied_migrations_are_503(client, healthy, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m", False)])
    status, body = get(client)
    assert status == 503
    assert body["checks"]["database"] == {"ok": False, "detail": "1 migrations not applied"}


def test_the_web_check_ignores_the_worker_and_calendar(client, healthy):
    WorkerHeartbeat.objects.all().delete()
    CalendarDay.objects.all().delete()
    status, body = get(client, "/healthz/web")
    assert status == 200 and set(body["checks"]) == {"database", "storage", "disk"}
    assert get(client)[0] == 503


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz(/web)?$"])
def test_healthz_answers_over_plain_http_inside_the_network(client, healthy):
    assert client.get("/healthz/web").status_code == 200
    assert client.get("/login/").status_code == 301


def worker(**extra):
    options = dict(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    return HeartbeatWorker(**options | extra)


# the loop closes and reopens its connection between tasks, as in production
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_loop_writes_its_heartbeat_and_removes_it_when_it_stops():
    w = worker()
    w._loop()
    row = WorkerHeartbeat.objects.get(worker_id="test-worker")
    assert (timezone.now() - row.beat_at).total_seconds() < 5
    assert row.pid == os.getpid() and not row.running_task
    w.run()
    assert not WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()


# the loop closes and reopens its connection between tasks, as in production
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_forgets_rows_of_long_dead_workers():
    old = timezone.now() - datetime.timedelta(days=2)
    WorkerHeartbeat.objects.create(
        worker_id="dead", hostname="h", pid=1, started_at=old, beat_at=old
    )
    worker().run()
    assert not WorkerHeartbeat.objects.filter(worker_id="dead").exists()


def test_the_worker_healthcheck_reads_this_hosts_heartbeat(db, monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: "worker-container")
    with pytest.raises(CommandError, match="no heartbeat"):
        call_command("healthcheck", "worker")
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="x", hostname="worker-container", pid=1, started_at=now, beat_at=now
    )
    call_command("healthcheck", "worker")
    WorkerHeartbeat.objects.update(beat_at=now - datetime.timedelta(minutes=2))
    with pytest.raises(CommandError, match="last heartbeat"):
        call_command("healthcheck", "worker")


def test_the_web_healthcheck_needs_an_answer():
    with pytest.raises(CommandError, match="no answer"):
        call_command("healthcheck", "web", "--address", "127.0.0.1:9")


@override_settings(
    SECRET_KEY="change-me-to-a-long-random-string-of-at-least-50-characters-0123456789"
)
def test_the_placeholder_secret_key_fails_the_deploy_check():
    assert [e.id for e in checks.secret_key_is_not_a_placeholder()] == ["cdpf.E001"]


@override_settings(SECRET_KEY="x7$kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkQz9!mP2@wL5#vB8&")
def test_a_random_secret_key_passes():
    assert checks.secret_key_is_not_a_placeholder() == []


@pytest.mark.django_db
def test_demo_accounts_fail_the_deploy_check_with_debug_off(settings):
    settings.DEBUG = False
    assert checks.no_demo_accounts_in_production() == []
    user = make_user("yn_admin", "130408", roles.ADMIN)
    user.set_password(DEMO_PASSWORD)
    user.save()
    errors = checks.no_demo_accounts_in_production()
    assert [e.id for e in errors] == ["cdpf.E002"] and "yn_admin" in errors[0].msg
    settings.DEBUG = True
    assert checks.no_demo_accounts_in_production() == []
    settings.DEBUG = False
    user.set_password("A-real-passw0rd-of-its-own")
    user.save()
    assert checks.no_demo_accounts_in_production() == []


def test_check_deploy_refuses_env_example_as_it_is(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CDPF_", "DJANGO_"))}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    env.update(
        DJANGO_SETTINGS_MODULE="cdpf.settings",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        CDPF_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "cdpf.E001" in result.stderr


DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


@override_settings(TASKS=DB_TASKS)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_a_queued_task_with_its_heartbeat_and_log_line(caplog):
    worker_tasks.seen.clear()
    result = worker_tasks.note.using(backend="default").enqueue(41)
    caplog.set_level("INFO", logger="cdpf.worker")
    w = worker(worker_id="task-worker")
    w._loop()
    assert worker_tasks.seen == [(41, True)]  # ran, and beat as running meanwhile
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    line = next(r for r in caplog.records if r.getMessage() == "task")
    assert line.status == "SUCCESSFUL" and line.task.endswith("worker_tasks.note")
    assert line.task_id == str(result.id) and line.duration_ms >= 0
    assert not WorkerHeartbeat.objects.get(worker_id="task-worker").running_task
