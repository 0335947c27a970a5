"""Background jobs of supervision: importing and matching the quarterly police file, and
the quarterly list and year-end report laid out as documents (decision 0230)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf.document_jobs import document_job
from cdpf.jobs import JobError, job_handler, saving
from cdpf.models import Job
from supervision import pdf, rules, selectors, services

POLICE_KIND = "supervision.police_file"


@job_handler(POLICE_KIND, done_url="supervision:police")
def import_police_file(job: Job, progress) -> dict:
    """Check every row; any bad row refuses the whole file. Then match the ID numbers against
    the certificate register and keep the proposals for staff to confirm (nothing is cancelled
    here)."""
    content = bytes(job.input_file or b"")
    progress(0, 0, _("Checking rows"))
    try:
        check = rules.read_police_file(content, name=job.input_name, today=timezone.localdate())
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from exc
    total = len(check.rows) + len(check.errors)
    summary = {"rows": total, "new": 0, "update": 0, "skip": 0, "matched": 0}
    if check.errors:
        raise JobError(
            _("%(count)s row(s) have errors; nothing was changed.") % {"count": len(check.errors)},
            errors=check.errors,
            result=summary,
        )

    def matching(done, all_rows, _message):
        progress(done, all_rows, _("Matching ID numbers against the register"))

    matches = selectors.match_id_numbers(
        [r.id_number for r in check.rows], region_prefix=job.region.scope_prefix, progress=matching
    )
    try:
        with saving(job):
            police_file = services.police_file_store(
                actor=job.created_by,
                region=job.region,
                year=int(job.params["year"]),
                quarter=int(job.params["quarter"]),
                file_name=job.input_name,
                content=content,
                check=check,
                matches=matches,
                job=job,
                progress=progress,
            )
    except ValidationError as exc:
        if exc.code in ("same_file", "same_rows"):
            # a file already in changes nothing: that is a finished import, not a failure
            progress(total, total, _("Done"))
            return {**summary, "skip": total, "note": " ".join(exc.messages)}
        raise JobError(" ".join(exc.messages), result=summary) from exc
    progress(total, total, _("Done"))
    return {
        "rows": total,
        "new": police_file.new_rows,
        "update": 0,
        "skip": total - police_file.new_rows,
        "matched": police_file.matched,
        "police_file": police_file.pk,
    }


QUARTERLY_LIST_KIND = "supervision.quarterly_list"
YEAR_REPORT_KIND = "supervision.year_report"


@document_job(QUARTERLY_LIST_KIND, document_kind="supervision_quarterly_list")
def quarterly_list(job: Job, laying_out):
    """季度核销名单: one line per cancellation confirmed from the quarter's police files."""

    laying_out()  # the rows are read with the layout (supervision.pdf)
    year, quarter = int(job.params["year"]), int(job.params["quarter"])
    return pdf.quarterly_list(actor=job.created_by, region=job.region, year=year, quarter=quarter)


@document_job(YEAR_REPORT_KIND, document_kind="supervision_year_report")
def year_report(job: Job, laying_out):
    """年度书面报告: the four quarters' figures and every cancellation of the year."""

    laying_out()  # the rows are read with the layout (supervision.pdf)
    return pdf.year_report(actor=job.created_by, region=job.region, year=int(job.params["year"]))
