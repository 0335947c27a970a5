"""Inspections: notice, check, evidence, findings, measures ordered, result."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, roles
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.responses import private_file_response
from cdpf.selectors import get_scoped_or_404
from certificates import selectors as certificate_selectors
from supervision import flows, forms, pdf, selectors, services
from supervision.models import Evidence, Finding, Inspection
from supervision.views.common import READERS, R, _print, _today


def _inspection(request, pk):
    return get_scoped_or_404(selectors.inspections_for(request.user), request.user, pk=pk)


def _refused(request, inspection, step: str):
    """The flow's one answer before the form: wrong state back to the page, wrong role 403."""
    page = reverse("supervision:inspection", args=[inspection.pk])
    return check_or_refuse(request, flows.INSPECTION, inspection, step, to=page)


def _render_inspection(request, inspection, status=200, **forms_):
    context = {
        "i": inspection,
        "items": inspection.items.all(),
        "evidence": inspection.evidence.select_related("uploaded_by"),
        "findings": inspection.findings.prefetch_related("measures"),
        "evidence_form": forms_.get("evidence_form") or forms.EvidenceForm(),
        "finding_form": forms_.get("finding_form") or forms.FindingForm(),
        "measure_form": forms_.get("measure_form") or forms.MeasureForm(),
        "measure_finding": forms_.get("measure_finding"),
        "can": flows.INSPECTION.can(request.user, inspection),
        "documents": request.user.has_role(
            *R["inspection_notify"], *roles.document_readers("supervision_")
        ),
    }
    return render(request, "supervision/inspection_detail.html", context, status=status)


@require_roles(*READERS)
@require_GET
def inspection_detail(request, pk: int):
    return _render_inspection(request, _inspection(request, pk))


@require_roles(*R["inspection_notify"])
@require_POST
def inspection_notify(request, pk: int):
    """Notify the subject; the notice prints next."""
    inspection = _inspection(request, pk)
    try:
        services.inspection_notify(actor=request.user, inspection=inspection, on=_today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The subject is notified; print the notice below."))
    return redirect("supervision:inspection", pk=pk)


@require_roles(*READERS)
@require_GET
def inspection_notice_pdf(request, pk: int):
    inspection = _inspection(request, pk)
    if inspection.state == Inspection.State.PLANNED:
        raise Http404
    return _print(
        request,
        lambda: pdf.inspection_notice(actor=request.user, inspection=inspection),
        redirect("supervision:inspection", pk=pk),
    )


@require_roles(*READERS)
@require_GET
def inspection_result_pdf(request, pk: int):
    inspection = _inspection(request, pk)
    if inspection.state != Inspection.State.PUBLISHED:
        raise Http404
    return _print(
        request,
        lambda: pdf.result_notice(actor=request.user, inspection=inspection),
        redirect("supervision:inspection", pk=pk),
    )


@require_roles(*R["inspection_check"])
@require_http_methods(["GET", "POST"])
def inspection_check(request, pk: int):
    """Record the written and on-site check: every checklist item and the conclusion."""
    inspection = _inspection(request, pk)
    refused = _refused(request, inspection, "check")
    if refused is not None:
        return refused
    data = request.POST if request.method == "POST" else None
    form = forms.CheckForm(data, items=inspection.items.all(), initial={"checked_on": _today()})
    if data is not None and form.is_valid():
        try:
            services.inspection_record_check(
                actor=request.user,
                inspection=inspection,
                results=form.results(),
                conclusion=form.cleaned_data["conclusion"],
                on=form.cleaned_data["checked_on"],
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The check is recorded."))
            return redirect("supervision:inspection", pk=pk)
    return render(
        request,
        "supervision/check_form.html",
        {"i": inspection, "form": form},
        status=400 if form.errors else 200,
    )


@require_roles(*R["inspection_evidence"])
@require_POST
def evidence_add(request, pk: int):
    inspection = _inspection(request, pk)
    refused = _refused(request, inspection, "evidence")
    if refused is not None:
        return refused
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user,
                inspection=inspection,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) in ("too_large", "bad_type"):
                form.add_error("file", exc)
            else:
                attach_error(form, exc)
        else:
            messages.success(request, _("The evidence is kept."))
            return redirect("supervision:inspection", pk=pk)
    return _render_inspection(request, inspection, status=400, evidence_form=form)


@require_roles(*READERS)
@require_GET
def evidence_file(request, pk: int):
    """An evidence file, exactly as uploaded; every read is audited."""
    evidence = get_scoped_or_404(
        Evidence.objects.select_related("inspection__region"),
        request.user,
        field="inspection__region",
        pk=pk,
    )
    audit.record(action=AuditEntry.Action.VIEW, obj=evidence, user=request.user)
    return private_file_response(
        services.evidence_read(evidence), evidence.content_type, f"evidence-{evidence.pk}"
    )


@require_roles(*R["finding_add"])
@require_POST
def finding_add(request, pk: int):
    inspection = _inspection(request, pk)
    refused = _refused(request, inspection, "finding")
    if refused is not None:
        return refused
    form = forms.FindingForm(request.POST)
    if form.is_valid():
        try:
            services.finding_add(
                actor=request.user, inspection=inspection, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:inspection", pk=pk)
    return _render_inspection(request, inspection, status=400, finding_form=form)


@require_roles(*R["measure_order"])
@require_POST
def measure_order(request, pk: int):
    """A measure for one finding (pk is the finding)."""
    finding = get_scoped_or_404(
        Finding.objects.select_related("inspection"),
        request.user,
        field="inspection__region",
        pk=pk,
    )
    refused = _refused(request, finding.inspection, "measure_order")
    if refused is not None:
        return refused
    form = forms.MeasureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        certificate = None
        if data["certificate_number"]:
            certificate = (
                certificate_selectors.certificates_for(request.user)
                .by_number(data["certificate_number"])
                .filter(status="valid")
                .first()
            )
            if certificate is None:
                form.add_error("certificate_number", _("No valid certificate with this number."))
        if not form.errors:
            try:
                measure = services.measure_order(
                    actor=request.user,
                    finding=finding,
                    kind=data["kind"],
                    description=data["description"],
                    deadline=data["deadline"],
                    certificate=certificate,
                    on=_today(),
                )
            except ValidationError as exc:
                attach_error(form, exc)
            else:
                messages.success(request, _("The measure is ordered."))
                return redirect("supervision:measure", pk=measure.pk)
    return _render_inspection(
        request, finding.inspection, status=400, measure_form=form, measure_finding=finding.pk
    )


@require_roles(*R["inspection_publish"])
@require_POST
def inspection_publish(request, pk: int):
    inspection = _inspection(request, pk)
    try:
        services.inspection_publish(actor=request.user, inspection=inspection, on=_today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The result is published; print the result notice below."))
    return redirect("supervision:inspection", pk=pk)
