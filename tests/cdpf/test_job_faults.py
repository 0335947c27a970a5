"""Jobs that end (issue 13): stale jobs failed with what was saved, Retry for their owner,
task outcomes that match their jobs, a dry run applied once."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cdpf import jobs
from cdpf.models import AuditEntry, Job
from cdpf.tasks import run_job
from tests.factories import duty_upload, duty_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the Chinese ones are in the catalogue)."""
    with translation.override("en"):
        yield


@jobs.job_handler("test.faulty", unsaved="no test row was written.")
def faulty_handler(job, progress):
    progress(1, 2, "half")
    if job.params.get("fail"):
        raise jobs.JobError("bad input")
    return {"ok": True}


def running_job(user, *, beat_seconds_ago=600, **fields):
    beat = timezone.now() - datetime.timedelta(seconds=beat_seconds_ago)
    return Job.objects.create(
        kind="test.faulty",
        title="一个任务",
        created_by=user,
        region=user.region,
        status=Job.Status.RUNNING,
        started_at=beat,
        heartbeat_at=beat,
        progress=3,
        total=10,
        **fields,
    )


def test_a_job_whose_worker_stopped_beating_is_failed_with_what_was_not_saved(admin_user):
    job = running_job(admin_user)
    alive = running_job(admin_user, beat_seconds_ago=1)
    assert jobs.fail_stale_jobs() == [job.pk]
    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.interrupted and job.finished_at
    assert "3 of 10" in job.message or "3/10" in job.message or "3 / 10" in job.message
    assert "no test row was written." in job.message and "Retry" in job.message
    assert alive.status == Job.Status.RUNNING
    entry = AuditEntry.objects.get(object_type="cdpf.job", object_id=str(job.pk))
    assert entry.detail["reason"] == "worker_lost" and entry.detail["saved"] is False


def test_a_lost_job_whose_changes_were_saved_says_so_and_offers_no_retry(client_for, admin_user):
    job = running_job(admin_user, saved_at=timezone.now())
    jobs.fail_stale_jobs()
    job.refresh_from_db()
    assert "Do not run it again" in job.message
    page = client_for(admin_user).get(reverse("job_detail", args=[job.pk])).content.decode()
    assert reverse("job_retry", args=[job.pk]) not in page


def test_a_lost_dry_run_says_nothing_was_changed(admin_user):
    job = running_job(admin_user, params={"dry_run": True})
    jobs.fail_stale_jobs()
    job.refresh_from_db()
    assert "check only" in job.message


def test_reading_the_page_of_a_stale_job_ends_it(client_for, admin_user):
    job = running_job(admin_user)
    status = client_for(admin_user).get(reverse("job_status", args=[job.pk])).json()
    assert status["finished"] is True and status["status"] == Job.Status.FAILED


def test_the_owner_retries_a_lost_job_once(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    job = running_job(admin_user, input_file=b"abc", input_name="a.xlsx", params={"x": 1})
    jobs.fail_stale_jobs()
    client = client_for(admin_user)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert reverse("job_retry", args=[job.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_retry", args=[job.pk]))
    retry = Job.objects.get(retry_of=job)
    assert response["Location"] == reverse("job_detail", args=[retry.pk])
    assert retry.status == Job.Status.SUCCEEDED and retry.result == {"ok": True}
    assert bytes(retry.input_file) == b"abc" and retry.params == {"x": 1}
    assert AuditEntry.objects.filter(object_id=str(retry.pk), detail__retry_of=job.pk).exists()
    # once only: the button is gone, a link to the retry instead; a second post is refused
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert reverse("job_retry", args=[job.pk]) not in page
    assert reverse("job_detail", args=[retry.pk]) in page
    client.post(reverse("job_retry", args=[job.pk]))
    assert Job.objects.filter(retry_of=job).count() == 1


def test_a_job_failed_by_its_input_cannot_be_retried(client_for, admin_user):
    job = running_job(admin_user)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message="bad")
    response = client_for(admin_user).post(reverse("job_retry", args=[job.pk]))
    assert response.status_code == 302 and not Job.objects.filter(retry_of=job).exists()


def test_only_the_owner_retries(client_for, admin_user, office_user, outsider_admin):
    job = running_job(admin_user)
    jobs.fail_stale_jobs()
    assert client_for(office_user).post(reverse("job_retry", args=[job.pk])).status_code == 403
    assert client_for(outsider_admin).post(reverse("job_retry", args=[job.pk])).status_code == 404
    assert not Job.objects.filter(retry_of=job).exists()


def test_the_task_fails_when_its_job_fails(admin_user):
    bad = Job.objects.create(
        kind="test.faulty",
        title="x",
        created_by=admin_user,
        region=admin_user.region,
        params={"fail": True},
    )
    good = Job.objects.create(
        kind="test.faulty", title="y", created_by=admin_user, region=admin_user.region
    )
    assert run_job.enqueue(bad.pk).status == "FAILED"
    assert run_job.enqueue(good.pk).status == "SUCCESSFUL"
    bad.refresh_from_db()
    assert bad.status == Job.Status.FAILED and bad.task_id


def test_saving_stamps_the_job_only_with_its_changes(admin_user):
    job = Job.objects.create(
        kind="test.faulty", title="x", created_by=admin_user, region=admin_user.region
    )
    with pytest.raises(RuntimeError), jobs.saving(job):
        raise RuntimeError
    job.refresh_from_db()
    assert job.saved_at is None
    with jobs.saving(job):
        pass
    job.refresh_from_db()
    assert job.saved_at is not None


def test_a_late_outcome_replaces_a_stale_guess(admin_user):
    """A worker that was only slow (its beat blocked) records what really happened."""
    job = running_job(admin_user)
    jobs.fail_stale_jobs()
    jobs._finish(job, Job.Status.SUCCEEDED, "", {"ok": True}, [], False)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and not job.interrupted


def test_a_queued_job_that_waits_long_tells_the_user(client_for, admin_user):
    job = Job.objects.create(
        kind="test.faulty", title="x", created_by=admin_user, region=admin_user.region
    )
    client = client_for(admin_user)
    assert (
        'id="job-waiting"' not in client.get(reverse("job_detail", args=[job.pk])).content.decode()
    )
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert 'id="job-waiting"' in client.get(reverse("job_detail", args=[job.pk])).content.decode()


def test_an_applied_import_has_no_apply_button_and_cannot_be_applied_again(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    content = duty_workbook([[10, 2, "新增：承担区政府交办的专项工作。", "办公室", "6858512", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        duty_upload(client, content)
    checked = Job.objects.get()
    apply_url = reverse("duties:import_apply", args=[checked.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url)
    applied = Job.objects.exclude(pk=checked.pk).get()
    assert applied.status == Job.Status.SUCCEEDED and applied.saved_at
    page = client.get(reverse("job_detail", args=[checked.pk])).content.decode()
    assert apply_url not in page
    assert reverse("job_detail", args=[applied.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url)
    assert response["Location"] == reverse("job_detail", args=[applied.pk])
    assert Job.objects.count() == 2


def test_progress_is_written_inside_a_transaction_in_tests(admin_user):
    """In line when the caller holds a transaction (the test backend); the worker uses the
    side thread (tests/cdpf/test_worker_process.py shows it while the job runs)."""
    job = Job.objects.create(
        kind="test.faulty", title="x", created_by=admin_user, region=admin_user.region
    )
    with transaction.atomic():
        assert jobs.run(job.pk) == Job.Status.SUCCEEDED
    job.refresh_from_db()
    assert job.progress == 1 and job.total == 2 and job.heartbeat_at
