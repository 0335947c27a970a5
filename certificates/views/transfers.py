"""Transfers in: from another district of the province and from outside it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cdpf import roles
from cdpf.forms import attach_error as _attach
from cdpf.permissions import require_roles
from certificates import services
from certificates.forms import (
    TransferInForm,
    TransferInOutsideForm,
)


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
