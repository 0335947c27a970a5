"""Two-step sign-in as a person does it: enrol an authenticator at the first sign-in, keep the
recovery codes, sign in again with a code from the app, then with a recovery code, which the
second time is refused. axe-core checks every page of the flow."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cdpf import roles
from tests.browser.helpers import check_accessibility, follow, password_step, sign_out
from tests.factories import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def totp_code(secret_text: str, t_offset: int = 0) -> str:
    key = base64.b32decode(secret_text.replace(" ", ""))
    totp = TOTP(key)
    totp.time = totp.time + t_offset
    return f"{totp.token():06d}"


def new_time_step():
    """The app's next code: a used code is never taken twice (django-otp keeps the last step)."""
    TOTPDevice.objects.filter(user__username="yn_office").update(last_t=-1)


def test_enrol_then_sign_in_with_a_code_and_with_a_recovery_code(live_server, page, settings):
    settings.OTP_REQUIRED = True
    make_user("yn_office", "130408", roles.OFFICE)

    password_step(page, live_server, "yn_office")
    page.wait_for_url("**/two-step/enrol/**")
    check_accessibility(page, "second-factor-enrol")
    assert page.locator("#second-factor-qr").get_attribute("alt")
    secret = page.locator("#second-factor-secret").input_value()
    page.get_by_label("应用中的验证码").fill("12345")
    follow(page.get_by_role("button", name="确认"))
    expect(page.locator("#id_code_error")).to_be_visible()
    check_accessibility(page, "second-factor-enrol-error")
    page.get_by_label("应用中的验证码").fill(totp_code(secret))
    follow(page.get_by_role("button", name="确认"))
    codes = [c.strip() for c in page.locator("#recovery-codes li").all_inner_texts()]
    assert len(codes) == 10
    check_accessibility(page, "second-factor-recovery-codes")
    follow(page.get_by_role("link", name="我已保存，继续"))
    page.wait_for_url(live_server.url + "/")
    sign_out(page)

    new_time_step()
    password_step(page, live_server, "yn_office")
    page.wait_for_url("**/two-step/**")
    check_accessibility(page, "second-factor-verify")
    page.get_by_label("验证码").fill(totp_code(secret))
    follow(page.get_by_role("button", name="继续"))
    page.wait_for_url(live_server.url + "/")
    sign_out(page)

    password_step(page, live_server, "yn_office")
    page.wait_for_url("**/two-step/**")
    page.get_by_label("验证码").fill(codes[0])
    follow(page.get_by_role("button", name="继续"))
    page.wait_for_url(live_server.url + "/")
    assert "剩余 9 个恢复码" in page.content()
    sign_out(page)

    password_step(page, live_server, "yn_office")
    page.wait_for_url("**/two-step/**")
    page.get_by_label("验证码").fill(codes[0])
    follow(page.get_by_role("button", name="继续"))
    assert re.search("验证码不正确", page.locator("#id_code_error").inner_text())
    check_accessibility(page, "second-factor-verify-error")
    page.goto(live_server.url + reverse("home"))
    assert "/two-step/" in page.url
