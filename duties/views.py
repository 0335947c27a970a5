"""Views of the duty register: the staff page, versions, PDF, publishing, import, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, document_jobs, roles
from cdpf.imports import apply_checked_import, import_start
from cdpf.models import AuditEntry, Region
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from duties import flows, selectors, services
from duties.forms import ImportForm, PublishForm, SearchForm
from duties.jobs import IMPORT_KIND, REGISTER_KIND
from duties.resources import WorkItemResource


def _region(request) -> Region:
    """The register's region: ?region= among the user's, else the user's own, else (a city or
    province user, whose own level keeps no register) the first district that keeps one."""
    code = request.GET.get("region") or request.POST.get("region")
    own = request.user.region
    if not code and own.code.endswith("00"):  # a city or province (GB/T 2260): look first
        keeps = selectors.regions_with_register(request.user).order_by("code")
        codes = list(keeps.values_list("code", flat=True))
        code = own.code if own.code in codes or not codes else codes[0]
    code = code or own.code
    return get_scoped_or_404(Region.objects.all(), request.user, field="", code=code)


@require_roles(*roles.STAFF_ROLES)
@require_GET
def register(request):
    """The current register as the official table, searchable."""
    region = _region(request)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    full = selectors.register_snapshot(region)
    shown = selectors.search_snapshot(full, query)
    return render(
        request,
        "duties/register.html",
        {
            "region": region,
            "form": form,
            "query": query,
            "register": shown,
            "total_items": selectors.count_items(full),
            "shown_items": selectors.count_items(shown),
            "regions": selectors.regions_with_register(request.user).order_by("code"),
            "choose_region": region.pk != request.user.region_id,
            "latest": selectors.latest_version(region),
        },
    )


@require_roles(*roles.STAFF_ROLES)
@require_POST
def register_pdf(request):
    """The current register printed as the official two tables, laid out in a job."""
    region = _region(request)
    return document_jobs.start(
        request,
        REGISTER_KIND,
        title=_("Duty register of %(region)s") % {"region": region.name},
        params={"region": region.code},
        back=f"{reverse('duties:register')}?region={region.code}",
    )


@require_roles(*roles.STAFF_ROLES)
@require_GET
def versions(request):
    """Published versions of the register, newest first."""
    region = _region(request)
    return render(
        request,
        "duties/versions.html",
        {
            "region": region,
            "versions": selectors.versions_for(request.user).filter(region=region),
            "unpublished": services.has_unpublished_changes(region),
            "form": PublishForm(),
            "can": flows.REGISTER.can(request.user),
        },
    )


@require_roles(*roles.STAFF_ROLES)
@require_GET
def version_detail(request, pk: int):
    """One published version, as it was on its date."""
    version = get_scoped_or_404(
        selectors.versions_for(request.user).defer(None), request.user, pk=pk
    )
    return render(
        request,
        "duties/version_detail.html",
        {
            "version": version,
            "register": version.snapshot,
            "query": "",
            "total_items": selectors.count_items(version.snapshot),
        },
    )


@require_roles(*roles.STAFF_ROLES)
@require_POST
def version_pdf(request, pk: int):
    """A published version printed as it was on its date, laid out in a job."""
    version = get_scoped_or_404(selectors.versions_for(request.user), request.user, pk=pk)
    return document_jobs.start(
        request,
        REGISTER_KIND,
        title=_("Duty register of %(region)s, version %(n)s")
        % {"region": version.region.name, "n": version.number},
        params={"version": version.pk},
        back=reverse("duties:version_detail", args=[version.pk]),
    )


@require_roles(roles.ADMIN)
@require_POST
def publish(request):
    """Freeze the current register as a dated version."""
    region = _region(request)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.register_publish(
                actor=request.user, region=region, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Version %(n)s is published.") % {"n": version.number})
            return redirect("duties:version_detail", pk=version.pk)
    return render(
        request,
        "duties/versions.html",
        {
            "region": region,
            "versions": selectors.versions_for(request.user).filter(region=region),
            "unpublished": services.has_unpublished_changes(region),
            "form": form,
            "can": flows.REGISTER.can(request.user),
        },
        status=400,
    )


@require_roles(roles.ADMIN)
@require_http_methods(["GET", "POST"])
def import_items(request):
    """Upload a spreadsheet of work items; a background job checks it (dry run)."""
    region = _region(request)
    return import_start(
        request,
        form_class=ImportForm,
        template="duties/import.html",
        context={"region": region},
        kind=IMPORT_KIND,
        title=_("Check work-item import %(name)s"),
        region=region,
    )


@require_roles(roles.ADMIN)
@require_POST
def import_apply(request, pk: int):
    """Apply a checked import: the same file, this time for real, in a new job."""
    return apply_checked_import(
        request, pk, kind=IMPORT_KIND, title=_("Apply work-item import %(name)s")
    )


@require_roles(roles.ADMIN)
@require_GET
def export_items(request):
    """The region's work items as an xlsx workbook (also the import template)."""
    region = _region(request)
    dataset = WorkItemResource(region=region).export()
    dataset.title = "具体工作事项"  # the sheet's name; tablib's default is English
    audit.record(
        action=AuditEntry.Action.EXPORT,
        user=request.user,
        object_type="duties.workitem",
        object_repr=f"{region.name} {_('work items')}",
        detail={"rows": len(dataset), "region": region.code},
    )
    response = HttpResponse(
        dataset.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="work-items-{region.code}.xlsx"'
    return response
