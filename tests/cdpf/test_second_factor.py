"""Issue 15: two factors for every staff account (等保 2.0 8.1.4.1 d). A password alone opens no
staff page; the authenticator is enrolled at the first sign-in, a code is asked at every one,
recovery codes work once, code attempts are throttled and audited, the security administrator
resets a lost authenticator."""

import base64
import datetime
import importlib
import re
import time

import pytest
from django.apps import apps
from django.core import checks
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path, reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cdpf import roles
from cdpf.checks import second_factor_required_in_production
from cdpf.crypto import recovery_code_digest
from cdpf.models import AuditEntry, User
from cdpf.permissions import public
from cdpf.signin import account_failures
from tests.factories import PASSWORD, make_user
from tests.screen_crawl import foreign_words

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.OTP_REQUIRED = True


def code_for(device, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def password_step(username="yn_office", password=PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def enrol(client, user):
    client.get(reverse("second_factor_enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("second_factor_enrol"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", response.content.decode())
    return TOTPDevice.objects.get(user=user, confirmed=True), codes


def next_sign_in(user):
    """A later sign-in: the authenticator has moved on to a new 30-second step."""
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    return password_step(user.username)


def test_a_password_alone_opens_no_staff_page(office_user):
    client = password_step()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_enrol"))
    response = client.get(reverse("certificates:queue"))
    assert response["Location"].startswith(reverse("second_factor_enrol"))
    assert client.post(reverse("password_change"), {}).status_code == 302
    assert AuditEntry.objects.filter(
        username="yn_office", action=AuditEntry.Action.LOGIN_PASSWORD
    ).exists()
    assert not AuditEntry.objects.filter(username="yn_office", action="login").exists()


def test_django_admin_is_refused_before_the_second_factor(admin_user):
    client = password_step("yn_admin")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_enrol"))


def test_the_enrolment_page_shows_a_qr_image_and_the_key_as_text(office_user):
    client = password_step()
    response = client.get(reverse("second_factor_enrol"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in html
    assert "<script>" not in html.replace('<script src="', "")
    device = TOTPDevice.objects.get(user=office_user, confirmed=False)
    secret = re.search(r'id="second-factor-secret"[^>]*value="([A-Z2-7 ]+)"', html).group(1)
    assert secret.replace(" ", "") == base64.b32encode(device.bin_key).decode()
    assert 'autocomplete="one-time-code"' in html


def test_a_wrong_code_at_enrolment_confirms_nothing(office_user):
    client = password_step()
    client.get(reverse("second_factor_enrol"))
    response = client.post(reverse("second_factor_enrol"), {"code": "000000x"})
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=office_user, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=office_user).exists()
    failed = AuditEntry.objects.get(username="yn_office", action=AuditEntry.Action.LOGIN_FAILED)
    assert failed.detail["step"] == "second_factor"
    assert failed.region_code == "130408"
    assert client.get(reverse("home")).status_code == 302


def test_enrolment_confirms_the_app_and_shows_ten_recovery_codes_once(office_user):
    client = password_step()
    device, codes = enrol(client, office_user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=office_user).count() == 10
    kept = set(StaticToken.objects.filter(device__user=office_user).values_list("token", flat=True))
    assert not kept & set(codes)  # only keyed hashes are kept: a database copy signs nobody in
    assert kept == {recovery_code_digest(c) for c in codes}
    assert client.get(reverse("home")).status_code == 200
    assert AuditEntry.objects.filter(
        object_id=str(office_user.pk), detail__second_factor="enrolled"
    ).exists()
    success = AuditEntry.objects.get(username="yn_office", action=AuditEntry.Action.LOGIN)
    assert success.detail["method"] == "totp_enrolment"
    # enrolled: the page does not hand out a new key or codes again
    assert client.get(reverse("second_factor_enrol")).status_code == 302


def test_every_sign_in_asks_for_a_code_from_the_app(office_user):
    _, _codes = enrol(password_step(), office_user)
    client = next_sign_in(office_user)
    response = client.get(reverse("certificates:queue"))
    assert response["Location"].startswith(reverse("second_factor_verify"))
    device = TOTPDevice.objects.get(user=office_user)
    response = client.post(
        reverse("second_factor_verify"),
        {"code": code_for(device), "next": reverse("certificates:queue")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:queue")
    assert client.get(reverse("home")).status_code == 200
    last = AuditEntry.objects.filter(username="yn_office", action="login").latest("id")
    assert last.detail["method"] == "totp"


def test_a_used_code_cannot_be_replayed(office_user):
    enrol(password_step(), office_user)
    client = next_sign_in(office_user)
    device = TOTPDevice.objects.get(user=office_user)
    code = code_for(device)
    assert client.post(reverse("second_factor_verify"), {"code": code}).status_code == 302
    other = password_step()
    response = other.post(reverse("second_factor_verify"), {"code": code})
    assert response.status_code == 400
    assert other.get(reverse("home")).status_code == 302


def test_a_recovery_code_works_once(office_user):
    _, codes = enrol(password_step(), office_user)
    client = next_sign_in(office_user)
    response = client.post(reverse("second_factor_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=office_user).count() == 9
    again = next_sign_in(office_user)
    response = again.post(reverse("second_factor_verify"), {"code": codes[0]})
    assert response.status_code == 400
    assert again.get(reverse("home")).status_code == 302
    failed = AuditEntry.objects.filter(username="yn_office", action="login_failed").latest("id")
    assert failed.detail["method"] == "recovery_code"


def test_code_attempts_are_throttled_like_passwords(office_user):
    enrol(password_step(), office_user)
    client = next_sign_in(office_user)
    for _ in range(3):  # security.signin_free_failures
        client.post(reverse("second_factor_verify"), {"code": "123456"})
    device = TOTPDevice.objects.get(user=office_user)
    response = client.post(reverse("second_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 400  # even the right code waits
    assert client.get(reverse("home")).status_code == 302
    refused = AuditEntry.objects.filter(username="yn_office", action="login_refused").latest("id")
    assert refused.detail["step"] == "second_factor" and refused.detail["wait_seconds"] > 0


def test_a_new_password_step_does_not_forgive_failed_codes(office_user):
    """Signing in again with the password must not reset the count of wrong codes."""
    enrol(password_step(), office_user)
    client = next_sign_in(office_user)
    client.post(reverse("second_factor_verify"), {"code": "123456"})
    client.post(reverse("second_factor_verify"), {"code": "654321"})
    next_sign_in(office_user)
    count, _ = account_failures("yn_office", timezone.now())
    assert count == 2


def test_without_enforcement_an_enrolled_account_still_passes_its_second_factor(
    settings, office_user, supervisor
):
    enrol(password_step(), office_user)
    settings.OTP_REQUIRED = False
    client = next_sign_in(office_user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_verify"))
    # an account that never enrolled signs in with its password (DEBUG=1 demo, tests)
    other = password_step("yn_super")
    assert other.get(reverse("home")).status_code == 200
    assert AuditEntry.objects.filter(username="yn_super", action="login").exists()


def test_the_security_administrator_resets_a_lost_authenticator(office_user):
    enrol(password_step(), office_user)
    security = make_user("yn_secadmin", "130408", roles.SECURITY_ADMIN)
    TOTPDevice.objects.filter(user=security).delete()
    admin_client = Client()
    admin_client.force_login(security)
    enrol(admin_client, security)
    office_session = next_sign_in(office_user)
    response = admin_client.post(
        reverse("admin:cdpf_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [office_user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=office_user).exists()
    assert not StaticToken.objects.filter(device__user=office_user).exists()
    entry = AuditEntry.objects.get(object_id=str(office_user.pk), detail__second_factor="reset")
    assert entry.username == "yn_secadmin"
    assert office_session.get(reverse("home"))["Location"].startswith(reverse("login"))
    client = password_step()
    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_enrol"))


def test_the_system_administrator_cannot_reset_a_second_factor(admin_user, office_user):
    enrol(password_step(), office_user)
    client = Client()
    client.force_login(admin_user)
    enrol(client, admin_user)
    client.post(
        reverse("admin:cdpf_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [office_user.pk]},
    )
    assert TOTPDevice.objects.filter(user=office_user).exists()


def test_another_districts_account_is_not_reset(office_user):
    enrol(password_step(), office_user)
    security = make_user("ct_secadmin", "130403", roles.SECURITY_ADMIN)
    client = Client()
    client.force_login(security)
    enrol(client, security)
    client.post(
        reverse("admin:cdpf_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [office_user.pk]},
    )
    assert TOTPDevice.objects.filter(user=office_user, confirmed=True).exists()


def test_the_pages_refuse_anonymous_and_accounts_without_a_role(no_role_user):
    anonymous = Client()
    for name in ("second_factor_enrol", "second_factor_verify"):
        assert anonymous.get(reverse(name))["Location"].startswith(reverse("login"))
    client = Client()
    client.force_login(no_role_user)
    assert client.get(reverse("second_factor_enrol")).status_code == 403


@public
def public_page(request):
    return HttpResponse("public progress")


urlpatterns = [path("progress/", public_page), path("", include("cdpf.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_public_views_of_another_url_conf_are_left_alone(office_user):
    client = password_step()
    assert client.get("/progress/").content == b"public progress"


def test_production_refuses_to_start_without_the_second_factor(settings):
    settings.DEBUG = False
    settings.OTP_REQUIRED = False
    errors = second_factor_required_in_production()
    assert [e.id for e in errors] == ["cdpf.E140"]
    assert "cdpf.E140" in {m.id for m in checks.run_checks(include_deployment_checks=True) if m.id}
    settings.OTP_REQUIRED = True
    assert second_factor_required_in_production() == []


def test_an_expired_password_is_changed_after_the_second_factor_without_a_loop(office_user):
    User.objects.filter(pk=office_user.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    client = password_step()
    first = client.get(reverse("home"), follow=True)
    assert first.redirect_chain[-1][0].startswith(reverse("second_factor_enrol"))
    enrol(client, office_user)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200


def test_the_pages_read_in_chinese(office_user):

    client = password_step()
    enrolment = client.get(reverse("second_factor_enrol")).content.decode()
    assert foreign_words(enrolment, also_allowed={"yn_office"}) == []
    device = TOTPDevice.objects.get(user=office_user, confirmed=False)
    codes = client.post(reverse("second_factor_enrol"), {"code": code_for(device)})
    shown = set(re.findall(r"<li>([a-z0-9]{8})</li>", codes.content.decode()))
    assert len(shown) == 10
    assert foreign_words(codes.content.decode(), also_allowed={"yn_office", *shown}) == []
    TOTPDevice.objects.filter(user=office_user).update(last_t=-1)
    again = password_step()
    verify = again.get(reverse("second_factor_verify")).content.decode()
    assert foreign_words(verify, also_allowed={"yn_office"}) == []


def test_codes_kept_in_clear_before_are_hashed_once_by_the_migration(office_user):


    migration = importlib.import_module("cdpf.migrations.0016_recovery_codes_hashed")
    device = StaticDevice.objects.create(user=office_user, name="recovery", confirmed=True)
    StaticToken.objects.create(device=device, token="abcdefgh23456723")
    migration.hash_codes(apps, None)
    assert StaticToken.objects.get(device=device).token == recovery_code_digest("abcdefgh23456723")
    assert device.verify_token(recovery_code_digest("abcdefgh23456723"))
