"""A job's per-row errors, capped (decision 0152): the database and the job page keep the first
JOB_STORED_ERRORS; when there are more, the full list is written once as a workbook in private
storage, downloaded from the job page by whoever may read the job (and deleted with the job's
upload under the retention rule, cdpf.retention)."""

from __future__ import annotations

import io

import openpyxl
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from cdpf import private_files
from cdpf.spreadsheets import neutralise

AREA = "job-errors"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(errors: list) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("Errors"))
    sheet.append([_("Row"), _("Problem")])
    for error in errors:
        if isinstance(error, dict) and error.get("row"):
            sheet.append([error["row"], neutralise("；".join(map(str, error.get("messages", []))))])
        else:
            sheet.append(["", neutralise(str(error))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cap(job, errors: list) -> tuple[list, dict]:
    """The errors to store on the job, and what its result records about the rest."""
    limit = settings.JOB_STORED_ERRORS
    if len(errors) <= limit:
        return errors, {}
    stored = private_files.store(
        ContentFile(workbook(errors), name=f"job-{job.pk}-errors.xlsx"),
        area=AREA,
        content_type=XLSX,
    )
    return errors[:limit], {"errors_total": len(errors), "errors_file": stored["path"]}


def read(job) -> bytes:
    return private_files.read(AREA, job.result["errors_file"])
