"""A direct assessment signed by each nominated signer with their own account."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cdpf import audit, roles
from cdpf.auth import is_locked_out
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from certificates import selectors, services
from certificates.models import Assessment


class SignatureForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Signing confirms the assessment above under your name."),
    )


def waiting_signers(assessment: Assessment):
    signed = {s.user_id for s in assessment.signatures.all()}
    return [u for u in assessment.signers.all() if u.pk not in signed]


# Any staff member may be named a signer; only those named may open the page.
@require_roles(*roles.ALL_ROLES)
@require_http_methods(["GET", "POST"])
def assessment_sign(request, pk: int):
    app = get_scoped_or_404(
        selectors.applications_for(request.user).select_related("assessment"),
        request.user,
        pk=pk,
    )
    assessment = getattr(app, "assessment", None)
    if assessment is None or assessment.mode != Assessment.Mode.DIRECT:
        raise PermissionDenied("not a direct assessment")
    if not assessment.signers.filter(pk=request.user.pk).exists():
        raise PermissionDenied("not a named signer")
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and is_locked_out(request.user.username):
        form.add_error(
            "password",
            _("Too many wrong passwords: signing is refused for now. Try again later."),
        )
    elif request.method == "POST" and form.is_valid():
        try:
            services.assessment_sign(
                actor=request.user, assessment=assessment, password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            if exc.code == "password":
                # a wrong password counts towards the sign-in lockout, as at the login page
                audit.record(
                    action=AuditEntry.Action.LOGIN_FAILED,
                    user=request.user,
                    username=request.user.username,
                    success=False,
                    obj=assessment,
                    detail={"where": "assessment signature"},
                )
                form.add_error("password", exc)
            else:
                attach_error(form, exc)
        else:
            messages.success(request, _("You have signed this assessment."))
            if request.user.has_role(roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN):
                return redirect("certificates:application", pk=app.pk)
            return redirect("home")  # a signer from another section cannot open applications
    else:
        audit.record(action=AuditEntry.Action.VIEW, obj=app, user=request.user)
    return render(
        request,
        "certificates/assessment_sign.html",
        {
            "app": app,
            "assessment": assessment,
            "form": form,
            "signatures": assessment.signatures.select_related("user").order_by("signed_at"),
            "waiting": waiting_signers(assessment),
            "has_signed": assessment.signatures.filter(user=request.user).exists(),
        },
        status=400 if form.errors else 200,
    )
