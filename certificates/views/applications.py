"""An application's page and its steps: the simple steps, the assessment, the handover, the
certificate application and corrections."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, calendar, roles
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error as _attach
from cdpf.models import AuditEntry
from cdpf.params import get_param
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from certificates import flows, selectors, services
from certificates.forms import (
    AssessmentForm,
    CertificateApplicationForm,
    CorrectionForm,
    ReturnForm,
    signer_choices,
)
from certificates.views.common import READERS, WORKERS, handover_page
from tongban.sides import case_of, owner_region


@require_roles(*READERS)
@require_GET
def application_detail(request, pk: int):
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    audit.record(action=AuditEntry.Action.VIEW, obj=app, user=request.user)
    return render(
        request, "certificates/application_detail.html", _application_context(request, app)
    )


def _application_context(request, app, **forms):
    steps = flows.flow_of(app).available(request.user, app)

    case = case_of(app)  # 通办: the steps of the residence are not offered here
    if case is not None:
        region = request.user.region
        steps = [s for s in steps if region.contains(owner_region(case, s.name, app.state))]
    objection_until = None
    if app.kind in ("new", "change") and app.decided_on:
        days = get_param("certificate.objection_working_days", on=app.decided_on, region=app.region)
        objection_until = calendar.add_working_days(app.decided_on, days)
    return {
        "app": app,
        "steps": [s.name for s in steps],
        "labels": flows.state_labels(app.kind),
        "events": app.events.select_related("actor"),
        "today": timezone.localdate(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "withdraw_form": forms.get("withdraw_form") or ReturnForm(prefix="withdraw"),
        "can_correct": app.state in flows.CORRECTABLE and request.user.has_role(roles.OFFICE),
        "assessment": getattr(app, "assessment", None) if app.kind in ("new", "change") else None,
        "step_buttons": [(name, flows.step_label(app.kind, name)) for name in SIMPLE_STEPS],
        "objection_until": objection_until,
        "full_id": request.user.has_role(*selectors.FULL_ID_ROLES),
        "can_sign": _can_sign(request.user, app),
        "can_print_card": flows.REGISTER.may(request.user, None, "print_card"),
    }


def _can_sign(user, app) -> bool:
    assessment = getattr(app, "assessment", None)
    return bool(
        assessment is not None
        and not assessment.complete
        and assessment.signers.filter(pk=user.pk)
        .exclude(pk__in=assessment.signatures.values("user_id"))
        .exists()
    )


# Steps this URL takes with nothing but the actor and the day (the flow names their services);
# return and withdrawal carry a reason; the other steps have pages of their own.
SIMPLE_STEPS = ("to_review", "end_notice", "skip_notice", "approve", "print", "transfer_review")


DATED = set(SIMPLE_STEPS) - {"print"}  # certificate_print takes no day


@require_roles(*WORKERS)
@require_POST
def application_step(request, pk: int, step: str):
    """Take one step of the flow; the flows table decides whether the user may."""
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    today = timezone.localdate()
    flow = flows.flow_of(app)
    if step not in SIMPLE_STEPS and step not in ("return", "withdraw"):
        raise Http404  # a step this URL does not take: the same answer as a step never declared
    page = reverse("certificates:application", args=[app.pk])
    refused = check_or_refuse(request, flow, app, step, to=page)
    if refused is not None:
        return refused
    try:
        if step in ("return", "withdraw"):
            form = ReturnForm(request.POST, prefix="withdraw" if step == "withdraw" else None)
            if not form.is_valid():
                return render(
                    request,
                    "certificates/application_detail.html",
                    _application_context(request, app, **{f"{step}_form": form}),
                    status=400,
                )
            service = (
                services.application_return if step == "return" else services.application_withdraw
            )
            service(
                actor=request.user, application=app, reason=form.cleaned_data["reason"], on=today
            )
        else:
            on = {"on": today} if step in DATED else {}
            flow.service_of(step)(actor=request.user, application=app, **on)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": flows.step_label(app.kind, step)})
    return redirect("certificates:application", pk=app.pk)


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def assessment_new(request, pk: int):
    """评定: record the hospital's or the three signers' assessment."""
    app = get_scoped_or_404(
        selectors.applications_for(request.user).filter(kind__in=["new", "change"]),
        request.user,
        pk=pk,
    )
    page = reverse("certificates:application", args=[app.pk])
    refused = check_or_refuse(request, flows.flow_of(app), app, "assess", to=page)
    if refused is not None:
        return refused
    form = AssessmentForm(
        request.POST or None,
        doctors=selectors.doctors_for(request.user),
        signers=signer_choices(app.region),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                actor=request.user,
                application=app,
                mode=data["mode"],
                parts=form.parts(),
                assessed_on=data["assessed_on"],
                doctor=data["doctor"],
                signers=list(data["signers"]),
                measures=data["measures"],
                meets_standard=data["meets_standard"],
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            return redirect("certificates:application", pk=app.pk)
    return render(
        request,
        "certificates/assessment_form.html",
        {"form": form, "app": app},
        status=400 if form.errors else 200,
    )


@require_roles(roles.CERTIFICATE_ROOM)
@require_http_methods(["GET", "POST"])
def handover(request, pk: int):
    """发放: who received the card, with their ID checked."""
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    page = reverse("certificates:application", args=[app.pk])
    refused = check_or_refuse(request, flows.flow_of(app), app, "hand_over", to=page)
    if refused is not None:
        return refused
    return handover_page(
        request, app, template="certificates/handover_form.html", context={"app": app}, done=page
    )


@require_roles(roles.OFFICE)
@require_POST
def certificate_application(request, pk: int):
    """Receive 换领, 挂失补办, 污损换发, 类别/等级变更, 迁出 or 注销 for a valid certificate."""
    certificate = get_scoped_or_404(selectors.certificates_for(request.user), request.user, pk=pk)
    form = CertificateApplicationForm(request.POST)
    if form.is_valid():
        try:
            app = services.certificate_application_new(
                actor=request.user,
                certificate=certificate,
                kind=form.cleaned_data["kind"],
                on=timezone.localdate(),
                reason=form.reason_text(),
                grounds=form.grounds(),
                transfer_place=form.cleaned_data["transfer_place"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The application is received."))
            return redirect("certificates:application", pk=app.pk)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("certificates:person", pk=certificate.person_id)


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def application_correct(request, pk: int):
    """更正: the applicant's details, guardian or category, until the assessment."""
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    if app.state not in flows.CORRECTABLE:
        messages.error(request, _("An application can be corrected only until it is assessed."))
        return redirect("certificates:application", pk=app.pk)
    person = app.person
    initial = {name: getattr(person, name) for name in CorrectionForm.PERSON_FIELDS}
    initial["requested_category"] = app.requested_category
    form = CorrectionForm(request.POST or None, initial=initial, kind=app.kind,
                          applicant_id=person.id_number, received_on=app.received_on)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.application_correct(
                actor=request.user, application=app, on=timezone.localdate(), **data
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("The application is corrected."))
            return redirect("certificates:application", pk=app.pk)
    return render(
        request,
        "certificates/correction_form.html",
        {"form": form, "app": app},
        status=400 if form.errors else 200,
    )
