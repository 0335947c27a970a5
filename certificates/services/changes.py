"""The business types that start from an existing certificate (换领, 挂失补办, 污损换发, 迁出,
类别/等级变更, 注销) or from a file brought in (迁入), and the approval of every type."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, choice, is_line, render_text
from cdpf.messages import dumps as kept
from cdpf.params import get_param
from certificates import flows, rules
from certificates.models import Application, ApplicationEvent, Certificate, Person
from certificates.services.common import (
    OPEN_STATES,
    _add_years,
    _advance,
    _event,
    _require,
    _review_due,
    applicant_snapshot,
)
from certificates.services.issue import require_signed
from certificates.services.transfers import require_transfer_scan, transfer_number_for

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
                _("The certificate is valid until %(expiry)s; 换领 is possible from %(opens)s. "
                  "A damaged card is exchanged (污损换发) instead.")
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


def _retire(old: Certificate, status: str, reason: str, *, actor, on, event: str) -> None:
    old.status, old.status_changed_on, old.status_reason = status, on, reason
    old.save()
    _event(old, event, actor=actor, note=reason)


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
        certificate = _issue(
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
    elif kind == Kind.LOSS:
        # the lost number was voided at the report; the new card carries B1, B2…
        # (《残疾人证管理办法》)
        old = Certificate.objects.select_for_update().get(pk=application.old_certificate_id)
        if old.status != Certificate.Status.LOST_VOIDED or person.certificates.filter(
            pk__gt=old.pk
        ).exists():
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
        certificate = _issue(
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
    elif kind == Kind.TRANSFER_OUT:
        certificate = old
        application.transfer_number = transfer_number_for(application, on)
        _retire(
            old,
            Certificate.Status.TRANSFERRED,
            kept(
                Line(gettext_noop("Transferred to %(place)s"), place=application.transfer_place)
            ),
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
        if left.status != Certificate.Status.TRANSFERRED or person.certificates.filter(
            pk__gt=left.pk
        ).exists():
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
