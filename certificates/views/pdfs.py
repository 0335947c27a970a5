"""PDF downloads of the certificate register; each printed copy is stored and audited."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cdpf import document_jobs, roles
from cdpf.permissions import require_roles
from cdpf.responses import print_or_back
from cdpf.selectors import get_scoped_or_404
from certificates import pdf, selectors
from certificates.jobs import NOTICE_LIST_KIND, YEARLY_SUMMARY_KIND

PRINTERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)


@require_roles(*PRINTERS)
@require_GET
def application_pdf(request, pk: int):
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, pk=pk)
    return print_or_back(
        request,
        lambda: pdf.application_form(actor=request.user, application=app),
        reverse("certificates:application", args=[app.pk]),
    )


@require_roles(*PRINTERS)
@require_POST
def notice_pdf(request, pk: int):
    """The notice list of a batch (one line per applicant, no limit), laid out in a job."""
    batch = get_scoped_or_404(selectors.notices_for(request.user), request.user, pk=pk)
    return document_jobs.start(
        request,
        NOTICE_LIST_KIND,
        title=_("Notice list of %(community)s") % {"community": batch.community},
        params={"batch": batch.pk},
        back=reverse("certificates:notice", args=[batch.pk]),
    )


@require_roles(roles.CERTIFICATE_ROOM)
@require_GET
def card_pdf(request, pk: int):
    """A proof (样张) of the data page of a valid card waiting in the print queue. Cards are
    printed only by a print batch (which records the printing or the reprint); a card
    already printed is never produced again here."""
    certificate = get_scoped_or_404(
        selectors.certificates_for(request.user).filter(status="valid", print_status="queued"),
        request.user,
        pk=pk,
    )
    return print_or_back(
        request,
        lambda: pdf.card_page(actor=request.user, certificate=certificate),
        reverse("certificates:person", args=[certificate.person_id]),
    )


@require_roles(*PRINTERS)
@require_GET
def assessment_pdf(request, pk: int):
    app = get_scoped_or_404(
        selectors.applications_for(request.user).filter(assessment__isnull=False),
        request.user,
        pk=pk,
    )
    return print_or_back(
        request,
        lambda: pdf.assessment_form(actor=request.user, application=app),
        reverse("certificates:application", args=[app.pk]),
    )


@require_roles(*PRINTERS)
@require_GET
def decision_pdf(request, pk: int):
    """迁移证明 for a completed transfer out, 注销通知书 for a completed cancellation."""
    app = get_scoped_or_404(
        selectors.applications_for(request.user).filter(
            kind__in=["transfer_out", "cancel"], state="closed"
        ),
        request.user,
        pk=pk,
    )
    make = pdf.transfer_certificate if app.kind == "transfer_out" else pdf.cancellation_notice
    return print_or_back(
        request,
        lambda: make(actor=request.user, application=app),
        reverse("certificates:application", args=[app.pk]),
    )


@require_roles(roles.OFFICE, roles.CHAIRMAN, roles.SUPERVISOR)
@require_POST
def summary_pdf(request):
    """The year's issuance summary of the user's region (year=, default this year), counted
    and laid out in a job."""
    try:
        year = int(request.POST.get("year") or timezone.localdate().year)
    except ValueError as exc:
        raise Http404 from exc
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return document_jobs.start(
        request,
        YEARLY_SUMMARY_KIND,
        title=_("Issuance summary of %(year)s") % {"year": year},
        params={"year": year},
        back=reverse("certificates:index"),
    )
