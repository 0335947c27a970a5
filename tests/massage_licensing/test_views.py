"""Every page: success, bad input (clear error, nothing saved), another district (404), the
wrong role (403); list pages with their query counts pinned."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cdpf.models import AuditEntry, GeneratedDocument
from massage_licensing import services
from massage_licensing.models import (
    Institution,
    InstitutionChange,
    Practitioner,
    QualificationApplication,
)
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
from tests.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def form_data(**extra):
    data = {k: v for k, v in institution_data().items() if v not in (False, "")}
    data = {k: ("on" if v is True else str(v)) for k, v in data.items()}
    data["credit_code"] = CREDIT_CODE
    data.update(extra)
    return data


def inspected(centre, institution):
    application = services.application_submit(actor=centre, institution=institution, on=TODAY)
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
    return application


# institutions ------------------------------------------------------------------------------


def test_the_centre_registers_an_institution(client_for, centre):
    response = client_for(centre).post(reverse("massage_licensing:institution_new"), form_data())
    institution = Institution.objects.get()
    assert response["Location"] == reverse("massage_licensing:institution", args=[institution.pk])
    assert AuditEntry.objects.filter(object_type="massage_licensing.institution").exists()


def test_a_name_without_the_required_words_is_a_field_error(client_for, centre):
    response = client_for(centre).post(
        reverse("massage_licensing:institution_new"), form_data(name="永年区足疗店")
    )
    assert response.status_code == 400 and response.context["form"].errors["name"]
    assert "盲人保健按摩" in response.content.decode()
    assert not Institution.objects.exists()


def test_a_chairman_cannot_register(client_for, chairman):
    response = client_for(chairman).post(reverse("massage_licensing:institution_new"), form_data())
    assert response.status_code == 403 and not Institution.objects.exists()


def test_the_list_by_status_with_pinned_queries(
    client_for, centre, make_institution, congtai_institution, page_queries
):
    institution = make_institution()
    for seq in range(1, 4):
        staff_member(centre, institution, holder(seq))
    client = client_for(centre)
    client.get(reverse("massage_licensing:index"))  # warm the session and user
    # session, user with its region, roles, the user's regions, count, status counts, page:
    # not per row (the session is written at most once a minute)
    with page_queries(7):
        response = client.get(reverse("massage_licensing:index"))
    body = response.content.decode()
    assert institution.name in body and "丛台区" not in body
    assert response.context["page"][0].staff == 3
    filtered = client.get(reverse("massage_licensing:index"), {"status": "certified"})
    assert institution.name not in filtered.content.decode().split("institution-table")[1]


def test_a_supervisor_reads_but_sees_no_write_buttons(client_for, supervisor, make_institution):
    institution = make_institution()
    response = client_for(supervisor).get(
        reverse("massage_licensing:institution", args=[institution.pk])
    )
    assert response.status_code == 200
    assert reverse("massage_licensing:institution_edit", args=[institution.pk]) not in (
        response.content.decode()
    )


def test_another_districts_institution_is_404(client_for, centre, congtai_institution):
    client = client_for(centre)
    for name in ("institution", "institution_edit", "practitioner_new", "review_new"):
        url = reverse(f"massage_licensing:{name}", args=[congtai_institution.pk])
        assert client.get(url).status_code == 404, name
    url = reverse("massage_licensing:application_submit", args=[congtai_institution.pk])
    assert client.post(url).status_code == 404
    assert not QualificationApplication.objects.exists()


def test_the_detail_shows_the_checklist_and_is_audited(client_for, centre, blind_rep_institution):
    response = client_for(centre).get(
        reverse("massage_licensing:institution", args=[blind_rep_institution.pk])
    )
    body = response.content.decode()
    assert "4/5 = 80%" in body and "≥ 60%" in body
    assert AuditEntry.objects.filter(
        action="view", object_type="massage_licensing.institution"
    ).exists()


def test_changing_the_premises_flags_re_certification(
    client_for, centre, chairman, blind_rep_institution
):
    application = inspected(centre, blind_rep_institution)
    services.application_approve(actor=chairman, application=application, on=TODAY)
    url = reverse("massage_licensing:institution_edit", args=[blind_rep_institution.pk])
    data = form_data(address="永年区新址路1号", representative_is_blind="on")
    data["representative_certificate_number"] = (
        blind_rep_institution.representative_certificate_number
    )
    del data["credit_code"]
    response = client_for(centre).post(url, data, follow=True)
    assert "经营场所变更须重新认定" in response.content.decode()
    blind_rep_institution.refresh_from_db()
    assert blind_rep_institution.status == "recertification"
    assert blind_rep_institution.current_certificate.status == "recertify"


def test_a_change_with_bad_input_saves_nothing(client_for, centre, make_institution):
    institution = make_institution()
    url = reverse("massage_licensing:institution_edit", args=[institution.pk])
    data = form_data(beds="-1")
    del data["credit_code"]
    response = client_for(centre).post(url, data)
    assert response.status_code == 400 and response.context["form"].errors["beds"]
    assert not InstitutionChange.objects.exists()


# practitioners -----------------------------------------------------------------------------


def practitioner_post(number, certificate="", **extra):
    data = {
        "name": "赵明",
        "id_number": number,
        "disability_certificate_number": certificate,
        "qualification_number": "BJAM-1",
        "health_certificate_number": "JKZ-1",
        "health_certificate_expiry": "2027-06-30",
        "labour_contract": "on",
        "social_insurance": "on",
        "joined_on": "2026-01-05",
    }
    data.update(extra)
    return data


def test_add_a_practitioner_and_refuse_a_second_institution(client_for, centre, make_institution):
    first = make_institution()
    second = make_institution(credit_code=OTHER_CODE, name="永年区第二盲人保健按摩店")
    certificate = holder(1)
    client = client_for(centre)
    ok = client.post(
        reverse("massage_licensing:practitioner_new", args=[first.pk]),
        practitioner_post(certificate.person.id_number, certificate.number),
    )
    assert ok.status_code == 302
    refused = client.post(
        reverse("massage_licensing:practitioner_new", args=[second.pk]),
        practitioner_post(certificate.person.id_number, certificate.number),
    )
    assert refused.status_code == 400
    assert "一人同一时间只能在一个机构执业" in refused.content.decode()
    assert first.name in refused.content.decode()
    assert Practitioner.objects.count() == 1


def test_a_bad_id_number_is_a_field_error(client_for, centre, make_institution):
    institution = make_institution()
    response = client_for(centre).post(
        reverse("massage_licensing:practitioner_new", args=[institution.pk]),
        practitioner_post("130408198001010010"),
    )
    assert response.status_code == 400 and response.context["form"].errors["id_number"]
    assert not Practitioner.objects.exists()


def test_the_practitioner_list_by_institution(
    client_for, centre, make_institution, page_queries
):
    first = make_institution()
    second = make_institution(credit_code=OTHER_CODE, name="永年区第二盲人保健按摩店")
    for seq in range(1, 4):
        staff_member(centre, first, holder(seq))
    staff_member(centre, second, seq=9)
    client = client_for(centre)
    client.get(reverse("massage_licensing:practitioners"))
    with page_queries(8):
        response = client.get(reverse("massage_licensing:practitioners"))
    assert len(response.context["rows"]) == 4
    body = response.content.decode()
    assert practitioner_id_number(1) not in body and "130408********" in body  # masked in lists
    only = client.get(reverse("massage_licensing:practitioners"), {"institution": second.pk})
    assert [p.name for p, *_ in only.context["rows"]] == ["健全按摩师9"]


def test_the_practitioner_page_shows_the_whole_id_to_the_centre_only(
    client_for, centre, supervisor, make_institution
):
    person = staff_member(centre, make_institution(), holder(1))
    url = reverse("massage_licensing:practitioner", args=[person.pk])
    assert person.id_number in client_for(centre).get(url).content.decode()
    assert person.id_number not in client_for(supervisor).get(url).content.decode()
    assert (
        AuditEntry.objects.filter(
            action="view", object_type="massage_licensing.practitioner"
        ).count()
        == 2
    )


def test_another_districts_practitioner_is_404(
    client_for, centre, outsider_centre, congtai_institution
):
    person = staff_member(outsider_centre, congtai_institution, seq=3)
    client = client_for(centre)
    assert (
        client.get(reverse("massage_licensing:practitioner", args=[person.pk])).status_code == 404
    )
    assert (
        client.get(reverse("massage_licensing:practitioner_edit", args=[person.pk])).status_code
        == 404
    )
    leave = client.post(
        reverse("massage_licensing:practitioner_leave", args=[person.pk]), {"left_on": "2026-11-01"}
    )
    assert leave.status_code == 404
    person.refresh_from_db()
    assert person.is_current


def test_update_and_leave(client_for, centre, make_institution):
    person = staff_member(centre, make_institution(), seq=3)
    client = client_for(centre)
    data = practitioner_post(person.id_number, violations="2026-10-01 无证上岗")
    bad = client.post(
        reverse("massage_licensing:practitioner_edit", args=[person.pk]),
        {**data, "health_certificate_expiry": "not a date"},
    )
    assert bad.status_code == 400
    client.post(reverse("massage_licensing:practitioner_edit", args=[person.pk]), data)
    person.refresh_from_db()
    assert person.violations == "2026-10-01 无证上岗"
    client.post(
        reverse("massage_licensing:practitioner_leave", args=[person.pk]), {"left_on": "2026-11-01"}
    )
    person.refresh_from_db()
    assert not person.is_current and person.left_on == datetime.date(2026, 11, 1)


# applications ------------------------------------------------------------------------------


def test_the_whole_flow_through_the_pages(
    client_for, centre, chairman, blind_rep_institution, tmp_path, settings
):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    client = client_for(centre)
    response = client.post(
        reverse("massage_licensing:application_submit", args=[blind_rep_institution.pk])
    )
    application = QualificationApplication.objects.get()
    assert response["Location"] == reverse("massage_licensing:application", args=[application.pk])
    client.post(reverse("massage_licensing:step", args=[application.pk, "check"]))
    page = client.get(reverse("massage_licensing:application", args=[application.pk]))
    assert "4/5 = 80%" in page.content.decode()
    url = reverse("massage_licensing:inspection_new", args=[application.pk])
    bad = client.post(url, {"inspected_on": "2026-11-02", "inspectors": "", "findings": ""})
    assert bad.status_code == 400 and bad.context["form"].errors["findings"]
    png = tiny_png()
    client.post(
        url,
        {
            "inspected_on": "2026-11-02",
            "inspectors": "王工",
            "findings": "与申报一致",
            "area_confirmed": "on",
            "facilities_confirmed": "on",
            "staff_confirmed": "on",
            "passed": "on",
            "photos": [SimpleUploadedFile("door.png", png)],
        },
    )
    application.refresh_from_db()
    assert application.state == "inspected"
    photo = application.inspection.photos.get()
    assert same_picture(
        client.get(reverse("massage_licensing:photo", args=[photo.pk])).content, png
    )
    # the centre cannot approve; the chairman can
    client.post(reverse("massage_licensing:step", args=[application.pk, "approve"]))
    application.refresh_from_db()
    assert application.state == "inspected"
    chair = client_for(chairman)
    chair.post(reverse("massage_licensing:step", args=[application.pk, "approve"]))
    application.refresh_from_db()
    assert application.state == "approved"
    pdf = chair.get(reverse("massage_licensing:certificate_pdf", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for expected in (
        "盲人保健按摩机构资格认定证书",
        "永残盲按认〔2026〕第0001号",
        "永年区光明盲人保健按摩中心",
        "张光明",
        "4/5 = 80%",
        "永年区残疾人联合会",
    ):
        assert expected in text, expected
    assert GeneratedDocument.objects.filter(kind="massage_certificate").count() == 1


def test_the_wrong_role_step_is_403(client_for, centre, blind_rep_institution):
    application = inspected(centre, blind_rep_institution)
    response = client_for(centre).post(
        reverse("massage_licensing:step", args=[application.pk, "approve"])
    )
    assert response.status_code == 403


def test_a_rejection_with_its_notice(client_for, centre, chairman, make_institution):
    institution = make_institution(area_m2="20")
    application = services.application_submit(actor=centre, institution=institution, on=TODAY)
    services.application_check(actor=centre, application=application, on=TODAY)
    chair = client_for(chairman)
    empty = chair.post(
        reverse("massage_licensing:step", args=[application.pk, "reject"]),
        {"reason": ""},
        follow=True,
    )
    application.refresh_from_db()
    assert application.state == "checked" and empty.status_code == 200
    chair.post(
        reverse("massage_licensing:step", args=[application.pk, "reject"]),
        {"reason": "营业面积不足30平方米"},
    )
    application.refresh_from_db()
    assert application.state == "rejected"
    pdf = chair.get(reverse("massage_licensing:rejection_pdf", args=[application.pk]))
    text = pdf_text(pdf.content)
    assert "不予认定通知书" in text and "营业面积不足30平方米" in text and "20 平方米" in text


def test_another_districts_application_is_404(
    client_for, centre, outsider_centre, congtai_institution
):
    application = services.application_submit(
        actor=outsider_centre, institution=congtai_institution, on=TODAY
    )
    client = client_for(centre)
    for name in ("application", "inspection_new", "certificate_pdf", "rejection_pdf"):
        url = reverse(f"massage_licensing:{name}", args=[application.pk])
        assert client.get(url).status_code == 404, name
    step = client.post(reverse("massage_licensing:step", args=[application.pk, "check"]))
    assert step.status_code == 404


def test_a_flagged_certificate_cannot_be_printed(
    client_for, centre, chairman, blind_rep_institution
):
    application = inspected(centre, blind_rep_institution)
    services.application_approve(actor=chairman, application=application, on=TODAY)
    services.institution_change(
        actor=centre, institution=blind_rep_institution, on=TODAY, person_in_charge="王五"
    )
    response = client_for(centre).get(
        reverse("massage_licensing:certificate_pdf", args=[application.pk])
    )
    assert response.status_code == 302
    assert not GeneratedDocument.objects.filter(kind="massage_certificate").exists()


# reviews and revocation --------------------------------------------------------------------


def test_reviews_due_and_a_failed_review(
    client_for, centre, chairman, blind_rep_institution, page_queries
):
    application = inspected(centre, blind_rep_institution)
    services.application_approve(actor=chairman, application=application, on=TODAY)
    Institution.objects.update(next_review_due=TODAY + datetime.timedelta(days=10))
    client = client_for(centre)
    client.get(reverse("massage_licensing:reviews_due"))
    with page_queries(9):
        response = client.get(reverse("massage_licensing:reviews_due"))
    assert blind_rep_institution.name in response.content.decode()
    url = reverse("massage_licensing:review_new", args=[blind_rep_institution.pk])
    bad = client.post(url, {"year": "2026", "passed": "0", "findings": ""})
    assert bad.status_code == 400 and bad.context["form"].errors["findings"]
    client.post(url, {"year": "2026", "passed": "0", "findings": "健康证过期"})
    blind_rep_institution.refresh_from_db()
    assert blind_rep_institution.rectify_by == datetime.date(2026, 11, 30)


def test_revocation_by_the_chairman(client_for, centre, chairman, blind_rep_institution):
    application = inspected(centre, blind_rep_institution)
    services.application_approve(actor=chairman, application=application, on=TODAY)
    url = reverse("massage_licensing:revoke", args=[blind_rep_institution.pk])
    assert client_for(centre).get(url).status_code == 403
    chair = client_for(chairman)
    bad = chair.post(url, {"reason": ""})
    assert bad.status_code == 400
    chair.post(url, {"reason": "年审不合格且逾期未整改"})
    blind_rep_institution.refresh_from_db()
    assert blind_rep_institution.status == "revoked"


def test_another_districts_revocation_is_404(client_for, chairman, congtai_institution):
    url = reverse("massage_licensing:revoke", args=[congtai_institution.pk])
    assert client_for(chairman).post(url, {"reason": "x"}).status_code == 404


def test_leaving_without_a_date_changes_nothing(client_for, centre, make_institution):
    person = staff_member(centre, make_institution(), seq=3)
    response = client_for(centre).post(
        reverse("massage_licensing:practitioner_leave", args=[person.pk]),
        {"left_on": ""},
        follow=True,
    )
    assert "请填写离职日期" in response.content.decode()
    person.refresh_from_db()
    assert person.is_current


def test_a_second_open_application_is_refused_on_the_page(
    client_for, centre, blind_rep_institution
):
    client = client_for(centre)
    url = reverse("massage_licensing:application_submit", args=[blind_rep_institution.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "已有一份正在办理的申请" in response.content.decode()
    assert QualificationApplication.objects.count() == 1


def test_the_due_list_shows_only_the_users_region(
    client_for, centre, chairman, outsider_centre, blind_rep_institution, congtai_institution
):
    for institution in (blind_rep_institution, congtai_institution):
        Institution.objects.filter(pk=institution.pk).update(
            status="certified", next_review_due=TODAY
        )
    body = client_for(centre).get(reverse("massage_licensing:reviews_due")).content.decode()
    assert blind_rep_institution.name in body and congtai_institution.name not in body


def test_a_leaving_date_in_the_future_is_refused(client_for, centre, make_institution):
    """Recorded ahead, the person would be free to join another institution while still here."""
    person = staff_member(centre, make_institution(), seq=3)

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(centre).post(
        reverse("massage_licensing:practitioner_leave", args=[person.pk]),
        {"left_on": tomorrow.isoformat()},
        follow=True,
    )
    assert "未来" in response.content.decode()
    person.refresh_from_db()
    assert person.is_current and person.left_on is None
