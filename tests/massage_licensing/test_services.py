"""The services: registration, one person at one institution, the flow by role, numbering,
reviews, changes needing re-certification, revocation."""

import datetime
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from cdpf.models import AuditEntry, PolicyParameter
from massage_licensing import services
from massage_licensing.models import Institution, Practitioner, QualificationCertificate
from massage_licensing.photos import photo_read
from tests.factories import (
    CREDIT_CODE,
    OTHER_CODE,
    TODAY,
    holder,
    institution_data,
    practitioner_id_number,
    staff_member,
)
from tests.image_utils import same_picture, tiny_png

pytestmark = pytest.mark.django_db


def to_inspected(centre, institution, *, passed=True):
    application = services.application_submit(actor=centre, institution=institution, on=TODAY)
    services.application_check(actor=centre, application=application, on=TODAY)
    services.inspection_record(
        actor=centre,
        application=application,
        inspected_on=TODAY,
        inspectors="王工、刘工",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=passed,
        findings="与申报一致",
    )
    application.refresh_from_db()
    return application


def test_the_name_must_contain_blind_health_massage(make_institution):
    with pytest.raises(ValidationError) as exc:
        make_institution(name="永年区光明保健按摩中心")
    assert "name" in exc.value.message_dict
    assert not Institution.objects.exists()


def test_a_blind_representative_needs_a_certificate_number(make_institution):
    with pytest.raises(ValidationError) as exc:
        make_institution(representative_is_blind=True)
    assert "representative_certificate_number" in exc.value.message_dict


def test_a_bad_credit_code_is_refused(make_institution):
    with pytest.raises(ValidationError, match="统一社会信用代码校验码错误（"):
        make_institution(credit_code="91350100M000100Y44")


def test_only_the_centre_registers(chairman, yongnian):

    with pytest.raises(PermissionDenied, match="只有.*可以办理此步骤。"):
        services.institution_register(
            actor=chairman,
            region=yongnian,
            credit_code=CREDIT_CODE,
            today=TODAY,
            **institution_data(),
        )


def test_one_person_at_two_institutions_is_refused(centre, make_institution):
    first = make_institution()
    second = make_institution(credit_code=OTHER_CODE, name="永年区第二盲人保健按摩店")
    certificate = holder(1)
    staff_member(centre, first, certificate)
    with pytest.raises(ValidationError) as exc:
        staff_member(centre, second, certificate)
    assert "永年区光明盲人保健按摩中心" in exc.value.message_dict["id_number"][0]
    assert Practitioner.objects.count() == 1


