"""Institutions: the register, entry, a page, changes, revocation and the register's export
and import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit
from cdpf.forms import attach_error
from cdpf.imports import apply_checked_import, import_start
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.responses import print_or_back
from massage_licensing import flows, selectors, services
from massage_licensing.flows import CENTRE, CHAIR, PRINTERS, READERS
from massage_licensing.forms import (
    InstitutionChangeForm,
    InstitutionFilterForm,
    InstitutionForm,
    ReasonForm,
    RegisterImportForm,
)
from massage_licensing.jobs import IMPORT_KIND
from massage_licensing.models import Institution, InstitutionChange
from massage_licensing.pdf import revocation_decision
from massage_licensing.spreadsheets import register_workbook
from massage_licensing.views.common import XLSX, _field_label, _institution


@require_roles(*READERS)
@require_GET
def index(request):
    """Institutions by status."""
    form = InstitutionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.search_institutions(
        request.user, query=filters.get("q", ""), status=filters.get("status", "")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = selectors.status_counts(request.user)
    return render(
        request,
        "massage_licensing/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in Institution.Status.choices
            ],
            "can": flows.REGISTER.can(request.user),
        },
    )


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def institution_new(request):
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_register(
                actor=request.user,
                region=request.user.region,
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The institution is registered."))
            return redirect("massage_licensing:institution", pk=institution.pk)
    return render(
        request,
        "massage_licensing/institution_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
@require_GET
def institution_detail(request, pk: int):
    """One institution: its details, staff, the checklist as of today, and its history."""
    institution = _institution(request, pk)
    today = timezone.localdate()
    staff = list(institution.practitioners.filter(is_current=True).order_by("name", "id"))
    flags = selectors.blind_flags(staff, today)
    checks = services.evaluate(institution, today)
    certified = institution.status in (
        Institution.Status.CERTIFIED,
        Institution.Status.RECERTIFICATION,
    )
    audit.record(
        action=AuditEntry.Action.VIEW,
        user=request.user,
        obj=institution,
        detail={"practitioners": len(staff)},
    )
    return render(
        request,
        "massage_licensing/institution_detail.html",
        {
            "i": institution,
            "staff": [(p, *flags[p.pk]) for p in staff],
            "blind_count": sum(1 for p in staff if flags[p.pk][0]),
            "checks": checks,
            "representative_check": next((c for c in checks if c.key == "representative"), None),
            "unmet": [c for c in checks if not c.passed] if certified else [],
            "applications": institution.applications.all(),
            "certificates": institution.certificates.all(),
            "reviews": institution.reviews.select_related("reviewed_by"),
            "changes": [
                (c, [(_field_label(k), c.before[k], c.after.get(k)) for k in c.before])
                for c in institution.changes.select_related("changed_by")
            ],
            "former": institution.practitioners.filter(is_current=False).order_by("-left_on"),
            "open_application": institution.applications.filter(
                state__in=["submitted", "checked", "inspected"]
            ).first(),
            "can_print": request.user.has_role(*PRINTERS),
            "can": flows.REGISTER.can(request.user),
        },
    )


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def institution_edit(request, pk: int):
    """Change the details; name, premises or person in charge need re-certification."""
    institution = _institution(request, pk)
    initial = {f: getattr(institution, f) for f in services.INSTITUTION_FIELDS}
    form = InstitutionChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note", "")
        try:
            change = services.institution_change(
                actor=request.user,
                institution=institution,
                on=timezone.localdate(),
                note=note,
                **data,
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            if change.requires_recertification:
                messages.warning(
                    request,
                    _(
                        "Saved. The change of %(what)s requires re-certification: the "
                        "certificate is marked and a new application is needed."
                    )
                    % {
                        "what": "、".join(
                            str(InstitutionChange.Kind(k).label) for k in change.kinds
                        )
                    },
                )
            else:
                messages.success(request, _("The change is saved."))
            return redirect("massage_licensing:institution", pk=institution.pk)
    return render(
        request,
        "massage_licensing/institution_form.html",
        {"form": form, "institution": institution},
        status=400 if form.errors else 200,
    )


@require_roles(*PRINTERS)
@require_GET
def revocation_pdf(request, pk: int):
    """Print the 撤销决定书 of a revoked qualification (right after the revocation, or again)."""
    institution = _institution(request, pk)
    return print_or_back(
        request,
        lambda: revocation_decision(actor=request.user, institution=institution),
        reverse("massage_licensing:institution", kwargs={"pk": institution.pk}),
        refusals=(ValidationError,),
    )


@require_roles(CHAIR)
@require_http_methods(["GET", "POST"])
def revoke(request, pk: int):
    institution = _institution(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_revoke(
                actor=request.user,
                institution=institution,
                reason=form.cleaned_data["reason"],
                on=timezone.localdate(),
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The qualification is revoked."))
            return redirect("massage_licensing:revocation_pdf", pk=institution.pk)
    return render(
        request,
        "massage_licensing/revoke_form.html",
        {"form": form, "i": institution},
        status=400 if form.errors else 200,
    )


@require_roles(CENTRE)
@require_GET
def register_export(request):
    """The institution and practitioner registers as one xlsx (also the import template)."""
    institutions = list(
        selectors.institutions_for(request.user).prefetch_related("certificates").order_by("name")
    )
    staff = list(
        selectors.practitioners_for(request.user)
        .filter(is_current=True)
        .order_by("institution__name", "name")
    )
    audit.record(
        action=AuditEntry.Action.EXPORT,
        user=request.user,
        object_type="massage_licensing.institution",
        object_repr=_("Blind massage institution register"),
        detail={"institutions": len(institutions), "practitioners": len(staff)},
    )
    response = HttpResponse(register_workbook(institutions, staff), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="massage-register.xlsx"'
    return response


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def register_import(request):
    """Upload an existing register; a background job checks every row first."""
    return import_start(
        request,
        form_class=RegisterImportForm,
        template="massage_licensing/import.html",
        kind=IMPORT_KIND,
        title=_("Check massage register import %(name)s"),
    )


@require_roles(CENTRE)
@require_POST
def import_apply(request, pk: int):
    return apply_checked_import(
        request, pk, kind=IMPORT_KIND, title=_("Apply massage register import %(name)s")
    )
