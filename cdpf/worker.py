"""The background worker's loop: django-tasks-db's worker, made to survive faults
(docs/decisions/0080, issue 13 and issue 19 item 4).

- It waits for the database and for the migrations instead of exiting when started first.
- Any database error in the loop (a dropped connection, "database is locked", a failover)
  is logged and retried with exponential backoff on a fresh connection.
- A worker that has not been able to work for WORKER_DB_RETRY_SECONDS, or meets an error that
  is not the database's, exits with status 1 so that its supervisor starts a new one.
- Every few seconds it fails the running jobs whose worker stopped beating (housekeeping);
  every RETENTION_CHECK_SECONDS it runs the retention rules once a day (cdpf.retention).
- It keeps one heartbeat row per worker process (cdpf.models.WorkerHeartbeat) that /healthz and
  the worker container's healthcheck read; while a task runs a helper thread keeps writing it,
  so a long import does not look like a dead worker (decision 0060).
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from cdpf import jobs, retention
from cdpf.models import Job, WorkerHeartbeat
from cdpf.observability import log_context
from cdpf.pdf import warm

logger = logging.getLogger("cdpf.worker")

BEAT_SECONDS = 10
STALE_AFTER = datetime.timedelta(seconds=60)
FORGET_AFTER = datetime.timedelta(days=1)


def beat(worker_id: str, *, running_task: bool = False, started_at=None) -> None:
    now = timezone.now()
    defaults = {"beat_at": now, "running_task": running_task}
    if started_at is not None:
        defaults |= {
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
        }
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(**defaults)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=started_at or now,
            beat_at=now,
            running_task=running_task,
        )


def fresh_heartbeats():
    return WorkerHeartbeat.objects.filter(beat_at__gte=timezone.now() - STALE_AFTER)


class CannotWork(SystemExit):
    """The worker gives up; the exit status 1 tells its supervisor to start another."""

    def __init__(self, reason: str):
        logger.critical("worker cannot work and exits: %s", reason)
        super().__init__(1)


def pending_migrations() -> list:
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def drop_connections() -> None:
    """Forget every connection so that the next query opens a fresh one."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            conn.connection = None


