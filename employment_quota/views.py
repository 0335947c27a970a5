"""Views of the quota audit: audit years, employers, declarations and their decision."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.exceptions import ValidationError as Invalid
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, document_jobs, roles
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error as _attach
from cdpf.imports import apply_checked_import, import_start
from cdpf.jobs import enqueue_job
from cdpf.models import AuditEntry, GeneratedDocument
from cdpf.permissions import require_roles
from cdpf.responses import print_or_back, private_file_response
from cdpf.selectors import get_scoped_or_404
from employment_quota import flows, levies, selectors, services
from employment_quota.drill_labels import drill_labels
from employment_quota.forms import (
    AuditYearForm,
    DeclarationForm,
    DeclarationImportForm,
    EmployeeLineFormSet,
    EmployerEditForm,
    EmployerForm,
    EmployerImportForm,
    MaterialUploadForm,
    ReasonForm,
    WageForm,
)
from employment_quota.jobs import DASHBOARD_KIND, DECLARATION_IMPORT_KIND, IMPORT_KIND, LEVY_KIND
from employment_quota.models import (
    MATERIAL_KINDS,
    MATERIAL_LABELS,
    AuditYear,
    Declaration,
    DeclaredEmployee,
    MaterialFile,
)
from employment_quota.pdf import audit_certificate
from employment_quota.spreadsheets import declaration_template, employer_workbook, tax_workbook

CENTRE = (roles.LABOUR_SERVICE,)
READERS = (
    roles.LABOUR_SERVICE,
    roles.SUPERVISOR,
    roles.CHAIRMAN,
    roles.EDUCATION_EMPLOYMENT,
)


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


DASHBOARD_ROLES = (roles.SUPERVISOR, roles.LABOUR_SERVICE, roles.CHAIRMAN)


def _dashboard_year(request, data=None) -> int:
    try:
        year = int(
            (request.GET if data is None else data).get("year") or timezone.localdate().year - 1
        )
    except ValueError as exc:
        raise Http404 from exc
    if not 2015 <= year <= 2100:
        raise Http404
    return year


def _dashboard_context(request, year: int) -> dict:
    figures = selectors.dashboard(request.user, year)
    trend = selectors.yearly_trend(request.user, [year - 2, year - 1, year])
    return {"f": figures, "trend": trend, "region": request.user.region}


@require_roles(*DASHBOARD_ROLES)
@require_GET
def dashboard(request):
    """Compliance at a glance: figures, bars drawn as SVG with their numbers in a table beside
    each chart; every number links to the employers behind it."""
    return render(
        request,
        "employment_quota/dashboard.html",
        _dashboard_context(request, _dashboard_year(request)),
    )


@require_roles(*DASHBOARD_ROLES)
@require_GET
def dashboard_list(request):
    """The declarations behind one figure of the dashboard."""
    year = _dashboard_year(request)

    filters = {k: request.GET[k] for k in selectors.DRILL_FILTERS if request.GET.get(k)}
    try:
        rows = selectors.dashboard_declarations(request.user, year, filters)
    except Invalid:
        messages.error(request, _("That filter is not known; showing every declaration."))
        filters = {}
        rows = selectors.dashboard_declarations(request.user, year, filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "employment_quota/dashboard_list.html",
        {
            "year": year,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "filter_labels": drill_labels(filters),
        },
    )


@require_roles(*DASHBOARD_ROLES)
@require_POST
def dashboard_pdf(request):
    """The dashboard as a printed, numbered document (charts and tables), counted and laid
    out in a job (decision 0230)."""
    year = _dashboard_year(request, request.POST)
    return document_jobs.start(
        request,
        DASHBOARD_KIND,
        title=_("Quota audit dashboard of %(year)s") % {"year": year},
        params={"year": year},
        back=f"{reverse('employment_quota:dashboard')}?year={year}",
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
