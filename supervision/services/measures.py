"""Measures ordered after an inspection: the order, follow-ups, closing, and the certificate
step a measure calls for."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import roles
from cdpf.messages import Line, dumps
from certificates import services as certificate_services
from certificates.models import Application, Certificate
from supervision import flows, rules
from supervision.models import (
    Finding,
    FollowUp,
    Inspection,
    Measure,
)
from supervision.services.common import _in_scope

CERTIFICATE_MEASURES = flows.CERTIFICATE_MEASURES


@transaction.atomic
def measure_order(
    *,
    actor,
    finding: Finding,
    kind: str,
    description: str,
    on: datetime.date,
    deadline: datetime.date | None = None,
    certificate: Certificate | None = None,
) -> Measure:
    """A measure for a finding: a rectification order needs a deadline; a certificate
    measure names the certificate, which the office then re-assesses or cancels."""
    inspection = Inspection.objects.get(pk=finding.inspection_id)
    flows.INSPECTION.check(actor, inspection, "measure_order")
    if kind not in Measure.Kind.values:
        raise ValidationError({"kind": _("Choose the measure.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what must be done.")})
    if kind == Measure.Kind.RECTIFICATION:
        if deadline is None:
            raise ValidationError({"deadline": _("A rectification order needs a deadline.")})
        if deadline <= on:
            raise ValidationError({"deadline": _("The deadline must be after the order date.")})
    if kind in CERTIFICATE_MEASURES:
        if inspection.rule != rules.CERTIFICATES:
            raise ValidationError({"kind": _("Only a certificate check can lead to this.")})
        if certificate is None or certificate.status != Certificate.Status.VALID:
            raise ValidationError({"certificate": _("Name a valid certificate.")})
        _in_scope(actor, certificate.region)
        if inspection.person_id and certificate.person_id != inspection.person_id:
            raise ValidationError(
                {"certificate": _("The certificate is not the inspected holder's.")}
            )
    if kind == Measure.Kind.REFERRAL and inspection.subject_kind not in ("staff", "doctor"):
        raise ValidationError({"kind": _("Only staff members and doctors are referred.")})
    return Measure.objects.create(
        region=inspection.region,
        finding=finding,
        kind=kind,
        description=description.strip(),
        responsible_role=(
            roles.OFFICE
            if kind in CERTIFICATE_MEASURES
            else rules.RESPONSIBLE_ROLE[inspection.rule]
        ),
        ordered_on=on,
        deadline=deadline,
        certificate=certificate if kind in CERTIFICATE_MEASURES else None,
        created_by=actor,
    )


@transaction.atomic
def measure_follow_up(*, actor, measure: Measure, note: str, on: datetime.date) -> FollowUp:
    flows.MEASURE.check(actor, measure, "follow_up")
    if not actor.has_role(roles.SUPERVISOR, measure.responsible_role):
        raise PermissionDenied(_("Only the responsible unit or a supervisor may add progress."))
    if not note.strip():
        raise ValidationError({"note": _("Write the progress.")})
    return FollowUp.objects.create(measure=measure, on=on, note=note.strip()[:300], actor=actor)


@transaction.atomic
def measure_close(
    *, actor, measure: Measure, note: str, on: datetime.date, attendees: str = ""
) -> Measure:
    """The supervisor closes a measure once it is done (and the follow-up shows it)."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    flows.MEASURE.check(actor, measure, "close")
    if not note.strip():
        raise ValidationError({"note": _("Say how the measure was carried out.")})
    if measure.kind == Measure.Kind.TRAINING:
        if not attendees.strip():
            raise ValidationError({"attendees": _("List who attended the training.")})
        measure.attendees = attendees.strip()
    if measure.kind == Measure.Kind.CANCELLATION:
        measure.certificate.refresh_from_db()
        if measure.certificate.status == Certificate.Status.VALID:
            raise ValidationError(_("The certificate is still valid: the office cancels it first."))
    if measure.kind == Measure.Kind.REASSESSMENT and not _certificate_step_taken(
        measure, measure.certificate
    ):
        raise ValidationError(_("Start the re-assessment first (the office does it)."))
    measure.state, measure.closed_on, measure.closed_by = Measure.State.CLOSED, on, actor
    measure.close_note = note.strip()[:300]
    measure.save()
    return measure


def _certificate_step_taken(measure: Measure, certificate: Certificate) -> bool:
    """Cancelled, or a category/grade change application received since the order."""
    if measure.kind == Measure.Kind.CANCELLATION:
        return certificate.status != Certificate.Status.VALID
    return Application.objects.filter(
        old_certificate=certificate,
        kind=Application.Kind.CHANGE,
        received_on__gte=measure.ordered_on,
    ).exists()


@transaction.atomic
def measure_certificate_action(*, actor, measure: Measure, on: datetime.date) -> Measure:
    """The office carries out a certificate measure through the certificate services:
    cancellation (注销) or a category/grade change application (re-assessment, re-issue)."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    flows.MEASURE.check(actor, measure, "certificate")
    certificate = Certificate.objects.get(pk=measure.certificate_id)
    if _certificate_step_taken(measure, certificate):
        raise ValidationError(_("The certificate step was already taken."))
    reason = Line(gettext_noop("Supervision finding: %(text)s"), text=measure.finding.text[:300])
    if measure.kind == Measure.Kind.CANCELLATION:
        certificate_services.certificate_cancel(
            actor=actor, certificate=certificate, grounds="supervision", reason=reason, on=on
        )
        note = Line(gettext_noop("[certificate] Cancelled %(n)s"), n=certificate.masked_number)
    else:
        application = certificate_services.certificate_application_new(
            actor=actor, certificate=certificate, kind="change", on=on, reason=reason
        )
        note = Line(
            gettext_noop("[certificate] Re-assessment application %(id)s received"),
            id=application.pk,
        )
    FollowUp.objects.create(measure=measure, on=on, note=dumps(note), actor=actor)
    return measure
