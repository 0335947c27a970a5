import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from employment_quota import services
from employment_quota.models import Declaration
from tests.factories import declare, line

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_window_comes_from_the_parameters(audit_year):
    # Yongnian's own end (06-30) overrides Hebei's 10-31; the start is Hebei's 03-01
    assert (audit_year.opens_on, audit_year.closes_on) == (D(2026, 3, 1), D(2026, 6, 30))


def test_the_issue_example_counts_two_and_a_half(centre, audit_year, employer, holder, grade4):
    declaration = declare(
        centre,
        audit_year,
        employer,
        [line(holder, list(range(1, 13))), line(grade4, [1, 2, 3, 4, 5, 6])],
    )
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    approved = services.declaration_approve(
        actor=centre, declaration=declaration, on=D(2026, 4, 10)
    )
    assert approved.counted == Decimal("2.5") and approved.required == Decimal("1.5")
    assert approved.amount_due == 0 and approved.state == "approved"
    assert any("一至二级按2人计算" in step for step in approved.explanation)


def test_an_expired_or_cancelled_certificate_is_refused(centre, audit_year, employer, grade4):
    grade4.status, grade4.status_changed_on = "cancelled", D(2025, 5, 10)
    grade4.save()
    with pytest.raises(ValidationError) as raised:
        declare(centre, audit_year, employer, [line(grade4, [5, 6, 7])])
    assert "6、7" in raised.value.messages[0]
    assert not Declaration.objects.exists()
    declaration = declare(centre, audit_year, employer, [line(grade4, [1, 2, 3, 4, 5])])
    assert declaration.employees.count() == 1


def test_an_unknown_certificate_is_refused(centre, audit_year, employer):
    with pytest.raises(ValidationError, match="不在档案中"):
        declare(
            centre,
            audit_year,
            employer,
            [
                {
                    "certificate_number": "13040819850315001842",
                    "months": [1],
                    "employment_form": "contract",
                    "monthly_wage": 3000,
                }
            ],
        )


def test_a_person_claimed_by_two_employers_counts_once(
    centre, audit_year, employer, yongnian, grade4
):
    other = services.employer_register(
        actor=centre,
        region=yongnian,
        credit_code="91130408MA0CE0000D",
        name="第二家公司",
        employer_type="enterprise",
        address="永年区",
    )
    first = declare(centre, audit_year, employer, [line(grade4, list(range(1, 13)))])
    services.declaration_submit(actor=centre, declaration=first, on=D(2026, 4, 1))
    services.declaration_approve(actor=centre, declaration=first, on=D(2026, 4, 2))
    second = declare(centre, audit_year, other, [line(grade4, [10, 11, 12])])
    services.declaration_submit(actor=centre, declaration=second, on=D(2026, 4, 1))
    approved = services.declaration_approve(actor=centre, declaration=second, on=D(2026, 4, 3))
    employee = approved.employees.get()
    assert employee.counted_months == [] and "重复申报" in employee.reason
    assert approved.counted == 0


def test_low_wage_and_unpaid_insurance_count_zero_with_the_reason(
    centre, audit_year, employer, grade4
):
    declaration = declare(
        centre,
        audit_year,
        employer,
        [line(grade4, [1, 2], monthly_wage=Decimal("1000"), insurance_paid=False)],
    )
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    approved = services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    employee = approved.employees.get()
    assert not employee.qualifies
    assert "最低工资" in employee.reason and "养老保险" in employee.reason


def test_a_submission_after_the_window_is_late_and_counts_nobody(
    centre, audit_year, employer, holder
):
    declaration = declare(centre, audit_year, employer, [line(holder, list(range(1, 13)))])
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 7, 1))
    approved = services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 7, 1))
    assert approved.late and approved.counted == 0
    # 100 staff: required 1.5; 1.5 × 60,000 × 0.9 = 81,000
    assert approved.amount_due == Decimal("81000.00")


