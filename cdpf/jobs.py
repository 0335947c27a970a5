"""Background jobs: long work runs in the worker, with progress the user can watch.

Jobs that end (docs/decisions/0080): while a job runs, a thread of its own writes the job's
heartbeat and progress on its own database connection (so both are visible while the job's
transaction is still open); a running job whose heartbeat stopped is failed by
`fail_stale_jobs` with a message saying what was and was not saved, and its owner may retry
it. A job keeps its changes in one transaction (`saving`), which also records that they were
saved: a job is either wholly saved or not at all, and the message can say which.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from cdpf import audit

# Running a job lives in cdpf/job_runs.py (the worker's task imports only that); the names
# stay importable from here, where apps register handlers and start jobs.
from cdpf.job_runs import (  # noqa: F401
    _HANDLERS,
    APPLY_URLS,
    DONE_URLS,
    UNSAVED,
    Handler,
    JobError,
    JobFailed,
    Progress,
    WorkerLost,
    _finish,
    _when,
    job_handler,
    lost_worker_message,
    run,
    saving,
)
from cdpf.models import AuditEntry, Job
from cdpf.tasks import run_job

log = logging.getLogger(__name__)


def enqueue_job(
    *,
    actor,
    kind: str,
    title: str,
    params: dict | None = None,
    input_file: bytes | None = None,
    input_name: str = "",
    region=None,
    retry_of: Job | None = None,
) -> Job:
    """Create a job and hand it to the worker once the current transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"No handler for job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title,
        params=params or {},
        input_file=input_file,
        input_name=input_name,
        created_by=actor,
        region=region or actor.region,
        retry_of=retry_of,
    )
    def hand_over() -> None:
        result = run_job.enqueue(job.pk)
        # The immediate backend (tests) has run the job already; its row has the id.
        Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id))

    transaction.on_commit(hand_over)
    return job


def _stale_jobs(now: datetime.datetime):
    cutoff = now - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)
    return Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )


def fail_stale_jobs(*, now: datetime.datetime | None = None, pk: int | None = None) -> list[int]:
    """Fail every running job whose heartbeat stopped (its worker was killed, or lost the
    database for good); their tasks are failed too. Run by the worker loop and when a job's
    page is read. Returns the ids of the jobs failed."""
    now = now or timezone.now()
    stale = _stale_jobs(now).select_related("created_by", "region")
    if pk is not None:
        stale = stale.filter(pk=pk)
    failed = []
    for job in stale:
        message = lost_worker_message(job)
        with transaction.atomic():
            # Only if nothing moved since it was read: a late beat means the worker is alive.
            if not Job.objects.filter(
                pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=job.heartbeat_at
            ).update(
                status=Job.Status.FAILED, interrupted=True, message=message[:300], finished_at=now
            ):
                continue
            _fail_task(job.task_id, message, now)
            audit.record(
                action=AuditEntry.Action.UPDATE,
                obj=job,
                user=None,
                detail={
                    "status": Job.Status.FAILED,
                    "reason": "worker_lost",
                    "last_heartbeat": _when(job.heartbeat_at),
                    "saved": bool(job.saved_at),
                    "progress": [job.progress, job.total],
                },
            )
        log.warning("job %s failed: its worker stopped beating at %s", job.pk, job.heartbeat_at)
        failed.append(job.pk)
    return failed


def _fail_task(task_id: str, message: str, now: datetime.datetime) -> None:
    if not task_id:
        return

    try:
        DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
            status="FAILED",
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=message,
        )
    except ValidationError:  # not a database task id (another backend)
        pass


def can_retry(job: Job, user) -> bool:
    """Only the owner retries, only a job stopped by a fault (not by its input), only once,
    and never one whose changes were saved."""
    return (
        job.status == Job.Status.FAILED
        and job.interrupted
        and job.saved_at is None
        and job.created_by_id == user.pk
        and not job.retries.exists()
    )


def retry_job(*, actor, job: Job) -> Job:
    """Run an interrupted job again, as a new job with the same input; audited."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not can_retry(job, actor):
            raise ValidationError(_("This job cannot be run again."))
        retry = enqueue_job(
            actor=actor,
            kind=job.kind,
            title=job.title,
            params=job.params,
            input_file=bytes(job.input_file) if job.input_file is not None else None,
            input_name=job.input_name,
            region=job.region,
            retry_of=job,
        )
        audit.record(
            action=AuditEntry.Action.CREATE,
            obj=retry,
            user=actor,
            detail={"retry_of": job.pk, "kind": job.kind},
        )
    return retry


def apply_job_of(checked: Job) -> Job | None:
    """The job applying a dry run, unless it failed: a dry run is applied at most once."""
    return (
        Job.objects.filter(kind=checked.kind, params__checked_job=checked.pk)
        .exclude(status=Job.Status.FAILED)
        .order_by("pk")
        .first()
    )
