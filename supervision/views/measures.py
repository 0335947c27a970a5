"""Measures: rectification orders and the rest, followed up until closed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cdpf import roles
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from supervision import flows, forms, pdf, selectors, services
from supervision.models import Measure
from supervision.views.common import READERS, R, _print, _today


@require_roles(*READERS)
@require_GET
def measures(request):
    """Every measure, filtered; overdue ones first and marked."""
    qs = selectors.measures_for(request.user)
    if request.GET.get("overdue") == "1":
        qs = qs.filter(state=Measure.State.OPEN, deadline__lt=_today())
    if request.GET.get("state") in Measure.State.values:
        qs = qs.filter(state=request.GET["state"])
    if request.GET.get("role") in roles.ALL_ROLES:
        qs = qs.filter(responsible_role=request.GET["role"])
    if request.GET.get("kind") in Measure.Kind.values:
        qs = qs.filter(kind=request.GET["kind"])
    page = Paginator(qs.order_by("state", "deadline", "id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/measures.html",
        {
            "page": page,
            "query": query.urlencode(),
            "today": _today(),
            "role_labels": roles.ROLE_LABELS,
        },
    )


def _measure(request, pk):
    return get_scoped_or_404(selectors.measures_for(request.user), request.user, pk=pk)


def _refused(request, measure, step: str):
    """The flow's one answer before the form: wrong state back to the page, wrong role 403."""
    page = reverse("supervision:measure", args=[measure.pk])
    return check_or_refuse(request, flows.MEASURE, measure, step, to=page)


def _render_measure(request, measure, status=200, **forms_):
    user = request.user
    return render(
        request,
        "supervision/measure_detail.html",
        {
            "m": measure,
            "i": measure.finding.inspection,
            "follow_ups": measure.follow_ups.select_related("actor"),
            "note_form": forms_.get("note_form") or forms.NoteForm(),
            "close_form": forms_.get("close_form") or forms.CloseMeasureForm(),
            # progress: the flow's step, by the responsible unit or a supervisor
            "can_follow": flows.MEASURE.may(user, measure, "follow_up")
            and user.has_role(roles.SUPERVISOR, measure.responsible_role),
            "can": flows.MEASURE.can(user, measure),
            "role_label": roles.ROLE_LABELS.get(measure.responsible_role, ""),
        },
        status=status,
    )


@require_roles(*READERS)
@require_GET
def measure_detail(request, pk: int):
    return _render_measure(request, _measure(request, pk))


@require_roles(*R["measure_follow_up"])
@require_POST
def measure_follow_up(request, pk: int):
    measure = _measure(request, pk)
    refused = _refused(request, measure, "follow_up")
    if refused is not None:
        return refused
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.measure_follow_up(
                actor=request.user, measure=measure, note=form.cleaned_data["note"], on=_today()
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:measure", pk=pk)
    return _render_measure(request, measure, status=400, note_form=form)


@require_roles(*R["measure_close"])
@require_POST
def measure_close(request, pk: int):
    measure = _measure(request, pk)
    refused = _refused(request, measure, "close")
    if refused is not None:
        return refused
    form = forms.CloseMeasureForm(request.POST)
    if form.is_valid():
        try:
            services.measure_close(
                actor=request.user, measure=measure, on=_today(), **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The measure is closed."))
            return redirect("supervision:measure", pk=pk)
    return _render_measure(request, measure, status=400, close_form=form)


@require_roles(*R["measure_certificate"])
@require_POST
def measure_certificate(request, pk: int):
    """The office cancels the certificate or opens its re-assessment (certificate services)."""
    measure = _measure(request, pk)
    try:
        services.measure_certificate_action(actor=request.user, measure=measure, on=_today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done; the certificate's history shows it."))
    return redirect("supervision:measure", pk=pk)


@require_roles(*READERS)
@require_GET
def measure_order_pdf(request, pk: int):
    measure = _measure(request, pk)
    if measure.kind != Measure.Kind.RECTIFICATION:
        raise Http404
    return _print(
        request,
        lambda: pdf.rectification_order(actor=request.user, measure=measure),
        redirect("supervision:measure", pk=pk),
    )
