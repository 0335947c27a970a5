"""Register-wide pages: the renewal list, spreadsheet export and the registry import."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cdpf import audit, document_jobs, roles
from cdpf.imports import apply_checked_import, import_start
from cdpf.jobs import enqueue_job
from cdpf.models import AuditEntry, GeneratedDocument
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404, regions_visible_to, scope_to_user
from certificates import batches, flows, selectors, spreadsheets
from certificates.forms import RegistryImportForm, RenewalForm, SearchForm
from certificates.jobs import IMPORT_KIND, PRINT_KIND, RENEWALS_KIND
from certificates.models import Attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Who may take the register out of the system (whole ID numbers in the file).
EXPORTERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)


def _renewals(request, data=None):
    form = RenewalForm((request.GET if data is None else data) or None)
    days = form.cleaned_data["days"] if form.is_valid() else 90
    until = timezone.localdate() + datetime.timedelta(days=days)
    rows = selectors.expiring(request.user, until=until)
    return form, days, until, rows


@require_roles(roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN, roles.SUPERVISOR)
@require_GET
def renewals(request):
    """Certificates that expire in the next N days, to call holders in for 换领."""
    form, days, until, rows = _renewals(request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certificates/renewals.html",
        {
            "form": form,
            "days": days,
            "until": until,
            "page": page,
            "query": query.urlencode(),
            "can": flows.REGISTER.can(request.user),
        },
    )


@require_roles(*EXPORTERS)
@require_POST
def renewals_pdf(request):
    """Lay the renewal list out as a PDF in a background job (a long list takes seconds)."""
    form, days, until, _rows = _renewals(request, request.POST)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Correct the period before printing the list."))
        return redirect(reverse("certificates:renewals"))
    return document_jobs.start(
        request,
        RENEWALS_KIND,
        title=_("Renewal list until %(until)s") % {"until": until.isoformat()},
        params={"days": days},
        back=f"{reverse('certificates:renewals')}?days={days}",
    )


@require_roles(*EXPORTERS)
@require_GET
def export(request):
    """The search (or the renewal list with ?renewals=1) as xlsx; logged with its filters."""
    if request.GET.get("renewals"):
        _form, _days, _until, rows = _renewals(request)
    else:
        form = SearchForm(request.GET or None, regions=regions_visible_to(request.user))
        if form.is_bound and not form.is_valid():
            # never export more than the search the user meant: back to the page with errors
            messages.error(request, _("Correct the search before exporting it."))
            return redirect(f"{reverse('certificates:index')}?{request.GET.urlencode()}")
        filters = form.cleaned_data if form.is_bound else {}
        rows = selectors.search_certificates(request.user, filters=filters)
    rows = list(rows.select_related("person")[:100000])
    audit.record(
        action=AuditEntry.Action.EXPORT,
        user=request.user,
        object_type="certificates.certificate",
        object_repr=_("Certificate register"),
        detail={"rows": len(rows), "query": request.GET.urlencode()},
    )
    response = HttpResponse(spreadsheets.export_workbook(rows), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="certificates.xlsx"'
    return response


@require_roles(roles.OFFICE)
@require_GET
def import_template(request):
    response = HttpResponse(spreadsheets.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="certificate-register-template.xlsx"'
    return response


@require_roles(roles.OFFICE)
@require_http_methods(["GET", "POST"])
def import_registry(request):
    """Upload an existing registry; a background job checks every row first."""
    return import_start(
        request,
        form_class=RegistryImportForm,
        template="certificates/import.html",
        kind=IMPORT_KIND,
        title=_("Check registry import %(name)s"),
    )


@require_roles(roles.OFFICE)
@require_POST
def import_apply(request, pk: int):
    return apply_checked_import(
        request, pk, kind=IMPORT_KIND, title=_("Apply registry import %(name)s")
    )


@require_roles(roles.CERTIFICATE_ROOM)
@require_http_methods(["GET", "POST"])
def print_queue(request):
    """Approved certificates waiting for the card printer; printing a batch runs as a job."""
    photos = Attachment.objects.filter(
        person=OuterRef("person"), kind="photo", content_type__in=["image/jpeg", "image/png"]
    )
    queued = (
        selectors.work_queue(request.user, "approved")
        .select_related("certificate")
        .annotate(has_photo=Exists(photos))
    )
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("applications") if pk.isdigit()]
        ids = list(queued.filter(pk__in=chosen, has_photo=True).values_list("pk", flat=True))
        if len(ids) < len(chosen):
            messages.warning(
                request, _("Cards without a photo are never printed; they stay in the queue.")
            )
        if not ids:
            messages.error(request, _("Choose at least one certificate to print."))
        else:
            job = enqueue_job(
                actor=request.user,
                kind=PRINT_KIND,
                title=_("Print batch of %(n)s certificate(s)") % {"n": len(ids)},
                params={"applications": ids},
            )
            return redirect("job_detail", pk=job.pk)
    return render(request, "certificates/print_queue.html", {"rows": queued})


BATCH_READERS = roles.document_readers("certificate_card_batch")


@require_roles(*BATCH_READERS)
@require_GET
def print_batches(request):
    """Kept print batches, newest first, each with the number of its cards voided since."""
    kept = scope_to_user(
        GeneratedDocument.objects.filter(kind=batches.BATCH_KIND).defer("content"), request.user
    ).select_related("created_by")
    page = Paginator(kept, 50).get_page(request.GET.get("page"))
    voided = batches.voided_counts([d.number for d in page])
    for document in page:
        document.voided = voided.get(document.number, 0)
    return render(request, "certificates/print_batches.html", {"page": page})


@require_roles(*BATCH_READERS)
@require_GET
def print_batch(request, number: str):
    """One kept batch: each card's page, and which cards were voided since it was printed."""
    document = get_scoped_or_404(
        GeneratedDocument.objects.filter(kind=batches.BATCH_KIND).defer("content"),
        request.user,
        number=number,
    )
    cards = batches.batch_cards(document)
    audit.record(action=AuditEntry.Action.VIEW, obj=document, user=request.user)
    return render(
        request,
        "certificates/print_batch.html",
        {
            "document": document,
            "cards": cards,
            "voided": [c for c in cards if c.voided_by is not None],
        },
    )
