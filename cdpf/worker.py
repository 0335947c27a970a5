"""The background worker (`manage.py db_worker`): django-tasks-db's loop, plus a heartbeat row
per worker process (cdpf.models.WorkerHeartbeat) that /healthz and the worker container's
healthcheck read. The loop writes it on each pass (at most every BEAT_SECONDS); while a task
runs, a helper thread keeps writing it, so a long import does not look like a dead worker
(a task that hangs is the per-job heartbeat's business)."""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import time

from django.db import close_old_connections, connection
from django.db.utils import DatabaseError, OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from cdpf.models import WorkerHeartbeat
from cdpf.observability import log_context

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


class HeartbeatWorker(Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.started_at = timezone.now()
        self.last_beat = 0.0

    def beat(self, *, force: bool = False, running_task: bool = False) -> None:
        if not force and time.monotonic() - self.last_beat < BEAT_SECONDS:
            return
        try:
            beat(self.worker_id, running_task=running_task, started_at=self.started_at)
            self.last_beat = time.monotonic()
        except DatabaseError:
            logger.warning("worker heartbeat not written (database unavailable)", exc_info=True)

    def run(self) -> None:
        WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()
        self.beat(force=True)
        try:
            self._loop()
        finally:
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            except DatabaseError:
                pass

    def _loop(self) -> None:
        # django-tasks-db 0.13's Worker.run loop, with the heartbeat on each pass.
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        while self.running:
            close_old_connections()
            self.beat()
            tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
            if not self.process_all_queues:
                tasks = tasks.filter(queue_name__in=self.queue_names)
            if self.excluded_queue_names:
                tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
            with exclusive_transaction(tasks.db):
                try:
                    task_result = tasks.get_locked()
                    retrieved = True
                    if task_result is not None:
                        task_result.claim(self.worker_id)
                except OperationalError as e:
                    retrieved = False
                    if not is_locked_database_exception(e):
                        raise
                    task_result = None
            if task_result is not None:
                self.run_task(task_result)
            if self.batch and retrieved and task_result is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and not task_result:
                time.sleep(self.interval)

    def run_task(self, db_task_result) -> None:
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
        self.beat(force=True)
