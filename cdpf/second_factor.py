"""The second factor of a staff sign-in (decision 0150): a TOTP authenticator app through
django-otp, with single-use recovery codes (django-otp static tokens).

After the password, a session that owes a second factor is marked in the session; every staff
page (a view that declares roles, and Django admin) sends it to the verification page, or to
enrolment when the account has no confirmed authenticator yet. Public views (the sign-in page,
the language switch, a public site's own URL conf) are never touched, so another URL conf whose
views are all `@public` leaves the factor out without any setting.

Code attempts are throttled like passwords (cdpf.signin: the failures are LOGIN_FAILED entries
of the account and the address) and every success, failure and refusal is audited.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cdpf import audit
from cdpf.crypto import recovery_code_digest
from cdpf.models import AuditEntry, User
from cdpf.one_session import end_sessions
from cdpf.permissions import declared_access
from cdpf.signin import note_failure, signin_state

PENDING = "_cdpf_second_factor_due"
EXEMPT_ATTR = "cdpf_second_factor_exempt"
RECOVERY_CODES = 10
TOTP_CODE = re.compile(r"^\d{6}$")


def second_factor_exempt(view):
    """A staff view that a session owing its second factor may open (enrolment, verification)."""
    setattr(view, EXEMPT_ATTR, True)
    return view


def required() -> bool:
    """On in production (DEBUG=0); a deploy check refuses a production start with it off."""
    return bool(getattr(settings, "OTP_REQUIRED", not settings.DEBUG))


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mark_pending(request, user) -> bool:
    """At the password step: whether this session now owes a second factor (always when
    required; otherwise only for an account that has enrolled)."""
    if request is None or not hasattr(request, "session"):
        return False
    due = required() or is_enrolled(user)
    if due:
        request.session[PENDING] = True
    else:
        request.session.pop(PENDING, None)
    return due


def _region_detail(user) -> dict:
    return {"region": user.region.code} if getattr(user, "region", None) else {}


def _audit_step(request, user, action: str, **detail) -> None:
    audit.record(
        action=action,
        user=user,
        username=user.username,
        object_type="cdpf.user",
        object_repr=user.username,
        success=action == AuditEntry.Action.LOGIN,
        ip=audit.client_ip(request),
        detail={"step": "second_factor", **_region_detail(user), **detail},
    )


def start_enrolment(user) -> TOTPDevice:
    """The account's unconfirmed authenticator (a new secret unless one is waiting)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def new_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with fresh ones, each usable once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_code_digest(c)) for c in codes]
    )
    return codes  # shown once; only their keyed hashes are kept


class Outcome:
    OK = "ok"
    WRONG = "wrong"
    WAIT = "wait"
    LOCKED = "locked"


def _throttled(request, user) -> str | None:
    state = signin_state(user.username, audit.client_ip(request))
    if not state.refused:
        return None
    _audit_step(
        request,
        user,
        AuditEntry.Action.LOGIN_REFUSED,
        wait_seconds=state.wait_seconds,
        locked=state.locked,
    )
    return Outcome.LOCKED if state.locked else Outcome.WAIT


def _failed(request, user, method: str) -> str:
    _audit_step(request, user, AuditEntry.Action.LOGIN_FAILED, method=method)
    note_failure(user.username)
    if signin_state(user.username).locked:
        logout(request)
        return Outcome.LOCKED
    return Outcome.WRONG


def confirm_enrolment(request, device: TOTPDevice, code: str) -> tuple[str, list[str]]:
    """Confirm the new authenticator with a code from it; the session is then verified and the
    account gets its recovery codes (returned once, never shown again)."""
    user = request.user
    refused = _throttled(request, user)
    if refused:
        return refused, []
    with transaction.atomic():
        if not (TOTP_CODE.match(code) and device.verify_token(code)):
            return _failed(request, user, "totp_enrolment"), []
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(user)
    otp_login(request, device)
    request.session.pop(PENDING, None)
    audit.record(
        action=AuditEntry.Action.UPDATE,
        obj=user,
        user=user,
        detail={"second_factor": "enrolled", "recovery_codes": len(codes)},
    )
    _audit_step(request, user, AuditEntry.Action.LOGIN, method="totp_enrolment")
    return Outcome.OK, codes


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def verify(request, code: str) -> tuple[str, str]:
    """Check a code from the authenticator app (six digits) or a recovery code; returns the
    outcome and the method that was tried."""
    user = request.user
    code = normalise(code)
    method = "totp" if TOTP_CODE.match(code) else "recovery_code"
    refused = _throttled(request, user)
    if refused:
        return refused, method
    with transaction.atomic():
        if method == "totp":
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        device = device.first()
        token = code if method == "totp" else recovery_code_digest(code) if code else ""
        ok = device is not None and bool(code) and device.verify_token(token)
    if not ok:
        return _failed(request, user, method), method
    otp_login(request, device)
    request.session.pop(PENDING, None)
    extra = {}
    if method == "recovery_code":
        extra["recovery_codes_left"] = StaticToken.objects.filter(device=device).count()
    _audit_step(request, user, AuditEntry.Action.LOGIN, method=method, **extra)
    return Outcome.OK, method


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def reset(*, actor, user: User) -> None:
    """The security administrator removes an account's authenticator and recovery codes (a
    lost phone); the account enrols again at its next sign-in. Its session ends."""
    with transaction.atomic():
        totp = TOTPDevice.objects.filter(user=user).delete()[0]
        StaticDevice.objects.filter(user=user).delete()
    audit.record(
        action=AuditEntry.Action.UPDATE,
        obj=user,
        user=actor,
        detail={"second_factor": "reset", "by": actor.username, "had_authenticator": bool(totp)},
    )
    end_sessions(actor=actor, user=user)


def safe_next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target

    return reverse(default)


class SecondFactorMiddleware:
    """After OTPMiddleware: a staff page refuses a session that has not passed its second
    factor, sending it to verification (or enrolment). Public views are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not (required() or request.session.get(PENDING)):
            return None
        if getattr(view_func, EXEMPT_ATTR, False):
            return None
        match = request.resolver_match
        in_admin = match is not None and "admin" in match.namespaces
        access = declared_access(view_func)
        if not in_admin and (access is None or "public" in access):
            return None  # undeclared views are refused by DefaultDenyMiddleware
        if user.is_verified():
            request.session.pop(PENDING, None)
            return None
        target = "second_factor_verify" if is_enrolled(user) else "second_factor_enrol"

        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))
