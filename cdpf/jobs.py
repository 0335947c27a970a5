"""Background jobs: long work runs in the worker, with progress the user can watch."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.models import Job

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], dict]
_HANDLERS: dict[str, Handler] = {}
# For import jobs: the URL name that applies a successful dry run, and the page to go to after.
APPLY_URLS: dict[str, str] = {}
DONE_URLS: dict[str, str] = {}


class JobError(Exception):
    """The job cannot finish; `errors` are shown to the user, row by row where they have rows."""

    def __init__(self, message: str, errors: list | None = None, result: dict | None = None):
        super().__init__(message)
        self.errors = errors or []
        self.result = result or {}


def job_handler(kind: str, *, apply_url: str = "", done_url: str = ""):
    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        if apply_url:
            APPLY_URLS[kind] = apply_url
        if done_url:
            DONE_URLS[kind] = done_url
        return func

    return register


def enqueue_job(
    *,
    actor,
    kind: str,
    title: str,
    params: dict | None = None,
    input_file: bytes | None = None,
    input_name: str = "",
    region=None,
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
    )
    from cdpf.tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def run(job_id: int) -> None:
    """Run one job to its end; called by the worker task (and directly in tests)."""
    job = Job.objects.select_related("created_by", "region").get(pk=job_id)
    if job.is_finished:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(progress=done, total=total, message=message[:300])

    handler = _HANDLERS[job.kind]
    with audit.acting_as(job.created_by):
        try:
            result = handler(job, progress)
        except JobError as exc:
            _finish(job, Job.Status.FAILED, str(exc), exc.result, exc.errors)
        except Exception:  # the user sees a clear failure; only the server log has the trace
            log.exception("job %s failed", job.pk)
            _finish(
                job,
                Job.Status.FAILED,
                str(
                    _(
                        "An unexpected error stopped the job; nothing was half-saved. The "
                        "error is in the server log (job %(id)s)."
                    )
                    % {"id": job.pk}
                ),
                {},
                [],
            )
        else:
            _finish(job, Job.Status.SUCCEEDED, "", result or {}, [])


def _finish(job: Job, status: str, message: str, result: dict, errors: list) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        message=message[:300],
        result=result,
        errors=errors,
        finished_at=timezone.now(),
    )
