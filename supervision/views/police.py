"""The quarterly police file: import, match, confirm, print."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, document_jobs, roles
from cdpf.jobs import enqueue_job
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from supervision import flows, forms, rules, selectors, services
from supervision.jobs import POLICE_KIND, QUARTERLY_LIST_KIND, YEAR_REPORT_KIND
from supervision.models import PoliceRecord
from supervision.spreadsheets import police_template as make
from supervision.views.common import R, _today, _year

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
            "can_import": flows.REGISTER.may(request.user, None, "police_import"),
        },
    )


@require_roles(*POLICE)
@require_GET
def police_template(request):
    """The published template of the police file (.xlsx)."""
    response = HttpResponse(
        make(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="police-file-template.xlsx"'
    return response


@require_roles(*R["police_import"])
@require_http_methods(["GET", "POST"])
def police_import(request):
    """Upload a police file; a background job checks, then matches every row."""
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
            "can_confirm": flows.REGISTER.may(request.user, None, "police_confirm"),
            # DOMAIN.md §7: masked in lists; whole for the office that decides each match
            "full_id": flows.REGISTER.may(request.user, None, "police_confirm"),
            "can_open_holder": request.user.has_role(*roles.document_readers("certificate_")),
            "reject_form": forms.RejectForm(),
        },
    )


def _record(request, pk):
    return get_scoped_or_404(selectors.police_records_for(request.user), request.user, pk=pk)


@require_roles(*R["police_confirm"])
@require_http_methods(["GET", "POST"])
def police_confirm(request, pk: int):
    """Confirm one match, on a page that sets the police row beside the holder's record: only
    with the box ticked is exactly that certificate cancelled."""
    record = _record(request, pk)
    form = forms.ConfirmMatchForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        if record.certificate_id:
            audit.record(action=AuditEntry.Action.VIEW, obj=record.certificate, user=request.user)
        return render(
            request,
            "supervision/police_confirm.html",
            {"r": record, "c": record.certificate, "form": form},
            status=400 if form.errors else 200,
        )
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


def _report_period(year: int, quarter: int = 1) -> None:
    """Reports exist for the years of the police files up to now: a year before 2000, in the
    future, or a quarter not yet begun is no report (and takes no document number)."""
    today = _today()
    if quarter not in range(1, 5) or not 2000 <= year <= today.year:
        raise Http404
    if year == today.year and quarter > rules.quarter_of(today):
        raise Http404


@require_roles(*POLICE)
@require_POST
def police_quarter_pdf(request, year: int, quarter: int):
    """The quarter's list of cancellations, laid out in a job (decision 0230)."""
    _report_period(year, quarter)
    return document_jobs.start(
        request,
        QUARTERLY_LIST_KIND,
        title=_("Cancellation list, %(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
        params={"year": year, "quarter": quarter},
        back=f"{_police_url()}?year={year}",
    )


@require_roles(*POLICE)
@require_POST
def police_year_pdf(request, year: int):
    """The year-end report, laid out in a job (decision 0230)."""
    _report_period(year)
    return document_jobs.start(
        request,
        YEAR_REPORT_KIND,
        title=_("Year-end report on cancellations, %(year)s") % {"year": year},
        params={"year": year},
        back=f"{_police_url()}?year={year}",
    )


def _police_url():
    return reverse("supervision:police")
