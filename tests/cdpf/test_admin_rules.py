"""Policy numbers and the calendar in admin; role changes and sign-ins in the audit log."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry, CalendarDay, Job, Region
from tests.factories import PASSWORD, XLSX, duty_workbook, make_user

pytestmark = pytest.mark.django_db


def test_only_a_province_admin_edits_the_national_calendar(client_for, admin_user):
    data = {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source": "通知"}
    assert (
        client_for(admin_user).post(reverse("admin:cdpf_calendarday_add"), data).status_code == 403
    )
    province_admin = make_user("hb_admin", "130000", roles.ADMIN)
    assert (
        client_for(province_admin).post(reverse("admin:cdpf_calendarday_add"), data).status_code
        == 302
    )
    assert CalendarDay.objects.filter(date=datetime.date(2027, 1, 1)).exists()


def test_granting_a_role_is_audited(office_user):
    office_user.groups.add(Group.objects.get(name=roles.SUPERVISOR))
    entry = AuditEntry.objects.filter(
        object_type="cdpf.user", object_id=str(office_user.pk)
    ).latest("id")
    assert entry.detail["roles"] == {"add": [roles.SUPERVISOR]}


def test_a_sign_in_while_it_must_wait_is_audited(client, office_user):
    for _ in range(5):
        client.post(reverse("login"), {"username": "yn_office", "password": "wrong"})
    client.post(reverse("login"), {"username": "yn_office", "password": PASSWORD})
    assert AuditEntry.objects.filter(action="login_failed", username="yn_office").count() == 3
    assert AuditEntry.objects.filter(action="login_refused", username="yn_office").count() == 3


def test_a_forged_forwarded_for_header_is_not_believed(client, office_user):
    client.post(
        reverse("login"),
        {"username": "yn_office", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert AuditEntry.objects.get(action="login").ip == "127.0.0.1"


def test_the_forwarded_for_header_of_our_proxy_is_used(client, office_user, settings):
    settings.TRUSTED_PROXIES = {"127.0.0.1"}
    client.post(
        reverse("login"),
        {"username": "yn_office", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.1.2.3",
    )
    assert AuditEntry.objects.get(action="login").ip == "10.1.2.3"


def test_a_city_admin_imports_into_a_district(client_for, django_capture_on_commit_callbacks):


    city_admin = make_user("hd_admin", "130400", roles.ADMIN)
    content = duty_workbook([[1, 1, "承担残疾人需求信息收集工作。", "办公室", "6858001", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(city_admin).post(
            reverse("duties:import") + "?region=130408",
            {"file": SimpleUploadedFile("a.xlsx", content, content_type=XLSX)},
        )
    job = Job.objects.get()
    assert job.region == Region.objects.get(code="130408")
    assert job.status == Job.Status.SUCCEEDED, job.errors
