"""The quota dashboard: figures by district, the drill-down list and its printout."""

from django.contrib import messages
from django.core.exceptions import ValidationError as Invalid
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cdpf import document_jobs, jinja_pages, roles
from cdpf.permissions import require_roles
from employment_quota import selectors
from employment_quota.drill_labels import drill_labels
from employment_quota.jobs import DASHBOARD_KIND

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
    trend = selectors.yearly_trend(request.user, [year - 2, year - 1, year])
    figures = selectors.dashboard(request.user, year)  # the trend's figures, read once
    return {"f": figures, "trend": trend, "region": request.user.region}


@require_roles(*DASHBOARD_ROLES)
@require_GET
def dashboard(request):
    """Compliance at a glance: figures, bars drawn as SVG with their numbers in a table beside
    each chart; every number links to the employers behind it."""
    return jinja_pages.render(
        request,
        "employment_quota/dashboard.jinja",
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
