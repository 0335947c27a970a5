"""Enrolling an authenticator app and passing the second factor at sign-in (decision 0150)."""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cdpf import roles
from cdpf import second_factor as sf
from cdpf.permissions import require_roles


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=16,
        help_text=gettext_lazy("The six digits the app shows for this system after you add it."),
    )


MESSAGES = {
    sf.Outcome.WAIT: gettext_lazy("Too many wrong codes: wait a moment, then try again."),
    sf.Outcome.LOCKED: gettext_lazy(
        "This account is locked after too many failed attempts; ask the security administrator."
    ),
}


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sf.second_factor_exempt
@require_roles(*roles.ALL_ROLES)
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Add an authenticator app: scan the QR code (or type the key), confirm with a code, then
    keep the recovery codes shown once."""
    if sf.is_enrolled(request.user):
        return redirect("second_factor_verify")
    device = sf.start_enrolment(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome, codes = sf.confirm_enrolment(
            request, device, sf.normalise(form.cleaned_data["code"])
        )
        if outcome == sf.Outcome.OK:
            return render(
                request,
                "registration/second_factor_codes.html",
                {"codes": codes, "next": sf.safe_next(request)},
            )
        if outcome == sf.Outcome.LOCKED:
            messages.error(request, MESSAGES[outcome])
            return redirect("login")
        form.add_error(
            "code", MESSAGES.get(outcome) or _("That code is not right; try the next one.")
        )
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr": qr.svg_data_uri(scale=5, border=2),
        "secret": _grouped(secret),
        "next": request.GET.get("next") or request.POST.get("next") or "",
    }
    return render(
        request,
        "registration/second_factor_enrol.html",
        context,
        status=400 if form.errors else 200,
    )


@sf.second_factor_exempt
@require_roles(*roles.ALL_ROLES)
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of every sign-in: a code from the app, or a recovery code."""
    if not sf.is_enrolled(request.user):
        return redirect("second_factor_enrol")
    if request.user.is_verified():
        return redirect(sf.safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome, method = sf.verify(request, form.cleaned_data["code"])
        if outcome == sf.Outcome.OK:
            if method == "recovery_code":
                left = sf.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)s are left.") % {"left": left},
                )
            return redirect(sf.safe_next(request))
        if outcome == sf.Outcome.LOCKED:
            messages.error(request, MESSAGES[outcome])
            return redirect("login")
        form.add_error("code", MESSAGES.get(outcome) or _("That code is not right."))
    return render(
        request,
        "registration/second_factor_verify.html",
        {"form": form, "next": request.GET.get("next") or request.POST.get("next") or ""},
        status=400 if form.errors else 200,
    )
