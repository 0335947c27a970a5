"""Defects found in the second walks (issues 14 and 19): each reproduced here before its fix."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from massage_licensing import services
from massage_licensing.models import Institution, QualificationApplication, YearlyReview
from massage_licensing.pdf import rejection_notice
from tests.factories import TODAY, holder, practitioner_id_number, staff_member
from tests.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def inspect(centre, application, *, on=TODAY):
    services.application_check(actor=centre, application=application, on=on)
    services.inspection_record(
        actor=centre,
        application=application,
        inspected_on=on,
        inspectors="王工",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=True,
        findings="一致",
    )
    application.refresh_from_db()
    return application


def certify(centre, chairman, institution, *, on=TODAY):
    application = services.application_submit(actor=centre, institution=institution, on=on)
    inspect(centre, application, on=on)
    return services.application_approve(actor=chairman, application=application, on=on)


# inspection dates ---------------------------------------------------------------------------


def test_an_inspection_dated_in_the_future_is_refused(centre, blind_rep_institution):
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    services.application_check(actor=centre, application=application, on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.inspection_record(
            actor=centre,
            application=application,
            inspected_on=TODAY + datetime.timedelta(days=3),
            inspectors="王工",
            area_confirmed=True,
            facilities_confirmed=True,
            staff_confirmed=True,
            passed=True,
            findings="一致",
        )
    assert "inspected_on" in error.value.message_dict
    application.refresh_from_db()
    assert application.state == "checked"


def test_the_inspection_form_refuses_a_future_date(client_for, centre, blind_rep_institution):
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    services.application_check(actor=centre, application=application, on=TODAY)
    response = client_for(centre).post(
        reverse("massage_licensing:inspection_new", args=[application.pk]),
        {
            "inspected_on": "2026-11-20",
            "inspectors": "王工",
            "area_confirmed": "on",
            "facilities_confirmed": "on",
            "staff_confirmed": "on",
            "passed": "on",
            "findings": "一致",
        },
    )
    assert response.status_code == 400
    assert "不能晚于今天" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "checked"


def test_no_certificate_is_issued_before_the_inspection(centre, chairman, blind_rep_institution):
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    inspect(centre, application, on=TODAY)
    with pytest.raises(ValidationError, match="不能在现场核查（2026-1"):
        services.application_approve(
            actor=chairman, application=application, on=TODAY - datetime.timedelta(days=1)
        )
    assert not blind_rep_institution.certificates.exists()


# revocation and a new application -----------------------------------------------------------


def test_a_revoked_institution_may_apply_again(centre, chairman, blind_rep_institution):
    first = certify(centre, chairman, blind_rep_institution, on=TODAY - datetime.timedelta(60))
    services.institution_revoke(
        actor=chairman,
        institution=blind_rep_institution,
        reason="年审逾期未整改",
        on=TODAY - datetime.timedelta(50),
    )
    # the register can be put right while revoked: staff and details
    staff_member(centre, blind_rep_institution, holder(31))
    later = TODAY
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=later
    )
    assert application.kind == QualificationApplication.Kind.AFTER_REVOCATION
    inspect(centre, application, on=later)
    certificate = services.application_approve(actor=chairman, application=application, on=later)
    blind_rep_institution.refresh_from_db()
    first.refresh_from_db()
    assert blind_rep_institution.status == "certified"
    assert first.status == "revoked"  # the revoked certificate keeps its history
    assert certificate.number != first.number and certificate.status == "valid"
    assert blind_rep_institution.revoked_on is None


def test_an_application_left_open_at_revocation_still_cannot_be_approved(
    centre, chairman, blind_rep_institution
):
    certify(centre, chairman, blind_rep_institution)
    services.institution_change(
        actor=centre, institution=blind_rep_institution, on=TODAY, address="永年区新址路1号"
    )
    open_one = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    services.institution_revoke(
        actor=chairman, institution=blind_rep_institution, reason="冒用", on=TODAY
    )
    with pytest.raises(ValidationError, match="该机构的认定已被撤销，请对该"):
        services.application_check(actor=centre, application=open_one, on=TODAY)


def test_the_revoked_page_offers_a_new_application(
    client_for, centre, chairman, blind_rep_institution
):
    certify(centre, chairman, blind_rep_institution)
    services.institution_revoke(
        actor=chairman, institution=blind_rep_institution, reason="冒用", on=TODAY
    )
    url = reverse("massage_licensing:institution", args=[blind_rep_institution.pk])
    body = client_for(centre).get(url).content.decode()
    assert reverse("massage_licensing:application_submit", args=[blind_rep_institution.pk]) in body
    assert "撤销后重新申请" in body


# the checklist as people read it ------------------------------------------------------------


def test_the_checklist_shows_no_parameter_names(client_for, centre, blind_rep_institution):
    checks = services.evaluate(blind_rep_institution, TODAY)
    assert not [c.source for c in checks if "massage." in c.source]
    area = next(c for c in checks if c.key == "area")
    assert "营业面积下限" in area.source and "2007-01-01" in area.source
    url = reverse("massage_licensing:institution", args=[blind_rep_institution.pk])
    assert "massage." not in client_for(centre).get(url).content.decode()


def test_the_rejection_notice_shows_no_parameter_names(centre, chairman, make_institution):
    institution = make_institution(beds=2)
    application = services.application_submit(actor=centre, institution=institution, on=TODAY)
    services.application_check(actor=centre, application=application, on=TODAY)
    services.application_reject(
        actor=chairman, application=application, reason="床位不足", on=TODAY
    )
    application.refresh_from_db()
    text = pdf_text(bytes(rejection_notice(actor=centre, application=application).content))
    assert "massage." not in text.replace("\n", "")
    assert "按摩床最少张数" in text.replace("\n", "")


def test_a_sighted_representative_with_a_hearing_certificate_is_not_shown_blind(
    client_for, centre, make_institution
):
    rep = holder(91, category=2, name="张光明")
    institution = make_institution(
        representative_is_blind=True, representative_certificate_number=rep.number
    )
    url = reverse("massage_licensing:institution", args=[institution.pk])
    body = client_for(centre).get(url).content.decode()
    assert "（盲人）" not in body and "(盲人)" not in body
    assert "申报为盲人，经核对不属实" in body


def test_a_verified_blind_representative_is_shown_blind(client_for, centre, blind_rep_institution):
    url = reverse("massage_licensing:institution", args=[blind_rep_institution.pk])
    assert "（盲人）" in client_for(centre).get(url).content.decode()


def test_sighted_staff_that_break_the_share_are_warned_about(
    client_for, centre, chairman, blind_rep_institution
):
    certify(centre, chairman, blind_rep_institution)
    client = client_for(centre)
    url = reverse("massage_licensing:practitioner_new", args=[blind_rep_institution.pk])

    for seq, name in ((40, "健全甲"), (41, "健全乙")):  # names in Chinese characters only
        response = client.post(
            url,
            {
                "name": name,
                "id_number": practitioner_id_number(seq),
                "joined_on": "2026-11-02",
                "qualification_number": "BJAM-1",
                "health_certificate_number": "JKZ-1",
                "health_certificate_expiry": "2027-06-30",
            },
            follow=True,
        )
    body = response.content.decode()
    # 4 blind of 7 = 57.1%, below the 60% of a blind representative
    assert "57.1%" in body and "已认定的机构现不符合认定条件" in body
    page = client.get(reverse("massage_licensing:institution", args=[blind_rep_institution.pk]))
    assert "已认定的机构现不符合认定条件" in page.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert blind_rep_institution.name in home and "不符合认定条件" in home


# yearly reviews -----------------------------------------------------------------------------


def expire_health_certificates(institution):
    institution.practitioners.update(health_certificate_expiry=datetime.date(2026, 1, 1))


def test_a_pass_is_refused_while_the_checklist_fails(centre, chairman, blind_rep_institution):
    certify(centre, chairman, blind_rep_institution)
    expire_health_certificates(blind_rep_institution)
    with pytest.raises(ValidationError) as error:
        services.yearly_review_record(
            actor=centre, institution=blind_rep_institution, year=2026, on=TODAY, passed=True
        )
    assert "passed" in error.value.message_dict
    assert not YearlyReview.objects.exists()


def test_a_pass_with_a_written_exception_is_recorded_with_it(
    centre, chairman, blind_rep_institution
):
    certify(centre, chairman, blind_rep_institution)
    expire_health_certificates(blind_rep_institution)
    review = services.yearly_review_record(
        actor=centre,
        institution=blind_rep_institution,
        year=2026,
        on=TODAY,
        passed=True,
        exception_reason="健康证已于体检中心复检，新证三日内发放",
    )
    assert review.passed and review.exception_reason.startswith("健康证")
    assert not all(c["passed"] for c in review.checklist)


def test_years_outside_certification_to_today_are_refused(centre, chairman, blind_rep_institution):
    certify(centre, chairman, blind_rep_institution)
    for year in (2025, 2027, 2031):
        with pytest.raises(ValidationError) as error:
            services.yearly_review_record(
                actor=centre, institution=blind_rep_institution, year=year, on=TODAY, passed=True
            )
        assert "year" in error.value.message_dict
    assert not YearlyReview.objects.exists()


def test_a_failed_review_reads_not_passed_in_the_history(
    client_for, centre, chairman, blind_rep_institution
):
    certify(centre, chairman, blind_rep_institution)
    services.yearly_review_record(
        actor=centre,
        institution=blind_rep_institution,
        year=2026,
        on=TODAY,
        passed=False,
        findings="健康证过期",
    )
    url = reverse("massage_licensing:institution", args=[blind_rep_institution.pk])
    body = client_for(centre).get(url).content.decode()
    table = body.split('id="review-table"')[1].split("</table>")[0]
    assert "不合格" in table and "失败" not in table


def test_the_review_page_shows_the_checklist_and_the_record_keeps_it(
    client_for, centre, chairman, blind_rep_institution
):
    certify(centre, chairman, blind_rep_institution)
    expire_health_certificates(blind_rep_institution)
    client = client_for(centre)
    url = reverse("massage_licensing:review_new", args=[blind_rep_institution.pk])
    form_page = client.get(url).content.decode()
    assert "健康证已于 2026-01-01 过期" in form_page
    refused = client.post(url, {"year": "2026", "passed": "1"})
    assert refused.status_code == 400
    assert "不符合" in refused.content.decode()
    client.post(url, {"year": "2026", "passed": "1", "exception_reason": "新证三日内发放"})
    review = YearlyReview.objects.get()
    detail = client.get(reverse("massage_licensing:review", args=[review.pk])).content.decode()
    assert "新证三日内发放" in detail and "健康证已于 2026-01-01 过期" in detail
    page = client.get(
        reverse("massage_licensing:institution", args=[blind_rep_institution.pk])
    ).content.decode()
    assert "新证三日内发放" in page
    assert Institution.objects.get().status == "certified"
