"""Practitioners: the list, entry, a page, changes and leaving."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from massage_licensing import flows, selectors, services
from massage_licensing.flows import CENTRE, READERS
from massage_licensing.forms import (
    LeaveForm,
    PractitionerEditForm,
    PractitionerForm,
)
from massage_licensing.views.common import FULL_ID_ROLES, _institution, _unmet_warning


@require_roles(*READERS)
@require_GET
def practitioners(request):
    """The practitioner register, by institution."""
    institution_id = request.GET.get("institution")
    institution_id = int(institution_id) if (institution_id or "").isdigit() else None
    current = request.GET.get("all") != "1"
    rows = selectors.search_practitioners(
        request.user, institution_id=institution_id, current=current
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    flags = selectors.blind_flags(page.object_list, timezone.localdate())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "massage_licensing/practitioners.html",
        {
            "page": page,
            "rows": [(p, *flags[p.pk]) for p in page.object_list],
            "institutions": selectors.institutions_for(request.user).order_by("name"),
            "institution_id": institution_id,
            "current": current,
            "query": query.urlencode(),
        },
    )


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def practitioner_new(request, pk: int):
    institution = _institution(request, pk)
    form = PractitionerForm(request.POST or None, initial={"joined_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.practitioner_register(
                actor=request.user, institution=institution, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The practitioner is registered."))
            institution.refresh_from_db()
            if institution.requirements_unmet:
                messages.warning(request, _unmet_warning(institution))
            return redirect("massage_licensing:institution", pk=institution.pk)
    return render(
        request,
        "massage_licensing/practitioner_form.html",
        {"form": form, "institution": institution},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
@require_GET
def practitioner_detail(request, pk: int):
    """One practitioner's documents; the whole ID number only for the centre and chairman."""
    practitioner = get_scoped_or_404(selectors.practitioners_for(request.user), request.user, pk=pk)
    blind, why = selectors.blind_flags([practitioner], timezone.localdate())[practitioner.pk]
    audit.record(action=AuditEntry.Action.VIEW, user=request.user, obj=practitioner)
    history = (
        selectors.practitioners_for(request.user)
        .by_id_number(practitioner.id_number)
        .order_by("-joined_on")
    )
    return render(
        request,
        "massage_licensing/practitioner_detail.html",
        {
            "p": practitioner,
            "blind": blind,
            "why": why,
            "full_id": request.user.has_role(*FULL_ID_ROLES),
            "history": history,
            "leave_form": LeaveForm(initial={"left_on": timezone.localdate()}),
            "can": flows.REGISTER.can(request.user),
        },
    )


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def practitioner_edit(request, pk: int):
    practitioner = get_scoped_or_404(
        selectors.practitioners_for(request.user).filter(is_current=True), request.user, pk=pk
    )
    fields = PractitionerEditForm.base_fields
    initial = {f: getattr(practitioner, f) for f in fields if f not in ("id_number", "joined_on")}
    form = PractitionerEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.practitioner_update(
                actor=request.user, practitioner=practitioner, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The practitioner's record is saved."))
            return redirect("massage_licensing:practitioner", pk=practitioner.pk)
    return render(
        request,
        "massage_licensing/practitioner_form.html",
        {"form": form, "institution": practitioner.institution, "practitioner": practitioner},
        status=400 if form.errors else 200,
    )


@require_roles(CENTRE)
@require_POST
def practitioner_leave(request, pk: int):
    practitioner = get_scoped_or_404(selectors.practitioners_for(request.user), request.user, pk=pk)
    form = LeaveForm(request.POST)
    try:
        if not form.is_valid():
            if request.POST.get("left_on") and form.errors.get("left_on"):
                raise ValidationError(list(form.errors["left_on"]))
            raise ValidationError(_("Enter the date the person left."))
        services.practitioner_leave(
            actor=request.user, practitioner=practitioner, on=form.cleaned_data["left_on"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Recorded that %(name)s left.") % {"name": practitioner.name})
    return redirect("massage_licensing:practitioner", pk=practitioner.pk)