class Worker(DatabaseWorker):
    housekeeping_seconds = 5.0

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._last_housekeeping = 0.0
        self.housekeeping_seconds = min(5.0, settings.JOB_HEARTBEAT_SECONDS)
        # A task whose outcome could not be written (the database went away as it ended).
        self.unsettled: DBTaskResult | None = None
        self.started_at = timezone.now()
        self.last_beat = 0.0
        self._last_retention: float | None = None

    # --- the worker's own heartbeat (for /healthz) ---------------------------------------------

    def beat(self, *, force: bool = False, running_task: bool = False) -> None:
        if not force and time.monotonic() - self.last_beat < BEAT_SECONDS:
            return
        try:
            beat(self.worker_id, running_task=running_task, started_at=self.started_at)
            self.last_beat = time.monotonic()
        except DatabaseError:
            logger.warning("worker heartbeat not written (database unavailable)", exc_info=True)

    # --- waiting, backing off ------------------------------------------------------------

    def pause(self, seconds: float) -> None:
        """Sleep, waking early to stop when asked to."""
        end = time.monotonic() + seconds
        while self.running and time.monotonic() < end:
            time.sleep(min(0.2, max(0.0, end - time.monotonic())))

    def backoff(self, attempt: int) -> float:
        return min(settings.WORKER_BACKOFF_MAX_SECONDS, 0.5 * 2 ** min(attempt, 10))

    def wait_until_ready(self) -> None:
        """Wait for the database to answer and for every migration to be applied."""
        attempt, unreachable_since = 0, None
        while self.running:
            try:
                pending = pending_migrations()
            except DatabaseError as exc:
                unreachable_since = unreachable_since or time.monotonic()
                if time.monotonic() - unreachable_since > settings.WORKER_DB_RETRY_SECONDS:
                    raise CannotWork(f"the database did not answer: {exc}") from exc
                logger.warning("waiting for the database: %s", exc)
                drop_connections()
            else:
                if not pending:
                    return
                unreachable_since = None
                logger.warning(
                    "waiting for %s migration(s) to be applied (first: %s.%s)",
                    len(pending),
                    pending[0][0].app_label,
                    pending[0][0].name,
                )
                drop_connections()
            self.pause(self.backoff(attempt))
            attempt += 1

    # --- the loop ----------------------------------------------------------------------------

    def run(self) -> None:
        logger.info("worker %s starting (queues %s)", self.worker_id, ",".join(self.queue_names))
        self.wait_until_ready()

        warm()  # the jobs lay the long documents out: load the font coverage before the first
        try:
            WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()
        except DatabaseError:
            logger.warning("old worker heartbeats not cleared", exc_info=True)
        self.beat(force=True)
        try:
            self._loop()
        finally:
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            except DatabaseError:
                pass

    def _loop(self) -> None:
        attempt, failing_since = 0, None
        while self.running:
            try:
                if self.step():
                    return
            except DatabaseError as exc:
                failing_since = failing_since or time.monotonic()
                if time.monotonic() - failing_since > settings.WORKER_DB_RETRY_SECONDS:
                    raise CannotWork(f"database errors for too long: {exc}") from exc
                delay = self.backoff(attempt)
                logger.warning("database error in the worker loop (%s); retry in %.1fs", exc, delay)
                drop_connections()
                self.pause(delay)
                attempt += 1
            except Exception as exc:
                logger.exception("unexpected error in the worker loop")
                raise CannotWork(repr(exc)) from exc
            else:
                attempt, failing_since = 0, None

    def step(self) -> bool:
        """One turn of the loop: housekeeping, then claim and run one task. True to stop."""
        close_old_connections()
        self.beat()
        if self.unsettled is not None:
            self.settle(self.unsettled)
        self.housekeeping()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)  # so that no other worker runs it
        if task_result is not None:
            self.run_task(task_result)
        elif self.batch:
            logger.info("no more tasks for worker %s; exiting", self.worker_id)
            return True
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            logger.info("worker %s ran its %s task(s); exiting", self.worker_id, self.max_tasks)
            return True
        close_old_connections()
        if self.running and task_result is None:
            self.pause(self.interval)
        return False

    def housekeeping(self) -> None:
        """Chores of the worker every few seconds: fail the jobs whose worker stopped."""
        now = time.monotonic()
        if now - self._last_housekeeping < self.housekeeping_seconds:
            return
        self._last_housekeeping = now
        jobs.fail_stale_jobs()
        self.retention(now)

    def retention(self, now: float) -> None:
        """The daily retention run (decision 0151); a failure is logged, never fatal."""
        every = settings.RETENTION_CHECK_SECONDS
        if every is None or (
            self._last_retention is not None and now - self._last_retention < every
        ):
            return
        self._last_retention = now

        try:
            done = retention.run_if_due()
        except DatabaseError:
            raise
        except Exception:
            logger.exception("retention run failed; tried again in %ss", every)
        else:
            if done is not None:
                logger.info("retention", extra={"retention": done})

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.unsettled = db_task_result
        self.beat(force=True, running_task=True)
        done = threading.Event()

        def keep_beating():
            try:
                while not done.wait(BEAT_SECONDS):
                    self.beat(force=True, running_task=True)
            finally:
                connection.close()

        helper = threading.Thread(target=keep_beating, name="cdpf-heartbeat", daemon=True)
        helper.start()
        started = time.monotonic()
        args = db_task_result.args_kwargs.get("args") or [None]
        job_id = args[0] if db_task_result.task_path.endswith(".run_job") else None
        try:
            with log_context(task_id=str(db_task_result.id), job_id=job_id):
                super().run_task(db_task_result)
                db_task_result.refresh_from_db(fields=["status"])
                logger.info(
                    "task",
                    extra={
                        "task": db_task_result.task_path,
                        "status": db_task_result.status,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
        finally:
            done.set()
            helper.join(timeout=5)
        self.unsettled = None
        self.beat(force=True)

    def settle(self, db_task_result: DBTaskResult) -> None:
        """Record a task's outcome from its job's, once the database is back. A job still
        running is left to the stale sweep, which fails both."""
        job = Job.objects.filter(task_id=str(db_task_result.pk)).first()
        if job is not None and job.status == Job.Status.SUCCEEDED:
            db_task_result.set_successful({"job": job.pk, "status": job.status})
        elif job is not None and job.status == Job.Status.FAILED:
            db_task_result.set_failed(jobs.JobFailed(f"job {job.pk} failed"))
        self.unsettled = None


# The name the db_worker command and the health tests know it by.
HeartbeatWorker = Worker
