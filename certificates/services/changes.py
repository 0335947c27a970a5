"""The business types that start from an existing certificate (换领, 挂失补办, 污损换发, 迁出,
类别/等级变更, 注销) or from a file brought in (迁入): what each needs in hand, starting one,
and sending it to review."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, choice, is_line
from cdpf.messages import dumps as kept
from cdpf.params import get_param
from certificates import flows
from certificates.models import Application, ApplicationEvent, Certificate
from certificates.services.common import (
    OPEN_STATES,
    _advance,
    _event,
    _require,
    _review_due,
    applicant_snapshot,
)
from certificates.services.issue import require_signed

Kind = Application.Kind


# What the office must have in hand for each type (the checklist stored on the application).
MATERIALS = {
    Kind.RENEWAL: ["身份证", "原残疾人证（收回销毁）", "照片"],
    Kind.LOSS: ["身份证", "挂失声明", "照片"],
    Kind.DAMAGED: ["身份证", "污损的残疾人证", "照片"],
    Kind.CHANGE: ["身份证", "原残疾人证", "复评申请"],
    Kind.TRANSFER_OUT: ["身份证", "户口迁移证明"],
    Kind.TRANSFER_IN: ["身份证", "迁入地户口簿", "迁移证明", "原残疾人证"],
    Kind.CANCEL: ["注销依据（死亡证明、复评结论等）"],
}


FROM_CERTIFICATE = {
    Kind.RENEWAL,
    Kind.LOSS,
    Kind.DAMAGED,
    Kind.CHANGE,
    Kind.TRANSFER_OUT,
    Kind.CANCEL,
}


Grounds = Application.CancelGrounds


# A cancellation on one of these grounds closes the holder's file for good (no certificate
# again). The grounds are a field of the application, never read back out of the reason's words.
CLOSING_GROUNDS = frozenset({Grounds.DEATH, Grounds.DEREGISTERED, Grounds.ABROAD})


def cancellation_reason(grounds: str, detail="") -> dict:
    """The reason kept on a cancellation: the grounds, then what the office typed (or a line the
    system composed), read in the reader's language."""
    if is_line(detail):  # composed by the system: the whole reason, grounds included
        return detail
    label = choice(Application, "cancel_grounds", grounds)
    if not detail or (isinstance(detail, str) and not detail.strip()):
        return label
    if isinstance(detail, str):
        detail = detail.strip()[:300]
    return Line(gettext_noop("%(grounds)s: %(detail)s"), grounds=label, detail=detail)


@transaction.atomic
def certificate_application_new(
    *,
    actor,
    certificate: Certificate,
    kind: str,
    on: datetime.date,
    reason="",
    transfer_place: str = "",
    grounds: str = "",
) -> Application:
    """Receive an application that concerns an existing, valid certificate. A cancellation
    names its grounds (Application.CancelGrounds); `reason` is then the detail the office typed,
    or a line the system composed (the police event)."""
    _require(actor, "office")
    if kind not in FROM_CERTIFICATE:
        raise ValidationError(_("Unknown business type."), code="kind")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    renewable = kind == Kind.RENEWAL and certificate.status == Certificate.Status.EXPIRED
    # a card reported lost whose replacement was returned or withdrawn may be applied for again
    relost = (
        kind == Kind.LOSS
        and certificate.status == Certificate.Status.LOST_VOIDED
        and not certificate.person.certificates.filter(pk__gt=certificate.pk).exists()
    )
    if certificate.status != Certificate.Status.VALID and not (renewable or relost):
        raise ValidationError(
            _("Certificate %(number)s is %(status)s; only a valid certificate can be replaced.")
            % {"number": certificate.number, "status": certificate.get_status_display()},
            code="not_valid",
        )
    if certificate.person.applications.filter(state__in=OPEN_STATES).exists():
        raise ValidationError(
            _("This person already has an application in progress."), code="open_application"
        )
    if kind == Kind.RENEWAL and certificate.status == Certificate.Status.VALID:
        days = get_param("certificate.renewal_window_days", on=on, region=certificate.region)
        opens = certificate.expiry_date - datetime.timedelta(days=days)
        if on < opens:
            raise ValidationError(
                _(
                    "The certificate is valid until %(expiry)s; 换领 is possible from %(opens)s. "
                    "A damaged card is exchanged (污损换发) instead."
                )
                % {"expiry": certificate.expiry_date, "opens": opens},
                code="renewal_too_early",
            )
    if kind == Kind.TRANSFER_OUT and not transfer_place.strip():
        raise ValidationError(_("Name the federation the file moves to."), code="place")
    if kind == Kind.CANCEL:
        if grounds not in Grounds.values:
            raise ValidationError(_("Choose the grounds for the cancellation."), code="grounds")
        if grounds == Grounds.OTHER and not str(reason).strip():
            raise ValidationError(_("Give the reason for the cancellation."), code="reason")
        reason = kept(cancellation_reason(grounds, reason))
    else:
        grounds = ""
        if not isinstance(reason, str):  # a line the system composed (a supervision finding)
            reason = kept(reason)
    application = Application.objects.create(
        region=certificate.region,
        person=certificate.person,
        kind=kind,
        state=flows.INITIAL_STATE,
        received_on=on,
        received_by=actor,
        materials=MATERIALS[kind],
        old_certificate=certificate,
        reason=reason.strip(),
        cancel_grounds=grounds,
        transfer_place=transfer_place.strip(),
        applicant=applicant_snapshot(certificate.person),
    )
    ApplicationEvent.objects.create(
        application=application,
        to_state=flows.INITIAL_STATE,
        actor=actor,
        note=kept(choice(Application, "kind", application.kind)),
    )
    if kind == Kind.LOSS and certificate.status == Certificate.Status.VALID:
        # 挂失: the card no longer counts from the moment the loss is reported
        _retire(
            certificate,
            Certificate.Status.LOST_VOIDED,
            kept(Line(gettext_noop("Reported lost"))),
            actor=actor,
            on=on,
            event="reported_lost",
        )
    return application


def loss_application_new(*, actor, certificate: Certificate, on: datetime.date) -> Application:
    """挂失补办: receive a loss report for a valid certificate."""
    return certificate_application_new(actor=actor, certificate=certificate, kind=Kind.LOSS, on=on)


@transaction.atomic
def application_to_review(*, actor, application: Application, on: datetime.date) -> None:
    """A re-assessed category/grade change goes to the chairman's review."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    flows.flow_of(application).check(actor, application, "to_review")
    require_signed(application)
    application.review_due_on = _review_due(application, on)
    _advance(application, "to_review", actor=actor)


def _retire(old: Certificate, status: str, reason: str, *, actor, on, event: str) -> None:
    old.status, old.status_changed_on, old.status_reason = status, on, reason
    old.save()
    _event(old, event, actor=actor, note=reason)
