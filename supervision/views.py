"""Views of supervision: thin — permission (the role table of supervision.rules), form,
service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, roles
from cdpf.forms import attach_error
from cdpf.models import AuditEntry, User
from cdpf.pdf import MissingGlyphError
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404, scope_to_user
from certificates import selectors as certificate_selectors
from employment_quota import selectors as quota_selectors
from supervision import forms, pdf, rules, selectors, services
from supervision.models import Complaint, Inspection, Measure, PoliceRecord

R = rules.STEP_ROLES
READERS = rules.READERS
DASHBOARD = READERS


def _today():
    return timezone.localdate()


def _pdf(document) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.number}.pdf"'
    return response


def _print(request, make, back):
    try:
        return _pdf(make())
    except MissingGlyphError as exc:
        messages.error(request, str(exc))
        return back


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or _today().year)
    except ValueError as exc:
        raise Http404 from exc
    if not 1900 <= year <= 2999:  # a date of that year would not exist (a 500, not a page)
        raise Http404
    return year


# ---- dashboard and plans -----------------------------------------------------------------


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
            "can_plan": rules.may("plan_create", request.user.role_names),
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
            "can_create": rules.may("inspection_create", request.user.role_names),
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


# ---- inspections -------------------------------------------------------------------------


def _inspection(request, pk):
    return get_scoped_or_404(selectors.inspections_for(request.user), request.user, pk=pk)


def _render_inspection(request, inspection, status=200, **forms_):
    user_roles = request.user.role_names
    context = {
        "i": inspection,
        "items": inspection.items.all(),
        "evidence": inspection.evidence.select_related("uploaded_by"),
        "findings": inspection.findings.prefetch_related("measures"),
        "evidence_form": forms_.get("evidence_form") or forms.EvidenceForm(),
        "finding_form": forms_.get("finding_form") or forms.FindingForm(),
        "measure_form": forms_.get("measure_form") or forms.MeasureForm(),
        "measure_finding": forms_.get("measure_finding"),
        "can_act": rules.may("inspection_notify", user_roles),
        "documents": rules.may("inspection_notify", user_roles)
        or request.user.has_role(*roles.document_readers("supervision_")),
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
    if inspection.state != Inspection.State.NOTIFIED:
        messages.error(request, _("Notify the subject first; a check is recorded once."))
        return redirect("supervision:inspection", pk=pk)
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
    from supervision.models import Evidence

    evidence = get_scoped_or_404(
        Evidence.objects.select_related("inspection__region"),
        request.user,
        field="inspection__region",
        pk=pk,
    )
    audit.record(action=AuditEntry.Action.VIEW, obj=evidence, user=request.user)
    response = HttpResponse(services.evidence_read(evidence), content_type=evidence.content_type)
    response["Content-Disposition"] = f'inline; filename="evidence-{evidence.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_roles(*R["finding_add"])
@require_POST
def finding_add(request, pk: int):
    inspection = _inspection(request, pk)
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
    from supervision.models import Finding

    finding = get_scoped_or_404(
        Finding.objects.select_related("inspection"),
        request.user,
        field="inspection__region",
        pk=pk,
    )
    form = forms.MeasureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        certificate = None
        if data["certificate_number"]:
            certificate = (
                certificate_selectors.certificates_for(request.user)
                .filter(number=data["certificate_number"].strip().upper(), status="valid")
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


# ---- measures ----------------------------------------------------------------------------


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
            "can_follow": measure.state == "open"
            and user.has_role(roles.SUPERVISOR, measure.responsible_role),
            "can_close": measure.state == "open" and rules.may("measure_close", user.role_names),
            "can_certificate": measure.state == "open"
            and measure.kind in ("reassessment", "cancellation")
            and rules.may("measure_certificate", user.role_names),
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


# ---- complaints --------------------------------------------------------------------------


@require_roles(*READERS)
@require_GET
def complaints(request):
    qs = selectors.complaints_for(request.user)
    if request.GET.get("state") in Complaint.State.values:
        qs = qs.filter(state=request.GET["state"])
    if request.GET.get("overdue") == "1":
        qs = selectors.overdue_complaints(request.user, _today())
    if request.GET.get("mine") == "1":
        qs = qs.filter(assignee=request.user)
    page = Paginator(qs.order_by("-received_on", "-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/complaints.html",
        {
            "page": page,
            "query": query.urlencode(),
            "states": Complaint.State.choices,
            "can_intake": rules.may("complaint_intake", request.user.role_names),
        },
    )


@require_roles(*R["complaint_intake"])
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    form = forms.ComplaintForm(
        request.POST if request.method == "POST" else None, initial={"received_on": _today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_receive(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The complaint is registered."))
            return redirect("supervision:complaint", pk=complaint.pk)
    return render(
        request,
        "supervision/complaint_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _complaint(request, pk):
    return get_scoped_or_404(selectors.complaints_for(request.user), request.user, pk=pk)


def _render_complaint(request, complaint, status=200, **forms_):
    user_roles = request.user.role_names
    return render(
        request,
        "supervision/complaint_detail.html",
        {
            "c": complaint,
            "inspections": complaint.inspections.select_related(
                "employer", "person", "staff", "doctor"
            ),
            "assign_form": forms_.get("assign_form")
            or forms.AssignForm(supervisors=selectors.assignable_supervisors(complaint.region)),
            "verify_form": forms_.get("verify_form") or _inspection_form(request),
            "answer_form": forms_.get("answer_form") or forms.AnswerForm(),
            "close_form": forms_.get("close_form") or forms.CloseComplaintForm(),
            "subjects": rules.SUBJECTS_BY_RULE[complaint.rule],
            "may": {step: rules.may(step, user_roles) for step in rules.STEP_ROLES},
            "is_assignee": complaint.assignee_id == request.user.pk,
        },
        status=status,
    )


@require_roles(*READERS)
@require_GET
def complaint_detail(request, pk: int):
    complaint = _complaint(request, pk)
    if not complaint.anonymous:
        audit.record(action=AuditEntry.Action.VIEW, obj=complaint, user=request.user)
    return _render_complaint(request, complaint)


@require_roles(*R["complaint_assign"])
@require_POST
def complaint_assign(request, pk: int):
    complaint = _complaint(request, pk)
    form = forms.AssignForm(
        request.POST, supervisors=selectors.assignable_supervisors(complaint.region)
    )
    if form.is_valid():
        try:
            services.complaint_assign(
                actor=request.user,
                complaint=complaint,
                assignee=form.cleaned_data["assignee"],
                on=_today(),
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:complaint", pk=pk)
    return _render_complaint(request, complaint, status=400, assign_form=form)


@require_roles(*R["complaint_verify"])
@require_POST
def complaint_verify(request, pk: int):
    """Start the verification check of the subject complained about."""
    complaint = _complaint(request, pk)
    form = _inspection_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.complaint_verify(
                actor=request.user,
                complaint=complaint,
                method=data["method"],
                subject_kind=data["subject_kind"],
                subject=data["subject"],
                scheduled_on=data["scheduled_on"],
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:inspection", pk=inspection.pk)
    return _render_complaint(request, complaint, status=400, verify_form=form)


@require_roles(*R["complaint_answer"])
@require_POST
def complaint_answer(request, pk: int):
    complaint = _complaint(request, pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_answer(
                actor=request.user, complaint=complaint, on=_today(), **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            return redirect("supervision:complaint", pk=pk)
    return _render_complaint(request, complaint, status=400, answer_form=form)


@require_roles(*R["complaint_close"])
@require_POST
def complaint_close(request, pk: int):
    complaint = _complaint(request, pk)
    form = forms.CloseComplaintForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_close(
                actor=request.user, complaint=complaint, note=form.cleaned_data["note"], on=_today()
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The complaint is closed."))
            return redirect("supervision:complaint", pk=pk)
    return _render_complaint(request, complaint, status=400, close_form=form)


# ---- the quarterly police file -----------------------------------------------------------

POLICE = rules.POLICE_READERS


@require_roles(*POLICE)
@require_GET
def police(request):
    """The police files imported, and the quarterly list and year-end report."""
    year = _year(request)
    return render(
        request,
        "supervision/police.html",
        {
            "files": selectors.police_files_for(request.user).filter(year=year),
            "year": year,
            "quarters": selectors.quarter_figures(request.user.region, year),
            "can_import": rules.may("police_import", request.user.role_names),
        },
    )


@require_roles(*POLICE)
@require_GET
def police_template(request):
    """The published template of the police file (.xlsx)."""
    from supervision.spreadsheets import police_template as make

    response = HttpResponse(
        make(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="police-file-template.xlsx"'
    return response


@require_roles(*R["police_import"])
@require_http_methods(["GET", "POST"])
def police_import(request):
    """Upload a police file; a background job checks, then matches every row."""
    from cdpf.jobs import enqueue_job
    from supervision.jobs import POLICE_KIND

    year, quarter = forms.quarter_today()
    form = forms.PoliceFileForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": year, "quarter": quarter},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = enqueue_job(
            actor=request.user,
            kind=POLICE_KIND,
            title=_("Police file %(name)s") % {"name": upload.name},
            params={"year": form.cleaned_data["year"], "quarter": form.cleaned_data["quarter"]},
            input_file=upload.read(),
            input_name=upload.name,
        )
        return redirect("job_detail", pk=job.pk)
    return render(
        request,
        "supervision/police_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_roles(*POLICE)
@require_GET
def police_file(request, pk: int):
    """One file's rows: proposed matches first, for staff to confirm or reject."""
    police_file = get_scoped_or_404(selectors.police_files_for(request.user), request.user, pk=pk)
    records = selectors.police_records_for(request.user).filter(police_file=police_file)
    match = request.GET.get("match") or "proposed"
    if match in PoliceRecord.Match.values:
        records = records.filter(match=match)
    page = Paginator(records.order_by("row"), 50).get_page(request.GET.get("page"))
    audit.record(
        action=AuditEntry.Action.VIEW,
        obj=police_file,
        user=request.user,
        detail={"match": match, "page": page.number},
    )
    counts = dict(police_file.records.values_list("match").annotate(n=Count("id")).order_by())
    return render(
        request,
        "supervision/police_file.html",
        {
            "f": police_file,
            "page": page,
            "match": match,
            "query": f"match={match}",
            "matches": [(v, label, counts.get(v, 0)) for v, label in PoliceRecord.Match.choices],
            "can_confirm": rules.may("police_confirm", request.user.role_names),
            # DOMAIN.md §7: masked in lists; whole for the office that decides each match
            "full_id": rules.may("police_confirm", request.user.role_names),
            "can_open_holder": request.user.has_role(*roles.document_readers("certificate_")),
            "reject_form": forms.RejectForm(),
        },
    )


