"""The worker as an operator runs it (issue 13): real `manage.py worker` processes against the
test database, killed with SIGKILL in the middle of an import and of a print batch, and one
whose database connection is terminated by the server. PostgreSQL only: the processes must
share the database with the test, which SQLite's in-memory test database cannot."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cdpf import jobs
from cdpf.crypto import blind_index
from cdpf.models import AuditEntry, DocumentCounter, GeneratedDocument, Job
from certificates.jobs import BATCH, IMPORT_KIND, PRINT_KIND
from certificates.models import Application, Certificate, Person
from duties.jobs import IMPORT_KIND as DUTY_KIND
from tests.factories import duty_workbook, id_number, register_workbook

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL shared between the test and the worker processes",
    ),
]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
STALE_SECONDS = 3


def database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    def __init__(self, log: Path):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cdpf.settings",
            "DATABASE_URL": database_url(),
            "DEBUG": "0",
            "CDPF_ALLOW_INSECURE_KEY": "1",
            "CDPF_TESTING": "1",
            "CDPF_HTTPS": "0",
            "CONN_MAX_AGE": "600",  # a persistent connection, as in production
            "JOB_HEARTBEAT_SECONDS": "0.5",
            "JOB_STALE_SECONDS": str(STALE_SECONDS),
            "WORKER_BACKOFF_MAX_SECONDS": "1",
            "PRIVATE_STORAGE_DIR": str(settings.PRIVATE_STORAGE_DIR),
            # the test run's signing key (cdpf.E130 refuses a deployment without one)
            "DOCUMENT_SIGNING_KEY_FILE": str(settings.DOCUMENT_SIGNING_KEY_FILE),
            "DOCUMENT_SIGNING_CERT_FILE": str(settings.DOCUMENT_SIGNING_CERT_FILE),
            "DOCUMENT_SIGNING_AUTOGENERATE": "1",
        }
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay"]
            + ["--no-reload"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def workers(tmp_path):
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def wait_for(condition, *, timeout: float, what: str, worker=None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    log = worker.output()[-3000:] if worker else ""
    raise AssertionError(f"timed out waiting for {what}\n{log}")


def job_now(pk: int) -> Job:
    return Job.objects.get(pk=pk)


def registry_rows(count: int) -> list:
    rows = []
    for i in range(count):
        number = id_number(f"19{50 + i % 40:02d}0101", f"{i // 40:03d}")
        rows.append(
            [number, "测试人", "东街村", "东街村1号", number + "42", "2020-05-08", "2030-05-08", ""]
        )
    return rows


def task_status(job: Job) -> str:
    return DBTaskResult.objects.get(pk=job.task_id).status


def hold_id_number(number: str, region_id: int) -> psycopg.Connection:
    """Another session's uncommitted holder with this ID number: an insert of the same
    number (its unique blind index) waits until that session ends."""
    holder = psycopg.connect(database_url())
    holder.execute(
        "INSERT INTO certificates_person (region_id, id_number, id_number_index, name, sex, "
        "birth_date, community, address, phone, guardian_name, guardian_id_number, "
        "guardian_relation, guardian_phone, created_at, closed_reason) "
        "VALUES (%s, '', %s, '占位', 'M', '1950-01-01', '', '', '', '', '', '', '', now(), '')",
        [region_id, blind_index(number)],
    )
    return holder


@override_settings(TASKS=DATABASE_TASKS)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_next_worker_ends_the_job(
    workers, office_user
):
    rows = registry_rows(2 * BATCH)
    job = jobs.enqueue_job(
        actor=office_user,
        kind=IMPORT_KIND,
        title="导入",
        params={"dry_run": False},
        input_file=register_workbook(rows),
        input_name="registry.xlsx",
    )
    # The import writes a batch in well under a second: its second batch is made to wait
    # (for an uncommitted holder with the ID number of its first row) so that the worker is
    # killed in the middle, with the first batch written and nothing committed.
    holder = hold_id_number(rows[BATCH][0], office_user.region_id)
    try:
        first = workers()
        # progress is seen while the job's one transaction is still open (nothing committed)
        wait_for(
            lambda: (j := job_now(job.pk)).status == Job.Status.RUNNING and j.progress >= 500,
            timeout=120,
            what="the import to show progress",
            worker=first,
        )
        assert job_now(job.pk).saved_at is None and not Person.objects.exists()
        first.kill()
        beat = job_now(job.pk).heartbeat_at

        second = workers()
        wait_for(
            lambda: job_now(job.pk).status == Job.Status.FAILED,
            timeout=60,
            what="the stale job to be failed",
            worker=second,
        )
    finally:
        holder.rollback()  # the killed worker's session then ends without committing
        holder.close()
    lost = job_now(job.pk)
    assert lost.interrupted and lost.heartbeat_at == beat
    assert "Nothing of it was saved" in lost.message or "未保存" in lost.message
    assert not Person.objects.exists() and not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()
    assert task_status(lost) == "FAILED"  # the task table agrees with the job

    retry = jobs.retry_job(actor=office_user, job=lost)
    wait_for(lambda: job_now(retry.pk).is_finished, timeout=180, what="the retry", worker=second)
    done = job_now(retry.pk)
    assert done.status == Job.Status.SUCCEEDED, (done.message, done.errors)
    assert done.saved_at and Person.objects.count() == len(rows)
    assert task_status(done) == "SUCCESSFUL"
    assert second.process.poll() is None


@override_settings(TASKS=DATABASE_TASKS)
def test_a_worker_killed_mid_print_keeps_no_document_and_no_number(workers, request):
    to_state = request.getfixturevalue("flow")
    make_person = request.getfixturevalue("person_factory")
    printer = request.getfixturevalue("cert_room")
    apps = [to_state("approved")] + [
        to_state("approved", person=make_person(number=id_number("19900101", f"{n:03d}")))
        for n in range(31, 61)
    ]
    job = jobs.enqueue_job(
        actor=printer,
        kind=PRINT_KIND,
        title="制证",
        params={"applications": [a.pk for a in apps]},
    )
    first = workers()
    wait_for(
        lambda: (j := job_now(job.pk)).status == Job.Status.RUNNING and j.progress >= 1,
        timeout=120,
        what="the print batch to show progress",
        worker=first,
    )
    first.kill()
    second = workers()
    wait_for(
        lambda: job_now(job.pk).status == Job.Status.FAILED,
        timeout=60,
        what="the stale print job to be failed",
        worker=second,
    )
    lost = job_now(job.pk)
    assert lost.interrupted and lost.saved_at is None
    assert not GeneratedDocument.objects.exists()
    assert not DocumentCounter.objects.filter(sequence__startswith="ZZPC", last__gt=0).exists()
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("state", flat=True)
    ) == {"approved"}

    retry = jobs.retry_job(actor=printer, job=lost)
    wait_for(lambda: job_now(retry.pk).is_finished, timeout=180, what="the retry", worker=second)
    done = job_now(retry.pk)
    assert done.status == Job.Status.SUCCEEDED, done.message
    # the first number of the year: the killed run used none
    assert done.result["document"] == f"ZZPC-{timezone.localdate().year}-000001"
    assert Application.objects.filter(state="printed").count() == len(apps)


def duty_check(user) -> Job:
    """A small real job the worker knows: checking a duty-register file (changes nothing)."""

    content = duty_workbook([[1, 1, "承担残疾人需求信息收集工作。", "办公室", "6858000", ""]])
    return jobs.enqueue_job(
        actor=user, kind=DUTY_KIND, title="检查", params={"dry_run": True}, input_file=content
    )


def other_backends() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def terminate(pids: list[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_keeps_working_when_the_server_drops_its_connection(workers, admin_user):
    worker = workers()
    first = duty_check(admin_user)
    wait_for(lambda: job_now(first.pk).is_finished, timeout=60, what="a job", worker=worker)
    for _ in range(2):
        pids = wait_for(other_backends, timeout=10, what="the worker's connection")
        terminate(pids)
        time.sleep(0.5)  # the worker's idle connection is now dead
        job = duty_check(admin_user)
        wait_for(
            lambda job=job: job_now(job.pk).is_finished, timeout=60, what="a job", worker=worker
        )
        assert job_now(job.pk).status == Job.Status.SUCCEEDED
    assert worker.process.poll() is None, worker.output()[-2000:]
