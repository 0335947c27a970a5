"""Issue 15 item 6: every 403 and 404, and every search by ID number, is in the audit log."""

import pytest
from django.urls import reverse

from cdpf.models import AuditEntry
from cdpf.security_middleware import ids_in, masked_id

pytestmark = pytest.mark.django_db


def test_a_forbidden_page_is_audited(client_for, office_user):
    response = client_for(office_user).get(reverse("audit_log"))
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="denied")
    assert entry.user == office_user and entry.detail["status"] == 403
    assert entry.object_repr == reverse("audit_log") and entry.region_code == "130408"


def test_a_missing_or_hidden_record_is_audited(client_for, office_user):
    response = client_for(office_user).get(reverse("job_detail", args=[999999]))
    assert response.status_code == 404
    assert AuditEntry.objects.get(action="denied").detail["status"] == 404


def test_an_anonymous_probe_is_audited_with_its_address(client):
    client.get("/no-such-page/", REMOTE_ADDR="10.3.3.3")
    entry = AuditEntry.objects.get(action="denied")
    assert entry.user is None and entry.ip == "10.3.3.3"


def test_static_files_are_not_audited(client):
    client.get("/static/no-such-file.css")
    assert not AuditEntry.objects.filter(action="denied").exists()


def test_a_search_by_id_number_is_audited_masked(client_for, office_user):
    client_for(office_user).get(reverse("certificates:index"), {"q": "130408198503150018"})
    entry = AuditEntry.objects.get(action="search_id")
    assert entry.detail["id_numbers"] == ["130408********0018"]
    assert "19850315" not in str(entry.detail)


def test_a_search_by_name_is_not_an_id_search(client_for, office_user):
    client_for(office_user).get(reverse("certificates:index"), {"q": "王"})
    assert not AuditEntry.objects.filter(action="search_id").exists()


def test_id_numbers_are_found_in_any_query_value():
    assert ids_in(["13040819850315001x", "12345", "a 130408198503150018 b"]) == [
        "130408198503150018",
        "13040819850315001X",
    ]
    assert masked_id("130408198503150018") == "130408********0018"
