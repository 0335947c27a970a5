"""Browser walks of issue 12: a transfer within the system (永年区 → 丛台区) by its 迁移证明
number, a transfer from outside (scan, chairman's review), and correcting then withdrawing an
application; axe-core on each page."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from cdpf.models import Region
from certificates import services
from certificates.attachments import attachment_store
from certificates.models import Application, Certificate, Doctor, Hospital
from tests.browser.helpers import check_accessibility, follow, sign_in, sign_out
from tests.factories import ADULT_ID, id_number, make_user, store_photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DAY = datetime.date(2026, 11, 2)


def _holder(region_code="130408"):
    region = Region.objects.get(code=region_code)
    office = make_user("yn_office", region_code, roles.OFFICE)
    chair = make_user("yn_chair", region_code, roles.CHAIRMAN)
    room = make_user("yn_cert", region_code, roles.CERTIFICATE_ROOM)
    doctor = Doctor.objects.create(
        hospital=Hospital.objects.create(region=region, name="永年区第一医院"), name="赵明"
    )
    person = services.person_register(actor=office, region=region, id_number=ADULT_ID,
                                      name="王喆", community="东街村", address="东街村1号",
                                      today=DAY)  # fmt: skip
    store_photo(person, office)
    app = services.application_new(actor=office, person=person, materials=[],
                                   requested_category=4, on=DAY)  # fmt: skip
    services.assessment_record(actor=office, application=app, mode="hospital", doctor=doctor,
                               parts=[(4, 4)], assessed_on=DAY)  # fmt: skip
    services.notice_publish(actor=office, region=region, community="东街村", applications=[app],
                            starts_on=DAY)  # fmt: skip
    app.refresh_from_db()
    services.notice_end(actor=office, application=app, on=datetime.date(2026, 11, 10))
    services.application_approve(actor=chair, application=app, on=datetime.date(2026, 11, 11))
    app.refresh_from_db()
    services.certificate_print(actor=room, application=app)
    services.certificate_hand_over(actor=room, application=app, received_by="王喆",
                                   receiver_id_number=ADULT_ID, id_checked=True,
                                   on=datetime.date(2026, 11, 12))  # fmt: skip
    return app.certificate


def test_a_transfer_within_the_system_continues_the_transfer_out(live_server, page):
    certificate = _holder()
    make_user("ct_office", "130403", roles.OFFICE)

    sign_in(page, live_server, "yn_office")
    page.goto(live_server.url + reverse("certificates:person", args=[certificate.person_id]))
    page.get_by_label(re.compile("^业务类型")).select_option("transfer_out")
    page.get_by_label(re.compile("^迁往（迁出）")).fill("邯郸市丛台区残疾人联合会")
    follow(page.get_by_role("button", name="受理"))
    check_accessibility(page, "transfer-out-received")
    follow(page.get_by_role("button", name="批准迁出"))
    expect(page.locator("#app-state")).to_contain_text("已迁出")
    number = page.locator("#transfer-number").inner_text().strip()
    check_accessibility(page, "transfer-out-done")
    sign_out(page)

    sign_in(page, live_server, "ct_office")
    page.goto(live_server.url + reverse("certificates:transfer_in"))
    page.get_by_label(re.compile("^迁移证明编号")).fill("1304082026QY99999")
    page.get_by_label(re.compile("^村（社区）")).fill("光明社区")
    page.get_by_label(re.compile("^住址")).fill("丛台区光明路1号")
    follow(page.get_by_role("button", name="受理申请"))
    expect(page.locator("#form-errors")).to_be_visible()
    check_accessibility(page, "transfer-in-bad-number")
    page.get_by_label(re.compile("^迁移证明编号")).fill(number)
    follow(page.get_by_role("button", name="受理申请"))
    check_accessibility(page, "transfer-in-received")
    follow(page.get_by_role("button", name="批准迁入"))
    new = Certificate.objects.get(status="valid")
    assert new.region.code == "130403" and (new.number, new.grade) == (certificate.number, 4)
    assert new.expiry_date == certificate.expiry_date


def test_a_transfer_from_outside_needs_the_scan_and_the_chairman(live_server, page):
    make_user("yn_office", "130408", roles.OFFICE)
    make_user("yn_chair", "130408", roles.CHAIRMAN)
    outside = id_number("19700101", "221", region="110105")

    sign_in(page, live_server, "yn_office")
    page.goto(live_server.url + reverse("certificates:transfer_in_outside"))
    page.get_by_label(re.compile("^身份证号")).fill(outside)
    page.get_by_label(re.compile("^姓名")).fill("孙悟")
    page.get_by_label(re.compile("^村（社区）")).fill("东街村")
    page.get_by_label(re.compile("^住址")).fill("东街村9号")
    page.get_by_label(re.compile("^迁入的残疾人证号")).fill(outside + "42")
    page.get_by_label(re.compile("^迁出地")).fill("北京市朝阳区残疾人联合会")
    follow(page.get_by_role("button", name="受理申请"))
    check_accessibility(page, "outside-received")
    app = Application.objects.get(kind="transfer_in")
    expect(page.get_by_role("button", name="批准迁入")).to_have_count(0)
    follow(page.get_by_role("button", name="报理事长审核（迁移证明已扫描）"))
    expect(page.locator(".alert").first).to_contain_text("迁移证明扫描件")

    attachment_store(actor=app.received_by, person=app.person, application=app, kind="transfer",
                     upload=SimpleUploadedFile("qy.pdf", b"%PDF-1.4\n%%EOF\n",
                                               content_type="application/pdf"))  # fmt: skip
    page.reload()
    follow(page.get_by_role("button", name="报理事长审核（迁移证明已扫描）"))
    sign_out(page)
    sign_in(page, live_server, "yn_chair")
    page.goto(live_server.url + reverse("certificates:application", args=[app.pk]))
    follow(page.get_by_role("button", name="批准迁入"))
    check_accessibility(page, "outside-approved")
    assert Certificate.objects.get(status="valid").number == outside + "42"


def test_an_application_is_corrected_then_withdrawn(live_server, page):
    office = make_user("yn_office", "130408", roles.OFFICE)
    person = services.person_register(actor=office, region=Region.objects.get(code="130408"),
                                      id_number=ADULT_ID, name="王喆", community="东街村",
                                      address="东街村1号", today=DAY)  # fmt: skip
    app = services.application_new(actor=office, person=person, materials=[],
                                   requested_category=4, on=DAY)  # fmt: skip
    sign_in(page, live_server, "yn_office")
    page.goto(live_server.url + reverse("certificates:index") + "?q=王喆")
    expect(page.locator("#applying-table")).to_contain_text("申请中")
    check_accessibility(page, "search-applying")
    page.goto(live_server.url + reverse("certificates:application", args=[app.pk]))
    follow(page.get_by_role("link", name="更正申请"))
    page.get_by_label(re.compile("^监护人身份证号")).fill(id_number("20150101", "051"))
    page.get_by_label(re.compile("^监护人姓名")).fill("王某")
    page.get_by_label(re.compile("^更正原因")).fill("补充监护人")
    follow(page.get_by_role("button", name="保存更正"))
    expect(page.locator("#form-errors")).to_be_visible()
    check_accessibility(page, "correction-bad-guardian")
    page.get_by_label(re.compile("^监护人身份证号")).fill(id_number("19600101", "099"))
    follow(page.get_by_role("button", name="保存更正"))
    expect(page.locator("#history")).to_contain_text("更正")
    page.locator("form[action$='/withdraw/'] textarea").fill("本人申请撤回")
    follow(page.get_by_role("button", name="应申请人要求撤回"))
    expect(page.locator("#app-state")).to_contain_text("已撤回")
    check_accessibility(page, "withdrawn")
