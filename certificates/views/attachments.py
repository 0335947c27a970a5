"""Uploading and reading attachments; every read is audited."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cdpf import audit, roles
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.responses import private_file_response
from cdpf.selectors import get_scoped_or_404
from certificates import selectors
from certificates.attachments import attachment_read, attachment_store
from certificates.forms import AttachmentForm
from certificates.models import Attachment

ATTACHMENT_READERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)


@require_roles(roles.OFFICE, roles.CERTIFICATE_ROOM)
@require_http_methods(["GET", "POST"])
def upload(request, pk: int):
    """Add a scan or photo to a holder's file (optionally to one of their applications)."""
    person = get_scoped_or_404(selectors.people_for(request.user), request.user, pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None, person=person)
    if request.method == "POST" and form.is_valid():
        attachment_store(
            actor=request.user,
            person=person,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            application=form.cleaned_data["application"],
        )
        messages.success(request, _("The file is stored."))
        return redirect("certificates:person", pk=person.pk)
    return render(
        request,
        "certificates/attachment_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


@require_roles(*ATTACHMENT_READERS)
@require_GET
def download(request, pk: int):
    """One attachment, to permitted roles only; each access is in the audit log."""
    attachment = get_scoped_or_404(Attachment.objects.select_related("person"), request.user, pk=pk)
    audit.record(
        action=AuditEntry.Action.VIEW,
        obj=attachment,
        user=request.user,
        detail={"person": attachment.person_id},
    )
    return private_file_response(
        attachment_read(attachment), attachment.content_type, f"attachment-{attachment.pk}"
    )
