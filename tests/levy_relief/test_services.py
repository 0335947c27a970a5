"""The services: the audited figure, the caps as parameters, overlapping reliefs, each step by
its role, numbering and the payment of a deferral."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cdpf.models import AuditEntry, PolicyParameter
from employment_quota import services as quota
from levy_relief import services
from levy_relief.models import ReliefApplication
from levy_relief.pdf import decision_document
from tests.factories import LEVY, LEVY_DUE, LEVY_MATERIALS, LEVY_OTHER_CODE, TODAY, make_user
from tests.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_application_starts_from_the_audited_levy(receive, declaration):
    application = receive()
    assert application.basis == "audited" and application.declaration == declaration
    assert application.levy_due == LEVY and application.amount == LEVY
    assert application.state == "submitted" and application.region.code == "130408"
    assert AuditEntry.objects.filter(
        object_type="levy_relief.reliefapplication", action="create"
    ).exists()


def test_without_an_audited_figure_the_tax_assessment_is_needed(centre, yongnian):
    employer = quota.employer_register(
        actor=centre,
        region=yongnian,
        credit_code=LEVY_OTHER_CODE,
        name="永年区未年审企业",
        employer_type="enterprise",
        address="永年区",
    )
    args = {
        "actor": centre,
        "employer": employer,
        "levy_year": 2025,
        "kind": "exemption",
        "ground": "force_majeure",
        "event_date": D(2026, 5, 1),
        "loss_amount": Decimal("100000"),
        "description": "火灾",
        "original_due_date": LEVY_DUE,
        "received_on": D(2026, 5, 10),
    }
    with pytest.raises(ValidationError) as raised:
        services.application_receive(**args)
    assert "assessed_levy" in raised.value.error_dict
    application = services.application_receive(
        **args, assessed_levy=Decimal("30000.00"), tax_reference="冀税永核〔2026〕15号"
    )
    assert application.basis == "tax" and application.amount == Decimal("30000.00")
    assert application.declaration is None


def test_a_reduction_at_the_cap_passes_and_one_fen_over_is_refused(receive):
    with pytest.raises(ValidationError) as raised:
        receive(kind="reduction", amount=Decimal("120000.01"), new_due_date=None)
    assert "amount" in raised.value.error_dict
    assert not ReliefApplication.objects.exists()
    assert receive(kind="reduction", amount=Decimal("120000.00")).amount == LEVY


def test_the_deferral_cap_is_a_parameter(receive):
    with pytest.raises(ValidationError) as raised:
        receive(new_due_date=D(2026, 12, 31))
    assert "new_due_date" in raised.value.error_dict
    PolicyParameter.objects.filter(name="relief.max_deferral_months").update(value="3")
    with pytest.raises(ValidationError, match="缓缴期限最长 3 个月：原期"):
        receive(new_due_date=D(2026, 12, 30))
    assert receive(new_due_date=D(2026, 9, 30)).new_due_date == D(2026, 9, 30)


def test_the_flow_to_an_approved_numbered_decision(receive, advance, chairman):
    second = advance(receive(kind="reduction", amount=Decimal("1000")), "reviewed")
    application = advance(receive(), "approved")
    assert application.state == "approved" and application.decided_by == chairman
    assert application.decision_number == "永残就减〔2026〕1号"
    assert application.approver_title == "邯郸市永年区残疾人联合会"
    # a reduction after the deferral overlaps it
    with pytest.raises(ValidationError, match="本申请与之重叠"):
        services.application_approve(actor=chairman, application=second, reason="x", on=TODAY)


def test_numbers_run_on_within_a_year_and_restart_the_next(receive, advance, chairman, yongnian):
    first = advance(receive(kind="reduction", amount=Decimal("1000")), "approved")
    deferral = advance(receive(), "reviewed")
    deferral = services.application_approve(
        actor=chairman, application=deferral, reason="洪灾", on=D(2027, 1, 5)
    )
    assert first.decision_number == "永残就减〔2026〕1号"
    assert deferral.decision_number == "永残就减〔2027〕1号"
    # the deferral covers what the reduction left
    assert deferral.amount == LEVY - Decimal("1000")


def test_two_overlapping_approvals_are_refused(receive, advance, chairman):
    advance(receive(), "approved")
    with pytest.raises(ValidationError) as raised:
        receive()
    assert "overlap" in raised.value.messages[0] or "重叠" in raised.value.messages[0]


def test_each_step_belongs_to_its_role(receive, centre, chairman, scan_all):
    application = scan_all(receive())
    with pytest.raises(PermissionDenied, match="只有劳动就业服务所可以办理此"):
        services.materials_check(
            actor=chairman, application=application, ticked=LEVY_MATERIALS, on=TODAY
        )
    services.materials_check(actor=centre, application=application, ticked=LEVY_MATERIALS, on=TODAY)
    with pytest.raises(PermissionDenied, match="只有理事长可以办理此步骤。"):
        services.application_review(actor=centre, application=application, opinion="x", on=TODAY)
    with pytest.raises(ValidationError) as raised:  # approval needs the review first
        services.application_approve(actor=chairman, application=application, reason="x", on=TODAY)
    assert raised.value.code == "state"  # one answer to a step out of order (cdpf.flows)
    supervisor = make_user("sup", "130408", "supervisor")
    with pytest.raises(PermissionDenied, match="只有理事长可以办理此步骤。"):
        services.application_reject(actor=supervisor, application=application, reason="x", on=TODAY)


def test_missing_materials_return_the_application_with_the_list(receive, centre):
    application = receive()
    with pytest.raises(ValidationError, match="材料未全部勾选，缺少：损失证"):
        services.materials_check(
            actor=centre, application=application, ticked=["application"], on=TODAY
        )
    returned = services.application_return(
        actor=centre, application=application, ticked=["application"], note="财务报表须经审计"
    )
    assert returned.state == "returned" and returned.missing == ["loss_proof", "financials"]
    again = services.application_resubmit(actor=centre, application=returned)
    assert again.state == "submitted"


def test_a_rejection_has_reasons_and_no_number(receive, advance, chairman):
    application = advance(receive(), "checked")
    with pytest.raises(ValidationError, match="请填写不予批准的理由。"):
        services.application_reject(actor=chairman, application=application, reason=" ", on=TODAY)
    rejected = services.application_reject(
        actor=chairman, application=application, reason="损失与申报不符", on=TODAY
    )
    assert rejected.state == "rejected" and rejected.decision_number is None


def test_a_paid_deferral_keeps_its_surcharge(receive, advance, centre):
    application = advance(receive(), "approved")
    with pytest.raises(ValidationError, match="缴纳日期不能晚于今天。"):
        services.deferral_payment_record(
            actor=centre,
            application=application,
            paid_on=D(2027, 2, 1),
            paid_amount=LEVY,
            today=D(2027, 1, 9),
        )
    paid = services.deferral_payment_record(
        actor=centre,
        application=application,
        paid_on=D(2027, 1, 9),
        paid_amount=LEVY,
        today=D(2027, 1, 9),
    )
    # due 30 Dec 2026, paid 9 Jan 2027: 10 days × 5‰ × 120,000 = 6,000.00
    assert paid.surcharge == Decimal("6000.00")
    with pytest.raises(ValidationError, match="缴款已登记。"):
        services.deferral_payment_record(
            actor=centre, application=paid, paid_on=D(2027, 1, 9), paid_amount=LEVY, today=TODAY
        )


def test_the_original_due_date_comes_from_the_audited_levy(receive, declaration):
    # issue 19 item 3: the due date was typed freely and the 6-month cap measured from it
    assert declaration.audit_year.closes_on == LEVY_DUE
    assert receive(original_due_date=None).original_due_date == LEVY_DUE


def test_a_typed_original_due_date_that_disagrees_with_the_levy_is_refused(receive):
    with pytest.raises(ValidationError) as raised:
        receive(original_due_date=D(2026, 11, 1), new_due_date=D(2027, 5, 1))
    message = raised.value.message_dict["original_due_date"][0]
    assert "2026-11-01" in message and "2026-06-30" in message
    assert not ReliefApplication.objects.exists()


def test_a_tax_assessment_needs_its_own_due_date(centre, yongnian):
    employer = quota.employer_register(
        actor=centre,
        region=yongnian,
        credit_code=LEVY_OTHER_CODE,
        name="永年区未年审企业",
        employer_type="enterprise",
        address="永年区",
    )
    args = {
        "actor": centre,
        "employer": employer,
        "levy_year": 2025,
        "kind": "exemption",
        "ground": "force_majeure",
        "event_date": D(2026, 5, 1),
        "loss_amount": Decimal("100000"),
        "description": "火灾",
        "received_on": D(2026, 5, 10),
        "assessed_levy": Decimal("30000.00"),
        "tax_reference": "冀税永核〔2026〕15号",
    }
    with pytest.raises(ValidationError) as raised:
        services.application_receive(**args)
    assert "original_due_date" in raised.value.error_dict
    assert services.application_receive(**args, original_due_date=D(2026, 7, 31)).original_due_date


def test_ticks_without_the_scans_do_not_pass_the_check(receive, centre, scan_all):
    # issue 19 item 20: a relief was approved with no file uploaded, on ticks alone
    application = scan_all(receive(), kinds=["application"])
    with pytest.raises(ValidationError) as raised:
        services.materials_check(
            actor=centre, application=application, ticked=LEVY_MATERIALS, on=TODAY
        )
    assert "损失证明" in raised.value.messages[0] or "Proof of the loss" in raised.value.messages[0]
    application.refresh_from_db()
    assert application.state == "submitted"
    scan_all(application, kinds=["loss_proof", "financials"])
    checked = services.materials_check(
        actor=centre, application=application, ticked=LEVY_MATERIALS, on=TODAY
    )
    assert checked.state == "checked"


def test_approval_needs_the_scans_too(receive, advance, chairman):
    application = advance(receive(), "reviewed")
    application.materials.filter(kind="financials").delete()
    with pytest.raises(ValidationError) as raised:
        services.application_approve(
            actor=chairman, application=application, reason="同意", on=TODAY
        )
    assert raised.value.code == "scans_missing"
    application.refresh_from_db()
    assert application.state == "reviewed" and application.decision_number is None


def test_the_surcharge_on_a_deferral_stops_at_the_amount_owed(receive, advance, centre):
    # issue 14: 《行政强制法》第四十五条, a parameter with its source
    application = advance(receive(), "approved")
    paid = services.deferral_payment_record(
        actor=centre,
        application=application,
        paid_on=D(2027, 12, 30),  # 365 days × 5‰ = 182.5% of the amount
        paid_amount=LEVY,
        today=D(2027, 12, 30),
    )
    assert paid.surcharge == LEVY
    text = services.surcharge_text(paid, paid.paid_on)
    assert "行政强制法》第四十五条" in text and "219,000.00" in text
    PolicyParameter.objects.filter(name="relief.surcharge_cap_multiple").delete()
    assert services.surcharge_for(paid, D(2027, 12, 30)) == Decimal("219000.00")


def test_a_rejection_after_the_due_date_states_the_surcharge(receive, advance, chairman, centre):
    # issue 14: 不予批准 told the employer to pay by a due date already past, without surcharge
    application = advance(receive(), "reviewed")  # levy due 2026-06-30
    rejected = services.application_reject(
        actor=chairman, application=application, reason="损失证明不足", on=D(2026, 7, 10)
    )
    document = decision_document(actor=chairman, application=rejected)
    text = "".join(pdf_text(document.content).split())
    # 120,000 × 5‰ × 10 days = 6,000.00
    assert "已过" in text and "逾期10天" in text and "滞纳金6000.00元" in text
    assert "仍应按原期限缴纳" not in text
