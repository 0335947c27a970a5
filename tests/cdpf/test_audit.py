import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cdpf import audit
from cdpf.models import AuditEntry
from duties.models import Unit
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_successful_login_is_audited_with_ip(client, office_user):
    response = login(client, "yn_office", PASSWORD)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="login")
    assert entry.user == office_user and entry.success and entry.ip == "127.0.0.1"
    assert entry.region_code == "130408"


def test_a_failed_login_is_audited_and_shows_a_clear_error(client, office_user):
    response = login(client, "yn_office", "wrong")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode() or "wrong" in response.content.decode()
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.username == "yn_office" and not entry.success and entry.region_code == "130408"


def test_a_create_update_and_delete_are_audited(admin_user):
    with audit.acting_as(admin_user, "10.0.0.9"):
        unit = Unit.objects.create(region=admin_user.region, name="测试科", phone="1234567")
        unit_id = str(unit.pk)
        unit.phone = "7654321"
        unit.save()
        unit.delete()
    entries = list(
        AuditEntry.objects.filter(object_type="duties.unit", object_id=unit_id).order_by("id")
    )
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert entries[1].detail["changes"]["phone"] == ["1234567", "7654321"]
    assert all(e.user == admin_user and e.ip == "10.0.0.9" for e in entries)


def test_nobody_can_change_or_delete_an_entry(admin_user):
    entry = audit.record(action="export", user=admin_user, object_repr="x")
    entry.object_repr = "y"
    with pytest.raises(ValidationError, match="审计记录不可修改。"):
        entry.save()
    with pytest.raises(ValidationError, match="审计记录不可删除。"):
        entry.delete()


def test_the_audit_administrator_and_supervisor_browse_the_log(
    audit_admin, client_for, admin_user, supervisor
):
    audit.record(action="export", user=admin_user, object_repr="work items")
    for user in (audit_admin, supervisor):
        response = client_for(user).get(reverse("audit_log"))
        assert response.status_code == 200
        assert "work items" in response.content.decode()


def test_the_log_filters_by_action(audit_admin, client_for, admin_user):
    audit.record(action="export", user=admin_user, object_repr="exported-thing")
    audit.record(action="print", user=admin_user, object_repr="printed-thing")
    body = client_for(audit_admin).get(reverse("audit_log"), {"action": "print"}).content.decode()
    assert "printed-thing" in body and "exported-thing" not in body


def test_the_log_reports_a_bad_date_range(audit_admin, client_for, admin_user):
    response = client_for(audit_admin).get(
        reverse("audit_log"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_another_districts_entries_are_hidden(audit_admin, client_for, admin_user, outsider_admin):
    audit.record(action="export", user=outsider_admin, object_repr="congtai-secret")
    body = client_for(audit_admin).get(reverse("audit_log")).content.decode()
    assert "congtai-secret" not in body


def test_a_city_supervisor_sees_the_districts_below(client_for, city_supervisor, admin_user):
    audit.record(action="export", user=admin_user, object_repr="yongnian-export")
    body = client_for(city_supervisor).get(reverse("audit_log")).content.decode()
    assert "yongnian-export" in body


def test_office_staff_may_not_read_the_log(client_for, office_user):
    assert client_for(office_user).get(reverse("audit_log")).status_code == 403


def test_the_log_page_query_count_is_pinned(
    audit_admin, client_for, admin_user, django_assert_max_num_queries
):
    for i in range(60):
        audit.record(action="export", user=admin_user, object_repr=f"e{i}")
    client = client_for(audit_admin)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("audit_log"))
    assert response.status_code == 200


def test_the_admin_cannot_edit_the_log(audit_admin, client_for, admin_user):
    entry = audit.record(action="export", user=admin_user, object_repr="x")
    client = client_for(audit_admin)
    response = client.post(
        reverse("admin:cdpf_auditentry_change", args=[entry.pk]), {"object_repr": "changed"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:cdpf_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr == "x"


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "view", "object_repr": "某人", "detail": {"full_id": True}, "ip": "10.0.0.9"},
        {"action": "search_id", "detail": {"id_numbers": ["130408********1234"]}, "ip": "::1"},
        {"action": "denied", "success": False, "detail": {}, "ip": None, "object_repr": "<b>"},
    ],
)
def test_a_written_entry_is_the_row_the_orm_writes(admin_user, fields):
    """audit._insert writes the INSERT by hand: every column as AuditEntry.objects.create()
    writes it, read back the same way, with its id and time on the returned entry."""
    values = {"user": admin_user, "username": "yn_admin", "region_code": "130408", **fields}
    ours = audit.record(**{k: v for k, v in values.items() if k not in {"username", "region_code"}})
    orms = AuditEntry.objects.create(**values)
    read = {e.pk: e for e in AuditEntry.objects.filter(pk__in=[ours.pk, orms.pk])}
    columns = [f.attname for f in AuditEntry._meta.concrete_fields if f.attname not in {"id", "at"}]
    assert [getattr(read[ours.pk], c) for c in columns] == [
        getattr(read[orms.pk], c) for c in columns
    ]
    assert read[ours.pk].at == ours.at and not ours._state.adding
    with pytest.raises(ValidationError, match="审计记录不可修改。"):
        ours.save()
