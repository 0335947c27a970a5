"""The dashboard and the inspection plans."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cdpf import roles
from cdpf.forms import attach_error
from cdpf.models import User
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404, scope_to_user
from certificates import selectors as certificate_selectors
from employment_quota import selectors as quota_selectors
from supervision import flows, forms, rules, selectors, services
from supervision.views.common import DASHBOARD, READERS, R, _today, _year


@require_roles(*DASHBOARD)
@require_GET
def dashboard(request):
    """Done vs planned, open and overdue orders, cancellations per quarter, complaints."""
    year = _year(request)
    figures = selectors.dashboard(request.user, year, _today())
    return render(
        request,
        "supervision/dashboard.html",
        {
            "f": figures,
            "rules": rules.RULES,
            "can_police": request.user.has_role(*rules.POLICE_READERS),
        },
    )


@require_roles(*READERS)
@require_GET
def plans(request):
    year = _year(request) if request.GET.get("year") else None
    qs = selectors.plans_with_progress(request.user, year)
    return render(
        request,
        "supervision/plans.html",
        {
            "plans": qs,
            "form": forms.PlanForm(initial={"year": _today().year, "planned_checks": 1}),
            "can_plan": flows.REGISTER.may(request.user, None, "plan_create"),
        },
    )


@require_roles(*R["plan_create"])
@require_POST
def plan_create(request):
    form = forms.PlanForm(request.POST)
    if form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The plan is recorded."))
            return redirect("supervision:plan", pk=plan.pk)
    return render(
        request,
        "supervision/plans.html",
        {
            "plans": selectors.plans_with_progress(request.user),
            "form": form,
            "can_plan": True,
        },
        status=400,
    )


def _inspection_form(request, data=None, region=None):
    region = region or request.user.region
    people = certificate_selectors.people_for(request.user)
    return forms.InspectionForm(
        data,
        employers=quota_selectors.employers_for(request.user).order_by("name"),
        staff=scope_to_user(
            User.objects.filter(groups__name__in=[roles.OFFICE, roles.CERTIFICATE_ROOM]),
            request.user,
        )
        .distinct()
        .order_by("username"),
        doctors=certificate_selectors.doctors_for(request.user),
        people=people,
        initial={"scheduled_on": _today()},
    )


def _render_plan(request, plan, form, status=200):
    return render(
        request,
        "supervision/plan_detail.html",
        {
            "plan": plan,
            "inspections": plan.inspections.select_related(
                "employer", "person", "staff", "doctor"
            ).order_by("scheduled_on", "id"),
            "form": form,
            "subjects": rules.SUBJECTS_BY_RULE[plan.rule],
            "can_create": flows.REGISTER.may(request.user, None, "inspection_create"),
        },
        status=status,
    )


@require_roles(*READERS)
@require_GET
def plan_detail(request, pk: int):
    """One plan: its inspections, and a form to schedule another."""
    plan = get_scoped_or_404(selectors.plans_with_progress(request.user), request.user, pk=pk)
    return _render_plan(request, plan, _inspection_form(request))


@require_roles(*R["inspection_create"])
@require_POST
def inspection_create(request, pk: int):
    """Schedule an inspection of one subject under the plan (pk is the plan)."""
    plan = get_scoped_or_404(selectors.plans_with_progress(request.user), request.user, pk=pk)
    form = _inspection_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_create(
                actor=request.user,
                rule=plan.rule,
                year=plan.year,
                method=data["method"],
                subject_kind=data["subject_kind"],
                subject=data["subject"],
                scheduled_on=data["scheduled_on"],
                plan=plan,
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:inspection", pk=inspection.pk)
    return _render_plan(request, plan, form, status=400)
