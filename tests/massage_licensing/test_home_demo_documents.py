"""What waits on the home page, the demo records, photo access and the printed documents."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cdpf import roles
from cdpf.home import home_sections
from cdpf.models import AuditEntry, GeneratedDocument
from massage_licensing import services
from massage_licensing.models import Institution, QualificationCertificate
from massage_licensing.pdf import qualification_certificate, rejection_notice
from tests.factories import OTHER_CODE, TODAY, inspected, institution_data, make_user
from tests.image_utils import tiny_png
from tests.pdf_utils import embedded_fonts, pdf_text

pytestmark = pytest.mark.django_db


def items(user, role):
    for section in home_sections(user):
        if section.role == role:
            return [text for text, _ in section.items]
    return []


def test_the_home_page_shows_each_role_its_work(centre, chairman, blind_rep_institution):
    application = services.application_submit(
        actor=centre, institution=blind_rep_institution, on=TODAY
    )
    assert [str(t) for t in items(centre, roles.LABOUR_SERVICE)] == [
        "1 份盲人保健按摩机构认定申请待审核"
    ]
    assert items(chairman, roles.CHAIRMAN) == []
    services.application_check(actor=centre, application=application, on=TODAY)
    inspected_app = application
    services.inspection_record(
        actor=centre,
        application=inspected_app,
        inspected_on=TODAY,
        inspectors="王工",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=True,
        findings="一致",
    )
    assert len(items(chairman, roles.CHAIRMAN)) == 1
    outsider = make_user("ct_chair", "130403", roles.CHAIRMAN)
    assert items(outsider, roles.CHAIRMAN) == []


def test_an_overdue_review_waits_for_the_centre_and_the_supervisor(
    centre, chairman, blind_rep_institution
):
    supervisor = make_user("yn_super", "130408", roles.SUPERVISOR)
    application = inspected(centre, blind_rep_institution)
    services.application_approve(actor=chairman, application=application, on=TODAY)
    assert items(supervisor, roles.SUPERVISOR) == []
    Institution.objects.update(next_review_due=TODAY)
    assert len(items(supervisor, roles.SUPERVISOR)) == 1
    assert len(items(centre, roles.LABOUR_SERVICE)) == 1


def test_the_demo_records_load_twice_without_change(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    bright = Institution.objects.get(name="永年区光明盲人保健按摩中心")
    assert bright.status == "certified" and bright.representative_is_blind
    assert bright.practitioners.count() == 5
    checks = services.evaluate(bright, TODAY)
    share = next(c for c in checks if c.key == "blind_share")
    assert share.actual == "4/5 = 80%" and share.passed
    kangle = Institution.objects.get(name="永年区康乐盲人保健按摩店")
    assert kangle.applications.get().state == "checked"
    assert QualificationCertificate.objects.count() == 1


def test_a_photo_of_another_district_is_404(
    client_for, centre, outsider_centre, congtai, tmp_path, settings
):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    institution = services.institution_register(
        actor=outsider_centre,
        region=congtai,
        credit_code=OTHER_CODE,
        today=TODAY,
        **institution_data(name="丛台区盲人保健按摩院"),
    )
    application = services.application_submit(
        actor=outsider_centre, institution=institution, on=TODAY
    )
    services.application_check(actor=outsider_centre, application=application, on=TODAY)
    inspection = services.inspection_record(
        actor=outsider_centre,
        application=application,
        inspected_on=TODAY,
        inspectors="丛台",
        area_confirmed=False,
        facilities_confirmed=False,
        staff_confirmed=False,
        passed=False,
        findings="面积不足",
        photos=[SimpleUploadedFile("a.png", tiny_png())],
    )
    url = reverse("massage_licensing:photo", args=[inspection.photos.get().pk])
    assert client_for(centre).get(url).status_code == 404
    assert client_for(outsider_centre).get(url).status_code == 200
    assert (
        AuditEntry.objects.filter(
            action="view", object_type="massage_licensing.inspectionphoto"
        ).count()
        == 1
    )


def test_the_certificate_pdf_in_the_official_layout(centre, chairman, blind_rep_institution):
    application = inspected(centre, blind_rep_institution)
    services.application_approve(actor=chairman, application=application, on=TODAY)
    document = qualification_certificate(actor=chairman, application=application)
    content = bytes(document.content)
    text = pdf_text(content)
    for expected in (
        "证书编号：永残盲按认〔2026〕第0001号",
        "盲人保健按摩机构资格认定证书",
        "91350100M000100Y43",
        "永年区临洺关镇建设路8号",
        "张光明（盲人）",
        "李青",
        "30 平方米",
        "4/5 = 80%",
        "须重新申请认定",
        "永年区残疾人联合会（盖章）",
        "2026年11月2日",
    ):
        assert expected in text, expected
    assert embedded_fonts(content) and all(embedded_fonts(content).values())
    assert document.kind == "massage_certificate" and document.region == application.region
    assert AuditEntry.objects.filter(action="print").exists()


def test_the_rejection_notice_lists_the_unmet_requirements(centre, chairman, make_institution):
    institution = make_institution(beds=2, has_toilet=False)
    application = services.application_submit(actor=centre, institution=institution, on=TODAY)
    services.application_check(actor=centre, application=application, on=TODAY)
    services.application_reject(
        actor=chairman, application=application, reason="按摩床不足且无卫生间", on=TODAY
    )
    application.refresh_from_db()
    content = bytes(rejection_notice(actor=centre, application=application).content)
    text = pdf_text(content).replace("\n", "")  # table cells wrap
    for expected in (
        "盲人保健按摩机构资格认定不予认定通知书",
        "永年区光明盲人保健按摩中心",
        "按摩床不足且无卫生间",
        "按摩床数量",
        "2 张",
        "≥ 3 张",
        "设施：卫生间",
        "盲人按摩人员占按摩人员比例",
    ):
        assert expected in text, expected
    assert GeneratedDocument.objects.filter(kind="massage_rejection").count() == 1
