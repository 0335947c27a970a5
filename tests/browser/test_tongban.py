"""Issue 20 in the browser: a 新办 received at 丛台区 (ct_office) for a file kept by 永年区,
assessed and published at the residence, approved in 永年区, posted to an address; the
applicant follows it on the public progress site (its own URL conf and middleware) and rates
it. Another district's office opens nothing that is not its step. axe-core on each page."""

import datetime
import re

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from django.test.utils import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles, settings_public
from cdpf.models import Region
from certificates import services as cs
from certificates.models import Application, Doctor, Hospital
from tests.browser.helpers import AXE, check_accessibility, follow, sign_in, sign_out
from tests.factories import PNG, id_number, make_user
from tongban.models import Case, Rating

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PERSON_ID = id_number("19850315", "027")


class PublicHandler(WSGIHandler):
    """The public site's URL conf for every request of this server."""

    def get_response(self, request):
        request.urlconf = "cdpf.urls_public"
        return super().get_response(request)


class PublicServer(LiveServerThread):
    def run(self):
        try:
            with override_settings(MIDDLEWARE=settings_public.MIDDLEWARE):
                handler = StaticFilesHandler(PublicHandler())
            self.httpd = self.server_class(
                (self.host, 0), QuietWSGIRequestHandler, allow_reuse_address=False
            )
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(handler)
            self.is_ready.set()
            self.httpd.serve_forever()
        except Exception as exc:  # pragma: no cover - reported by the test
            self.error = exc
            self.is_ready.set()


@pytest.fixture
def public_server(live_server):
    server = PublicServer("127.0.0.1", None)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    assert server.error is None, server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()


