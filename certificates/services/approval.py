"""The approval of every business type (the certificate it issues or retires) and the
cancellation of a certificate."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, choice, render_text
from cdpf.messages import dumps as kept
from cdpf.params import get_param
from certificates import flows, rules
from certificates.models import Application, Certificate, Person
from certificates.services.changes import (
    CLOSING_GROUNDS,
    Kind,
    _retire,
    certificate_application_new,
)
from certificates.services.common import (
    _add_years,
    _advance,
    _event,
)
from certificates.services.transfers import require_transfer_scan, transfer_number_for


def _issue(
    application, person, *, actor, category, grade, parts, replacement, on, expiry, number=None
) -> Certificate:
    if number is None:
        # a number voided after a loss never becomes valid again: the next B-suffix is used
        voided = set(
            Certificate.objects.filter(
                person=person, status=Certificate.Status.LOST_VOIDED
            ).values_list("number", flat=True)
        )
        number = rules.certificate_number(person.id_number, category, grade, replacement)
        while number in voided:
            replacement += 1
            number = rules.certificate_number(person.id_number, category, grade, replacement)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                person=person,
                region=application.region,
                number=number,
                category=category,
                grade=grade,
                parts=parts,
                replacement=replacement,
                issue_date=on,
                expiry_date=expiry,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "Certificate %(number)s already exists or the person already holds a valid "
                "certificate."
            )
            % {"number": number},
            code="duplicate",
        ) from exc
    kind = kept(choice(Application, "kind", application.kind))
    _event(certificate, "issued", actor=actor, note=kind)
    return certificate


def _validity_end(application, on):
    years = get_param("certificate.validity_years", on=on, region=application.region)
    return _add_years(on, years)


def _issue_assessed(application, person, assessment, *, actor, on) -> Certificate:
    """A new card as the assessment found it (a new issue, or a category/grade change): a
    first number, valid for the policy's years from the approval."""
    return _issue(
        application,
        person,
        actor=actor,
        category=assessment.category,
        grade=assessment.grade,
        parts=assessment.parts,
        replacement=0,
        on=on,
        expiry=_validity_end(application, on),
    )


