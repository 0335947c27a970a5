"""Employers: the register, a page, entry and change, and the register's export and import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit
from cdpf.forms import attach_error as _attach
from cdpf.imports import apply_checked_import, import_start
from cdpf.models import AuditEntry, GeneratedDocument
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from employment_quota import flows, selectors, services
from employment_quota.forms import (
    EmployerEditForm,
    EmployerForm,
    EmployerImportForm,
)
from employment_quota.jobs import IMPORT_KIND
from employment_quota.models import (
    Declaration,
)
from employment_quota.spreadsheets import employer_workbook
from employment_quota.views.common import CENTRE, READERS


@require_roles(*READERS)
@require_GET
def employers(request):
    query = request.GET.get("q", "")[:50].replace("\x00", "")  # NUL: a PostgreSQL error
    rows = selectors.search_employers(request.user, query)
    missing = request.GET.get("missing", "")
    missing = int(missing) if missing.isdigit() and 2015 <= int(missing) <= 2100 else None
    if missing:  # from the dashboard: registered, but no declaration that year
        rows = rows.exclude(
            declarations__in=Declaration.objects.filter(audit_year__year=missing).exclude(
                state=Declaration.State.DRAFT
            )
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    params = {k: v for k, v in (("q", query), ("missing", missing)) if v}
    return render(
        request,
        "employment_quota/employers.html",
        {
            "page": page,
            "q": query,
            "missing": missing,
            "query": urlencode(params),
            "can": flows.REGISTER.can(request.user),
        },
    )


@require_roles(*READERS)
@require_GET
def employer_detail(request, pk: int):
    """One employer: its registration, declarations and levies by year, reliefs and the
    documents printed for it."""
    employer = get_scoped_or_404(selectors.employers_for(request.user), request.user, pk=pk)
    declarations = list(
        selectors.declarations_for(request.user)
        .filter(employer=employer)
        .order_by("-audit_year__year")
    )
    documents = GeneratedDocument.objects.filter(
        object_type="employment_quota.declaration",
        object_id__in=[str(d.pk) for d in declarations],
    ).order_by("-created_at")
    return render(
        request,
        "employment_quota/employer_detail.html",
        {
            "employer": employer,
            "declarations": declarations,
            "documents": documents.only("number", "title", "created_at"),
            "can_edit": flows.REGISTER.may(request.user, None, "correct_employer"),
        },
    )


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def employer_edit(request, pk: int):
    """Correct an employer's registration; a new type marks its audited years for recompute."""
    employer = get_scoped_or_404(selectors.employers_for(request.user), request.user, pk=pk)
    fields = ("name", "employer_type", "address", "contact_name", "contact_phone")
    form = EmployerEditForm(request.POST or None, initial={f: getattr(employer, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(
                actor=request.user,
                employer=employer,
                on=timezone.localdate(),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("The employer's registration is corrected."))
            return redirect("employment_quota:employer", pk=employer.pk)
    return render(
        request,
        "employment_quota/employer_edit.html",
        {"form": form, "employer": employer},
        status=400 if form.errors else 200,
    )


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def employer_new(request):
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_register(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("The employer is registered."))
            return redirect("employment_quota:employers")
    return render(
        request,
        "employment_quota/employer_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_roles(*CENTRE)
@require_GET
def employers_export(request):
    """The employer register as xlsx (also the import template)."""
    rows = list(selectors.employers_for(request.user).order_by("name"))
    audit.record(
        action=AuditEntry.Action.EXPORT,
        user=request.user,
        object_type="employment_quota.employer",
        object_repr=_("Employer register"),
        detail={"rows": len(rows)},
    )
    response = HttpResponse(
        employer_workbook(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="employers.xlsx"'
    return response


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def employers_import(request):
    """Upload an employer register; a background job checks every row first."""
    return import_start(
        request,
        form_class=EmployerImportForm,
        template="employment_quota/import.html",
        kind=IMPORT_KIND,
        title=_("Check employer import %(name)s"),
    )


@require_roles(*CENTRE)
@require_POST
def import_apply(request, pk: int):
    return apply_checked_import(
        request, pk, kind=IMPORT_KIND, title=_("Apply employer import %(name)s")
    )
