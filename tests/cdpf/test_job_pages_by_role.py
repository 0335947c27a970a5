"""Import job pages (issue 19 item 17): the Apply button only for the roles whose apply view
would accept it, and an import's job page readable only by the roles that may import."""

import pytest
from django.urls import reverse

from cdpf import roles
from cdpf.models import Job
from certificates.jobs import IMPORT_KIND as CERTIFICATE_IMPORT
from duties.jobs import IMPORT_KIND as DUTIES_IMPORT
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def dry_run(kind, creator):
    return Job.objects.create(
        kind=kind,
        title="导入",
        status=Job.Status.SUCCEEDED,
        result={"dry_run": True, "rows": 2},
        created_by=creator,
        region=creator.region,
    )


def test_a_certificate_import_job_is_read_only_by_the_roles_that_may_import(client):
    office = make_user("office", "130408", roles.OFFICE)
    job = dry_run(CERTIFICATE_IMPORT, office)
    for role in (roles.SUPERVISOR, roles.LABOUR_SERVICE, roles.ADMIN, roles.CERTIFICATE_ROOM):
        client.force_login(make_user(f"u-{role}", "130408", role))
        assert client.get(reverse("job_detail", args=[job.pk])).status_code == 403, role
        assert client.get(reverse("job_status", args=[job.pk])).status_code == 403, role
    client.force_login(office)
    response = client.get(reverse("job_detail", args=[job.pk]))
    assert response.status_code == 200
    assert reverse("certificates:import_apply", args=[job.pk]) in response.content.decode()


def test_apply_is_offered_only_to_roles_whose_apply_view_accepts_them(client, admin_user):
    job = dry_run(DUTIES_IMPORT, admin_user)
    apply_url = reverse("duties:import_apply", args=[job.pk])
    client.force_login(admin_user)
    assert apply_url in client.get(reverse("job_detail", args=[job.pk])).content.decode()
    for role in (roles.OFFICE, roles.SUPERVISOR):
        client.force_login(make_user(f"u-{role}", "130408", role))
        response = client.get(reverse("job_detail", args=[job.pk]))
        assert response.status_code in (200, 403)
        assert apply_url not in response.content.decode()
        assert "应用此次导入" not in response.content.decode()
        assert client.post(apply_url).status_code == 403


def test_a_job_without_an_apply_step_stays_readable_by_the_district(client):
    office = make_user("office", "130408", roles.OFFICE)
    job = Job.objects.create(
        kind="supervision.police_file",
        title="公安数据",
        status=Job.Status.SUCCEEDED,
        result={},
        created_by=office,
        region=office.region,
    )
    client.force_login(make_user("super", "130408", roles.SUPERVISOR))
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 200
