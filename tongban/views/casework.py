"""Cases: intake, the list, a case's page and each side's steps up to the handover and the
receipt."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, roles
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.paginator import FirstPageFirstPaginator
from cdpf.permissions import require_roles
from cdpf.responses import print_or_back
from certificates import flows
from certificates import selectors as certificate_selectors
from certificates import services as certificate_services
from certificates.forms import AssessmentForm, ReturnForm, signer_choices
from certificates.views.common import handover_page
from tongban import pdf, selectors, services, sides
from tongban.forms import IntakeForm, MissingForm, PostingForm
from tongban.views.common import WORKERS, _case_context, _districts


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def intake(request):
    """受理 at the residence: any of the six services, whichever district keeps the file."""
    form = IntakeForm(request.POST or None, request.FILES or None, districts=_districts())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        certificate_services.audit_cross_district_lookup(
            actor=request.user, id_number=data["id_number"]
        )
        try:
            with transaction.atomic():
                case = services.intake(actor=request.user, on=timezone.localdate(), **data)
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(
                request,
                _("Received. Application number %(n)s: print the receipt for the applicant.")
                % {"n": case.number},
            )
            return redirect("tongban:case", pk=case.pk)
    return render(
        request, "tongban/intake.html", {"form": form}, status=400 if form.errors else 200
    )


@require_roles(*WORKERS, roles.SUPERVISOR)
@require_GET
def cases(request):
    """Cases received here, or whose file is kept here, newest first."""
    rows = selectors.cases_for(request.user).order_by("-created_at", "-id")
    page = FirstPageFirstPaginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "tongban/cases.html", {"page": page, "today": timezone.localdate()})


@require_roles(*WORKERS)
@require_GET
def case_detail(request, pk: int):
    """The case as each side needs it: no other record of the other district is reachable."""
    case = selectors.case_or_404(request.user, pk)
    audit.record(action=AuditEntry.Action.VIEW, obj=case, user=request.user)
    return render(request, "tongban/case_detail.html", _case_context(request, case))


RESIDENCE_SIMPLE = {
    "publish_notice": lambda user, case, today: services.publish_notice(
        actor=user, case=case, on=today
    ),
    "end_notice": lambda user, case, today: certificate_services.notice_end(
        actor=user, application=case.application, on=today
    ),
    "to_review": lambda user, case, today: certificate_services.application_to_review(
        actor=user, application=case.application, on=today
    ),
}


@require_roles(roles.OFFICE)
@require_POST
def case_step(request, pk: int, step: str):
    """A step of the residence: the notice, sending to review, returning or withdrawing."""
    if step not in RESIDENCE_SIMPLE and step not in ("return", "withdraw"):
        return HttpResponse(status=404)
    case = selectors.step_case_or_404(request.user, pk, step)
    today = timezone.localdate()
    try:
        if step in ("return", "withdraw"):
            form = ReturnForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "tongban/case_detail.html",
                    _case_context(request, case, return_form=form),
                    status=400,
                )
            service = (
                certificate_services.application_return
                if step == "return"
                else certificate_services.application_withdraw
            )
            service(
                actor=request.user,
                application=case.application,
                reason=form.cleaned_data["reason"],
                on=today,
            )
        else:
            RESIDENCE_SIMPLE[step](request.user, case, today)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Done: %(step)s.") % {"step": flows.step_label(case.application.kind, step)}
        )
    return redirect("tongban:case", pk=case.pk)


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def case_assess(request, pk: int):
    """评定 designated at the residence: its hospitals or its three signers."""
    case = selectors.step_case_or_404(request.user, pk, "assess")
    app = case.application
    form = AssessmentForm(
        request.POST or None,
        doctors=certificate_selectors.doctors_for(request.user),
        signers=signer_choices(request.user.region),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate_services.assessment_record(
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
            attach_error(form, exc)
        else:
            return redirect("tongban:case", pk=case.pk)
    return render(
        request,
        "tongban/assess.html",
        {"form": form, "case": case, "app": app},
        status=400 if form.errors else 200,
    )


@require_roles(roles.OFFICE)
@require_POST
def case_missing(request, pk: int):
    """What the applicant still has to hand in: recorded by the side whose step it is."""
    case = selectors.case_or_404(request.user, pk)
    owner = sides.current_owner(case)
    if owner is None or not request.user.region.contains(owner):
        return HttpResponse(status=404)
    form = MissingForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "tongban/case_detail.html",
            _case_context(request, case, missing_form=form),
            status=400,
        )
    services.set_missing(actor=request.user, case=case, missing=form.cleaned_data["missing"])
    messages.success(request, _("Saved."))
    return redirect("tongban:case", pk=case.pk)


@require_roles(roles.CERTIFICATE_ROOM)
@require_POST
def case_dispatch(request, pk: int):
    """The 户籍地 sends the printed card to the residence office."""
    case = selectors.step_case_or_404(request.user, pk, "print")
    try:
        services.dispatch(actor=request.user, case=case, on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The card is on its way to %(r)s.") % {
            "r": case.residence_region.name})  # fmt: skip
    return redirect("tongban:case", pk=case.pk)


@require_roles(roles.CERTIFICATE_ROOM)
@require_http_methods(["GET", "POST"])
def case_post(request, pk: int):
    """邮寄: the tracking number and the date the card was posted."""
    case = selectors.step_case_or_404(request.user, pk, "hand_over")
    form = PostingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_posting(
                actor=request.user, case=case, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The posting is recorded."))
            return redirect("tongban:case", pk=case.pk)
    return render(
        request,
        "tongban/post.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@require_roles(roles.CERTIFICATE_ROOM)
@require_http_methods(["GET", "POST"])
def case_handover(request, pk: int):
    """发放 at the residence office, of a card sent there by the 户籍地."""
    case = selectors.step_case_or_404(request.user, pk, "hand_over")
    app = case.application
    return handover_page(
        request,
        app,
        template="tongban/handover.html",
        context={"case": case},
        done=reverse("tongban:case", args=[case.pk]),
    )


@require_roles(roles.OFFICE)
@require_GET
def case_receipt(request, pk: int):
    """受理回执 with the application number and the text for the applicant's SMS or letter."""
    case = selectors.case_or_404(request.user, pk)
    if not request.user.region.contains(case.residence_region):
        return HttpResponse(status=404)
    return print_or_back(
        request,
        lambda: pdf.receipt(actor=request.user, case=case),
        reverse("tongban:case", kwargs={"pk": case.pk}),
    )
