"""What the certificate register views share: the role sets, and the handover page (the certificate
room's and the 通办 residence's)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cdpf import roles
from cdpf.forms import attach_error
from certificates import services
from certificates.forms import HandoverForm

READERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN, roles.SUPERVISOR)


WORKERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)


def handover_page(request, app, *, template: str, context: dict, done: str):
    """发放 of `app`'s card, for the certificate room and for the 通办 residence office: the
    form (the receiver's ID checked), the service, then `done`; a refusal shows on the form
    and nothing is recorded."""
    form = HandoverForm(
        request.POST or None, initial={"received_by": app.person.name}, person=app.person
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_hand_over(
                actor=request.user, application=app, **form.handover()
            )
        except ValidationError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("The handover is recorded."))
            return redirect(done)
    return render(
        request, template, {"form": form, **context}, status=400 if form.errors else 200
    )
