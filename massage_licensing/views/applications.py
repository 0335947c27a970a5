"""Qualification applications: submission, the page and its steps, the site inspection and
its photos, and the certificate and rejection documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.responses import print_or_back, private_file_response
from cdpf.selectors import get_scoped_or_404
from massage_licensing import flows, selectors, services
from massage_licensing.flows import CENTRE, CHAIR, PRINTERS, READERS
from massage_licensing.forms import (
    InspectionForm,
    ReasonForm,
)
from massage_licensing.models import InspectionPhoto
from massage_licensing.pdf import qualification_certificate, rejection_notice
from massage_licensing.photos import photo_read
from massage_licensing.views.common import _application, _institution


@require_roles(CENTRE)
@require_POST
def application_submit(request, pk: int):
    institution = _institution(request, pk)
    try:
        application = services.application_submit(
            actor=request.user, institution=institution, on=timezone.localdate()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("massage_licensing:institution", pk=institution.pk)
    messages.success(request, _("The application is received."))
    return redirect("massage_licensing:application", pk=application.pk)


@require_roles(*READERS)
@require_GET
def application_detail(request, pk: int):
    application = _application(request, pk)
    inspection = getattr(application, "inspection", None)
    return render(
        request,
        "massage_licensing/application_detail.html",
        {
            "a": application,
            "inspection": inspection,
            "photos": inspection.photos.all() if inspection else [],
            "events": application.events.select_related("actor"),
            "certificate": getattr(application, "certificate", None),
            "reason_form": ReasonForm(),
            "can": flows.APPLICATION.can(request.user, application),
            "can_print": request.user.has_role(*PRINTERS),
        },
    )


@require_roles(CENTRE, CHAIR)
@require_POST
def application_step(request, pk: int, step: str):
    """Check (centre), approve or reject (chairman); the service enforces the role."""
    application = _application(request, pk)
    today = timezone.localdate()
    if step not in ("check", "approve", "reject"):
        raise Http404  # submission and inspection have pages of their own
    page = reverse("massage_licensing:application", args=[application.pk])
    refused = check_or_refuse(request, flows.APPLICATION, application, step, to=page)
    if refused is not None:
        return refused
    try:
        if step == "check":
            services.application_check(actor=request.user, application=application, on=today)
        elif step == "approve":
            certificate = services.application_approve(
                actor=request.user, application=application, on=today
            )
            messages.success(request, _("Approved: certificate %(n)s.") % {"n": certificate.number})
            return redirect("massage_licensing:application", pk=application.pk)
        else:
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the reasons for the rejection."))
            services.application_reject(
                actor=request.user,
                application=application,
                reason=form.cleaned_data["reason"],
                on=today,
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("massage_licensing:application", pk=application.pk)


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def inspection_new(request, pk: int):
    """Record the on-site inspection with photos."""
    application = _application(request, pk)
    page = reverse("massage_licensing:application", args=[application.pk])
    refused = check_or_refuse(request, flows.APPLICATION, application, "inspect", to=page)
    if refused is not None:
        return refused
    form = InspectionForm(
        request.POST or None,
        request.FILES or None,
        initial={"inspected_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_record(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("massage_licensing:application", pk=application.pk)
    return render(
        request,
        "massage_licensing/inspection_form.html",
        {"form": form, "a": application},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
@require_GET
def inspection_photo(request, pk: int):
    photo = get_scoped_or_404(
        InspectionPhoto.objects.select_related("inspection__application__region"),
        request.user,
        field="inspection__application__region",
        pk=pk,
    )
    audit.record(action=AuditEntry.Action.VIEW, user=request.user, obj=photo)
    return private_file_response(photo_read(photo), photo.content_type, f"photo-{photo.pk}")


@require_roles(*PRINTERS)
@require_GET
def certificate_pdf(request, pk: int):
    """Print the 盲人保健按摩机构资格认定证书 of an approved application."""
    application = get_scoped_or_404(
        selectors.applications_for(request.user).filter(state="approved"), request.user, pk=pk
    )
    return print_or_back(
        request,
        lambda: qualification_certificate(actor=request.user, application=application),
        reverse("massage_licensing:application", kwargs={"pk": application.pk}),
        refusals=(ValidationError,),
    )


@require_roles(*PRINTERS)
@require_GET
def rejection_pdf(request, pk: int):
    """Print the rejection notice of a rejected application."""
    application = get_scoped_or_404(
        selectors.applications_for(request.user).filter(state="rejected"), request.user, pk=pk
    )
    return print_or_back(
        request,
        lambda: rejection_notice(actor=request.user, application=application),
        reverse("massage_licensing:application", kwargs={"pk": application.pk}),
    )
