"""Complaints and reports (投诉举报): intake to closed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from supervision import flows, forms, rules, selectors, services
from supervision.models import Complaint
from supervision.views.common import READERS, R, _today
from supervision.views.plans import _inspection_form


@require_roles(*READERS)
@require_GET
def complaints(request):
    qs = selectors.complaints_for(request.user)
    if request.GET.get("state") in Complaint.State.values:
        qs = qs.filter(state=request.GET["state"])
    if request.GET.get("overdue") == "1":
        qs = selectors.overdue_complaints(request.user, _today())
    if request.GET.get("mine") == "1":
        qs = qs.filter(assignee=request.user)
    if request.GET.get("escalated") == "1":
        qs = qs.filter(escalated_to=request.user.region)
    page = Paginator(qs.order_by("-received_on", "-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/complaints.html",
        {
            "page": page,
            "query": query.urlencode(),
            "states": Complaint.State.choices,
            "can_intake": flows.REGISTER.may(request.user, None, "complaint_intake"),
        },
    )


@require_roles(*R["complaint_intake"])
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    form = forms.ComplaintForm(
        request.POST if request.method == "POST" else None,
        initial={"received_on": _today()},
        region=request.user.region,
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_receive(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            if not selectors.complaints_for(request.user).filter(pk=complaint.pk).exists():
                # about the intake's own unit: from now on only the supervisors see it
                messages.success(
                    request,
                    _(
                        "The complaint is registered. It concerns your unit, so the "
                        "supervisors take it from here and it is no longer shown to you."
                    ),
                )
                return redirect("supervision:complaints")
            messages.success(request, _("The complaint is registered."))
            return redirect("supervision:complaint", pk=complaint.pk)
    return render(
        request,
        "supervision/complaint_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _complaint(request, pk):
    return get_scoped_or_404(selectors.complaints_for(request.user), request.user, pk=pk)


def _refused(request, complaint, step: str):
    """The flow's one answer before the form: wrong state back to the page, wrong role 403."""
    page = reverse("supervision:complaint", args=[complaint.pk])
    return check_or_refuse(request, flows.COMPLAINT, complaint, step, to=page)


def _render_complaint(request, complaint, status=200, **forms_):
    return render(
        request,
        "supervision/complaint_detail.html",
        {
            "c": complaint,
            "inspections": complaint.inspections.select_related(
                "employer", "person", "staff", "doctor"
            ),
            "assign_form": forms_.get("assign_form")
            or forms.AssignForm(supervisors=selectors.assignable_supervisors_for(complaint)),
            "verify_form": forms_.get("verify_form") or _inspection_form(request),
            "answer_form": forms_.get("answer_form") or forms.AnswerForm(),
            "close_form": forms_.get("close_form") or forms.CloseComplaintForm(),
            "subjects": rules.SUBJECTS_BY_RULE[complaint.rule],
            "can": flows.COMPLAINT.can(request.user, complaint),
            "is_assignee": complaint.assignee_id == request.user.pk,
            "sees_complainant": selectors.sees_complainant(request.user, complaint),
        },
        status=status,
    )


@require_roles(*READERS)
@require_GET
def complaint_detail(request, pk: int):
    complaint = _complaint(request, pk)
    if not complaint.anonymous and selectors.sees_complainant(request.user, complaint):
        audit.record(action=AuditEntry.Action.VIEW, obj=complaint, user=request.user)
    return _render_complaint(request, complaint)


@require_roles(*R["complaint_assign"], *R["complaint_verify"])
@require_POST
def complaint_assign(request, pk: int):
    """The office assigns; a complaint about the office is assigned by its supervisors."""
    complaint = _complaint(request, pk)
    refused = _refused(request, complaint, "assign")
    if refused is not None:
        return refused
    form = forms.AssignForm(
        request.POST, supervisors=selectors.assignable_supervisors_for(complaint)
    )
    if form.is_valid():
        try:
            services.complaint_assign(
                actor=request.user,
                complaint=complaint,
                assignee=form.cleaned_data["assignee"],
                on=_today(),
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:complaint", pk=pk)
    return _render_complaint(request, complaint, status=400, assign_form=form)


@require_roles(*R["complaint_verify"])
@require_POST
def complaint_verify(request, pk: int):
    """Start the verification check of the subject complained about."""
    complaint = _complaint(request, pk)
    refused = _refused(request, complaint, "verify")
    if refused is not None:
        return refused
    form = _inspection_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.complaint_verify(
                actor=request.user,
                complaint=complaint,
                method=data["method"],
                subject_kind=data["subject_kind"],
                subject=data["subject"],
                scheduled_on=data["scheduled_on"],
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:inspection", pk=inspection.pk)
    return _render_complaint(request, complaint, status=400, verify_form=form)


@require_roles(*R["complaint_answer"])
@require_POST
def complaint_answer(request, pk: int):
    complaint = _complaint(request, pk)
    refused = _refused(request, complaint, "answer")
    if refused is not None:
        return refused
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_answer(
                actor=request.user, complaint=complaint, on=_today(), **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:complaint", pk=pk)
    return _render_complaint(request, complaint, status=400, answer_form=form)


@require_roles(*R["complaint_close"], *R["complaint_verify"])
@require_POST
def complaint_close(request, pk: int):
    complaint = _complaint(request, pk)
    refused = _refused(request, complaint, "close")
    if refused is not None:
        return refused
    form = forms.CloseComplaintForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_close(
                actor=request.user, complaint=complaint, note=form.cleaned_data["note"], on=_today()
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The complaint is closed."))
            return redirect("supervision:complaint", pk=pk)
    return _render_complaint(request, complaint, status=400, close_form=form)
