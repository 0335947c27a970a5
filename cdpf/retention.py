"""Retention rules (decision 0151; 等保 2.0 8.1.4.3 c, 8.1.4.11; PIPL art. 19): how long what
is kept, as national policy parameters.

- Uploaded files of jobs (registry, declaration and police files; the copy an applying job
  takes) and the full error lists written for them: deleted `retention.job_upload_days` after
  the job finished. The job, its summary and its first errors stay.
- Expired sessions: deleted every day.
- Audit entries: kept `retention.audit_months` (never under 6 months, which the code refuses
  whatever the parameter says); older ones are first written to an archive file in private
  storage (JSON lines, gzip, with its SHA-256 in the audit entry of the purge), then deleted.

Run daily by the worker (cdpf.worker housekeeping) and by `manage.py retention`. Each purge is
one audit entry (action PURGE) with what and how many.
"""

from __future__ import annotations

import calendar
import datetime
import gzip
import hashlib
import io
import json

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cdpf import audit, private_files
from cdpf.models import AuditEntry, Job
from cdpf.params import get_param

# 等保 2.0 8.1.4.3 / 《网络安全法》第二十一条: network logs kept no less than six months.
AUDIT_MINIMUM_MONTHS = 6
ARCHIVE_AREA = "audit-archive"
ERRORS_AREA = "job-errors"
DAILY = datetime.timedelta(hours=23)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` months earlier (the month's last day when shorter)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def audit_floor(now: datetime.datetime) -> datetime.datetime:
    """No audit entry at or after this moment may be deleted, whatever a parameter says."""
    return months_before(now, AUDIT_MINIMUM_MONTHS)


def _param(name: str, now: datetime.datetime) -> int:
    return get_param(f"retention.{name}", on=timezone.localdate(now), region=None)


def _record(what: str, count: int, **detail) -> None:
    audit.record(
        action=AuditEntry.Action.PURGE,
        object_type="retention",
        object_repr=what,
        detail={"what": what, "count": count, **detail},
    )


def delete_stored(area: str, relative: str) -> None:
    storage = private_files._storage()
    name = private_files._name(area, relative)
    if storage.exists(name):
        storage.delete(name)


def purge_job_uploads(*, now: datetime.datetime | None = None) -> int:
    """Delete the uploaded files (and full error lists) of jobs finished over N days ago."""
    now = now or timezone.now()
    days = _param("job_upload_days", now)
    cutoff = now - datetime.timedelta(days=days)
    old = Job.objects.filter(finished_at__lt=cutoff)
    with_input = old.filter(input_file__isnull=False)
    count = with_input.update(input_file=None)
    files = 0
    for job in old.filter(result__has_key="errors_file").only("pk", "result"):
        delete_stored(ERRORS_AREA, job.result["errors_file"])
        result = {k: v for k, v in job.result.items() if k != "errors_file"}
        Job.objects.filter(pk=job.pk).update(result={**result, "errors_file_purged": True})
        files += 1
    if count or files:
        _record("job_uploads", count, error_lists=files, days=days)
    return count


def clear_sessions(*, now: datetime.datetime | None = None) -> int:
    count, _ = Session.objects.filter(expire_date__lt=now or timezone.now()).delete()
    if count:
        _record("sessions", count)
    return count


def archive_audit(*, now: datetime.datetime | None = None) -> int:
    """Archive, then delete, the audit entries older than the retention period."""
    now = now or timezone.now()
    months = max(_param("audit_months", now), AUDIT_MINIMUM_MONTHS)
    before = months_before(now, months)
    old = AuditEntry.objects.filter(at__lt=before).order_by("at", "id")
    if not old.exists():
        return 0
    buffer = io.BytesIO()
    count = 0
    with gzip.GzipFile(fileobj=buffer, mode="wb") as archive:
        for entry in old.values().iterator(chunk_size=2000):
            entry["at"] = entry["at"].isoformat()
            archive.write(json.dumps(entry, ensure_ascii=False, default=str).encode() + b"\n")
            count += 1
    data = buffer.getvalue()
    name = f"audit-{before:%Y%m%d}-{now:%Y%m%d%H%M%S}.jsonl.gz"
    stored = private_files.store(
        ContentFile(data, name=name), area=ARCHIVE_AREA, content_type="application/gzip"
    )
    with transaction.atomic():
        deleted = delete_audit_entries(before=before, now=now, through=stored["path"])
        _record(
            "audit_entries",
            deleted,
            before=before.isoformat(),
            archive=stored["path"],
            sha256=hashlib.sha256(data).hexdigest(),
        )
    return deleted


def delete_audit_entries(*, before: datetime.datetime, now: datetime.datetime, through: str):
    """The one way audit entries leave the database: all older than `before`, once archived
    (`through` names the archive); younger than the six-month floor is refused."""
    if before > audit_floor(now):
        raise ValidationError(
            "Audit entries younger than %(m)s months are never deleted.",
            params={"m": AUDIT_MINIMUM_MONTHS},
        )
    if not through:
        raise ValidationError("Audit entries are deleted only after they are archived.")
    return AuditEntry.objects.filter(at__lt=before)._raw_delete(AuditEntry.objects.db)


def run_all(*, now: datetime.datetime | None = None) -> dict:
    """Every retention rule, once; what each removed."""
    now = now or timezone.now()
    return {
        "job_uploads": purge_job_uploads(now=now),
        "sessions": clear_sessions(now=now),
        "audit_entries": archive_audit(now=now),
    }


def run_if_due(*, now: datetime.datetime | None = None) -> dict | None:
    """The worker's daily run: skipped when a run was recorded in the last day."""
    now = now or timezone.now()
    done = AuditEntry.objects.filter(
        action=AuditEntry.Action.PURGE, object_type="retention", at__gte=now - DAILY
    ).exists()
    if done:
        return None
    result = run_all(now=now)
    _record("daily_run", sum(result.values()), **result)
    return result
