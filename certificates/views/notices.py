"""Public notices: a new notice and a notice's page."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cdpf import audit, roles
from cdpf.forms import attach_error as _attach
from cdpf.models import AuditEntry
from cdpf.permissions import require_roles
from cdpf.selectors import get_scoped_or_404
from certificates import selectors, services
from certificates.forms import (
    NoticeForm,
)
from certificates.views.common import READERS


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