def test_residence_intake_to_posting_and_the_applicants_rating(
    live_server, public_server, page, browser, tmp_path
):
    make_user("ct_office", "130403", roles.OFFICE)
    make_user("yn_office", "130408", roles.OFFICE)
    make_user("yn_chair", "130408", roles.CHAIRMAN)
    room = make_user("yn_cert", "130408", roles.CERTIFICATE_ROOM)
    Doctor.objects.create(
        hospital=Hospital.objects.create(region=Region.objects.get(code="130403"),
                                         name="丛台区中心医院"), name="钱医生",
    )  # fmt: skip
    scan = tmp_path / "permit.png"
    scan.write_bytes(PNG)

    # 丛台区 receives the 新办 of a person whose file goes to 永年区
    sign_in(page, live_server, "ct_office")
    page.goto(live_server.url + reverse("tongban:intake"))
    check_accessibility(page, "tongban-intake")
    page.get_by_label(re.compile("^服务事项")).select_option("new")
    page.get_by_label(re.compile("^身份证号")).first.fill(PERSON_ID)
    page.get_by_label(re.compile("^姓名")).fill("李娜")
    page.get_by_label(re.compile("^档案所在区县")).select_option(
        str(Region.objects.get(code="130408").pk)
    )
    page.get_by_label(re.compile("^户籍地村")).fill("城关镇东街村")
    page.get_by_label(re.compile("^居住地村")).fill("光明街道")
    page.get_by_label(re.compile("^居住地址")).fill("丛台区光明街1号")
    page.get_by_label(re.compile("^联系电话")).first.fill("13800000000")
    page.get_by_label(re.compile("^申请残疾类别")).select_option("4")
    follow(page.get_by_role("button", name="受理申请"))
    expect(page.locator("#form-errors")).to_be_visible()  # materials, permit, delivery missing
    assert not Case.objects.exists()
    check_accessibility(page, "tongban-intake-errors")
    for box in page.locator("input[name=materials]").all():
        box.check()
    page.get_by_label(re.compile("^居住证号码")).fill("冀D居2025-000123")
    page.get_by_label(re.compile("^居住证有效期至")).fill("2027-12-31")
    page.get_by_label(re.compile("^居住证扫描件")).set_input_files(str(scan))
    page.get_by_label(re.compile("^两寸照片（扫描件）")).set_input_files(str(scan))
    page.get_by_label("邮寄到指定地址").check()
    page.get_by_label(re.compile("^收件人$|^收件人 ")).fill("李娜")
    page.get_by_label(re.compile("^邮寄地址")).fill("丛台区光明街1号3单元")
    follow(page.get_by_role("button", name="受理申请"))
    case = Case.objects.get()
    assert case.number in page.locator("h1").inner_text()
    check_accessibility(page, "tongban-case-received")
    app = case.application
    assert app.region.code == "130408"

    # the residence designates the assessment and runs the public notice
    follow(page.get_by_role("link", name="录入评定结果"))
    page.get_by_label(re.compile("^评残医生")).select_option(
        str(Doctor.objects.get(name="钱医生").pk)
    )
    page.get_by_label(re.compile("^残疾一：类别")).select_option("4")
    page.get_by_label(re.compile("^残疾一：等级")).select_option("2")
    follow(page.get_by_role("button", name="保存评定结果"))
    follow(page.get_by_role("button", name="在居住地村（社区）公示"))
    app.refresh_from_db()
    assert app.state == "in_notice"
    Application.objects.filter(pk=app.pk).update(
        notice_ends_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    page.reload()
    follow(page.get_by_role("button", name="结束公示并提交审核"))
    expect(page.locator("#case-state")).to_contain_text("待审核")
    expect(page.locator("#case-owner")).to_contain_text("永年区")
    # nothing of 永年区's register opens for 丛台区
    for name, pk in (("application", app.pk), ("person", app.person_id)):
        response = page.goto(live_server.url + reverse(f"certificates:{name}", args=[pk]))
        assert response.status == 404
    sign_out(page)

    # 永年区's office may not take the residence's steps; its chairman approves
    sign_in(page, live_server, "yn_office")
    assert page.goto(live_server.url + reverse("tongban:assess", args=[case.pk])).status == 404
    sign_out(page)
    sign_in(page, live_server, "yn_chair")
    page.goto(live_server.url + reverse("certificates:queue"))
    follow(page.get_by_role("link", name="李娜"))
    follow(page.get_by_role("button", name="批准并发证"))
    app.refresh_from_db()
    assert app.state == "approved"
    sign_out(page)
    app.refresh_from_db()
    cs.certificate_print(actor=room, application=app)  # the print batch is tested elsewhere

    # 永年区's certificate room posts the card
    sign_in(page, live_server, "yn_cert")
    page.goto(live_server.url + reverse("tongban:case", args=[case.pk]))
    follow(page.get_by_role("link", name="登记邮寄"))
    check_accessibility(page, "tongban-post")
    page.get_by_label(re.compile("^邮件单号")).fill("EMS1234567890")
    follow(page.get_by_role("button", name="登记邮寄"))
    expect(page.locator("#case-delivery")).to_contain_text("EMS1234567890")
    check_accessibility(page, "tongban-case-posted")
    sign_out(page)

    # the applicant follows it on the public site and rates it
    applicant = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})

    applicant.add_init_script(path=str(AXE))
    public = applicant.new_page()
    public.goto(public_server + "/")
    check_accessibility(public, "progress-question")
    public.get_by_label(re.compile("^申请编号")).fill(case.number)
    public.get_by_label(re.compile("^身份证号后6位")).fill("000000")
    follow(public.get_by_role("button", name="查询进度"))
    expect(public.locator("#lookup-refused")).to_be_visible()
    public.get_by_label(re.compile("^身份证号后6位")).fill(PERSON_ID[-6:])
    follow(public.get_by_role("button", name="查询进度"))
    expect(public.locator("#progress-step")).to_contain_text("已发放")
    assert "李娜" not in public.content()
    check_accessibility(public, "progress-result")
    public.get_by_label("不满意", exact=True).check()
    follow(public.get_by_role("button", name="提交评价"))
    expect(public.locator("#form-errors")).to_be_visible()  # a reason is required
    public.get_by_label("不满意", exact=True).check()
    public.get_by_label(re.compile("^原因")).fill("等待时间太长")
    follow(public.get_by_role("button", name="提交评价"))
    expect(public.locator("#rated")).to_be_visible()
    check_accessibility(public, "progress-rated")
    applicant.close()
    rating = Rating.objects.get()
    assert rating.channel == "public" and rating.follow_up_due is not None
