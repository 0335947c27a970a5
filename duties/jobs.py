"""Background jobs of the duty register: importing work items from a spreadsheet, and the
register laid out as a document (decision 0230)."""

from __future__ import annotations

from contextlib import nullcontext

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.document_jobs import document_job
from cdpf.jobs import JobError, job_handler, saving
from cdpf.models import AuditEntry, Job, Region
from cdpf.selectors import scope_to_user
from duties import pdf, selectors
from duties.resources import HEADERS, WorkItemResource

IMPORT_KIND = "duties.import_work_items"


def load_dataset(content: bytes) -> tablib.Dataset:
    """Read an xlsx upload; a file that is not a readable workbook is a clear error."""
    try:
        dataset = tablib.Dataset().load(content, format="xlsx")
    except Exception as exc:
        raise JobError(_("The file is not a readable .xlsx workbook.")) from exc
    missing = [h for h in HEADERS.values() if h not in (dataset.headers or [])]
    if missing:
        raise JobError(
            _(
                "The workbook lacks the columns: %(columns)s. Download the current export "
                "and use it as the template."
            )
            % {"columns": "、".join(missing)}
        )
    return dataset


def row_errors(result) -> list[dict]:
    """Every problem of an import, one entry per spreadsheet row (header is row 1)."""
    errors = []
    for line, row_errs in result.row_errors():
        errors.append(
            {
                "row": line + 1,
                "messages": [str(e.error) for e in row_errs],
            }
        )
    for invalid in result.invalid_rows:
        messages = []
        for field, msgs in invalid.error_dict.items():
            label = HEADERS.get(field, field)
            messages.extend(f"{label}: {m}" for m in msgs)
        errors.append({"row": invalid.number + 1, "messages": messages})
    errors.sort(key=lambda e: e["row"])
    return errors


@job_handler(IMPORT_KIND, apply_url="duties:import_apply", done_url="duties:register")
def import_work_items(job: Job, progress) -> dict:
    """Dry run or apply; any bad row stops the whole import and nothing is changed."""
    dry_run = bool(job.params.get("dry_run", True))
    dataset = load_dataset(bytes(job.input_file or b""))
    total = len(dataset)
    progress(0, total, _("Checking rows"))
    resource = WorkItemResource(region=job.region)
    # An apply keeps its rows and its audit entry in one transaction (cdpf.jobs.saving).
    with saving(job) if not dry_run else nullcontext():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            collect_failed_rows=True,
        )
        summary = _summary(result, dry_run=dry_run, total=total)
        errors = row_errors(result)
        if errors:
            raise JobError(
                _("%(count)s row(s) have errors; nothing was changed.") % {"count": len(errors)},
                errors=errors,
                result=summary,
            )
        if not dry_run:
            audit.record(
                action=AuditEntry.Action.IMPORT,
                user=job.created_by,
                object_type="duties.workitem",
                object_repr=job.input_name,
                detail=summary,
            )
    progress(total, total, _("Done"))
    return summary


def _summary(result, *, dry_run: bool, total: int) -> dict:
    summary = {
        "dry_run": dry_run,
        "rows": total,
        "new": result.totals.get("new", 0),
        "update": result.totals.get("update", 0),
        "skip": result.totals.get("skip", 0),
        "changes": [
            {"row": i + 2, "type": row.import_type, "item": str(row.object_repr or "")[:60]}
            for i, row in enumerate(result.rows)
            if row.import_type in ("new", "update")
        ],
    }
    return summary


REGISTER_KIND = "duties.register"


@document_job(REGISTER_KIND, document_kind="duty_register")
def register(job: Job, laying_out):
    """The register printed as the official two tables: the current register of a region, or
    a published version; laid out two to four times to repeat a duty split by a page break."""


    user = job.created_by
    version = None
    if job.params.get("version"):
        version = selectors.versions_for(user).defer(None).filter(pk=job.params["version"]).first()
        if version is None:
            raise JobError(_("This version of the register is not in your region."))
        snapshot, region, date = version.snapshot, version.region, version.published_on
    else:
        region = (
            scope_to_user(Region.objects.all(), user, field="")
            .filter(code=job.params["region"])
            .first()
        )
        if region is None:
            raise JobError(_("This register is not in your region."))
        snapshot, date = selectors.register_snapshot(region), timezone.localdate()
    laying_out()
    return pdf.register_document(
        actor=user, snapshot=snapshot, region=region, date=date, version=version
    )
