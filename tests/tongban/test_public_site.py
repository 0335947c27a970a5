"""The public progress site: its own URL conf and settings, no staff page reachable, the same
answer for a wrong number and a wrong ID, rate limits per address and per number, every
question audited, and the applicant's rating."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import Resolver404, resolve

from cdpf import settings_public, urls_public
from cdpf.models import AuditEntry
from certificates import services as cs
from tests.factories import TODAY, TONGBAN_PERSON_ID
from tongban import public_views, services
from tongban.models import Rating

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.ROOT_URLCONF = "cdpf.urls_public"
    settings.MIDDLEWARE = settings_public.MIDDLEWARE
    settings.TEMPLATES = settings_public.TEMPLATES
    settings.SESSION_COOKIE_NAME = settings_public.SESSION_COOKIE_NAME
    settings.PROGRESS_RATE_PER_ADDRESS = 20
    settings.PROGRESS_RATE_PER_NUMBER = 5
    cache.clear()
    yield
    cache.clear()


def ask(client, number, tail):
    return client.post("/", {"number": number, "id_tail": tail})


def test_no_staff_page_admin_or_sign_in_is_reachable():
    for path in ("/login/", "/admin/", "/admin/login/", "/certificates/", "/tongban/",
                 "/password/", "/audit/", "/verify/"):  # fmt: skip
        with pytest.raises(Resolver404):
            resolve(path, urlconf="cdpf.urls_public")

    assert settings_public.ROOT_URLCONF == "cdpf.urls_public"
    staff_only = {"django.contrib.auth.middleware.AuthenticationMiddleware",
                  "cdpf.middleware.IdleTimeoutMiddleware", "cdpf.one_session.OneSessionMiddleware"}
    assert not staff_only & set(settings_public.MIDDLEWARE)  # nor any added later to the staff's
    assert settings_public.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_the_question_form_needs_no_sign_in(client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200 and "申请编号" in page and "身份证号后6位" in page
    assert "/login/" not in page and "/admin/" not in page


def test_the_right_answer_shows_only_the_progress(client, received):
    case = received()
    response = ask(client, case.number.lower(), TONGBAN_PERSON_ID[-6:])
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert case.number in page and "丛台区残疾人联合会" in page  # the residence assesses now
    assert "受理" in page and "2026-11-02" in page
    assert "李娜" not in page and TONGBAN_PERSON_ID not in page and "光明街" not in page
    entry = AuditEntry.objects.get(action="lookup")
    assert entry.success and entry.object_id == str(case.pk) and entry.region_code == "130403"


def test_wrong_number_and_wrong_id_get_the_same_answer(client, received):
    case = received()
    wrong_id = ask(client, case.number, "000000")
    wrong_number = ask(client, "TB2026110299999999", TONGBAN_PERSON_ID[-6:])
    assert wrong_id.status_code == wrong_number.status_code == 404

    def alert(response):
        page = response.content.decode()
        return page[page.index('id="lookup-refused"'):].split("</div>")[0]

    assert alert(wrong_id) == alert(wrong_number)
    refused = AuditEntry.objects.filter(action="lookup", success=False)
    assert refused.count() == 2
    assert refused.filter(region_code="130403").count() == 1  # the wrong ID, for its office


def test_bad_input_is_refused_and_audited(client):
    response = ask(client, "", "12")
    assert response.status_code == 400 and 'id="form-errors"' in response.content.decode()
    assert AuditEntry.objects.filter(action="lookup", success=False).count() == 1


def test_rate_limited_per_number(client, received, settings):
    case = received()
    settings.PROGRESS_RATE_PER_NUMBER = 2
    for _ in range(2):
        assert ask(client, case.number, "000000").status_code == 404
    response = ask(client, case.number, TONGBAN_PERSON_ID[-6:])  # even the right answer now waits
    assert response.status_code == 429
    assert AuditEntry.objects.filter(detail__public_progress="rate limit").count() == 1


def test_rate_limited_per_address(client, settings):
    settings.PROGRESS_RATE_PER_ADDRESS = 3
    statuses = [ask(client, f"TB2026110{i}00000000", "000000").status_code for i in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_the_result_page_needs_the_question_first(client):
    response = client.get("/case/")
    assert response.status_code == 302 and response.url == "/"


def closed_case(received, ct_office, ct_doctor, yn_chair, yn_cert):
    case = received()
    app = case.application
    cs.assessment_record(actor=ct_office, application=app, mode="hospital", doctor=ct_doctor,
                         parts=[(4, 2)], assessed_on=TODAY)  # fmt: skip
    services.publish_notice(actor=ct_office, case=case, on=TODAY)
    app.refresh_from_db()
    cs.notice_end(actor=ct_office, application=app, on=app.notice_ends_on + datetime.timedelta(1))
    cs.application_approve(actor=yn_chair, application=app, on=TODAY)
    cs.certificate_print(actor=yn_cert, application=app)
    services.record_posting(actor=yn_cert, case=case, tracking_number="EMS123456789",
                            posted_on=TODAY, today=TODAY)  # fmt: skip
    return case


def test_the_applicant_rates_a_finished_case(client, received, ct_office, ct_doctor, yn_chair,
                                             yn_cert):  # fmt: skip
    case = closed_case(received, ct_office, ct_doctor, yn_chair, yn_cert)
    ask(client, case.number, TONGBAN_PERSON_ID[-6:])
    page = client.get("/case/").content.decode()
    assert "已邮寄" in page and "非常满意" in page
    response = client.post("/case/", {"score": "1", "reason": ""})
    assert response.status_code == 400 and not Rating.objects.exists()
    response = client.post("/case/", {"score": "1", "reason": "等了很久没有人告诉我"})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.channel == "public" and rating.follow_up_due is not None
    assert "您的评价已记录" in client.get("/case/").content.decode()


def test_the_public_settings_pass_the_system_checks():
    """The public site starts on its own: no admin installed, no staff middleware needed."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cdpf.settings_public", "DEBUG": "1"}
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr

    assert "django.contrib.admin" not in settings_public.INSTALLED_APPS


def test_an_unknown_address_is_a_plain_not_found(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "查询办理进度" in page and 'href="/"' in page
    assert "/login/" not in page and "/certificates/" not in page


def test_a_refusal_is_a_plain_page_in_the_public_frame(rf):
    assert urls_public.handler403 == "tongban.public_views.refused"
    response = public_views.refused(rf.get("/x/"))
    page = response.content.decode()
    assert response.status_code == 403 and "您无权打开此页面" in page and "查询办理进度" in page
