"""Issue 15 item 9, 三员分立: the system administrator runs the system without personal data,
the security administrator grants roles and unlocks, the audit administrator only reads the
audit log; nobody holds an administrator role with another role."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from cdpf import roles
from cdpf.management.commands.load_demo import ACCOUNTS
from cdpf.models import AuditEntry, GeneratedDocument, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_admin(db):
    return make_user("yn_secadmin", "130408", roles.SECURITY_ADMIN)


BUSINESS_PAGES = [
    "certificates:index",
    "employment_quota:index",
    "levy_relief:index",
    "massage_licensing:index",
    "supervision:dashboard",
]


@pytest.mark.parametrize("name", BUSINESS_PAGES)
def test_the_system_administrator_opens_no_business_page(client_for, admin_user, name):
    assert client_for(admin_user).get(reverse(name)).status_code == 403


def test_the_system_administrator_does_not_read_the_audit_log(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("audit_log")).status_code == 403
    assert client.get(reverse("admin:cdpf_auditentry_changelist")).status_code == 403


def test_the_system_administrator_opens_no_stored_personal_document(
    client_for, admin_user, yongnian
):
    for kind in ("quota_audit_certificate", "relief_decision", "massage_certificate"):
        GeneratedDocument.objects.create(
            number=f"N-{kind}",
            kind=kind,
            title="t",
            region=yongnian,
            created_by=admin_user,
            content=b"%PDF",
            size=4,
        )
        response = client_for(admin_user).get(reverse("document_download", args=[f"N-{kind}"]))
        assert response.status_code == 403, kind


def test_the_system_administrator_still_runs_the_system(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("admin:cdpf_parameterchange_add")).status_code == 200
    assert client.get(reverse("admin:cdpf_calendarday_changelist")).status_code == 200
    assert client.get(reverse("admin:cdpf_user_add")).status_code == 200
    assert client.get(reverse("duties:register")).status_code == 200


def test_the_system_administrator_cannot_grant_roles(client_for, admin_user, office_user):
    client = client_for(admin_user)
    url = reverse("admin:cdpf_user_change", args=[office_user.pk])
    page = client.get(url).content.decode()
    assert 'name="groups"' not in page and 'name="is_superuser"' not in page
    supervisor_group = Group.objects.get(name=roles.SUPERVISOR)
    client.post(
        url,
        {
            "username": "yn_office",
            "display_name": "改名",
            "region": office_user.region_id,
            "is_active": "on",
            "groups": [supervisor_group.pk],
            "is_superuser": "on",
        },
    )
    office_user.refresh_from_db()
    assert office_user.display_name == "改名"
    assert set(office_user.groups.values_list("name", flat=True)) == {roles.OFFICE}
    assert not office_user.is_superuser


def test_the_security_administrator_grants_roles_but_creates_no_account(
    client_for, security_admin, office_user
):
    client = client_for(security_admin)
    assert client.get(reverse("admin:cdpf_user_add")).status_code == 403
    assert client.get(reverse("admin:cdpf_parameterchange_add")).status_code == 403
    assert client.get(reverse("certificates:index")).status_code == 403
    supervisor_group = Group.objects.get(name=roles.SUPERVISOR)
    url = reverse("admin:cdpf_user_change", args=[office_user.pk])
    response = client.post(url, {"groups": [supervisor_group.pk]})
    assert response.status_code == 302
    office_user.refresh_from_db()
    assert set(office_user.groups.values_list("name", flat=True)) == {roles.SUPERVISOR}
    assert office_user.display_name == ""  # names are not the security administrator's
    assert AuditEntry.objects.filter(object_id=str(office_user.pk), action="update").exists()


def test_the_security_administrator_cannot_give_a_second_administrator_role(
    client_for, security_admin, admin_user
):
    audit_group = Group.objects.get(name=roles.AUDIT_ADMIN)
    admin_group = Group.objects.get(name=roles.ADMIN)
    url = reverse("admin:cdpf_user_change", args=[admin_user.pk])
    response = client_for(security_admin).post(url, {"groups": [admin_group.pk, audit_group.pk]})
    assert response.status_code == 200 and response.context["adminform"].form.errors["groups"]
    assert set(admin_user.groups.values_list("name", flat=True)) == {roles.ADMIN}


def test_nobody_holds_an_administrator_role_with_another(admin_user):
    for role in (roles.AUDIT_ADMIN, roles.OFFICE):
        with pytest.raises(ValidationError, match="不能兼任其他角色"), transaction.atomic():
            admin_user.groups.add(Group.objects.get(name=role))
    assert set(User.objects.get(pk=admin_user.pk).groups.values_list("name", flat=True)) == {
        roles.ADMIN
    }


def test_business_roles_still_combine(office_user):
    office_user.groups.add(Group.objects.get(name=roles.SUPERVISOR))


def test_the_audit_administrator_reads_the_audit_log_and_nothing_else(client_for, audit_admin):
    client = client_for(audit_admin)
    assert client.get(reverse("audit_log")).status_code == 200
    assert client.get(reverse("admin:cdpf_auditentry_changelist")).status_code == 200
    for name in BUSINESS_PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("admin:cdpf_user_changelist")).status_code == 403
    assert client.get(reverse("admin:cdpf_parameterchange_changelist")).status_code == 403


def test_the_demo_accounts_follow_the_separation():
    for username, _name, _code, role_names in ACCOUNTS:
        assert not roles.roles_conflict(role_names), username
    held = {r for *_, role_names in ACCOUNTS for r in role_names}
    assert set(roles.ADMIN_ROLES) <= held


def test_an_account_needs_the_name_its_documents_print(client_for, admin_user):
    """Documents print the account's display name as 经办人 (issue 14's look-through found a
    login name, `yn_office`, printed where the name was left empty): the system administrator
    cannot create or keep an account without one."""
    client = client_for(admin_user)
    url = reverse("admin:cdpf_user_add")
    data = {
        "username": "yn_newclerk",
        "password1": "Hx7-qLm2!vRt9#nA",
        "password2": "Hx7-qLm2!vRt9#nA",
        "usable_password": "true",
        "display_name": "",
        "region": admin_user.region_id,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not User.objects.filter(username="yn_newclerk").exists()
    response = client.post(url, {**data, "display_name": "王小明"})
    assert response.status_code == 302
    assert User.objects.get(username="yn_newclerk").display_name == "王小明"
    change = reverse("admin:cdpf_user_change", args=[User.objects.get(username="yn_newclerk").pk])
    response = client.post(
        change,
        {"username": "yn_newclerk", "display_name": "", "region": admin_user.region_id,
         "is_active": "on"},
    )
    assert response.status_code == 200
    assert User.objects.get(username="yn_newclerk").display_name == "王小明"
