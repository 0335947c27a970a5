"""Qualification applications: submission, the checks, the site inspection, approval and
rejection."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, dumps, listing, render
from cdpf.models import Region
from cdpf.params import get_param
from cdpf.pdf import next_number
from massage_licensing import flows, rules
from massage_licensing import photos as photo_store
from massage_licensing.models import (
    Inspection,
    Institution,
    QualificationApplication,
    QualificationCertificate,
)
from massage_licensing.services.common import _event, _locked, _not_revoked
from massage_licensing.services.requirements import _next_review, evaluate


@transaction.atomic
def application_submit(
    *, actor, institution: Institution, on: datetime.date
) -> QualificationApplication:
    """Receive an application for qualification (or re-certification after a change)."""
    flows.APPLICATION.check(actor, None, "submit", state="")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status == Institution.Status.CERTIFIED:
        raise ValidationError(
            _("This institution is certified; it needs a new application only after a change.")
        )
    if institution.applications.filter(state__in=flows.OPEN_STATES).exists():
        raise ValidationError(_("This institution already has an application in progress."))
    # a revoked institution may apply again: the new application is checked from the start
    kind = {
        Institution.Status.RECERTIFICATION: QualificationApplication.Kind.RECERTIFICATION,
        Institution.Status.REVOKED: QualificationApplication.Kind.AFTER_REVOCATION,
    }.get(institution.status, QualificationApplication.Kind.INITIAL)
    application = QualificationApplication.objects.create(
        region=institution.region,
        institution=institution,
        kind=kind,
        submitted_on=on,
        created_by=actor,
    )
    _event(application, "", "submitted", actor=actor)
    return application


@transaction.atomic
def application_check(
    *, actor, application: QualificationApplication, on: datetime.date
) -> QualificationApplication:
    """Evaluate every requirement and keep the checklist with the application."""
    application = _locked(application)
    step = flows.APPLICATION.check(actor, application, "check")
    _not_revoked(application)
    checks = evaluate(application.institution, on)
    application.checklist = [c.as_dict() for c in checks]
    application.all_met = rules.all_met(checks)
    application.checked_on = on
    application.state = step.target
    application.save()
    failed = sum(1 for c in checks if not c.passed)
    _event(
        application,
        "submitted",
        step.target,
        actor=actor,
        note=dumps(Line(gettext_noop("%(n)s requirement(s) not met"), n=failed)) if failed else "",
    )
    return application


@transaction.atomic
def inspection_record(
    *,
    actor,
    application: QualificationApplication,
    inspected_on: datetime.date,
    inspectors: str,
    area_confirmed: bool,
    facilities_confirmed: bool,
    staff_confirmed: bool,
    passed: bool,
    findings: str,
    photos: list | None = None,
) -> Inspection:
    """Record the on-site inspection, with its photos."""
    application = _locked(application)
    step = flows.APPLICATION.check(actor, application, "inspect")
    _not_revoked(application)
    if not inspectors.strip():
        raise ValidationError({"inspectors": _("Name who inspected.")})
    if not findings.strip():
        raise ValidationError({"findings": _("Describe what the inspection found.")})
    if inspected_on < application.submitted_on:
        raise ValidationError(
            {"inspected_on": _("The inspection cannot be before the application.")}
        )
    if inspected_on > timezone.localdate():
        raise ValidationError(
            {"inspected_on": _("The inspection date cannot be later than today.")}
        )
    if passed and not (area_confirmed and facilities_confirmed and staff_confirmed):
        raise ValidationError(
            {
                "passed": _(
                    "An inspection that did not confirm the premises, facilities and staff "
                    "cannot find the institution compliant."
                )
            }
        )
    for upload in photos or []:  # every photo is checked before anything is kept
        photo_store.check_photo(upload)
    inspection = Inspection.objects.create(
        application=application,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        area_confirmed=area_confirmed,
        facilities_confirmed=facilities_confirmed,
        staff_confirmed=staff_confirmed,
        passed=passed,
        findings=findings.strip(),
        recorded_by=actor,
    )
    for upload in photos or []:
        photo_store.photo_store(actor=actor, inspection=inspection, upload=upload)
    application.state = step.target
    application.save()
    _event(
        application,
        "checked",
        step.target,
        actor=actor,
        note=dumps(Line(gettext_noop("compliant") if passed else gettext_noop("not compliant"))),
    )
    return inspection


def certificate_number_for(region: Region, on: datetime.date) -> str:
    """The next certificate number of the region and year; never repeats (row lock)."""
    template = get_param("massage.certificate_number_format", on=on, region=region)
    rules.format_certificate_number(template, year=on.year, seq=0)  # a bad format fails first
    # a format without the year numbers on across years, so its sequence never restarts
    sequence = f"massage-certificate-{region.code}"
    if "year" in rules.format_fields(template):
        sequence += f"-{on.year}"
    while True:
        number = rules.format_certificate_number(template, year=on.year, seq=next_number(sequence))
        # a certificate brought in by the register import may already hold this number
        if not QualificationCertificate.objects.filter(number=number).exists():
            return number


@transaction.atomic
def application_approve(
    *, actor, application: QualificationApplication, on: datetime.date
) -> QualificationCertificate:
    """Approve: every requirement must still be met and the inspection compliant; the
    certificate gets the next number and replaces any earlier one of the institution."""
    application = _locked(application)
    step = flows.APPLICATION.check(actor, application, "approve")
    institution = Institution.objects.select_for_update().get(pk=application.institution_id)
    application.institution = institution
    _not_revoked(application)
    inspection = getattr(application, "inspection", None)
    if inspection is None or not inspection.passed:
        raise ValidationError(
            _("The on-site inspection did not find the institution compliant; reject instead.")
        )
    if on < inspection.inspected_on:
        raise ValidationError(
            _("A certificate cannot be issued before the on-site inspection (%(date)s).")
            % {"date": inspection.inspected_on}
        )
    checks = evaluate(institution, on)
    application.checklist = [c.as_dict() for c in checks]
    application.all_met = rules.all_met(checks)
    if not application.all_met:
        application.save()
        failed = render(listing([c.requirement for c in checks if not c.passed], "；"))
        raise ValidationError(
            _("Not every requirement is met today, so it cannot be approved: %(failed)s")
            % {"failed": failed}
        )
    for old in institution.certificates.exclude(
        status__in=[
            QualificationCertificate.Status.SUPERSEDED,
            QualificationCertificate.Status.REVOKED,
        ]
    ):
        old.status = QualificationCertificate.Status.SUPERSEDED
        old.status_changed_on = on
        old.status_reason = dumps(Line(gettext_noop("Replaced after re-certification")))
        old.save()
    certificate = QualificationCertificate.objects.create(
        region=institution.region,
        institution=institution,
        application=application,
        number=certificate_number_for(institution.region, on),
        issued_on=on,
        institution_name=institution.name,
        address=institution.address,
        legal_representative=institution.legal_representative,
        person_in_charge=institution.person_in_charge,
    )
    application.state, application.decided_on, application.decided_by = step.target, on, actor
    application.save()
    institution.status = Institution.Status.CERTIFIED
    institution.next_review_due = _next_review(institution.region, on)
    institution.rectify_by = None
    # certified again after a revocation: the revoked certificate keeps the reason and date
    institution.revoked_on, institution.revocation_reason = None, ""
    institution.requirements_unmet = ""
    institution.save()
    _event(application, step.sources[0], step.target, actor=actor, note=certificate.number)
    return certificate


@transaction.atomic
def application_reject(
    *, actor, application: QualificationApplication, reason: str, on: datetime.date
) -> QualificationApplication:
    """Reject with reasons (printed on the rejection notice)."""
    application = _locked(application)
    source = application.state
    step = flows.APPLICATION.check(actor, application, "reject")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the rejection.")})
    application.state, application.reason = step.target, reason.strip()
    application.decided_on, application.decided_by = on, actor
    application.save()
    _event(application, source, step.target, actor=actor, note=reason)
    return application
