"""新办 from application to handover, and 挂失补办, as the office, the chairman and the
certificate room would do them; axe-core checks every page visited."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from cdpf.models import Region
from certificates import services
from certificates.models import Application, Certificate, Doctor, Hospital
from tests.browser.helpers import check_accessibility, follow, print_through_job, sign_in, sign_out
from tests.factories import ADULT_ID, PASSWORD, make_user, store_photo
from tests.pdf_utils import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_new_issue_from_application_to_handover(live_server, page):
    make_user("yn_office", "130408", roles.OFFICE)
    make_user("yn_chair", "130408", roles.CHAIRMAN)
    make_user("yn_cert", "130408", roles.CERTIFICATE_ROOM)
    hospital = Hospital.objects.create(
        region=Region.objects.get(code="130408"), name="永年区第一医院"
    )
    Doctor.objects.create(hospital=hospital, name="赵明", categories="4")

    # The office receives the application.
    sign_in(page, live_server, "yn_office")
    follow(page.get_by_role("link", name="残疾人证").first)
    check_accessibility(page, "cert-search")
    follow(page.get_by_role("link", name="新办申请"))
    page.get_by_label(re.compile("^身份证号")).fill("130408198503150017")  # wrong check digit
    page.get_by_label(re.compile("^姓名")).fill("王喆")
    page.get_by_label(re.compile("^村（社区）")).fill("城关镇东街村")
    page.get_by_label(re.compile("^住址")).fill("永年区城关镇东街村1号")
    page.get_by_label(re.compile("^申请残疾类别")).select_option("4")
    for material in ("居民身份证", "户口簿", "两寸照片", "申请表"):
        page.get_by_label(re.compile(material)).check()
    follow(page.get_by_role("button", name="受理申请"))
    expect(page.locator("#id_id_number_error")).to_contain_text("校验码")
    check_accessibility(page, "cert-apply-error")
    page.get_by_label(re.compile("^身份证号")).fill("130408198503150018")
    for material in ("居民身份证", "户口簿", "两寸照片", "申请表"):
        page.get_by_label(re.compile(material)).check()
    follow(page.get_by_role("button", name="受理申请"))
    page.wait_for_url("**/applications/*/")
    check_accessibility(page, "cert-application-received")

    # Assessment by the designated hospital.
    follow(page.get_by_role("link", name="录入评定结果"))
    page.get_by_label(re.compile("^评残医生")).select_option(label="赵明（永年区第一医院）")
    page.get_by_label(re.compile("^残疾一：类别")).select_option("4")
    page.get_by_label(re.compile("^残疾一：等级")).select_option("2")
    check_accessibility(page, "cert-assessment")
    follow(page.get_by_role("button", name="保存评定结果"))
    page.wait_for_url("**/applications/*/")

    # Public notice, from today.
    follow(page.get_by_role("link", name="发布公示"))
    page.get_by_label(re.compile("王喆")).check()
    page.get_by_label(re.compile("^村（社区）")).fill("城关镇东街村")
    check_accessibility(page, "cert-notice-form")
    follow(page.get_by_role("button", name="发布"))
    page.wait_for_url("**/notices/*/")
    check_accessibility(page, "cert-notice")
    assert "王喆" in pdf_text(print_through_job(page, live_server, "打印公示名单（PDF）"))
    follow(page.get_by_role("link", name="返回打印前的页面"))
    page.wait_for_url("**/notices/*/")
    # Five working days later the notice has run its course.
    Application.objects.filter(kind="new").update(notice_ends_on=datetime.date(2026, 11, 1))
    follow(page.get_by_role("link", name="王喆"))
    follow(page.get_by_role("button", name="结束公示并提交审核"))
    expect(page.locator("#app-state")).to_contain_text("待审核")
    sign_out(page)

    # The chairman approves.
    sign_in(page, live_server, "yn_chair")
    check_accessibility(page, "chair-home")
    follow(page.get_by_role("link", name=re.compile("等待您审核")))
    check_accessibility(page, "chair-queue")
    follow(page.get_by_role("link", name="王喆"))
    follow(page.get_by_role("button", name="批准并发证"))
    expect(page.locator("#certificate-number")).to_have_text("13040819850315001842")
    check_accessibility(page, "chair-approved")
    sign_out(page)

    # The certificate room prints (the holder's photo is on file) and hands over.

    store_photo(Certificate.objects.get().person, Certificate.objects.get().person.applications
                .get().received_by)  # fmt: skip
    sign_in(page, live_server, "yn_cert")
    follow(page.get_by_role("link", name=re.compile("等待制证")))
    follow(page.get_by_role("link", name="王喆"))
    card = page.context.request.get(
        live_server.url
        + page.get_by_role("link", name="打印残疾人证数据页（PDF）").get_attribute("href")
    )
    assert card.body()[:5] == b"%PDF-"
    follow(page.get_by_role("button", name="标记为已制证"))
    follow(page.get_by_role("link", name="登记发放"))
    page.get_by_label(re.compile("^领取人身份证号")).fill("130408198503150018")
    page.get_by_label("我已核验领取人身份证件").check()
    check_accessibility(page, "cert-handover")
    follow(page.get_by_role("button", name="登记发放"))
    expect(page.locator("#app-state")).to_contain_text("已发放")
    sign_out(page)

    certificate = Certificate.objects.by_number("13040819850315001842").get()
    assert certificate.print_status == "handed_over"
    assert Application.objects.get(kind="new").state == "closed"


def test_loss_replacement_issues_the_b1_number(live_server, page):
    """The holder reports the card lost: the office receives and approves the B1 card."""

    office = make_user("yn_office", "130408", roles.OFFICE)
    chair = make_user("yn_chair", "130408", roles.CHAIRMAN)

    region = Region.objects.get(code="130408")
    hospital = Hospital.objects.create(region=region, name="永年区第一医院")
    doctor = Doctor.objects.create(hospital=hospital, name="赵明", categories="4")
    today = datetime.date(2026, 11, 2)
    person = services.person_register(
        actor=office,
        region=region,
        id_number=ADULT_ID,
        name="王喆",
        community="东街村",
        address="东街村1号",
        today=today,
    )
    app = services.application_new(
        actor=office, person=person, materials=[], requested_category=4, on=today
    )
    services.assessment_record(
        actor=office,
        application=app,
        mode="hospital",
        doctor=doctor,
        parts=[(4, 2)],
        assessed_on=today,
    )
    services.notice_publish(
        actor=office, region=region, community="东街村", applications=[app], starts_on=today
    )
    app.refresh_from_db()
    services.notice_end(actor=office, application=app, on=datetime.date(2026, 11, 10))
    services.application_approve(actor=chair, application=app, on=datetime.date(2026, 11, 11))
    room = make_user("yn_cert", "130408", roles.CERTIFICATE_ROOM)
    app.refresh_from_db()

    store_photo(person, office)
    services.certificate_print(actor=room, application=app)
    services.certificate_hand_over(
        actor=room,
        application=app,
        received_by="王喆",
        receiver_id_number=app.person.id_number,
        id_checked=True,
        on=datetime.date(2026, 11, 12),
    )

    sign_in(page, live_server, "yn_office")
    page.goto(live_server.url + reverse("certificates:index") + "?q=王喆")
    check_accessibility(page, "loss-search")
    follow(page.get_by_role("link", name="王喆"))
    check_accessibility(page, "loss-person")
    page.get_by_label("业务类型").select_option("loss")
    follow(page.get_by_role("button", name="受理", exact=True))
    check_accessibility(page, "loss-received")
    follow(page.get_by_role("button", name="批准并发证"))
    expect(page.locator("#certificate-number")).to_have_text("13040819850315001842B1")
    check_accessibility(page, "loss-approved")
    old = Certificate.objects.by_number("13040819850315001842").get()
    assert old.status == "lost"
    assert Application.objects.get(kind="loss").certificate.status == "valid"
    sign_out(page)

    # The certificate room prints the B1 card and hands it over.
    sign_in(page, live_server, "yn_cert")
    follow(page.get_by_role("link", name=re.compile("等待制证")))
    check_accessibility(page, "loss-print-queue")
    follow(page.get_by_role("link", name="王喆"))
    card = page.context.request.get(
        live_server.url
        + page.get_by_role("link", name="打印残疾人证数据页（PDF）").get_attribute("href")
    )
    assert card.body()[:5] == b"%PDF-"
    text = pdf_text(card.body())
    assert "13040819850315001842B1" in text and "王喆" in text
    follow(page.get_by_role("button", name="标记为已制证"))
    follow(page.get_by_role("link", name="登记发放"))
    page.get_by_label(re.compile("^领取人身份证号")).fill(ADULT_ID)
    page.get_by_label("我已核验领取人身份证件").check()
    follow(page.get_by_role("button", name="登记发放"))
    expect(page.locator("#app-state")).to_contain_text("已发放")
    check_accessibility(page, "loss-handed-over")
    replacement = Certificate.objects.by_number("13040819850315001842B1").get()
    assert replacement.print_status == "handed_over"
    assert Application.objects.get(kind="loss").state == "closed"


def test_each_signer_signs_a_direct_assessment_from_the_home_page(live_server, page):
    """A direct assessment names three signers; each signs with their own password."""

    region = Region.objects.get(code="130408")
    office = make_user("yn_office", "130408", roles.OFFICE)
    chair = make_user("yn_chair", "130408", roles.CHAIRMAN)
    second = make_user("yn_office2", "130408", roles.OFFICE)
    third = make_user("yn_super", "130408", roles.SUPERVISOR)
    today = datetime.date(2026, 11, 2)
    person = services.person_register(
        actor=office, region=region, id_number=ADULT_ID, name="王喆",
        community="东街村", address="东街村1号", today=today,
    )  # fmt: skip
    app = services.application_new(
        actor=office, person=person, materials=[], requested_category=4, on=today
    )
    services.assessment_record(
        actor=office, application=app, mode="direct", parts=[(4, 2)], assessed_on=today,
        signers=[chair, second, third],
    )  # fmt: skip

    for username in ("yn_super", "yn_office2", "yn_chair"):
        sign_in(page, live_server, username)
        follow(page.get_by_role("link", name=re.compile("请为王喆的直接评定签字")))
        check_accessibility(page, f"sign-{username}")
        page.get_by_label(re.compile("^您的密码")).fill("not-my-password")
        follow(page.get_by_role("button", name="签字", exact=True))
        expect(page.locator("#id_password_error")).to_contain_text("密码不正确")
        check_accessibility(page, f"sign-error-{username}")
        page.get_by_label(re.compile("^您的密码")).fill(PASSWORD)
        follow(page.get_by_role("button", name="签字", exact=True))
        sign_out(page)

    app.refresh_from_db()
    assert app.assessment.complete
    assert app.assessment.signatures.count() == 3
