"""Background jobs of the quota audit: importing an employer register."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cdpf.jobs import JobError, job_handler
from cdpf.models import Job
from employment_quota import services
from employment_quota.models import Employer
from employment_quota.spreadsheets import read_employers

IMPORT_KIND = "employment_quota.import_employers"


@job_handler(
    IMPORT_KIND, apply_url="employment_quota:import_apply", done_url="employment_quota:employers"
)
def import_employers(job: Job, progress) -> dict:
    """Dry run or apply; any bad row stops the whole import and nothing is changed."""
    dry_run = bool(job.params.get("dry_run", True))
    try:
        check = read_employers(
            bytes(job.input_file or b""),
            existing_codes=set(Employer.objects.values_list("credit_code", flat=True).iterator()),
        )
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from exc
    total = len(check.rows) + len(check.errors)
    summary = {"dry_run": dry_run, "rows": total, "new": len(check.rows), "update": 0, "skip": 0}
    if check.errors:
        raise JobError(
            _("%(count)s row(s) have errors; nothing was changed.") % {"count": len(check.errors)},
            errors=check.errors,
            result=summary,
        )
    if not dry_run:
        with transaction.atomic():
            for done, row in enumerate(check.rows, start=1):
                services.employer_register(actor=job.created_by, region=job.region, **row)
                if done % 100 == 0:
                    progress(done, total, _("Importing"))
    progress(total, total, _("Done"))
    return summary
