"""Declarations: entry, the page and its steps, the audit certificate, the declaration import
and the materials filed with a declaration."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, roles
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error as _attach
from cdpf.imports import apply_checked_import, import_start
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.responses import print_or_back, private_file_response
from cdpf.selectors import get_scoped_or_404
from employment_quota import flows, selectors, services
from employment_quota.forms import (
    DeclarationForm,
    DeclarationImportForm,
    EmployeeLineFormSet,
    MaterialUploadForm,
    ReasonForm,
)
from employment_quota.jobs import DECLARATION_IMPORT_KIND
from employment_quota.models import (
    MATERIAL_KINDS,
    MATERIAL_LABELS,
    AuditYear,
    DeclaredEmployee,
    MaterialFile,
)
from employment_quota.pdf import audit_certificate
from employment_quota.spreadsheets import declaration_template
from employment_quota.views.common import CENTRE, READERS


def _lines(formset) -> list[dict]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def declaration_edit(request, year_pk: int, pk: int | None = None):
    """Enter or correct a declaration with one line per disabled employee."""
    year = get_scoped_or_404(selectors.audit_years_for(request.user), request.user, pk=year_pk)
    declaration = None
    initial, lines = {}, []
    if pk is not None:
        declaration = get_scoped_or_404(
            selectors.declarations_for(request.user), request.user, pk=pk, audit_year=year
        )
        initial = {
            "employer": declaration.employer,
            "staff": declaration.staff,
            "wage_bill": declaration.wage_bill,
        }
        lines = [
            {
                "certificate_number": e.certificate.number,
                "months": e.months,
                "employment_form": e.employment_form,
                "counts_here": e.counts_here,
                "monthly_wage": e.monthly_wage,
                "insurance_paid": e.insurance_paid,
                "materials": e.materials,
            }
            for e in declaration.employees.select_related("certificate")
        ]
    employers = selectors.employers_for(request.user).filter(region=year.region)
    data = request.POST if request.method == "POST" else None
    form = DeclarationForm(data, initial=initial, employers=employers)
    formset = EmployeeLineFormSet(data, initial=lines, prefix="employees")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            declaration = services.declaration_save(
                actor=request.user,
                audit_year=year,
                employer=form.cleaned_data["employer"],
                staff=form.cleaned_data["staff"],
                wage_bill=form.cleaned_data["wage_bill"],
                employees=_lines(formset),
                declaration=declaration,
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            return redirect("employment_quota:declaration", pk=declaration.pk)
    failed = request.method == "POST"
    return render(
        request,
        "employment_quota/declaration_form.html",
        {"year": year, "form": form, "formset": formset, "declaration": declaration},
        status=400 if failed else 200,
    )


@require_roles(*READERS)
@require_GET
def declaration_detail(request, pk: int):
    declaration = get_scoped_or_404(selectors.declarations_for(request.user), request.user, pk=pk)
    return _declaration_page(request, declaration)


def _declaration_page(request, declaration, *, reason_form=None, status: int = 200):
    return render(
        request,
        "employment_quota/declaration_detail.html",
        {
            "d": declaration,
            "employees": _with_files(declaration),
            "material_kinds": MATERIAL_KINDS,
            "material_labels": MATERIAL_LABELS,
            "reason_form": reason_form or ReasonForm(),
            "can": flows.DECLARATION.can(request.user, declaration),
        },
        status=status,
    )


def _with_files(declaration) -> list:
    """The employee lines, each with the stored scans of its person (the checklist)."""
    files: dict[int, list] = {}
    for stored in declaration.material_files.all():
        files.setdefault(stored.person_id, []).append(stored)
    employees = list(declaration.employees.select_related("certificate__person"))
    for employee in employees:
        employee.files = files.get(employee.certificate.person_id, [])
    return employees


@require_roles(*CENTRE)
@require_POST
def declaration_step(request, pk: int, step: str):
    declaration = get_scoped_or_404(selectors.declarations_for(request.user), request.user, pk=pk)
    today = timezone.localdate()
    if step not in ("submit", "approve", "return", "reject"):
        raise Http404  # editing and scans have pages of their own
    page = reverse("employment_quota:declaration", args=[declaration.pk])
    refused = check_or_refuse(request, flows.DECLARATION, declaration, step, to=page)
    if refused is not None:
        return refused
    try:
        if step == "submit":
            services.declaration_submit(actor=request.user, declaration=declaration, on=today)
        elif step == "approve":
            services.declaration_approve(actor=request.user, declaration=declaration, on=today)
        else:
            form = ReasonForm(request.POST)
            if not form.is_valid():  # the error under the reason field, what was typed kept
                return _declaration_page(request, declaration, reason_form=form, status=400)
            if step == "return":
                services.declaration_return(
                    actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"]
                )
            else:
                services.declaration_reject(
                    actor=request.user,
                    declaration=declaration,
                    reason=form.cleaned_data["reason"],
                    on=today,
                )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("employment_quota:declaration", pk=declaration.pk)


@require_roles(*READERS)
@require_GET
def declaration_pdf(request, pk: int):
    """审核认定表 with the levy explanation."""
    declaration = get_scoped_or_404(
        selectors.declarations_for(request.user).filter(state="approved"), request.user, pk=pk
    )
    return print_or_back(
        request,
        lambda: audit_certificate(actor=request.user, declaration=declaration),
        reverse("employment_quota:declaration", kwargs={"pk": declaration.pk}),
    )


# --- Declarations imported from the published template ----------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_roles(*CENTRE)
@require_GET
def declarations_template(request):
    """The empty workbook to fill in (sheet 申报, and 填写说明 with an example)."""
    response = HttpResponse(declaration_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="declarations-template.xlsx"'
    return response


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def declarations_import(request, pk: int):
    """Upload a year's declarations; a background job checks every row first (dry run)."""
    year = get_scoped_or_404(selectors.audit_years_for(request.user), request.user, pk=pk)
    return import_start(
        request,
        form_class=DeclarationImportForm,
        template="employment_quota/declarations_import.html",
        context={"year": year},
        kind=DECLARATION_IMPORT_KIND,
        title=_("Check declarations import %(name)s"),
        params={"audit_year": year.pk},
        region=year.region,
        refusal=lambda: (
            _("The %(y)s audit is closed.") % {"y": year.year}
            if year.status != AuditYear.Status.OPEN
            else None
        ),
    )