def _record(request, pk):
    return get_scoped_or_404(selectors.police_records_for(request.user), request.user, pk=pk)


@require_roles(*R["police_confirm"])
@require_POST
def police_confirm(request, pk: int):
    """Confirm one match: exactly its certificate is cancelled."""
    record = _record(request, pk)
    try:
        certificate = services.police_record_confirm(actor=request.user, record=record, on=_today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Certificate %(n)s of %(name)s is cancelled.")
            % {"n": certificate.masked_number, "name": record.name},
        )
    return redirect("supervision:police_file", pk=record.police_file_id)


@require_roles(*R["police_confirm"])
@require_POST
def police_reject(request, pk: int):
    record = _record(request, pk)
    form = forms.RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the match is rejected."))
    else:
        try:
            services.police_record_reject(
                actor=request.user, record=record, note=form.cleaned_data["note"], on=_today()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The match is rejected; the certificate is unchanged."))
    return redirect("supervision:police_file", pk=record.police_file_id)


@require_roles(*POLICE)
@require_GET
def police_quarter_pdf(request, year: int, quarter: int):
    if quarter not in range(1, 5):
        raise Http404
    return _print(
        request,
        lambda: pdf.quarterly_list(
            actor=request.user, region=request.user.region, year=year, quarter=quarter
        ),
        redirect(f"{_police_url()}?year={year}"),
    )


@require_roles(*POLICE)
@require_GET
def police_year_pdf(request, year: int):
    return _print(
        request,
        lambda: pdf.year_report(actor=request.user, region=request.user.region, year=year),
        redirect(f"{_police_url()}?year={year}"),
    )


def _police_url():
    from django.urls import reverse

    return reverse("supervision:police")
