"""Views of levy relief: applications, materials, the flow's steps, the decision, the yearly
publication and overdue deferrals."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, document_jobs, roles
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.responses import print_or_back, private_file_response
from cdpf.selectors import get_scoped_or_404
from employment_quota import selectors as quota_selectors
from levy_relief import flows, selectors, services
from levy_relief.forms import (
    ApplicationForm,
    CheckForm,
    DecisionForm,
    MaterialForm,
    PaymentForm,
    ReviewForm,
)
from levy_relief.jobs import PUBLICATION_KIND
from levy_relief.models import ReliefApplication
from levy_relief.pdf import decision_document
from levy_relief.spreadsheets import publication_workbook

CENTRE = flows.CENTRE
READERS = (roles.LABOUR_SERVICE, roles.CHAIRMAN, roles.SUPERVISOR)
ACTORS = (roles.LABOUR_SERVICE, roles.CHAIRMAN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _application(request, pk: int) -> ReliefApplication:
    return get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)


@require_roles(*READERS)
@require_GET
def index(request):
    """Relief applications of the region, filtered by state, year or employer."""
    state, year = request.GET.get("state", ""), request.GET.get("year", "")[:4]
    query = request.GET.get("q", "")[:50].replace("\x00", "")  # NUL: a PostgreSQL error
    rows = selectors.search(request.user, state=state, year=year, query=query)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "levy_relief/index.html",
        {
            "page": page,
            "state": state,
            "year": year,
            "q": query,
            "states": flows.STATE_LABELS.items(),
            "query": params.urlencode(),
        },
    )


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def application_new(request):
    """受理: enter an employer's application, starting from its audited levy."""
    employers = quota_selectors.employers_for(request.user).order_by("name")
    initial = {"received_on": timezone.localdate()}
    declaration_pk = request.GET.get("declaration", "")
    if declaration_pk.isdigit():
        declaration = get_scoped_or_404(
            quota_selectors.declarations_for(request.user), request.user, pk=int(declaration_pk)
        )
        initial.update(employer=declaration.employer, levy_year=declaration.audit_year.year)
    form = ApplicationForm(request.POST or None, initial=initial, employers=employers)
    summary = _levy_summary(request, form, employers, initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_receive(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The application is received."))
            return redirect("levy_relief:detail", pk=application.pk)
    return render(
        request,
        "levy_relief/application_form.html",
        {"form": form, "summary": summary},
        status=400 if form.errors else 200,
    )


def _levy_summary(request, form, employers, initial) -> dict | None:
    """The audited levy of the employer and year chosen (from the link or the posted form),
    shown before the amount is typed."""
    source = request.POST if request.method == "POST" else None
    employer_pk = source.get("employer") if source else getattr(initial.get("employer"), "pk", "")
    year = source.get("levy_year") if source else initial.get("levy_year")
    if not str(employer_pk or "").isdigit() or not str(year or "").isdigit():
        return None
    employer = employers.filter(pk=int(employer_pk)).first()
    if employer is None or not 2015 <= int(year) <= 2100:
        return None
    return services.levy_summary(employer, int(year), on=timezone.localdate())


def _rejection_surcharge(application) -> dict:
    """A rejected application leaves the levy due on its original date: where that date had
    passed by the decision, the surcharge to the decision day and how it was computed."""
    if application.state != flows.REJECTED or application.decided_on is None:
        return {}
    if application.original_due_date >= application.decided_on:
        return {}
    on, levy, due = application.decided_on, application.levy_due, application.original_due_date
    return {
        "rejected_surcharge": services.surcharge_for(application, on, amount=levy, due=due),
        "rejected_surcharge_text": services.surcharge_text(application, on, amount=levy, due=due),
    }


def _detail(request, application, *, status=200, **forms):
    today = timezone.localdate()
    unpaid = (
        application.kind == "deferral"
        and application.state == flows.APPROVED
        and application.paid_on is None
    )
    overdue = unpaid and application.new_due_date < today
    context = {
        "a": application,
        "materials": application.materials.all(),
        "steps": [s.name for s in flows.FLOW.available(request.user, application)],
        "can_upload": request.user.has_role(*CENTRE)
        and application.state not in flows.FINAL_STATES,
        "check_form": forms.get("check_form")
        or CheckForm(initial={"ticked": application.materials_ticked}),
        "review_form": forms.get("review_form") or ReviewForm(),
        "levy_review_form": forms.get("levy_review_form") or ReviewForm(prefix="levy"),
        "can_review_levy_change": bool(application.levy_change_note)
        and request.user.has_role(*flows.LEVY_CHANGE_REVIEWERS),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "payment_form": forms.get("payment_form")
        or PaymentForm(initial={"paid_on": today, "paid_amount": application.amount}),
        "overdue": overdue,
        "surcharge_now": services.surcharge_for(application, today) if overdue else None,
        "surcharge_text": services.surcharge_text(application, today) if overdue else "",
        "paid_text": services.surcharge_text(application, application.paid_on)
        if application.paid_on
        else "",
        "can_record_payment": unpaid and request.user.has_role(*CENTRE),
        **_rejection_surcharge(application),
    }
    return render(request, "levy_relief/detail.html", context, status=status)


@require_roles(*READERS)
@require_GET
def detail(request, pk: int):
    """One application: its levy, request, materials, the steps taken and the next step."""
    return _detail(request, _application(request, pk))


@require_roles(*ACTORS)
@require_POST
def step(request, pk: int, name: str):
    """Take one step of the flow; the table in flows.py says who may."""
    application = _application(request, pk)
    today, actor = timezone.localdate(), request.user
    if name in ("check", "return"):
        form, key = CheckForm(request.POST), "check_form"
    elif name == "review":
        form, key = ReviewForm(request.POST), "review_form"
    elif name in ("approve", "reject"):
        form, key = DecisionForm(request.POST), "decision_form"
    elif name == "resubmit":
        form, key = None, ""
    else:
        raise Http404
    # the flow's one answer: a step out of order is explained on the page, a wrong role is 403
    page = reverse("levy_relief:detail", args=[application.pk])
    refused = check_or_refuse(request, flows.FLOW, application, name, to=page)
    if refused is not None:
        return refused
    if form is not None and not form.is_valid():
        return _detail(request, application, status=400, **{key: form})
    data = form.cleaned_data if form is not None else {}
    try:
        if name == "check":
            services.materials_check(
                actor=actor, application=application, ticked=data["ticked"], on=today
            )
        elif name == "return":
            services.application_return(
                actor=actor,
                application=application,
                ticked=data["ticked"],
                note=data["note"],
                on=today,
            )
        elif name == "resubmit":
            services.application_resubmit(actor=actor, application=application, on=today)
        elif name == "review":
            services.application_review(
                actor=actor, application=application, opinion=data["opinion"], on=today
            )
        elif name == "approve":
            services.application_approve(
                actor=actor, application=application, reason=data["reason"], on=today
            )
        else:
            services.application_reject(
                actor=actor, application=application, reason=data["reason"], on=today
            )
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
            return redirect("levy_relief:detail", pk=application.pk)
        attach_error(form, exc)
        application.refresh_from_db()
        return _detail(request, application, status=400, **{key: form})
    messages.success(request, flows.FLOW.label_of_step(name) + " · " + _("Done."))
    return redirect("levy_relief:detail", pk=application.pk)


@require_roles(*CENTRE)
@require_http_methods(["GET", "POST"])
def material_new(request, pk: int):
    """Add a scanned material (PDF, JPEG, PNG) to the application's private file."""
    application = _application(request, pk)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_add(
                actor=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The file is stored."))
            return redirect("levy_relief:detail", pk=application.pk)
    return render(
        request,
        "levy_relief/material_form.html",
        {"form": form, "a": application},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
@require_GET
def material(request, pk: int):
    """One stored material; each read is in the audit log."""
    item = get_scoped_or_404(
        selectors.materials_for(request.user), request.user, field="application__region", pk=pk
    )
    audit.record(action=AuditEntry.Action.VIEW, obj=item, user=request.user)
    return private_file_response(
        services.material_read(item), item.content_type, f"relief-material-{item.pk}"
    )


@require_roles(*READERS)
@require_GET
def decision_pdf(request, pk: int):
    """审批决定书 (approval or rejection), kept as a printed copy."""
    application = get_scoped_or_404(
        selectors.applications_for(request.user).filter(state__in=flows.FINAL_STATES),
        request.user,
        pk=pk,
    )
    return print_or_back(
        request,
        lambda: decision_document(actor=request.user, application=application),
        reverse("levy_relief:detail", kwargs={"pk": application.pk}),
    )


def _year(request, data=None) -> int:
    raw = (request.GET if data is None else data).get("year") or str(timezone.localdate().year)
    if not raw.isdigit() or not 2015 <= int(raw) <= 2100:
        raise Http404
    return int(raw)


@require_roles(*READERS)
@require_GET
def publication(request):
    """The yearly publication of approved reliefs (on screen, PDF and xlsx)."""
    year = _year(request)
    rows = selectors.publication(request.user, year)
    return render(request, "levy_relief/publication.html", {"year": year, "rows": rows})


@require_roles(*READERS)
@require_POST
def publication_pdf(request):
    """The yearly publication as a numbered PDF, laid out in a job (decision 0230)."""
    year = _year(request, request.POST)
    return document_jobs.start(
        request,
        PUBLICATION_KIND,
        title=_("Yearly publication of levy relief %(y)s") % {"y": year},
        params={"year": year},
        back=f"{reverse('levy_relief:publication')}?year={year}",
    )


@require_roles(*READERS)
@require_GET
def publication_xlsx(request):
    year = _year(request)
    rows = list(selectors.publication(request.user, year))
    audit.record(
        action=AuditEntry.Action.EXPORT,
        user=request.user,
        object_type="levy_relief.reliefapplication",
        object_repr=_("Yearly publication of levy relief %(y)s") % {"y": year},
        detail={"rows": len(rows), "year": year},
    )
    response = HttpResponse(publication_workbook(rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="levy-relief-{year}.xlsx"'
    return response


@require_roles(roles.LABOUR_SERVICE, roles.SUPERVISOR, roles.CHAIRMAN)
@require_GET
def overdue(request):
    """Deferred amounts past their new due date and unpaid, with the surcharge to date."""
    today = timezone.localdate()
    page = Paginator(selectors.overdue_deferrals(request.user, today), 50).get_page(
        request.GET.get("page")
    )
    rates = {}  # one parameter read per region, not per row
    rows = []
    for a in page:
        if a.region_id not in rates:
            rates[a.region_id] = (
                services.surcharge_rate(a.region, today),
                services.surcharge_cap(a.region, today)[0],
            )
        rate, cap = rates[a.region_id]
        rows.append((a, services.surcharge_for(a, today, rate=rate, cap=cap)))
    return render(request, "levy_relief/overdue.html", {"page": page, "rows": rows, "today": today})


@require_roles(*CENTRE)
@require_POST
def payment(request, pk: int):
    """Record that a deferred amount was paid; the surcharge for lateness is kept with it."""
    application = _application(request, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.deferral_payment_record(
                actor=request.user,
                application=application,
                paid_on=form.cleaned_data["paid_on"],
                paid_amount=form.cleaned_data["paid_amount"],
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect("levy_relief:detail", pk=application.pk)
    return _detail(request, application, status=400, payment_form=form)


@require_roles(*flows.LEVY_CHANGE_REVIEWERS)
@require_POST
def levy_review(request, pk: int):
    """The chairman records his review of a decision whose levy a recomputation changed."""
    application = _application(request, pk)
    form = ReviewForm(request.POST, prefix="levy")
    if form.is_valid():
        try:
            services.levy_change_review(
                actor=request.user,
                application=application,
                opinion=form.cleaned_data["opinion"],
                on=timezone.localdate(),
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect("levy_relief:detail", pk=application.pk)
    return _detail(request, application, status=400, levy_review_form=form)