@require_roles(*CENTRE)
@require_POST
def declarations_import_apply(request, pk: int):
    return apply_checked_import(
        request, pk, kind=DECLARATION_IMPORT_KIND, title=_("Apply declarations import %(name)s")
    )


# --- The materials checklist ---------------------------------------------------------------


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def material_upload(request, pk: int):
    """Add a scan of one item of a disabled employee's materials."""
    employee = get_scoped_or_404(
        DeclaredEmployee.objects.select_related(
            "declaration__employer", "declaration__audit_year", "certificate__person"
        ),
        request.user,
        field="declaration__region",
        pk=pk,
    )
    form = MaterialUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_store(
                actor=request.user,
                employee=employee,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("The file is stored."))
            return redirect("employment_quota:declaration", pk=employee.declaration_id)
    return render(
        request,
        "employment_quota/material_form.html",
        {"form": form, "employee": employee, "d": employee.declaration},
        status=400 if form.errors else 200,
    )


@require_roles(roles.LABOUR_SERVICE, roles.SUPERVISOR)
@require_GET
def material_download(request, pk: int):
    """One stored scan, to the centre and supervisors only; each access is audited."""
    stored = get_scoped_or_404(MaterialFile.objects.all(), request.user, pk=pk)
    audit.record(
        action=AuditEntry.Action.VIEW,
        obj=stored,
        user=request.user,
        detail={"declaration": stored.declaration_id, "person": stored.person_id},
    )
    return private_file_response(
        services.material_read(stored), stored.content_type, f"material-{stored.pk}"
    )