def test_transitions_follow_the_states(centre, audit_year, employer, holder):
    declaration = declare(centre, audit_year, employer, [line(holder, [1])])
    with pytest.raises(ValidationError, match="年审申报处于“草稿”状态，不能进行“认定”。"):
        services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    with pytest.raises(ValidationError, match="请说明需要补正的内容。"):
        services.declaration_return(actor=centre, declaration=declaration, reason="")
    services.declaration_return(actor=centre, declaration=declaration, reason="缺劳动合同")
    declaration.refresh_from_db()
    assert declaration.state == "returned"
    services.declaration_save(
        actor=centre,
        audit_year=audit_year,
        employer=employer,
        staff=Decimal(100),
        wage_bill=Decimal(6000000),
        employees=[line(holder, [1, 2])],
        declaration=declaration,
    )
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 5))
    services.declaration_reject(
        actor=centre, declaration=declaration, reason="材料虚假", on=D(2026, 4, 6)
    )
    with pytest.raises(ValidationError, match="年审申报处于“不予认定”状态，不能进行“提交”。"):
        services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 7))


def test_only_the_centre_may_audit(office_user, audit_year, employer):
    with pytest.raises(PermissionDenied, match="只有残疾人劳动就业服务所可以"):
        declare(office_user, audit_year, employer, [])


def test_a_bad_credit_code_is_refused(centre, yongnian):
    with pytest.raises(ValidationError) as raised:
        services.employer_register(
            actor=centre,
            region=yongnian,
            credit_code="91350100M000100Y44",
            name="x",
            employer_type="enterprise",
            address="y",
        )
    assert raised.value.code == "credit_check"


def test_lateness_follows_the_date_received_not_the_date_approved(
    centre, audit_year, employer, holder
):
    # issue 14: submitted 2026-03-15 inside the window 03-01..06-30, approved after it
    declaration = declare(centre, audit_year, employer, [line(holder, list(range(1, 13)))])
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 3, 15))
    approved = services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 7, 2))
    assert not approved.late
    assert approved.counted == 2 and approved.amount_due == 0


def test_a_year_cannot_be_opened_before_its_data_year_has_ended(centre, yongnian):
    # issue 14: 2027 was opened on 2026-11-30
    with pytest.raises(ValidationError) as raised:
        services.audit_year_open(
            actor=centre,
            region=yongnian,
            year=2027,
            local_average_wage=Decimal("45000"),
            today=D(2026, 11, 30),
        )
    assert "2027" in raised.value.messages[0]
    with pytest.raises(ValidationError, match="2026 年度的年审须在该年"):
        services.audit_year_open(
            actor=centre,
            region=yongnian,
            year=2026,
            local_average_wage=Decimal("45000"),
            today=D(2026, 12, 31),
        )
    opened = services.audit_year_open(
        actor=centre,
        region=yongnian,
        year=2026,
        local_average_wage=Decimal("45000"),
        today=D(2027, 1, 1),
    )
    assert opened.year == 2026


def test_a_declaration_cannot_be_submitted_before_the_window_opens(
    centre, audit_year, employer, holder
):
    declaration = declare(centre, audit_year, employer, [line(holder, [1, 2])])
    with pytest.raises(ValidationError) as raised:
        services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 2, 28))
    assert "2026-03-01" in raised.value.messages[0]
    declaration.refresh_from_db()
    assert declaration.state == "draft" and declaration.submitted_on is None


def test_a_late_declaration_lists_no_month_as_counted(centre, audit_year, employer, holder):
    # issue 14: a late declaration listed months 1-12 as counted while counting 0 people
    declaration = declare(centre, audit_year, employer, [line(holder, list(range(1, 13)))])
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 7, 1))
    approved = services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 7, 2))
    employee = approved.employees.get()
    assert employee.counted_months == [] and not employee.qualifies
    assert "逾期申报" in employee.reason


def test_the_return_reason_does_not_stay_on_the_approved_record(
    centre, audit_year, employer, holder
):
    declaration = declare(centre, audit_year, employer, [line(holder, [1, 2])])
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    services.declaration_return(actor=centre, declaration=declaration, reason="缺劳动合同")
    declaration.refresh_from_db()
    services.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 3))
    approved = services.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 5))
    assert approved.reason == ""
