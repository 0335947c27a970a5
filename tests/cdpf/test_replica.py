"""Dashboards, reports and exports read from the replica when one is configured (issue 13);
accounts, sessions and every write stay on the primary. A second connection (a test mirror of
the default database) stands in for the streaming standby."""

import datetime

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cdpf.models import AuditEntry
from supervision import services

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


def tables(queries, prefix: str) -> list[str]:
    return [q["sql"] for q in queries if f'"{prefix}' in q["sql"]]


def capture(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return response, primary.captured_queries, replica.captured_queries


@pytest.fixture
def complaint(office_user, yongnian):
    return services.complaint_receive(
        actor=office_user, region=yongnian, received_on=datetime.date(2026, 11, 2),
        channel="phone", rule="quota", subject="副本读取的投诉", content="c", anonymous=True,
        respondent_kind="outside", respondent_name="某单位",
    )  # fmt: skip


def test_the_dashboard_reads_the_service_records_from_the_replica(
    settings, client_for, supervisor, complaint
):
    settings.REPLICA_READS = True
    client = client_for(supervisor)
    client.get(reverse("home"))
    response, primary, replica = capture(client, reverse("supervision:dashboard"))
    assert tables(replica, "supervision_")
    assert not tables(primary, "supervision_")
    # accounts and sessions are never read from a replica that may lag behind a sign-in
    assert not tables(replica, "django_session") and not tables(replica, "cdpf_user")


def test_other_pages_and_writes_stay_on_the_primary(settings, client_for, supervisor, complaint):
    settings.REPLICA_READS = True
    client = client_for(supervisor)
    _, primary, replica = capture(client, reverse("supervision:complaint", args=[complaint.pk]))
    assert tables(primary, "supervision_") and not replica


def test_without_a_replica_everything_reads_the_primary(client_for, supervisor, complaint):
    client = client_for(supervisor)
    _, primary, replica = capture(client, reverse("supervision:dashboard"))
    assert tables(primary, "supervision_") and not replica


def test_an_export_reads_the_replica_and_audits_on_the_primary(settings, client_for, admin_user):
    settings.REPLICA_READS = True
    client = client_for(admin_user)
    response, primary, replica = capture(client, reverse("duties:export"))
    assert tables(replica, "duties_") and not tables(primary, "duties_")
    assert AuditEntry.objects.filter(action="export", object_type="duties.workitem").exists()
