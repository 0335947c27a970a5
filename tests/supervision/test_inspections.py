"""Plans, inspections with checklists, findings, measures (overdue), and their documents."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cdpf import roles
from cdpf.home import home_sections
from certificates.models import Application, Certificate
from supervision import pdf, selectors, services
from supervision.models import Inspection, Measure
from tests.factories import record_checklist
from tests.pdf_utils import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
DAY = datetime.date(2026, 3, 2)


def test_a_plan_without_a_written_check_is_flagged(supervisor, quota_plan, quota_inspection):
    assert selectors.years_without_written_check(supervisor, [2026]) == [
        (2026, "quota"),
        (2026, "certificates"),
    ]
    plan = selectors.plans_with_progress(supervisor, 2026).get()
    assert (plan.done, plan.written_done) == (0, 0)
    record_checklist(supervisor, quota_inspection)
    assert selectors.years_without_written_check(supervisor, [2026]) == [(2026, "certificates")]
    plan = selectors.plans_with_progress(supervisor, 2026).get()
    assert (plan.done, plan.written_done) == (1, 1)


def test_an_on_site_check_alone_does_not_lift_the_flag(supervisor, quota_plan, employer):
    inspection = services.inspection_create(
        actor=supervisor, plan=quota_plan, rule="quota", year=2026, method="on_site",
        subject_kind="employer", subject=employer, scheduled_on=DAY,
    )  # fmt: skip
    record_checklist(supervisor, inspection)
    assert (2026, "quota") in selectors.years_without_written_check(supervisor, [2026])


def test_the_checklist_follows_the_rule(supervisor, quota_inspection, yongnian, holders):
    assert [i.code for i in quota_inspection.items.all()] == ["q1", "q2", "q3", "q4", "q5"]
    assert "分册建档" in quota_inspection.items.get(code="q5").text
    inspection = services.inspection_create(
        actor=supervisor, region=yongnian, rule="certificates", year=2026, method="both",
        subject_kind="holder", subject=holders["a"].person, scheduled_on=DAY,
    )  # fmt: skip
    assert "理事长在内3人" in inspection.items.get(code="c3").text
    with pytest.raises(ValidationError, match="This subject cannot be"):
        services.inspection_create(
            actor=supervisor, region=yongnian, rule="quota", year=2026, method="both",
            subject_kind="holder", subject=holders["a"].person, scheduled_on=DAY,
        )  # fmt: skip


def test_the_procedure_runs_in_order(supervisor, quota_inspection):
    with pytest.raises(ValidationError) as raised:
        services.inspection_publish(actor=supervisor, inspection=quota_inspection, on=DAY)
    assert raised.value.code == "state"  # one answer to a step out of order (cdpf.flows)
    services.inspection_notify(actor=supervisor, inspection=quota_inspection, on=DAY)
    with pytest.raises(ValidationError, match="Answer every checklist item"):
        services.inspection_record_check(
            actor=supervisor, inspection=quota_inspection, results={}, conclusion="x", on=DAY
        )
    results = {i.code: ("issue", "") for i in quota_inspection.items.all()}
    with pytest.raises(ValidationError, match="does not meet"):
        services.inspection_record_check(
            actor=supervisor, inspection=quota_inspection, results=results, conclusion="x", on=DAY
        )
    quota_inspection.refresh_from_db()
    assert quota_inspection.state == "notified"


def test_only_supervisors_inspect(office_user, quota_plan, employer):
    with pytest.raises(PermissionDenied, match="Only Supervisor"):
        services.inspection_create(
            actor=office_user, plan=quota_plan, rule="quota", year=2026, method="written",
            subject_kind="employer", subject=employer, scheduled_on=DAY,
        )  # fmt: skip


def test_an_order_past_its_deadline_is_overdue(supervisor, centre, quota_inspection, monkeypatch):
    record_checklist(supervisor, quota_inspection, result="issue")
    finding = services.finding_add(actor=supervisor, inspection=quota_inspection, text="档案未分册")
    with pytest.raises(ValidationError, match="A rectification order needs a"):
        services.measure_order(
            actor=supervisor, finding=finding, kind="rectification", description="补齐", on=DAY
        )
    order = services.measure_order(
        actor=supervisor, finding=finding, kind="rectification", description="分册建档",
        on=DAY, deadline=datetime.date(2026, 3, 31),
    )  # fmt: skip
    assert order.responsible_role == roles.LABOUR_SERVICE
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 3, 31))
    assert not order.is_overdue
    assert not selectors.overdue_measures(supervisor, datetime.date(2026, 3, 31)).exists()
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 4, 1))
    assert order.is_overdue
    assert list(selectors.overdue_measures(supervisor, datetime.date(2026, 4, 1))) == [order]
    texts = [t for s in home_sections(centre) for t, _ in s.items]
    assert any("overdue" in t for t in texts)
    texts = [t for s in home_sections(supervisor) for t, _ in s.items]
    assert any("overdue" in t for t in texts)
    services.measure_follow_up(
        actor=centre, measure=order, note="已分册", on=datetime.date(2026, 4, 2)
    )
    services.measure_close(
        actor=supervisor, measure=order, note="复查合格", on=datetime.date(2026, 4, 3)
    )
    order.refresh_from_db()
    assert order.state == "closed" and not order.is_overdue


def test_training_is_closed_with_its_attendees(supervisor, quota_inspection):
    record_checklist(supervisor, quota_inspection, result="issue")
    finding = services.finding_add(actor=supervisor, inspection=quota_inspection, text="手续不规范")
    training = services.measure_order(
        actor=supervisor, finding=finding, kind="training", description="专项业务培训", on=DAY
    )
    with pytest.raises(ValidationError, match="List who attended the training"):
        services.measure_close(actor=supervisor, measure=training, note="已培训", on=DAY)
    services.measure_close(
        actor=supervisor, measure=training, note="已培训", attendees="张三、李四", on=DAY
    )
    training.refresh_from_db()
    assert training.attendees == "张三、李四"


def test_a_cancellation_measure_goes_through_the_certificate_services(
    supervisor, office_user, yongnian, holders
):
    inspection = services.inspection_create(
        actor=supervisor, region=yongnian, rule="certificates", year=2026, method="both",
        subject_kind="holder", subject=holders["a"].person, scheduled_on=DAY,
    )  # fmt: skip
    record_checklist(supervisor, inspection, result="issue")
    finding = services.finding_add(actor=supervisor, inspection=inspection, text="证残不符")
    # another holder's certificate
    with pytest.raises(ValidationError, match="not the inspected holder"):
        services.measure_order(
            actor=supervisor, finding=finding, kind="cancellation", description="取消",
            certificate=holders["b"], on=DAY,
        )  # fmt: skip
    measure = services.measure_order(
        actor=supervisor, finding=finding, kind="cancellation", description="取消残疾人证",
        certificate=holders["a"], on=DAY,
    )  # fmt: skip
    assert measure.responsible_role == roles.OFFICE
    with pytest.raises(ValidationError, match="The certificate is still"):
        services.measure_close(actor=supervisor, measure=measure, note="x", on=DAY)
    with pytest.raises(PermissionDenied, match="Only Office"):
        services.measure_certificate_action(actor=supervisor, measure=measure, on=DAY)
    services.measure_certificate_action(actor=office_user, measure=measure, on=DAY)
    assert Certificate.objects.get(pk=holders["a"].pk).status == "cancelled"
    assert Certificate.objects.filter(status="valid").count() == 4
    assert "证残不符" in Certificate.objects.get(pk=holders["a"].pk).events.get().note
    services.measure_close(actor=supervisor, measure=measure, note="已注销", on=DAY)


def test_a_reassessment_opens_a_change_application(supervisor, office_user, yongnian, holders):
    inspection = services.inspection_create(
        actor=supervisor, region=yongnian, rule="certificates", year=2026, method="both",
        subject_kind="holder", subject=holders["b"].person, scheduled_on=DAY,
    )  # fmt: skip
    record_checklist(supervisor, inspection, result="issue")
    finding = services.finding_add(actor=supervisor, inspection=inspection, text="等级不符")
    measure = services.measure_order(
        actor=supervisor, finding=finding, kind="reassessment", description="重新评定",
        certificate=holders["b"], on=DAY,
    )  # fmt: skip
    services.measure_certificate_action(actor=office_user, measure=measure, on=DAY)
    application = Application.objects.get(old_certificate=holders["b"])
    assert (application.kind, application.state) == ("change", "received")
    with pytest.raises(ValidationError, match="The certificate step was"):
        services.measure_certificate_action(actor=office_user, measure=measure, on=DAY)


def test_referral_is_for_staff_and_doctors(supervisor, quota_inspection):
    record_checklist(supervisor, quota_inspection, result="issue")
    finding = services.finding_add(actor=supervisor, inspection=quota_inspection, text="x")
    with pytest.raises(ValidationError, match="Only staff members and"):
        services.measure_order(
            actor=supervisor, finding=finding, kind="referral", description="移交", on=DAY
        )


def test_evidence_is_checked_by_content(supervisor, quota_inspection, settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    with pytest.raises(ValidationError) as raised:
        services.evidence_add(
            actor=supervisor, inspection=quota_inspection, description="照片",
            upload=SimpleUploadedFile("x.png", b"not an image"),
        )  # fmt: skip
    assert raised.value.code == "bad_type"
    evidence = services.evidence_add(
        actor=supervisor, inspection=quota_inspection, description="档案照片",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"),
    )  # fmt: skip
    assert services.evidence_read(evidence) == b"%PDF-1.4 test"


def test_the_result_notice_masks_personal_data(supervisor, yongnian, holders):
    inspection = services.inspection_create(
        actor=supervisor, region=yongnian, rule="certificates", year=2026, method="both",
        subject_kind="holder", subject=holders["a"].person, scheduled_on=DAY,
    )  # fmt: skip
    recorded = record_checklist(supervisor, inspection)
    notice = pdf.inspection_notice(actor=supervisor, inspection=recorded)
    assert "监督检查通知书" in pdf_text(bytes(notice.content))
    services.finding_add(actor=supervisor, inspection=inspection, text="材料齐全")
    services.inspection_publish(actor=supervisor, inspection=inspection, on=DAY)
    inspection.refresh_from_db()
    text = pdf_text(bytes(pdf.result_notice(actor=supervisor, inspection=inspection).content))
    assert "监督检查结果公告" in text and "张**" in text
    assert "张建国" not in text and holders["a"].person.id_number not in text
    assert "检查完毕" in text


def test_the_rectification_order_prints(supervisor, quota_inspection):
    record_checklist(supervisor, quota_inspection, result="issue")
    finding = services.finding_add(actor=supervisor, inspection=quota_inspection, text="档案不健全")
    order = services.measure_order(
        actor=supervisor, finding=finding, kind="rectification", description="补齐档案",
        on=DAY, deadline=datetime.date(2026, 4, 30),
    )  # fmt: skip
    text = pdf_text(bytes(pdf.rectification_order(actor=supervisor, measure=order).content))
    assert (
        "责令限期整改通知书" in text
        and "2026年4月30日" in text
        and "永年区示范企业有限公司" in text
    )


def test_another_district_cannot_be_planned(ct_super, yongnian):
    with pytest.raises(PermissionDenied, match="This record belongs to"):
        services.plan_create(actor=ct_super, region=yongnian, year=2026, rule="quota")


def test_inspection_states_are_explicit(supervisor, quota_inspection):
    assert quota_inspection.state == Inspection.State.PLANNED
    assert Measure.objects.count() == 0


def test_a_check_cannot_be_dated_in_the_future(supervisor, quota_inspection):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        record_checklist(supervisor, quota_inspection, on=tomorrow)
    assert "checked_on" in raised.value.error_dict
    quota_inspection.refresh_from_db()
    assert quota_inspection.state != "checked"
