"""Background jobs of the massage register: importing an institution and practitioner register."""

from __future__ import annotations

from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.jobs import JobError, job_handler, saving
from cdpf.models import AuditEntry, Job
from massage_licensing.spreadsheets import import_register

IMPORT_KIND = "massage_licensing.import_register"


@job_handler(
    IMPORT_KIND, apply_url="massage_licensing:import_apply", done_url="massage_licensing:index"
)
def import_massage_register(job: Job, progress) -> dict:
    """Dry run or apply; any bad row stops the whole import and nothing is changed."""
    dry_run = bool(job.params.get("dry_run", True))
    # An apply keeps its rows and its audit entry in one transaction (cdpf.jobs.saving).
    with saving(job) if not dry_run else nullcontext():
        try:
            result = import_register(
                bytes(job.input_file or b""),
                actor=job.created_by,
                region=job.region,
                today=timezone.localdate(),
                dry_run=dry_run,
                progress=progress,
            )
        except ValidationError as exc:
            raise JobError(" ".join(exc.messages)) from exc
        new = result.institutions + result.practitioners
        summary = {
            "dry_run": dry_run,
            "rows": new + len(result.errors),
            "new": new,
            "update": 0,
            "skip": 0,
            "institutions": result.institutions,
            "practitioners": result.practitioners,
        }
        if result.errors:
            raise JobError(
                _("%(count)s row(s) have errors; nothing was changed.")
                % {"count": len(result.errors)},
                errors=result.errors,
                result=summary,
            )
        if not dry_run:
            audit.record(
                action=AuditEntry.Action.IMPORT,
                user=job.created_by,
                object_type="massage_licensing.institution",
                object_repr=job.input_name,
                detail=summary,
            )
    progress(summary["rows"], summary["rows"], _("Done"))
    return summary
