"""Audit years: the list, opening a year, its page, the average wage, the tax list, the levy
recomputation and the year's own steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, roles
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error as _attach
from cdpf.jobs import enqueue_job
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from employment_quota import flows, levies, selectors, services
from employment_quota.forms import (
    AuditYearForm,
    WageForm,
)
from employment_quota.jobs import LEVY_KIND
from employment_quota.models import (
    Declaration,
)
from employment_quota.spreadsheets import tax_workbook
from employment_quota.views.common import CENTRE, READERS


@require_roles(*READERS)
@require_GET
def index(request):
    """The audit years of the region; the centre opens a new one here."""
    return render(
        request,
        "employment_quota/index.html",
        {
            "years": selectors.audit_years_for(request.user),
            "form": AuditYearForm(initial={"year": timezone.localdate().year - 1}),
            "can": flows.REGISTER.can(request.user),
        },
    )


@require_roles(*CENTRE)
@require_POST
def year_open(request):
    form = AuditYearForm(request.POST)
    if form.is_valid():
        try:
            year = services.audit_year_open(
                actor=request.user,
                region=request.user.region,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("The %(y)s audit is open.") % {"y": year.year})
            return redirect("employment_quota:year", pk=year.pk)
    return render(
        request,
        "employment_quota/index.html",
        {
            "years": selectors.audit_years_for(request.user),
            "form": form,
            "can": flows.REGISTER.can(request.user),
        },
        status=400,
    )


@require_roles(*READERS)
@require_GET
def year_detail(request, pk: int):
    """One audit year: every declaration with its state and levy."""
    year = get_scoped_or_404(selectors.audit_years_for(request.user), request.user, pk=pk)
    rows = selectors.declarations_for(request.user).filter(audit_year=year)
    state = request.GET.get("state")
    if state in Declaration.State.values:
        rows = rows.filter(state=state)
    if request.GET.get("meeting") == "1":
        rows = rows.filter(state="approved", shortfall=0)
    if request.GET.get("late") in ("0", "1"):
        rows = rows.filter(state="approved", late=request.GET["late"] == "1")
    page = Paginator(rows.order_by("employer__name"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "employment_quota/year_detail.html",
        {
            "year": year,
            "page": page,
            "query": query.urlencode(),
            "can": flows.AUDIT_YEAR.can(request.user, year),
        },
    )


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def year_wage(request, pk: int):
    """Correct the year's local average wage; the year is then marked "recompute needed"."""
    year = get_scoped_or_404(selectors.audit_years_for(request.user), request.user, pk=pk)
    form = WageForm(request.POST or None, initial={"local_average_wage": year.local_average_wage})
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_year_set_wage(
                actor=request.user, audit_year=year, on=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("The local average wage is corrected."))
            return redirect("employment_quota:year", pk=year.pk)
    return render(
        request,
        "employment_quota/year_wage.html",
        {"form": form, "year": year},
        status=400 if form.errors else 200,
    )


@require_roles(roles.LABOUR_SERVICE, roles.SUPERVISOR)
@require_GET
def tax_list(request, pk: int):
    """The year's audited list for the tax bureau (xlsx)."""
    year = get_scoped_or_404(selectors.audit_years_for(request.user), request.user, pk=pk)
    rows = list(
        selectors.declarations_for(request.user)
        .filter(audit_year=year, state="approved")
        .order_by("employer__name")
    )
    audit.record(
        action=AuditEntry.Action.EXPORT,
        user=request.user,
        obj=year,
        detail={"rows": len(rows), "list": "tax"},
    )
    reliefs = levies.tax_list_reliefs([d.employer_id for d in rows], year.year)
    response = HttpResponse(
        tax_workbook(rows, reliefs=reliefs),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="levy-list-{year.year}.xlsx"'
    return response


@require_roles(*CENTRE)
@require_POST
def levies_recompute(request, pk: int):
    """Recompute every approved levy of the year in the background (set-based)."""
    year = get_scoped_or_404(selectors.audit_years_for(request.user), request.user, pk=pk)
    job = enqueue_job(
        actor=request.user,
        kind=LEVY_KIND,
        title=_("Recompute the levies of %(y)s in %(region)s")
        % {"y": year.year, "region": year.region.name},
        params={"year": year.year},
        region=year.region,
    )
    return redirect("job_detail", pk=job.pk)


@require_roles(*CENTRE)
@require_POST
def year_status(request, pk: int, step: str):
    """Close a year's audit (every submitted declaration decided), or reopen it."""
    year = get_scoped_or_404(selectors.audit_years_for(request.user), request.user, pk=pk)
    if step not in ("close", "reopen"):
        raise Http404  # the same answer as a step the flow does not declare
    page = reverse("employment_quota:year", args=[year.pk])
    refused = check_or_refuse(request, flows.AUDIT_YEAR, year, step, to=page)
    if refused is not None:
        return refused
    try:
        if step == "close":
            services.audit_year_close(actor=request.user, audit_year=year)
            messages.success(request, _("The %(y)s audit is closed.") % {"y": year.year})
        else:
            services.audit_year_reopen(actor=request.user, audit_year=year)
            messages.success(request, _("The %(y)s audit is open.") % {"y": year.year})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("employment_quota:year", pk=year.pk)
