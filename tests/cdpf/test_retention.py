"""Issue 15 item 8: every uploaded registry and police file was kept for ever, sessions never
cleared, no retention rule anywhere. Retention periods are policy parameters; every purge is
audited; audit entries are archived first and never deleted younger than six months."""

import datetime
import gzip
import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cdpf import private_files, retention
from cdpf.models import AuditEntry, Job, PolicyParameter
from cdpf.param_rules import RULES
from cdpf.params import get_param
from cdpf.worker import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


def finished_job(user, *, days_ago: int, **extra) -> Job:
    job = Job.objects.create(
        kind="certificates.import_registry",
        title="导入",
        created_by=user,
        region=user.region,
        status=Job.Status.SUCCEEDED,
        input_file=b"PK\x03\x04 registry",
        input_name="名册.xlsx",
        params={"dry_run": True},
        result={"dry_run": True, "rows": 1, "new": 1, "update": 0, "skip": 0},
        **extra,
    )
    Job.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return job


def entry_aged(days: int, **fields) -> AuditEntry:
    entry = AuditEntry.objects.create(action="view", username="yn_office", **fields)
    AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - datetime.timedelta(days=days))
    return entry


def test_the_periods_are_national_parameters_with_bounds():
    today = timezone.localdate()
    assert get_param("retention.job_upload_days", on=today, region=None) == 90
    assert get_param("retention.audit_months", on=today, region=None) == 6
    assert RULES["retention.audit_months"].minimum == 6
    assert RULES["retention.job_upload_days"].set_at == ("national",)


def test_old_uploads_are_deleted_and_recent_ones_kept(office_user):
    old = finished_job(office_user, days_ago=91)
    recent = finished_job(office_user, days_ago=89)
    assert retention.purge_job_uploads() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.input_file is None and old.input_name == "名册.xlsx"
    assert recent.input_file is not None
    entry = AuditEntry.objects.get(action="purge", detail__what="job_uploads")
    assert entry.detail["count"] == 1 and entry.detail["days"] == 90


def test_a_purged_dry_run_cannot_be_applied_and_says_why(client_for, office_user):
    job = finished_job(office_user, days_ago=120)
    retention.purge_job_uploads()
    client = client_for(office_user)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "按保存期限" in page or "retention" in page
    response = client.post(reverse("certificates:import_apply", args=[job.pk]))
    assert response.status_code == 302
    assert not Job.objects.filter(params__checked_job=job.pk).exists()


def test_the_full_error_list_goes_with_the_upload(office_user):
    data = b"errors"

    stored = private_files.store(
        ContentFile(data, name="e.xlsx"), area="job-errors", content_type="application/x"
    )
    job = finished_job(office_user, days_ago=100)
    Job.objects.filter(pk=job.pk).update(
        result={"errors_total": 900, "errors_file": stored["path"]}
    )
    retention.purge_job_uploads()
    job.refresh_from_db()
    assert "errors_file" not in job.result and job.result["errors_file_purged"]
    with pytest.raises(FileNotFoundError):
        private_files.read("job-errors", stored["path"])


def test_expired_sessions_are_cleared(office_user):
    alive = SessionStore()
    alive["x"] = 1
    alive.create()
    gone = SessionStore()
    gone.create()
    Session.objects.filter(session_key=gone.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert retention.clear_sessions() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [alive.session_key]
    assert AuditEntry.objects.get(action="purge", detail__what="sessions").detail["count"] == 1


def test_old_audit_entries_are_archived_then_deleted(tmp_path):
    old = entry_aged(200, object_repr="旧记录")
    young = entry_aged(150)
    assert retention.archive_audit() == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=young.pk).exists()
    purge = AuditEntry.objects.get(action="purge", detail__what="audit_entries")
    archived = private_files.read("audit-archive", purge.detail["archive"])
    lines = [json.loads(x) for x in gzip.decompress(archived).splitlines()]
    assert [x["id"] for x in lines] == [old.pk] and lines[0]["object_repr"] == "旧记录"
    assert len(purge.detail["sha256"]) == 64


def test_a_shorter_parameter_never_deletes_entries_younger_than_six_months():
    PolicyParameter.objects.filter(name="retention.audit_months").update(value="1")
    young = entry_aged(100)
    assert retention.archive_audit() == 0
    assert AuditEntry.objects.filter(pk=young.pk).exists()


def test_the_code_refuses_to_delete_young_audit_entries():
    now = timezone.now()
    entry_aged(30)
    with pytest.raises(ValidationError, match="Audit entries younger than 6"):
        retention.delete_audit_entries(
            before=now - datetime.timedelta(days=10), now=now, through="x"
        )
    with pytest.raises(ValidationError, match="Audit entries are deleted"):
        retention.delete_audit_entries(before=retention.audit_floor(now), now=now, through="")
    with pytest.raises(ValidationError, match="审计记录不可删除。"):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.exists()


def test_the_worker_runs_retention_once_a_day(settings, office_user):
    settings.RETENTION_CHECK_SECONDS = 3600
    finished_job(office_user, days_ago=200)
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-retention",
        excluded_queue_names=[],
    )
    worker.retention(10_000.0)
    assert AuditEntry.objects.filter(action="purge", detail__what="daily_run").count() == 1
    assert not Job.objects.filter(input_file__isnull=False).exists()
    worker.retention(10_001.0)  # within the hour: not asked again
    worker._last_retention = None
    worker.retention(20_000.0)  # asked again: today's run is done
    assert AuditEntry.objects.filter(action="purge", detail__what="daily_run").count() == 1


def test_the_command_applies_the_rules(office_user, capsys):
    finished_job(office_user, days_ago=200)
    call_command("retention")
    assert json.loads(capsys.readouterr().out)["job_uploads"] == 1
