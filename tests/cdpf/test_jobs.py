import pytest
from django.urls import reverse

from cdpf import jobs
from cdpf.models import Job

pytestmark = pytest.mark.django_db


@jobs.job_handler("test.count")
def count_handler(job, progress):
    for i in range(1, 4):
        progress(i, 3, f"step {i}")
    if job.params.get("fail"):
        raise jobs.JobError("bad input", errors=[{"row": 2, "messages": ["wrong"]}])
    return {"counted": 3}


def test_a_job_runs_in_the_worker_after_commit(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue_job(actor=admin_user, kind="test.count", title="count")
        assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"counted": 3} and job.progress == 3 and job.percent == 100
    assert job.region == admin_user.region and job.finished_at


def test_a_failing_job_keeps_its_errors(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue_job(
            actor=admin_user, kind="test.count", title="c", params={"fail": True}
        )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == "bad input"
    assert job.errors == [{"row": 2, "messages": ["wrong"]}]


def test_an_unknown_kind_is_refused(admin_user):
    with pytest.raises(ValueError):
        jobs.enqueue_job(actor=admin_user, kind="no.such", title="x")


def test_a_finished_job_is_not_run_twice(admin_user):
    job = Job.objects.create(
        kind="test.count",
        title="x",
        created_by=admin_user,
        region=admin_user.region,
        status=Job.Status.SUCCEEDED,
        result={"kept": True},
    )
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.result == {"kept": True}


def test_the_job_page_and_status_show_progress(client_for, admin_user):
    job = Job.objects.create(
        kind="test.count",
        title="进行中的任务",
        created_by=admin_user,
        region=admin_user.region,
        status=Job.Status.RUNNING,
        progress=1,
        total=4,
    )
    client = client_for(admin_user)
    page = client.get(reverse("job_detail", args=[job.pk]))
    assert page.status_code == 200
    assert 'aria-valuenow="25"' in page.content.decode()
    status = client.get(reverse("job_status", args=[job.pk])).json()
    assert status["percent"] == 25 and status["finished"] is False


def test_another_districts_job_is_404(client_for, admin_user, outsider_admin):
    job = Job.objects.create(
        kind="test.count", title="x", created_by=admin_user, region=admin_user.region
    )
    client = client_for(outsider_admin)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("job_status", args=[job.pk])).status_code == 404


def test_an_account_without_roles_gets_403(client_for, no_role_user, admin_user):
    job = Job.objects.create(
        kind="test.count", title="x", created_by=admin_user, region=admin_user.region
    )
    assert client_for(no_role_user).get(reverse("job_detail", args=[job.pk])).status_code == 403
