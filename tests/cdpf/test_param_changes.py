"""Issue 15 item 1: parameters have bounds and owners, and a change needs a second administrator.

Each test first tries what the tester did (a district weakening a national rule), then the control.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry, ParameterChange, PolicyParameter, Region
from cdpf.param_changes import (
    check_value,
    may_set,
    parameter_change_approve,
    parameter_change_propose,
    parameter_change_reject,
)
from cdpf.param_rules import RULES, level_of
from cdpf.params import get_param, parse_value
from tests.factories import make_user

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def second_admin(db):
    return make_user("yn_admin2", "130408", roles.ADMIN)


def proposal(name, value, region, **extra):
    national = PolicyParameter.objects.filter(name=name).first()
    fields = {
        "name": name,
        "region": region,
        "value": value,
        "value_type": national.value_type,
        "unit": national.unit,
        "valid_from": D(2027, 1, 1),
        "description": national.description,
        "source": "区残联通知",
        "reason": "试行",
    }
    fields.update(extra)
    return ParameterChange(**fields)


def test_a_district_cannot_let_one_signature_carry_a_direct_assessment(admin_user, yongnian):
    with pytest.raises(ValidationError) as refused:
        parameter_change_propose(
            actor=admin_user,
            change=proposal("certificate.direct_assessment_signers", "1", yongnian),
        )
    message = " ".join(refused.value.messages)
    assert "3" in message and "联合签字" in message  # the rule is quoted
    assert not ParameterChange.objects.exists()
    assert (
        get_param("certificate.direct_assessment_signers", on=D(2027, 6, 1), region=yongnian) == 3
    )


def test_a_district_cannot_set_a_national_only_validity(admin_user, yongnian):
    with pytest.raises(ValidationError) as refused:
        parameter_change_propose(
            actor=admin_user, change=proposal("certificate.validity_years", "99", yongnian)
        )
    assert "国家" in " ".join(refused.value.messages)


def test_even_a_national_value_stays_within_its_bounds():
    with pytest.raises(ValidationError) as refused:
        check_value(
            name="certificate.validity_years",
            value_type="integer",
            value="99",
            region=None,
            on=D(2027, 1, 1),
        )
    assert "1–10" in " ".join(refused.value.messages)


def test_a_region_may_not_go_below_a_raised_national_floor(admin_user, yongnian):
    PolicyParameter.objects.filter(
        name="certificate.direct_assessment_signers", region__isnull=True
    ).update(value="4")
    with pytest.raises(ValidationError) as refused:
        parameter_change_propose(
            actor=admin_user,
            change=proposal("certificate.direct_assessment_signers", "3", yongnian),
        )
    assert "4" in " ".join(refused.value.messages)
    change = parameter_change_propose(
        actor=admin_user, change=proposal("certificate.direct_assessment_signers", "5", yongnian)
    )
    assert change.status == ParameterChange.Status.PENDING


def test_a_region_may_shorten_but_not_lengthen_a_time_limit(admin_user, yongnian):
    with pytest.raises(ValidationError, match="25 超出允许范围 1–20"):
        check_value(
            name="supervision.complaint_reply_working_days",
            value_type="integer",
            value="25",
            region=yongnian,
            on=D(2027, 1, 1),
        )
    check_value(
        name="supervision.complaint_reply_working_days",
        value_type="integer",
        value="15",
        region=yongnian,
        on=D(2027, 1, 1),
    )


def test_a_province_ratio_cannot_be_set_by_a_district(admin_user, yongnian):
    with pytest.raises(ValidationError, match="只能由以下层级设定：国家、省级"):
        parameter_change_propose(
            actor=admin_user, change=proposal("quota.required_ratio", "0.02", yongnian)
        )


def test_an_undeclared_parameter_is_national_only(admin_user, yongnian):
    with pytest.raises(ValidationError, match="只能由以下层级设定：国家（未声明"):
        check_value(
            name="new.thing", value_type="integer", value="3", region=yongnian, on=D(2027, 1, 1)
        )


def test_a_change_is_in_force_only_after_a_second_administrator_approves(
    admin_user, second_admin, yongnian
):
    change = parameter_change_propose(
        actor=admin_user, change=proposal("certificate.direct_assessment_signers", "5", yongnian)
    )
    on = D(2027, 6, 1)
    assert get_param("certificate.direct_assessment_signers", on=on, region=yongnian) == 3
    with pytest.raises(ValidationError, match="本人提出的调整须由另一名管理"):
        parameter_change_approve(actor=admin_user, change=change)  # not by the proposer
    row = parameter_change_approve(actor=second_admin, change=change)
    assert get_param("certificate.direct_assessment_signers", on=on, region=yongnian) == 5
    assert row.region == yongnian
    entries = AuditEntry.objects.filter(object_type="cdpf.parameterchange", object_id=change.pk)
    assert entries.filter(username="yn_admin").exists()  # the proposal
    assert AuditEntry.objects.filter(
        object_type="cdpf.policyparameter", object_id=str(row.pk), username="yn_admin2"
    ).exists()  # the approval
    with pytest.raises(ValidationError, match="该调整已复核，不能再次处理。"):
        parameter_change_approve(actor=second_admin, change=change)  # decided once


def test_a_rejected_change_changes_nothing(admin_user, second_admin, yongnian):
    row = PolicyParameter.objects.get(name="quota.audit_window_end", region=yongnian)
    change = parameter_change_propose(
        actor=admin_user,
        change=proposal(
            "quota.audit_window_end", "07-15", yongnian, parameter=row, valid_from=row.valid_from
        ),
    )
    parameter_change_reject(actor=second_admin, change=change, note="无文件依据")
    row.refresh_from_db()
    assert row.value == "06-30"
    assert ParameterChange.objects.get().status == ParameterChange.Status.REJECTED


def test_another_district_cannot_approve(admin_user, outsider_admin, yongnian):
    change = parameter_change_propose(
        actor=admin_user, change=proposal("certificate.direct_assessment_signers", "5", yongnian)
    )
    assert not may_set(outsider_admin, change.region)
    with pytest.raises(PermissionDenied) as refused:
        parameter_change_approve(actor=outsider_admin, change=change)
    assert not refused.value.args  # may_set's refusal, the only one that carries no message


def test_a_business_role_cannot_propose(office_user, yongnian):
    assert not may_set(office_user, yongnian)
    with pytest.raises(PermissionDenied) as refused:
        parameter_change_propose(
            actor=office_user,
            change=proposal("certificate.direct_assessment_signers", "5", yongnian),
        )
    assert not refused.value.args  # may_set's refusal, the only one that carries no message


def test_every_loaded_parameter_declares_its_rule_and_obeys_it():
    for row in PolicyParameter.objects.select_related("region"):
        assert row.name in RULES, f"{row.name} has no rule in cdpf/param_rules.py"
        rule = RULES[row.name]
        assert rule.value_type == row.value_type, row.name
        assert level_of(row.region.level if row.region else None) in rule.set_at, row
        value = parse_value(row.value, row.value_type)
        if rule.minimum is not None:
            assert rule.minimum <= value <= rule.maximum, row


# The admin pages


def change_post(row, value, **extra):
    data = {
        "parameter": row.pk,
        "name": row.name,
        "region": row.region_id or "",
        "value": value,
        "value_type": row.value_type,
        "unit": row.unit,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to or "",
        "description": row.description,
        "source": row.source,
        "confirmed": "on",
        "reason": "年审时间调整",
    }
    data.update(extra)
    return data


def test_a_value_cannot_be_edited_directly_in_admin(client_for, admin_user, yongnian):
    row = PolicyParameter.objects.get(name="quota.audit_window_end", region=yongnian)
    client = client_for(admin_user)
    url = reverse("admin:cdpf_policyparameter_change", args=[row.pk])
    client.post(url, {"value": "07-15"})
    row.refresh_from_db()
    assert row.value == "06-30"
    page = client.get(reverse("admin:cdpf_policyparameter_changelist")).content.decode()
    assert "?parameter=" in page  # each value links to proposing a change


def test_the_admin_proposal_form_shows_the_rule_and_saves_nothing(client_for, admin_user):
    row = PolicyParameter.objects.get(
        name="certificate.direct_assessment_signers", region__isnull=True
    )
    yongnian = Region.objects.get(code="130408")
    client = client_for(admin_user)
    url = reverse("admin:cdpf_parameterchange_add")
    assert "联合签字" in client.get(url + f"?parameter={row.pk}").content.decode()
    data = change_post(row, "1", parameter="", region=yongnian.pk, valid_from="2027-01-01")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "联合签字" in response.content.decode()
    assert not ParameterChange.objects.exists()


def test_the_admin_proposal_and_approval(client_for, admin_user, second_admin, yongnian):
    row = PolicyParameter.objects.get(name="quota.audit_window_end", region=yongnian)
    client = client_for(admin_user)
    response = client.post(reverse("admin:cdpf_parameterchange_add"), change_post(row, "07-15"))
    assert response.status_code == 302
    change = ParameterChange.objects.get()
    assert change.status == "pending" and change.proposed_by == admin_user
    changelist = reverse("admin:cdpf_parameterchange_changelist")
    client.post(changelist, {"action": "approve", "_selected_action": [change.pk]})
    row.refresh_from_db()
    assert row.value == "06-30"  # the proposer's own approval is refused
    client_for(second_admin).post(
        changelist, {"action": "approve", "_selected_action": [change.pk]}
    )
    row.refresh_from_db()
    assert row.value == "07-15"


def test_a_business_role_cannot_open_the_proposal_form(client_for, office_user):
    office_user.is_staff = True
    office_user.save()
    response = client_for(office_user).get(reverse("admin:cdpf_parameterchange_add"))
    assert response.status_code == 403
