"""Views of the massage institution register: institutions, practitioners, applications,
inspections, certificates, yearly reviews, changes and revocations. Roles: flows.py."""

import datetime

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
from cdpf.forms import attach_error
from cdpf.imports import apply_checked_import, import_start
from cdpf.messages import render as render_lines
from cdpf.messages import render_text
from cdpf.models import AuditEntry
from cdpf.params import get_param
from cdpf.permissions import require_roles
from cdpf.responses import print_or_back, private_file_response
from cdpf.selectors import get_scoped_or_404
from massage_licensing import flows, selectors, services
from massage_licensing.flows import CENTRE, CHAIR, PRINTERS, READERS
from massage_licensing.forms import (
    InspectionForm,
    InstitutionChangeForm,
    InstitutionFilterForm,
    InstitutionForm,
    LeaveForm,
    PractitionerEditForm,
    PractitionerForm,
    ReasonForm,
    RegisterImportForm,
    ReviewForm,
)
from massage_licensing.jobs import IMPORT_KIND
from massage_licensing.models import InspectionPhoto, Institution, InstitutionChange, YearlyReview
from massage_licensing.pdf import qualification_certificate, rejection_notice, revocation_decision
from massage_licensing.photos import photo_read
from massage_licensing.spreadsheets import register_workbook

FULL_ID_ROLES = (roles.LABOUR_SERVICE, roles.CHAIRMAN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _institution(request, pk):
    return get_scoped_or_404(selectors.institutions_for(request.user), request.user, pk=pk)


def _field_label(name: str) -> str:
    try:
        return str(Institution._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists keeps its stored name
        return name


def _application(request, pk):
    return get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)


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


def _unmet_warning(institution) -> str:
    checks = services.evaluate(institution, timezone.localdate())
    return _(
        "The certified institution no longer meets the requirements: %(unmet)s. It must "
        "rectify, or the chairman may revoke the qualification."
    ) % {
        "unmet": render_lines(services.unmet_lines(checks))
        or render_text(institution.requirements_unmet)
    }


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


@require_roles(CENTRE)
@require_POST
def application_submit(request, pk: int):
    institution = _institution(request, pk)
    try:
        application = services.application_submit(
            actor=request.user, institution=institution, on=timezone.localdate()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("massage_licensing:institution", pk=institution.pk)
    messages.success(request, _("The application is received."))
    return redirect("massage_licensing:application", pk=application.pk)


@require_roles(*READERS)
@require_GET
def application_detail(request, pk: int):
    application = _application(request, pk)
    inspection = getattr(application, "inspection", None)
    return render(
        request,
        "massage_licensing/application_detail.html",
        {
            "a": application,
            "inspection": inspection,
            "photos": inspection.photos.all() if inspection else [],
            "events": application.events.select_related("actor"),
            "certificate": getattr(application, "certificate", None),
            "reason_form": ReasonForm(),
            "can": flows.APPLICATION.can(request.user, application),
            "can_print": request.user.has_role(*PRINTERS),
        },
    )


@require_roles(CENTRE, CHAIR)
@require_POST
def application_step(request, pk: int, step: str):
    """Check (centre), approve or reject (chairman); the service enforces the role."""
    application = _application(request, pk)
    today = timezone.localdate()
    if step not in ("check", "approve", "reject"):
        raise Http404  # submission and inspection have pages of their own
    page = reverse("massage_licensing:application", args=[application.pk])
    refused = check_or_refuse(request, flows.APPLICATION, application, step, to=page)
    if refused is not None:
        return refused
    try:
        if step == "check":
            services.application_check(actor=request.user, application=application, on=today)
        elif step == "approve":
            certificate = services.application_approve(
                actor=request.user, application=application, on=today
            )
            messages.success(request, _("Approved: certificate %(n)s.") % {"n": certificate.number})
            return redirect("massage_licensing:application", pk=application.pk)
        else:
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the reasons for the rejection."))
            services.application_reject(
                actor=request.user,
                application=application,
                reason=form.cleaned_data["reason"],
                on=today,
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("massage_licensing:application", pk=application.pk)


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def inspection_new(request, pk: int):
    """Record the on-site inspection with photos."""
    application = _application(request, pk)
    page = reverse("massage_licensing:application", args=[application.pk])
    refused = check_or_refuse(request, flows.APPLICATION, application, "inspect", to=page)
    if refused is not None:
        return refused
    form = InspectionForm(
        request.POST or None,
        request.FILES or None,
        initial={"inspected_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_record(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("massage_licensing:application", pk=application.pk)
    return render(
        request,
        "massage_licensing/inspection_form.html",
        {"form": form, "a": application},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
@require_GET
def inspection_photo(request, pk: int):
    photo = get_scoped_or_404(
        InspectionPhoto.objects.select_related("inspection__application__region"),
        request.user,
        field="inspection__application__region",
        pk=pk,
    )
    audit.record(action=AuditEntry.Action.VIEW, user=request.user, obj=photo)
    return private_file_response(photo_read(photo), photo.content_type, f"photo-{photo.pk}")


@require_roles(*PRINTERS)
@require_GET
def certificate_pdf(request, pk: int):
    """Print the 盲人保健按摩机构资格认定证书 of an approved application."""
    application = get_scoped_or_404(
        selectors.applications_for(request.user).filter(state="approved"), request.user, pk=pk
    )
    return print_or_back(
        request,
        lambda: qualification_certificate(actor=request.user, application=application),
        reverse("massage_licensing:application", kwargs={"pk": application.pk}),
        refusals=(ValidationError,),
    )


@require_roles(*PRINTERS)
@require_GET
def rejection_pdf(request, pk: int):
    """Print the rejection notice of a rejected application."""
    application = get_scoped_or_404(
        selectors.applications_for(request.user).filter(state="rejected"), request.user, pk=pk
    )
    return print_or_back(
        request,
        lambda: rejection_notice(actor=request.user, application=application),
        reverse("massage_licensing:application", kwargs={"pk": application.pk}),
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


@require_roles(*READERS)
@require_GET
def reviews_due(request):
    """The yearly reviews falling due, and institutions that must rectify."""
    today = timezone.localdate()
    window = get_param("massage.review_due_window_days", on=today, region=request.user.region)
    rows = selectors.reviews_due(request.user, until=today + datetime.timedelta(days=window))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "massage_licensing/reviews_due.html",
        {"page": page, "today": today, "window": window, "query": ""},
    )


@require_roles(CENTRE)
@require_http_methods(["GET", "POST"])
def review_new(request, pk: int):
    institution = _institution(request, pk)
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, initial={"year": today.year, "passed": "1"})
    checks = services.evaluate(institution, today)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.yearly_review_record(
                actor=request.user, institution=institution, on=today, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            if review.passed:
                messages.success(request, _("The yearly review passed."))
            else:
                messages.warning(
                    request,
                    _("The review failed: rectify by %(date)s.") % {"date": review.rectify_by},
                )
            return redirect("massage_licensing:institution", pk=institution.pk)
    return render(
        request,
        "massage_licensing/review_form.html",
        {"form": form, "i": institution, "checks": checks},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
@require_GET
def review_detail(request, pk: int):
    """One yearly review: its result, the checklist as of its date, any written exception."""
    review = get_scoped_or_404(
        YearlyReview.objects.select_related("institution", "reviewed_by"), request.user, pk=pk
    )
    return render(request, "massage_licensing/review_detail.html", {"r": review})


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
