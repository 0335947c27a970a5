"""Running one background job (docs/decisions/0080): the handler registry, the heartbeat
thread, the outcome recorded even when the connection dropped. The worker's task
(cdpf/tasks.py) calls `run`; cdpf/jobs.py starts, retries and fails jobs and re-exports these
names, so the task does not import the module that enqueues it (decision 0220)."""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.job_errors import cap
from cdpf.models import Job

log = logging.getLogger("cdpf.jobs")  # one logger for the jobs, as before the split

Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], dict]
_HANDLERS: dict[str, Handler] = {}
# For import jobs: the URL name that applies a successful dry run, and the page to go to after.
APPLY_URLS: dict[str, str] = {}
DONE_URLS: dict[str, str] = {}
# What a run of each kind that never finished leaves behind, said to its owner.
UNSAVED: dict[str, str] = {}


class JobError(Exception):
    """The job cannot finish; `errors` are shown to the user, row by row where they have rows."""

    def __init__(self, message: str, errors: list | None = None, result: dict | None = None):
        super().__init__(message)
        self.errors = errors or []
        self.result = result or {}


class JobFailed(Exception):
    """Raised by the worker's task when its job failed, so the task's outcome matches."""


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped beating while it ran."""


def job_handler(kind: str, *, apply_url: str = "", done_url: str = "", unsaved: str = ""):
    """Register the handler of a job kind. `unsaved` tells the owner of a run that never
    finished what it did not do (its writes are in one transaction, see `saving`)."""

    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        if apply_url:
            APPLY_URLS[kind] = apply_url
        if done_url:
            DONE_URLS[kind] = done_url
        if unsaved:
            UNSAVED[kind] = unsaved
        return func

    return register


@contextmanager
def saving(job: Job):
    """The one transaction that keeps a job's changes. It also stamps the job as saved, so a
    job whose worker dies is known to have saved all of its changes or none of them."""
    with transaction.atomic():
        yield
        Job.objects.filter(pk=job.pk).update(saved_at=timezone.now())


class _Beat:
    """Writes a running job's heartbeat and latest progress from a thread of its own, on that
    thread's own database connection, so both are seen while the job's transaction is open."""

    def __init__(self, job_id: int, interval: float):
        self.job_id = job_id
        self.interval = interval
        self._pending: tuple[int, int, str] | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._warned = False
        self._thread = threading.Thread(target=self._loop, name=f"job-{job_id}-beat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def progress(self, done: int, total: int, message: str = "") -> None:
        with self._lock:
            self._pending = (done, total, message[:300])
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        try:
            while True:
                self._write()
                if self._stop.is_set():
                    return
                self._wake.wait(self.interval)
                self._wake.clear()
                self._stop.wait(0.3)  # coalesce a burst of progress into one write
        finally:
            connection.close()  # this thread's connection

    def _write(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        fields: dict = {"heartbeat_at": timezone.now()}
        if pending:
            fields.update(progress=pending[0], total=pending[1], message=pending[2])
        try:
            Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(**fields)
        except DatabaseError as exc:
            # Another write holds SQLite, or the connection dropped: try again at the next beat.
            if not self._warned:
                log.warning("job %s: heartbeat not written (%s); retrying", self.job_id, exc)
                self._warned = True
            with self._lock:
                self._pending = self._pending or pending
            try:
                connection.close()
            except DatabaseError:
                pass


def run(job_id: int, *, task_id: str = "", worker_id: str = "") -> str:
    """Run one queued job to its end and return its final status; called by the worker task
    (and directly in tests). A job that is not queued any more is left alone."""
    job = Job.objects.select_related("created_by", "region").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return job.status
    now = timezone.now()
    claim = {"status": Job.Status.RUNNING, "started_at": now, "heartbeat_at": now}
    if task_id:
        claim["task_id"] = task_id
    if worker_id:
        claim["worker_id"] = worker_id[:64]
    if not Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(**claim):
        return Job.objects.get(pk=job.pk).status  # another worker took it

    # Inside a transaction (tests' immediate backend) another connection would not see the
    # job; progress is then written in line. The worker runs jobs outside any transaction.
    beat = None if connection.in_atomic_block else _Beat(job.pk, settings.JOB_HEARTBEAT_SECONDS)

    def progress_inline(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(
            progress=done, total=total, message=message[:300], heartbeat_at=timezone.now()
        )

    handler = _HANDLERS[job.kind]
    if beat:
        beat.start()
    outcome: tuple
    with audit.acting_as(job.created_by):
        try:
            result = handler(job, beat.progress if beat else progress_inline)
        except JobError as exc:
            errors, more = cap(job, exc.errors)  # the first N stored, all in a download
            outcome = (Job.Status.FAILED, str(exc), {**exc.result, **more}, errors, False)
        except DatabaseError:
            log.exception("job %s lost its database", job.pk)
            outcome = (Job.Status.FAILED, _lost_database_message(job), {}, [], True)
        except Exception:  # the user sees a clear failure; only the server log has the trace
            log.exception("job %s failed", job.pk)
            message = _(
                "An unexpected error stopped the job; nothing was half-saved. The "
                "error is in the server log (job %(id)s)."
            ) % {"id": job.pk}
            outcome = (Job.Status.FAILED, str(message), {}, [], False)
        else:
            outcome = (Job.Status.SUCCEEDED, "", result or {}, [], False)
        finally:
            if beat:
                beat.stop()
    _finish(job, *outcome)
    return outcome[0]


def _finish(
    job: Job, status: str, message: str, result: dict, errors: list, interrupted: bool
) -> None:
    """Record the outcome, reconnecting if the connection dropped under the job. A job that
    was failed as stale meanwhile gets its real outcome (`interrupted` was only a guess)."""
    for attempt in range(1, 4):
        try:
            Job.objects.filter(
                Q(status=Job.Status.RUNNING) | Q(status=Job.Status.FAILED, interrupted=True),
                pk=job.pk,
            ).update(
                status=status,
                message=message[:300],
                result=result,
                errors=errors,
                interrupted=interrupted,
                finished_at=timezone.now(),
            )
            return
        except DatabaseError:
            if connection.in_atomic_block or attempt == 3:
                raise
            log.warning("job %s: outcome not written, reconnecting (attempt %s)", job.pk, attempt)
            connection.close()
            time.sleep(attempt)


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


def _unsaved(job: Job) -> str:
    return UNSAVED.get(job.kind) or str(
        _("its changes are kept all together at its end, or not at all.")
    )


def _lost_database_message(job: Job) -> str:
    try:
        if not connection.in_atomic_block:
            connection.close()  # reconnect: the old connection is gone
        fresh = Job.objects.filter(pk=job.pk).values("saved_at").first() or {}
    except DatabaseError:
        fresh = {}
    if fresh.get("saved_at"):
        return str(
            _(
                "The database connection was lost after this job's changes were saved (%(saved)s);"
                " only its summary was not recorded. Do not run it again."
            )
            % {"saved": _when(fresh["saved_at"])}
        )
    return str(
        _("The database connection was lost while this job ran. Nothing of it was saved: %(what)s")
        % {"what": _unsaved(job)}
    )


def lost_worker_message(job: Job) -> str:
    """What the owner of a job whose worker stopped is told: when, how far, what was saved."""
    values = {
        "time": _when(job.heartbeat_at or job.started_at),
        "done": job.progress,
        "total": job.total or "?",
    }
    if job.saved_at:
        text = _(
            "The worker running this job stopped (last sign of life %(time)s) after its "
            "changes were saved (%(saved)s); only its summary was not recorded. Do not run it "
            "again."
        )
        values["saved"] = _when(job.saved_at)
    elif job.params.get("dry_run"):
        text = _(
            "The worker running this job stopped (last sign of life %(time)s, at %(done)s of "
            "%(total)s). It was a check only: nothing was changed. Press Retry to check the "
            "file again."
        )
    else:
        text = _(
            "The worker running this job stopped (last sign of life %(time)s, at %(done)s of "
            "%(total)s). Nothing of it was saved: %(what)s Press Retry to run it again."
        )
        values["what"] = _unsaved(job)
    return str(text % values)
