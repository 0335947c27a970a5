"""The 'done when' walk of the blind massage institution qualification: the labour employment
service centre registers an institution with a blind legal representative and five massage
staff (four with valid visual-category certificates), checks the requirements and records the
inspection with a photo; the chairman approves and prints the certificate; the centre changes
the premises and sees the certificate flagged for re-certification. axe-core on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from massage_licensing.models import Institution, QualificationCertificate
from tests.browser.helpers import check_accessibility, follow, sign_in, sign_out
from tests.factories import CREDIT_CODE, holder, make_user, practitioner_id_number
from tests.pdf_utils import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def add_practitioner(page, name, number, certificate=""):
    follow(page.get_by_role("link", name="添加从业人员"))
    page.get_by_label(re.compile("^姓名")).fill(name)
    page.get_by_label(re.compile("^身份证号")).fill(number)
    page.get_by_label(re.compile("^入职日期")).fill("2026-01-05")
    page.get_by_label(re.compile("^残疾人证号")).fill(certificate)
    page.get_by_label(re.compile("^保健按摩资格证书号")).fill("冀盲按资-2024-01")
    page.get_by_label(re.compile("^健康证号")).fill("JKZ-2026-01")
    page.get_by_label(re.compile("^健康证有效期至")).fill("2099-06-30")
    page.get_by_label("已签订劳动合同").check()
    page.get_by_label("已缴纳社会保险").check()
    follow(page.get_by_role("button", name="保存"))
    page.wait_for_url("**/institutions/*/")


def test_an_institution_from_registration_to_certificate_and_re_certification(
    live_server, page, tmp_path, settings
):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    make_user("yn_chair", "130408", roles.CHAIRMAN)
    representative = holder(90, name="张光明")
    blind = [
        holder(seq, name=name) for seq, name in enumerate(["王瑞", "刘芳", "陈建国", "赵丽"], 1)
    ]

    sign_in(page, live_server, "yn_labour")
    follow(page.get_by_role("link", name="盲人保健按摩机构").first)
    check_accessibility(page, "massage-index")
    follow(page.get_by_role("link", name="登记机构"))
    page.get_by_label(re.compile("^统一社会信用代码")).fill(CREDIT_CODE)
    page.get_by_label(re.compile("^机构名称")).fill("永年区光明按摩中心")
    page.get_by_label(re.compile("^经营场所地址")).fill("永年区临洺关镇建设路88号")
    page.get_by_label(re.compile("^法定代表人$|^法定代表人 ")).fill("张光明")
    page.get_by_label("法定代表人为盲人").check()
    page.get_by_label(re.compile("^法定代表人残疾人证号")).fill(representative.number)
    page.get_by_label(re.compile("^负责人")).fill("李青")
    page.get_by_label(re.compile("^营业面积")).fill("80")
    page.get_by_label(re.compile("^按摩间数")).fill("4")
    page.get_by_label(re.compile("^按摩床数")).fill("6")
    page.get_by_label(re.compile("^按摩床最小间距")).fill("0.9")
    for facility in ("消毒设施", "卫生间", "消防器材", "照明通风良好"):
        page.get_by_label(facility, exact=True).check()
    follow(page.get_by_role("button", name="登记", exact=True))
    expect(page.locator("#id_name_error")).to_contain_text("盲人保健按摩")
    check_accessibility(page, "massage-institution-error")
    page.get_by_label(re.compile("^机构名称")).fill("永年区光明盲人保健按摩中心")
    follow(page.get_by_role("button", name="登记", exact=True))
    page.wait_for_url("**/institutions/*/")
    check_accessibility(page, "massage-institution")

    for certificate in blind:
        add_practitioner(
            page, certificate.person.name, certificate.person.id_number, certificate.number
        )
    add_practitioner(page, "孙明", practitioner_id_number(5))
    expect(page.locator("#staff-heading")).to_contain_text("5 人中盲人 4 人")
    check_accessibility(page, "massage-institution-staff")

    follow(page.get_by_role("button", name="申请资格认定"))
    page.wait_for_url("**/applications/*/")
    follow(page.get_by_role("button", name="审核认定条件"))
    expect(page.locator("#all-met")).to_contain_text("全部条件符合")
    share = page.locator("#checklist tr.check-blind_share")
    expect(share).to_contain_text("4/5 = 80%")
    expect(share).to_contain_text("≥ 60%")
    check_accessibility(page, "massage-application-checked")
    follow(page.get_by_role("link", name="录入现场核查"))
    page.get_by_label(re.compile("^核查人员")).fill("王强、刘洋")
    page.get_by_label("营业面积、按摩间和按摩床与申报一致").check()
    page.get_by_label("消毒、卫生间、消防和照明设施与申报一致").check()
    page.get_by_label("按摩人员在岗情况与登记一致").check()
    page.get_by_label(re.compile("^核查情况")).fill("与申报一致，五名按摩人员在岗。")
    page.get_by_label(re.compile("^现场照片")).set_input_files(
        files=[{"name": "door.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_label("核查结论：符合条件").check()
    check_accessibility(page, "massage-inspection-form")
    follow(page.get_by_role("button", name="保存核查记录"))
    page.wait_for_url("**/applications/*/")
    expect(page.locator("#application-state")).to_contain_text("已现场核查")
    application_url = page.url
    sign_out(page)

    sign_in(page, live_server, "yn_chair")
    expect(page.get_by_text("待您审批")).to_have_count(1)  # on the chairman's home page
    page.goto(application_url)
    follow(page.get_by_role("button", name="批准并发证"))
    number = page.locator("#certificate-number").inner_text()
    assert re.fullmatch(r"永残盲按认〔20\d\d〕第0001号", number)
    check_accessibility(page, "massage-application-approved")
    href = page.get_by_role("link", name=re.compile("打印资格认定证书")).get_attribute("href")
    pdf = page.context.request.get(live_server.url + href)
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body())
    assert "盲人保健按摩机构资格认定证书" in text and number in text
    assert "永年区光明盲人保健按摩中心" in text
    sign_out(page)

    sign_in(page, live_server, "yn_labour")
    institution = Institution.objects.get()
    page.goto(live_server.url + reverse("massage_licensing:institution", args=[institution.pk]))
    expect(page.locator("#institution-status")).to_contain_text("已认定")
    follow(page.get_by_role("link", name="变更信息"))
    page.get_by_label(re.compile("^经营场所地址")).fill("永年区临洺关镇新华路16号")
    page.get_by_label(re.compile("^变更说明")).fill("租约到期，迁至新址")
    check_accessibility(page, "massage-change-form")
    follow(page.get_by_role("button", name="保存变更"))
    page.wait_for_url("**/institutions/*/")
    expect(page.locator("#institution-status")).to_contain_text("须重新认定")
    expect(page.locator("#recertification-notice")).to_be_visible()
    expect(page.locator("#certificate-table")).to_contain_text("须重新认定")
    check_accessibility(page, "massage-recertification")
    certificate = QualificationCertificate.objects.get()
    assert certificate.status == "recertify" and certificate.number == number
