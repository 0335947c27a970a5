"""Views of the certificate register: search, the record page, the new-issue and loss flows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, calendar, roles
from cdpf.flows import check_or_refuse
from cdpf.forms import attach_error as _attach
from cdpf.models import AuditEntry
from cdpf.paginator import FirstPageFirstPaginator
from cdpf.params import get_param
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404, scope_regions
from certificates import flows, selectors, services
from certificates.forms import (
    ApplicantForm,
    AssessmentForm,
    CertificateApplicationForm,
    CorrectionForm,
    HandoverForm,
    NoticeForm,
    ReturnForm,
    SearchForm,
    TransferInForm,
    TransferInOutsideForm,
    signer_choices,
)
from tongban import selectors as tongban_selectors
from tongban.sides import case_of, current_owner, owner_region

READERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN, roles.SUPERVISOR)
WORKERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)


@require_roles(*READERS)
@require_GET
def index(request):
    """Search the register; ID numbers are masked in the list."""
    form = SearchForm(request.GET or None, regions=scope_regions(request.user))
    applying = []
    if form.is_bound and not form.is_valid():
        results = selectors.certificates_for(request.user).none()  # the error says why
    else:
        filters = form.cleaned_data if form.is_bound else {}
        results = selectors.search_certificates(request.user, filters=filters)
        applying = selectors.open_applications_matching(request.user, filters.get("q") or "")
    page = FirstPageFirstPaginator(results, 25)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certificates/index.html",
        {
            "form": form,
            "page": page.get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "applying": applying,
            "can": flows.REGISTER.can(request.user),
        },
    )


@require_roles(*WORKERS)
@require_GET
def queue(request):
    """Applications waiting for a step of the user's roles, oldest first, overdue marked."""
    mine = request.user.role_names
    states = sorted(
        {
            source
            for flow in flows.FLOWS.values()
            for s in flow.steps
            if mine.intersection(s.roles)
            for source in s.sources
        },
        key=list(flows.STATE_LABELS).index,
    )
    rows = (
        selectors.applications_for(request.user)
        .filter(state__in=states)
        .select_related("tongban__residence_region")
        .order_by("received_on", "id")
    )

    # 通办 (docs/decisions/0180): a step of the residence is on the residence's queue only
    region = request.user.region
    rows = [a for a in rows if not hasattr(a, "tongban") or region.contains(
        current_owner(a.tongban) or a.region)]  # fmt: skip
    return render(
        request,
        "certificates/queue.html",
        {
            "rows": rows,
            "residence_rows": tongban_selectors.residence_queue(request.user),
            "today": timezone.localdate(),
            "labels": flows.STATE_LABELS,
        },
    )


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def applicant_new(request):
    """受理: register the applicant and receive a new-issue application."""
    form = ApplicantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        materials, category = data.pop("materials"), data.pop("requested_category")
        services.audit_cross_district_lookup(actor=request.user, id_number=data["id_number"])
        try:
            with transaction.atomic():
                person = services.person_for_application(
                    actor=request.user,
                    region=request.user.region,
                    today=timezone.localdate(),
                    **data,
                )
                application = services.application_new(
                    actor=request.user,
                    person=person,
                    materials=materials,
                    requested_category=category,
                    on=timezone.localdate(),
                )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(
                request, _("The application of %(name)s is received.") % {"name": person.name}
            )
            return redirect("certificates:application", pk=application.pk)
    return render(
        request,
        "certificates/applicant_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_roles(*READERS)
@require_GET
def person_detail(request, pk: int):
    """A holder's record: the whole ID number for permitted roles; every view is audited."""
    person = get_scoped_or_404(selectors.people_for(request.user), request.user, pk=pk)
    full_id = request.user.has_role(*selectors.FULL_ID_ROLES)
    audit.record(
        action=AuditEntry.Action.VIEW, obj=person, user=request.user, detail={"full_id": full_id}
    )
    return render(
        request,
        "certificates/person_detail.html",
        {
            "person": person,
            "full_id": full_id,
            "certificates": person.certificates.prefetch_related("events__actor"),
            "applications": person.applications.all(),
            "can_apply": request.user.has_role(roles.OFFICE),
            "business_form": CertificateApplicationForm(),
            "attachments": person.attachments.all(),
            "can_upload": request.user.has_role(roles.OFFICE, roles.CERTIFICATE_ROOM),
            "can_read_files": full_id,
        },
    )


@require_roles(*READERS)
@require_GET
def application_detail(request, pk: int):
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    audit.record(action=AuditEntry.Action.VIEW, obj=app, user=request.user)
    return render(
        request, "certificates/application_detail.html", _application_context(request, app)
    )


def _application_context(request, app, **forms):
    steps = flows.flow_of(app).available(request.user, app)

    case = case_of(app)  # 通办: the steps of the residence are not offered here
    if case is not None:
        region = request.user.region
        steps = [s for s in steps if region.contains(owner_region(case, s.name, app.state))]
    objection_until = None
    if app.kind in ("new", "change") and app.decided_on:
        days = get_param("certificate.objection_working_days", on=app.decided_on, region=app.region)
        objection_until = calendar.add_working_days(app.decided_on, days)
    return {
        "app": app,
        "steps": [s.name for s in steps],
        "labels": flows.state_labels(app.kind),
        "events": app.events.select_related("actor"),
        "today": timezone.localdate(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "withdraw_form": forms.get("withdraw_form") or ReturnForm(prefix="withdraw"),
        "can_correct": app.state in flows.CORRECTABLE and request.user.has_role(roles.OFFICE),
        "assessment": getattr(app, "assessment", None) if app.kind in ("new", "change") else None,
        "step_buttons": [(name, flows.step_label(app.kind, name)) for name in SIMPLE_STEPS],
        "objection_until": objection_until,
        "full_id": request.user.has_role(*selectors.FULL_ID_ROLES),
        "can_sign": _can_sign(request.user, app),
        "can_print_card": flows.REGISTER.may(request.user, None, "print_card"),
    }


def _can_sign(user, app) -> bool:
    assessment = getattr(app, "assessment", None)
    return bool(
        assessment is not None
        and not assessment.complete
        and assessment.signers.filter(pk=user.pk)
        .exclude(pk__in=assessment.signatures.values("user_id"))
        .exists()
    )


# Steps this URL takes with nothing but the actor and the day (the flow names their services);
# return and withdrawal carry a reason; the other steps have pages of their own.
SIMPLE_STEPS = ("to_review", "end_notice", "skip_notice", "approve", "print", "transfer_review")
DATED = set(SIMPLE_STEPS) - {"print"}  # certificate_print takes no day


@require_roles(*WORKERS)
@require_POST
def application_step(request, pk: int, step: str):
    """Take one step of the flow; the flows table decides whether the user may."""
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    today = timezone.localdate()
    flow = flows.flow_of(app)
    if step not in SIMPLE_STEPS and step not in ("return", "withdraw"):
        raise Http404  # a step this URL does not take: the same answer as a step never declared
    page = reverse("certificates:application", args=[app.pk])
    refused = check_or_refuse(request, flow, app, step, to=page)
    if refused is not None:
        return refused
    try:
        if step in ("return", "withdraw"):
            form = ReturnForm(request.POST, prefix="withdraw" if step == "withdraw" else None)
            if not form.is_valid():
                return render(
                    request,
                    "certificates/application_detail.html",
                    _application_context(request, app, **{f"{step}_form": form}),
                    status=400,
                )
            service = (
                services.application_return if step == "return" else services.application_withdraw
            )
            service(
                actor=request.user, application=app, reason=form.cleaned_data["reason"], on=today
            )
        else:
            on = {"on": today} if step in DATED else {}
            flow.service_of(step)(actor=request.user, application=app, **on)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": flows.step_label(app.kind, step)})
    return redirect("certificates:application", pk=app.pk)


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def assessment_new(request, pk: int):
    """评定: record the hospital's or the three signers' assessment."""
    app = get_scoped_or_404(
        selectors.applications_for(request.user).filter(kind__in=["new", "change"]),
        request.user,
        pk=pk,
    )
    page = reverse("certificates:application", args=[app.pk])
    refused = check_or_refuse(request, flows.flow_of(app), app, "assess", to=page)
    if refused is not None:
        return refused
    form = AssessmentForm(
        request.POST or None,
        doctors=selectors.doctors_for(request.user),
        signers=signer_choices(app.region),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                actor=request.user,
                application=app,
                mode=data["mode"],
                parts=form.parts(),
                assessed_on=data["assessed_on"],
                doctor=data["doctor"],
                signers=list(data["signers"]),
                measures=data["measures"],
                meets_standard=data["meets_standard"],
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            return redirect("certificates:application", pk=app.pk)
    return render(
        request,
        "certificates/assessment_form.html",
        {"form": form, "app": app},
        status=400 if form.errors else 200,
    )


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def notice_new(request):
    """公示: publish the list of assessed adult applicants of one village or community."""
    candidates = selectors.notice_candidates(request.user)
    form = NoticeForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.notice_publish(
                actor=request.user,
                region=request.user.region,
                community=form.cleaned_data["community"],
                applications=list(form.cleaned_data["applications"]),
                starts_on=form.cleaned_data["starts_on"],
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            return redirect("certificates:notice", pk=batch.pk)
    return render(
        request, "certificates/notice_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_roles(*READERS)
@require_GET
def notice_detail(request, pk: int):
    batch = get_scoped_or_404(selectors.notices_for(request.user), request.user, pk=pk)
    audit.record(action=AuditEntry.Action.VIEW, obj=batch, user=request.user)
    return render(
        request,
        "certificates/notice_detail.html",
        {
            "batch": batch,
            "rows": batch.applications.select_related("person", "assessment"),
        },
    )


@require_roles(roles.CERTIFICATE_ROOM)
@require_http_methods(["GET", "POST"])
def handover(request, pk: int):
    """发放: who received the card, with their ID checked."""
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    page = reverse("certificates:application", args=[app.pk])
    refused = check_or_refuse(request, flows.flow_of(app), app, "hand_over", to=page)
    if refused is not None:
        return refused
    form = HandoverForm(
        request.POST or None, initial={"received_by": app.person.name}, person=app.person
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_hand_over(
                actor=request.user,
                application=app,
                on=form.cleaned_data["handed_on"],
                received_by=form.cleaned_data["received_by"],
                id_checked=form.cleaned_data["id_checked"],
                receiver_id_number=form.cleaned_data["receiver_id_number"],
                authorisation=form.cleaned_data["authorisation"],
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("The handover is recorded."))
            return redirect("certificates:application", pk=app.pk)
    return render(
        request,
        "certificates/handover_form.html",
        {"form": form, "app": app},
        status=400 if form.errors else 200,
    )


@require_roles(roles.OFFICE)
@require_POST
def certificate_application(request, pk: int):
    """Receive 换领, 挂失补办, 污损换发, 类别/等级变更, 迁出 or 注销 for a valid certificate."""
    certificate = get_scoped_or_404(selectors.certificates_for(request.user), request.user, pk=pk)
    form = CertificateApplicationForm(request.POST)
    if form.is_valid():
        try:
            app = services.certificate_application_new(
                actor=request.user,
                certificate=certificate,
                kind=form.cleaned_data["kind"],
                on=timezone.localdate(),
                reason=form.reason_text(),
                grounds=form.grounds(),
                transfer_place=form.cleaned_data["transfer_place"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The application is received."))
            return redirect("certificates:application", pk=app.pk)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("certificates:person", pk=certificate.person_id)


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def transfer_in_new(request):
    """迁入 within this register: continues the holder's completed 迁出 (its 迁移证明 number)."""
    form = TransferInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.transfer_in_new(
                actor=request.user, on=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            return redirect("certificates:application", pk=app.pk)
    return render(
        request,
        "certificates/transfer_in_form.html",
        {"form": form, "section": "transfer_in"},
        status=400 if form.errors else 200,
    )


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def transfer_in_outside(request):
    """迁入 from outside this register: the holder's data and the number they bring."""
    form = TransferInOutsideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        incoming, place = data.pop("incoming_number"), data.pop("transfer_place")
        today = timezone.localdate()
        services.audit_cross_district_lookup(actor=request.user, id_number=data["id_number"])
        try:
            with transaction.atomic():
                person = services.person_for_application(
                    actor=request.user, region=request.user.region, today=today, **data
                )
                app = services.transfer_in_from_outside(
                    actor=request.user,
                    person=person,
                    incoming_number=incoming,
                    transfer_place=place,
                    on=today,
                )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(
                request, _("Received. Upload the scanned 迁移证明, then send it to the chairman.")
            )
            return redirect("certificates:application", pk=app.pk)
    return render(
        request,
        "certificates/transfer_in_outside_form.html",
        {"form": form, "section": "transfer_in"},
        status=400 if form.errors else 200,
    )


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def application_correct(request, pk: int):
    """更正: the applicant's details, guardian or category, until the assessment."""
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    if app.state not in flows.CORRECTABLE:
        messages.error(request, _("An application can be corrected only until it is assessed."))
        return redirect("certificates:application", pk=app.pk)
    person = app.person
    initial = {name: getattr(person, name) for name in CorrectionForm.PERSON_FIELDS}
    initial["requested_category"] = app.requested_category
    form = CorrectionForm(request.POST or None, initial=initial, kind=app.kind,
                          applicant_id=person.id_number, received_on=app.received_on)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.application_correct(
                actor=request.user, application=app, on=timezone.localdate(), **data
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("The application is corrected."))
            return redirect("certificates:application", pk=app.pk)
    return render(
        request,
        "certificates/correction_form.html",
        {"form": form, "app": app},
        status=400 if form.errors else 200,
    )
