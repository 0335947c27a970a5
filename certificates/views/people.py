"""Search, the work queue, a new applicant and a person's record page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cdpf import audit, jinja_pages, roles
from cdpf.forms import attach_error as _attach
from cdpf.models import AuditEntry
from cdpf.paginator import BoundedPaginator
from cdpf.permissions import require_roles
from cdpf.selectors import scope_regions
from certificates import flows, selectors, services
from certificates.forms import (
    ApplicantForm,
    CertificateApplicationForm,
    SearchForm,
)
from certificates.views.common import READERS, WORKERS
from tongban import selectors as tongban_selectors
from tongban.sides import current_owner

# A list counts its rows up to here; past it, "more than 10,000" (decision 0260).
LIST_COUNT_LIMIT = 10_000
PER_PAGE = 25


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
        exact = selectors.exact_lookup(request.user, filters)
        if exact is None and request.GET.get("page") in (None, "", "1"):
            exact = selectors.first_name_page(request.user, filters, PER_PAGE)
        listing = None
        if exact is None:  # no text searched: the list by its filters, nobody applying
            listing = selectors.filtered_list(request.user, filters, LIST_COUNT_LIMIT)
        if exact is not None:
            results, applying = exact
        elif listing is not None:
            results = listing
        else:
            results = selectors.search_certificates(request.user, filters=filters, with_total=True)
            applying = selectors.open_applications_matching(request.user, filters.get("q") or "")
    # a name search's rows carry their number (selectors.search_certificates)
    page = BoundedPaginator(
        results, PER_PAGE, limit=LIST_COUNT_LIMIT, count_from=selectors.ROW_TOTAL
    )
    query = request.GET.copy()
    query.pop("page", None)
    return jinja_pages.render(
        request,
        "certificates/index.jinja",
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
    person = selectors.holder_record(request.user, pk)  # plain queries: the hottest page
    full_id = request.user.has_role(*selectors.FULL_ID_ROLES)
    audit.record(
        action=AuditEntry.Action.VIEW, obj=person, user=request.user, detail={"full_id": full_id}
    )
    return jinja_pages.render(
        request,
        "certificates/person_detail.jinja",
        {
            "person": person,
            "full_id": full_id,
            "certificates": person.cards,
            "applications": person.open_files,
            "can_apply": request.user.has_role(roles.OFFICE),
            "business_form": CertificateApplicationForm(),
            "attachments": person.files,
            "can_upload": request.user.has_role(roles.OFFICE, roles.CERTIFICATE_ROOM),
            "can_read_files": full_id,
        },
    )
