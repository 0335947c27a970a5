import datetime

import pytest
from django.urls import reverse

from cdpf.models import AuditEntry
from duties.models import RegisterVersion, WorkItem
from tests.pdf_utils import pdf_text, printed_in_job

pytestmark = pytest.mark.django_db
PUBLISH = reverse("duties:publish")


def publish(client, date="2026-11-29", note="", region="130408"):
    return client.post(PUBLISH, {"published_on": date, "note": note, "region": region})


def test_publishing_freezes_a_dated_version(client_for, admin_user):
    response = publish(client_for(admin_user), note="首次发布")
    version = RegisterVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("duties:version_detail", args=[version.pk])
    assert version.number == 1 and version.published_on == datetime.date(2026, 11, 29)
    assert len(version.snapshot["duties"]) == 10
    assert AuditEntry.objects.filter(action="publish", object_id=str(version.pk)).exists()


def test_an_old_version_stays_as_it_was_after_an_edit(client_for, admin_user):
    client = client_for(admin_user)
    publish(client)
    WorkItem.objects.filter(duty__number=1, order=1).update(phone="1111111")
    assert publish(client, date="2026-11-30").status_code == 302
    first, second = RegisterVersion.objects.order_by("number")
    assert first.snapshot["duties"][0]["items"][0]["phone"] == "6858512"
    assert second.snapshot["duties"][0]["items"][0]["phone"] == "1111111"
    page = client.get(reverse("duties:version_detail", args=[first.pk])).content.decode()
    assert "6858512" in page and "1111111" not in page
    text = pdf_text(printed_in_job(client, reverse("duties:version_pdf", args=[first.pk])))
    assert "第 1 版" in text and "2026年11月29日" in text and "1111111" not in text


def test_publishing_without_changes_is_refused(client_for, admin_user):
    client = client_for(admin_user)
    publish(client)
    response = publish(client)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert RegisterVersion.objects.count() == 1


def test_a_date_before_the_last_version_is_refused(client_for, admin_user):
    client = client_for(admin_user)
    publish(client, date="2026-11-29")
    WorkItem.objects.filter(duty__number=1, order=1).update(phone="1111111")
    response = publish(client, date="2026-11-01")
    assert response.status_code == 400 and RegisterVersion.objects.count() == 1


def test_a_missing_date_is_a_field_error(client_for, admin_user):
    response = publish(client_for(admin_user), date="")
    assert response.status_code == 400 and response.context["form"].errors["published_on"]
    assert not RegisterVersion.objects.exists()


def test_office_staff_read_versions_but_cannot_publish(client_for, office_user, admin_user):
    publish(client_for(admin_user))
    client = client_for(office_user)
    assert client.get(reverse("duties:versions")).status_code == 200
    assert publish(client, date="2026-12-01").status_code == 403


def test_another_districts_admin_cannot_publish_or_read_ours(
    client_for, admin_user, outsider_admin
):
    publish(client_for(admin_user))
    version = RegisterVersion.objects.get()
    client = client_for(outsider_admin)
    assert publish(client, region="130408").status_code == 404
    assert client.get(reverse("duties:version_detail", args=[version.pk])).status_code == 404
    assert client.post(reverse("duties:version_pdf", args=[version.pk])).status_code == 404


def test_the_versions_list_query_count_is_pinned(
    client_for, admin_user, django_assert_max_num_queries
):
    client = client_for(admin_user)
    for day in range(1, 6):
        WorkItem.objects.filter(duty__number=1, order=1).update(phone=f"123456{day}")
        publish(client, date=f"2026-12-0{day}")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("duties:versions"))
    assert len(response.context["versions"]) == 5