@transaction.atomic
def application_approve(*, actor, application: Application, on: datetime.date) -> Certificate:
    """审批: what approval does depends on the business type (see each branch)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    step = flows.flow_of(application).check(actor, application, "approve")
    person = Person.objects.select_for_update().get(pk=application.person_id)
    if person.closed_on:
        raise ValidationError(
            _("The holder's file was closed on %(date)s (%(why)s).")
            % {"date": person.closed_on, "why": render_text(person.closed_reason)},
            code="file_closed",
        )
    old = None
    if application.kind in (Kind.TRANSFER_IN, Kind.LOSS):
        pass  # the certificate that left, or was reported lost, stays as it is
    elif application.old_certificate_id:
        old = Certificate.objects.select_for_update().get(pk=application.old_certificate_id)
        if old.status == Certificate.Status.EXPIRED and application.kind == Kind.RENEWAL:
            old.status = Certificate.Status.VALID  # renewed below with a new validity
        elif old.status != Certificate.Status.VALID:
            raise ValidationError(_("Only a valid certificate can be replaced."), code="not_valid")
    kind = application.kind
    if kind == Kind.NEW:
        assessment = application.assessment
        if not assessment.meets_standard:
            raise ValidationError(
                _("The assessment is below the standard; return the application."),
                code="below_standard",
            )
        certificate = _issue_assessed(application, person, assessment, actor=actor, on=on)
    elif kind == Kind.LOSS:
        # the lost number was voided at the report; the new card carries B1, B2…
        # (《残疾人证管理办法》)
        old = Certificate.objects.select_for_update().get(pk=application.old_certificate_id)
        if (
            old.status != Certificate.Status.LOST_VOIDED
            or person.certificates.filter(pk__gt=old.pk).exists()
        ):
            raise ValidationError(
                _("Only the holder's latest certificate, reported lost, is replaced."),
                code="not_lost",
            )
        certificate = _issue(
            application,
            person,
            actor=actor,
            category=old.category,
            grade=old.grade,
            parts=old.parts,
            replacement=old.replacement + 1,
            on=on,
            expiry=old.expiry_date,
        )
    elif kind in (Kind.RENEWAL, Kind.DAMAGED):
        # same number and data; a renewal starts a new validity period, an exchange does not
        certificate = old
        if kind == Kind.RENEWAL:
            certificate.issue_date, certificate.expiry_date = on, _validity_end(application, on)
        certificate.print_status = Certificate.PrintStatus.QUEUED
        certificate.save()
        _event(
            certificate,
            "renewed" if kind == Kind.RENEWAL else "exchanged",
            actor=actor,
            note=kept(Line(gettext_noop("Reprint"))),
        )
    elif kind == Kind.CHANGE:
        assessment = application.assessment
        if not assessment.meets_standard:
            raise ValidationError(
                _(
                    "The re-assessment is below the standard: cancel the "
                    "certificate (注销) instead."
                ),
                code="below_standard",
            )
        _retire(
            old,
            Certificate.Status.REPLACED,
            kept(Line(gettext_noop("Category or grade changed"))),
            actor=actor,
            on=on,
            event="replaced",
        )
        certificate = _issue_assessed(application, person, assessment, actor=actor, on=on)
    elif kind == Kind.TRANSFER_OUT:
        certificate = old
        application.transfer_number = transfer_number_for(application, on)
        _retire(
            old,
            Certificate.Status.TRANSFERRED,
            kept(Line(gettext_noop("Transferred to %(place)s"), place=application.transfer_place)),
            actor=actor,
            on=on,
            event="transferred_out",
        )
    elif kind == Kind.CANCEL:
        certificate = old
        _retire(
            old,
            Certificate.Status.CANCELLED,
            application.reason,
            actor=actor,
            on=on,
            event="cancelled",
        )
        if application.cancel_grounds in CLOSING_GROUNDS:
            person.closed_on, person.closed_reason = on, application.reason
            person.save()
    elif kind == Kind.TRANSFER_IN:
        certificate = _transfer_in_issue(application, person, actor=actor, on=on)
    else:  # pragma: no cover - the flows table has no other kinds
        raise ValidationError(_("Unknown business type."), code="kind")
    application.certificate, application.decided_on = certificate, on
    _advance(
        application,
        step.name,
        actor=actor,
        note=kept(
            Line(
                gettext_noop("%(category)s, %(grade)s"),
                category=choice(Certificate, "category", certificate.category),
                grade=choice(Certificate, "grade", certificate.grade),
            )
        ),
    )
    return certificate


def _transfer_in_issue(application, person, *, actor, on) -> Certificate:
    """The certificate of a 迁入: from the register (within), or from the reviewed scan."""
    if application.source_application_id:
        left = Certificate.objects.select_for_update().get(pk=application.old_certificate_id)
        if (
            left.status != Certificate.Status.TRANSFERRED
            or person.certificates.filter(pk__gt=left.pk).exists()
        ):
            raise ValidationError(
                _("The certificate of this 迁移证明 is no longer the holder's latest."),
                code="stale_transfer",
            )
        facts = {
            "category": left.category,
            "grade": left.grade,
            "parts": left.parts,
            "replacement": left.replacement,
            "expiry": left.expiry_date,
            "number": left.number,
        }
    else:
        require_transfer_scan(application)
        parsed = rules.parse_certificate_number(application.incoming_number, today=on)
        if Certificate.objects.by_number(application.incoming_number).exists():
            raise ValidationError(
                _("This certificate number is already in the register."),
                code="number_in_register",
            )
        facts = {
            "category": parsed.category,
            "grade": parsed.grade,
            "parts": [[parsed.category, parsed.grade]],
            "replacement": parsed.replacement,
            "expiry": _validity_end(application, on),
            "number": application.incoming_number,
        }
    if person.region_id != application.region_id:
        person.region = application.region  # the file now lives here
        for key in ("community", "address", "phone"):
            if application.applicant.get(key):
                setattr(person, key, application.applicant[key])
        person.save()
    return _issue(application, person, actor=actor, on=on, **facts)


@transaction.atomic
def certificate_cancel(
    *, actor, certificate: Certificate, grounds: str, on: datetime.date, reason=""
) -> Certificate:
    """注销 in one go (receive and approve), for the office acting on a confirmed record."""
    application = certificate_application_new(
        actor=actor, certificate=certificate, kind=Kind.CANCEL, on=on, reason=reason,
        grounds=grounds,
    )  # fmt: skip
    return application_approve(actor=actor, application=application, on=on)