def test_the_database_refuses_a_second_current_employment(centre, make_institution):
    first = make_institution()
    second = make_institution(credit_code=OTHER_CODE, name="永年区第二盲人保健按摩店")
    person = staff_member(centre, first, seq=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        Practitioner.objects.create(
            region=second.region,
            institution=second,
            name=person.name,
            sex="M",
            id_number=person.id_number,
            joined_on=TODAY,
        )


def test_after_leaving_the_person_may_join_another(centre, make_institution):
    first = make_institution()
    second = make_institution(credit_code=OTHER_CODE, name="永年区第二盲人保健按摩店")
    person = staff_member(centre, first, seq=7)
    services.practitioner_leave(actor=centre, practitioner=person, on=TODAY)
    moved = staff_member(centre, second, seq=7)
    assert moved.is_current and Practitioner.objects.by_id_number(person.id_number).count() == 2


def test_a_certificate_of_another_person_is_refused(centre, make_institution):
    institution = make_institution()
    other = holder(2)
    with pytest.raises(ValidationError) as exc:
        staff_member(centre, institution, seq=3, disability_certificate_number=other.number)
    assert "disability_certificate_number" in exc.value.message_dict


def test_the_done_when_institution_meets_every_requirement(blind_rep_institution):
    checks = services.evaluate(blind_rep_institution, TODAY)
    failed = [c for c in checks if not c.passed]
    assert not failed, failed
    share = next(c for c in checks if c.key == "blind_share")
    assert share.actual == "4/5 = 80%" and share.required == "≥ 60%"
    assert "法定代表人为盲人的，盲人按摩人员占比不低于" in share.source  # the rule, never its key
    # the source names the regulation and its date, not the parameter key (issue 14)
    assert "massage." not in share.source and "起施行" in share.source


def test_a_non_visual_certificate_does_not_count_in_the_register(centre, make_institution):
    institution = make_institution()
    for seq in range(1, 4):
        staff_member(centre, institution, holder(seq))
    staff_member(centre, institution, holder(4, category=4))
    staff_member(centre, institution, seq=5)
    share = next(c for c in services.evaluate(institution, TODAY) if c.key == "blind_share")
    assert share.actual == "3/5 = 60%" and not share.passed


def test_an_expired_health_certificate_fails_the_check(centre, blind_rep_institution):
    person = blind_rep_institution.practitioners.first()
    services.practitioner_update(
        actor=centre, practitioner=person, health_certificate_expiry=TODAY - datetime.timedelta(1)
    )
    failed = [c for c in services.evaluate(blind_rep_institution, TODAY) if not c.passed]
    assert len(failed) == 1 and "健康证已于" in failed[0].actual


def test_a_local_threshold_overrides_the_national_one(blind_rep_institution, yongnian):
    PolicyParameter.objects.create(
        name="massage.min_area_m2",
        region=yongnian,
        value="50",
        value_type="decimal",
        valid_from=datetime.date(2026, 1, 1),
        description="永年区",
        source="永年区规定",
    )
    area = next(c for c in services.evaluate(blind_rep_institution, TODAY) if c.key == "area")
    assert not area.passed and area.required == "≥ 50 平方米" and "永年区规定" in area.source


def test_the_flow_by_role(centre, chairman, blind_rep_institution):
    with pytest.raises(PermissionDenied, match="只有.*可以办理此步骤。"):
        services.application_submit(actor=chairman, institution=blind_rep_institution, on=TODAY)
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    # one open application at a time
    with pytest.raises(ValidationError, match="该机构已有一份正在办理的申请"):
        services.application_submit(actor=centre, institution=blind_rep_institution, on=TODAY)
    with pytest.raises(PermissionDenied, match="只有.*可以办理此步骤。"):
        services.application_check(actor=chairman, application=application, on=TODAY)
    # not yet inspected
    with pytest.raises(ValidationError, match="申请处于“.*”状态，不能进行“.*”。"):
        services.application_approve(actor=chairman, application=application, on=TODAY)
    application = to_inspected_from(centre, application)
    with pytest.raises(PermissionDenied, match="只有.*可以办理此步骤。"):
        services.application_approve(actor=centre, application=application, on=TODAY)
    certificate = services.application_approve(actor=chairman, application=application, on=TODAY)
    assert certificate.number == "永残盲按认〔2026〕第0001号"
    blind_rep_institution.refresh_from_db()
    assert blind_rep_institution.status == "certified"
    assert blind_rep_institution.next_review_due == datetime.date(2027, 11, 2)
    assert [e.to_state for e in application.events.all()] == [
        "submitted",
        "checked",
        "inspected",
        "approved",
    ]
    assert AuditEntry.objects.filter(
        object_type="massage_licensing.qualificationcertificate", action="create"
    ).exists()


def to_inspected_from(centre, application):
    services.application_check(actor=centre, application=application, on=TODAY)
    services.inspection_record(
        actor=centre,
        application=application,
        inspected_on=TODAY,
        inspectors="王工",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=True,
        findings="一致",
    )
    application.refresh_from_db()
    return application


def test_approval_is_refused_when_a_requirement_is_not_met(centre, chairman, make_institution):
    institution = make_institution()
    staff_member(centre, institution, seq=1)  # sighted only: 0% blind
    application = to_inspected(centre, institution)
    assert not application.all_met
    with pytest.raises(ValidationError) as exc:
        services.application_approve(actor=chairman, application=application, on=TODAY)
    assert "盲人按摩人员占按摩人员比例" in exc.value.messages[0]
    assert not QualificationCertificate.objects.exists()


def test_a_non_compliant_inspection_cannot_be_approved(centre, chairman, blind_rep_institution):
    application = to_inspected(centre, blind_rep_institution, passed=False)
    with pytest.raises(ValidationError, match="现场核查结论为不符合条件，应"):
        services.application_approve(actor=chairman, application=application, on=TODAY)


def test_a_compliant_inspection_must_confirm_everything(centre, blind_rep_institution):
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    services.application_check(actor=centre, application=application, on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(
            actor=centre,
            application=application,
            inspected_on=TODAY,
            inspectors="王工",
            area_confirmed=True,
            facilities_confirmed=False,
            staff_confirmed=True,
            passed=True,
            findings="消毒柜未到位",
        )
    assert "passed" in exc.value.message_dict


def test_rejection_needs_reasons_and_is_final(centre, chairman, blind_rep_institution):
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    with pytest.raises(ValidationError, match="请填写不予批准的理由。"):
        services.application_reject(actor=chairman, application=application, reason=" ", on=TODAY)
    with pytest.raises(PermissionDenied, match="只有.*可以办理此步骤。"):
        services.application_reject(actor=centre, application=application, reason="x", on=TODAY)
    services.application_reject(
        actor=chairman, application=application, reason="面积不足", on=TODAY
    )
    application.refresh_from_db()
    assert application.state == "rejected" and application.reason == "面积不足"
    with pytest.raises(ValidationError, match="申请处于“.*”状态，不能进行“.*”。"):
        services.application_check(actor=centre, application=application, on=TODAY)
    # a new application may follow
    services.application_submit(actor=centre, institution=blind_rep_institution, on=TODAY)


def test_certificate_numbers_follow_each_other(centre, chairman, blind_rep_institution):
    first = services.certificate_number_for(blind_rep_institution.region, TODAY)
    second = services.certificate_number_for(blind_rep_institution.region, TODAY)
    assert (first, second) == ("永残盲按认〔2026〕第0001号", "永残盲按认〔2026〕第0002号")


def certify(centre, chairman, institution):
    application = to_inspected(centre, institution)
    return services.application_approve(actor=chairman, application=application, on=TODAY)


def test_a_change_of_premises_flags_the_certificate(centre, chairman, blind_rep_institution):
    certificate = certify(centre, chairman, blind_rep_institution)
    change = services.institution_change(
        actor=centre, institution=blind_rep_institution, on=TODAY, address="永年区新址路1号"
    )
    assert change.requires_recertification and change.kinds == ["premises"]
    assert change.before == {"address": "永年区临洺关镇建设路8号"}
    certificate.refresh_from_db()
    blind_rep_institution.refresh_from_db()
    assert certificate.status == "recertify" and certificate.status_changed_on == TODAY
    assert certificate.status_reason
    assert blind_rep_institution.status == "recertification"
    # re-certification issues a new number and supersedes the old certificate
    application = to_inspected(centre, blind_rep_institution)
    assert application.kind == "recertification"
    new = services.application_approve(actor=chairman, application=application, on=TODAY)
    certificate.refresh_from_db()
    assert certificate.status == "superseded" and new.number.endswith("第0002号")
    assert new.address == "永年区新址路1号"


def test_a_change_of_phone_does_not_need_re_certification(centre, chairman, blind_rep_institution):
    certify(centre, chairman, blind_rep_institution)
    change = services.institution_change(
        actor=centre, institution=blind_rep_institution, on=TODAY, phone="13800000000"
    )
    assert not change.requires_recertification
    blind_rep_institution.refresh_from_db()
    assert blind_rep_institution.status == "certified"


def test_a_change_of_nothing_is_refused(centre, blind_rep_institution):
    with pytest.raises(ValidationError, match="没有任何改动。"):
        services.institution_change(
            actor=centre, institution=blind_rep_institution, on=TODAY, area_m2=Decimal("30.00")
        )


def test_a_failed_review_sets_a_deadline_in_working_days(centre, chairman, blind_rep_institution):
    certify(centre, chairman, blind_rep_institution)
    with pytest.raises(ValidationError, match="请说明需要整改的内容。"):  # failing needs findings
        services.yearly_review_record(
            actor=centre, institution=blind_rep_institution, year=2026, on=TODAY, passed=False
        )
    review = services.yearly_review_record(
        actor=centre,
        institution=blind_rep_institution,
        year=2026,
        on=TODAY,
        passed=False,
        findings="健康证过期两人",
    )
    # 20 working days after Monday 2 November 2026
    assert review.rectify_by == datetime.date(2026, 11, 30)
    blind_rep_institution.refresh_from_db()
    assert blind_rep_institution.rectify_by == review.rectify_by
    services.yearly_review_record(
        actor=centre,
        institution=blind_rep_institution,
        year=2026,
        on=datetime.date(2026, 11, 20),
        passed=True,
    )
    blind_rep_institution.refresh_from_db()
    assert blind_rep_institution.rectify_by is None
    assert blind_rep_institution.next_review_due == datetime.date(2027, 11, 20)
    with pytest.raises(ValidationError, match="该机构 2026 年度年审已"):
        services.yearly_review_record(
            actor=centre, institution=blind_rep_institution, year=2026, on=TODAY, passed=True
        )


def test_an_uncertified_institution_is_not_reviewed(centre, blind_rep_institution):
    with pytest.raises(ValidationError, match="只有已认定的机构才进行年审。"):
        services.yearly_review_record(
            actor=centre, institution=blind_rep_institution, year=2026, on=TODAY, passed=True
        )


def test_revocation_by_the_chairman_keeps_the_history(centre, chairman, blind_rep_institution):
    certificate = certify(centre, chairman, blind_rep_institution)
    with pytest.raises(PermissionDenied, match="只有.*可以办理此步骤。"):
        services.institution_revoke(
            actor=centre, institution=blind_rep_institution, reason="x", on=TODAY
        )
    with pytest.raises(ValidationError, match="请说明撤销理由。"):
        services.institution_revoke(
            actor=chairman, institution=blind_rep_institution, reason="", on=TODAY
        )
    services.institution_revoke(
        actor=chairman, institution=blind_rep_institution, reason="以健全人冒充盲人", on=TODAY
    )
    blind_rep_institution.refresh_from_db()
    certificate.refresh_from_db()
    assert blind_rep_institution.status == "revoked" and blind_rep_institution.revoked_on == TODAY
    assert certificate.status == "revoked"
    with pytest.raises(ValidationError, match="该认定已被撤销。"):  # revoked twice
        services.institution_revoke(
            actor=chairman, institution=blind_rep_institution, reason="再次", on=TODAY
        )


def test_inspection_photos_are_kept_privately(centre, blind_rep_institution, tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    services.application_check(actor=centre, application=application, on=TODAY)
    png = tiny_png()
    text = SimpleUploadedFile("notes.png", b"hello")
    with pytest.raises(ValidationError, match="只接受 PDF、JPEG 和 PNG 文件"):
        services.inspection_record(
            actor=centre,
            application=application,
            inspected_on=TODAY,
            inspectors="王工",
            area_confirmed=True,
            facilities_confirmed=True,
            staff_confirmed=True,
            passed=True,
            findings="一致",
            photos=[SimpleUploadedFile("a.png", png), text],
        )
    assert not list(tmp_path.rglob("*")) or not any(p.is_file() for p in tmp_path.rglob("*"))
    inspection = services.inspection_record(
        actor=centre,
        application=application,
        inspected_on=TODAY,
        inspectors="王工",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=True,
        findings="一致",
        photos=[SimpleUploadedFile("a.png", png)],
    )
    photo = inspection.photos.get()
    assert photo.content_type == "image/png" and same_picture(photo_read(photo), png)


def test_id_numbers_are_checked(centre, make_institution):
    institution = make_institution()
    bad = practitioner_id_number(1)[:-1] + ("0" if practitioner_id_number(1)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        staff_member(centre, institution, seq=1, id_number=bad)
    assert "id_number" in exc.value.message_dict


def close_local_format(region):
    PolicyParameter.objects.filter(name="massage.certificate_number_format", region=region).update(
        valid_to=datetime.date(2026, 5, 31)
    )


def test_a_format_without_the_year_numbers_on_across_years(yongnian):
    close_local_format(yongnian)
    PolicyParameter.objects.create(
        name="massage.certificate_number_format",
        region=yongnian,
        value="永盲按{seq:05d}",
        value_type="text",
        valid_from=dt.date(2026, 6, 1),
        description="x",
        source="x",
    )
    assert services.certificate_number_for(yongnian, TODAY) == "永盲按00001"
    assert services.certificate_number_for(yongnian, dt.date(2027, 1, 5)) == "永盲按00002"


def test_a_broken_format_is_a_clear_error(yongnian):
    close_local_format(yongnian)
    PolicyParameter.objects.create(
        name="massage.certificate_number_format",
        region=yongnian,
        value="永盲按{seq",
        value_type="text",
        valid_from=datetime.date(2026, 6, 1),
        description="x",
        source="x",
    )
    with pytest.raises(ValidationError, match="证书编号格式须包含"):
        services.certificate_number_for(yongnian, TODAY)


def test_an_application_open_at_revocation_cannot_be_approved(
    centre, chairman, blind_rep_institution
):
    """A revoked qualification does not come back through an application left open."""
    certify(centre, chairman, blind_rep_institution)
    services.institution_change(
        actor=centre, institution=blind_rep_institution, on=TODAY, address="永年区新址路1号"
    )
    application = to_inspected(centre, blind_rep_institution)
    services.institution_revoke(
        actor=chairman, institution=blind_rep_institution, reason="以健全人冒充盲人", on=TODAY
    )
    with pytest.raises(ValidationError, match="revoked|撤销"):
        services.application_approve(actor=chairman, application=application, on=TODAY)
    blind_rep_institution.refresh_from_db()
    assert blind_rep_institution.status == "revoked"
    assert not QualificationCertificate.objects.filter(
        institution=blind_rep_institution, status="valid"
    ).exists()


def test_a_number_brought_in_by_the_import_is_never_issued_again(
    centre, chairman, make_institution, blind_rep_institution
):
    """A register imported from before the system may hold this year's next number."""
    earlier = make_institution(credit_code=OTHER_CODE, name="永年区老字号盲人保健按摩店")
    services.certificate_import(
        actor=centre, institution=earlier, number="永残盲按认〔2026〕第0001号",
        issued_on=datetime.date(2026, 3, 1), today=TODAY,
    )  # fmt: skip
    certificate = certify(centre, chairman, blind_rep_institution)
    assert certificate.number == "永残盲按认〔2026〕第0002号"


def test_a_blind_representative_must_hold_the_certificate_given(centre, make_institution):
    """Another person's visual certificate (say, a staff member's) does not make a sighted
    legal representative blind, so the 80% share applies, not 60%."""
    staff_cert = holder(1, name="刘芳")
    institution = make_institution(
        representative_is_blind=True, representative_certificate_number=staff_cert.number
    )
    checks = {c.key: c for c in services.evaluate(institution, TODAY)}
    assert not checks["representative"].passed
    assert "张光明" in checks["representative"].actual
    assert "80%" in checks["blind_share"].required
