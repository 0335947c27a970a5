"""Every write of the massage institution qualification. Each is atomic and audited (model
saves by signals); the roles of each step are in massage_licensing.flows."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import calendar
from cdpf.identifiers import validate_credit_code
from cdpf.messages import Line, dumps, listing, render
from cdpf.models import Region
from cdpf.params import get_param, get_param_row
from cdpf.pdf import next_number
from certificates.rules import parse_certificate_number, parse_id_number
from massage_licensing import flows, rules, selectors
from massage_licensing import photos as photo_store
from massage_licensing.models import (
    Inspection,
    Institution,
    InstitutionChange,
    Practitioner,
    QualificationApplication,
    QualificationCertificate,
    QualificationEvent,
    YearlyReview,
)

# InstitutionChange.Kind's labels, kept as messages in a certificate's status reason
CHANGE_KIND_MESSAGES = {
    "name": gettext_noop("Name"),
    "premises": gettext_noop("Premises"),
    "person_in_charge": gettext_noop("Person in charge"),
}

INSTITUTION_FIELDS = (
    "name",
    "address",
    "legal_representative",
    "representative_is_blind",
    "representative_certificate_number",
    "person_in_charge",
    "phone",
    "area_m2",
    "rooms",
    "beds",
    "bed_spacing_m",
    "has_disinfection",
    "has_toilet",
    "has_fire_safety",
    "has_lighting",
)
PARAMETERS = (
    "massage.blind_share_blind_representative",
    "massage.blind_share_sighted_representative",
    "massage.min_area_m2",
    "massage.min_beds",
    "massage.min_bed_spacing_m",
)


def policy_for(region: Region, on: datetime.date) -> rules.Policy:
    """The thresholds in force for a region on a day, from the parameter table."""
    values, sources = {}, {}
    for name in PARAMETERS:
        row = get_param_row(name, on=on, region=region)
        values[name.split(".", 1)[1]] = get_param(name, on=on, region=region)
        # people read the rule, its source and since when; never the parameter's key
        sources[name] = Line(
            gettext_noop("%(source)s (in force from %(date)s)"),
            source=f"{row.source}（“{row.description}”）",
            date=str(row.valid_from),
        )
    return rules.Policy(**values, sources=sources)


def _certificate_number(value: str, *, field: str, today: datetime.date) -> str:
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        return str(parse_certificate_number(value, today=today))
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _clean_institution(data: dict, *, today: datetime.date) -> dict:
    data = dict(data)
    for key in ("name", "address", "legal_representative", "person_in_charge", "phone"):
        if key in data:
            data[key] = (data[key] or "").strip()
    if "representative_certificate_number" in data:
        data["representative_certificate_number"] = _certificate_number(
            data["representative_certificate_number"],
            field="representative_certificate_number",
            today=today,
        )
    if data.get("representative_is_blind") and not data.get("representative_certificate_number"):
        raise ValidationError(
            {
                "representative_certificate_number": _(
                    "Enter the disability certificate number of the blind legal representative."
                )
            }
        )
    if "name" in data and rules.REQUIRED_NAME_PART not in data["name"]:
        raise ValidationError({"name": _("The name must contain 盲人保健按摩 (DOMAIN.md §5).")})
    return data


@transaction.atomic
def institution_register(
    *, actor, region: Region, credit_code: str, today: datetime.date, **fields
) -> Institution:
    """Enter an institution in the register (not yet certified)."""
    flows.REGISTER.check(actor, None, "register_institution")
    errors: dict[str, list] = {}
    try:
        code = validate_credit_code(credit_code)
    except ValidationError as exc:
        errors["credit_code"] = exc.messages
    else:
        if Institution.objects.filter(credit_code=code).exists():
            errors["credit_code"] = [_("An institution with this code is registered.")]
    try:
        fields = _clean_institution(fields, today=today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    institution = Institution(region=region, credit_code=code, created_by=actor, **fields)
    institution.full_clean()
    institution.save()
    return institution


@transaction.atomic
def institution_change(
    *, actor, institution: Institution, on: datetime.date, note: str = "", **fields
) -> InstitutionChange | None:
    """Change an institution's details. A change of name, premises or person in charge of a
    certified institution marks its certificate as needing re-certification."""
    flows.REGISTER.check(actor, None, "change_institution")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    fields = _clean_institution(
        {k: v for k, v in fields.items() if k in INSTITUTION_FIELDS}, today=on
    )
    before = {k: _plain(getattr(institution, k)) for k in fields}
    after = {k: _plain(v) for k, v in fields.items()}
    changed = [k for k in fields if before[k] != after[k]]
    if not changed:
        raise ValidationError(_("Nothing was changed."))
    for key in changed:
        setattr(institution, key, fields[key])
    kinds = rules.recertification_kinds(before, after) or ["other"]
    grounds = [k for k in kinds if k != "other"]
    requires = bool(grounds) and institution.status in (
        Institution.Status.CERTIFIED,
        Institution.Status.RECERTIFICATION,
    )
    if requires:
        institution.status = Institution.Status.RECERTIFICATION
        labels = listing([Line(CHANGE_KIND_MESSAGES[k]) for k in grounds])
        for certificate in institution.certificates.filter(
            status=QualificationCertificate.Status.VALID
        ):
            certificate.status = QualificationCertificate.Status.NEEDS_RECERTIFICATION
            certificate.status_changed_on = on
            certificate.status_reason = dumps(Line(gettext_noop("Changed: %(what)s"), what=labels))
            certificate.save()
    institution.full_clean()
    institution.save()
    requirements_refresh(institution, on)
    return InstitutionChange.objects.create(
        region=institution.region,
        institution=institution,
        kinds=kinds,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
        changed_on=on,
        requires_recertification=requires,
        note=note.strip()[:300],
        changed_by=actor,
    )


def _plain(value):
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value if isinstance(value, (bool, int, type(None))) else str(value)


@transaction.atomic
def practitioner_register(
    *,
    actor,
    institution: Institution,
    name: str,
    id_number: str,
    joined_on: datetime.date,
    disability_certificate_number: str = "",
    qualification_number: str = "",
    health_certificate_number: str = "",
    health_certificate_expiry: datetime.date | None = None,
    labour_contract: bool = False,
    social_insurance: bool = False,
    violations: str = "",
) -> Practitioner:
    """Enter a massage practitioner at an institution; one person, one institution at a time."""
    flows.REGISTER.check(actor, None, "register_practitioner")
    try:
        ident = parse_id_number(id_number, today=joined_on)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc
    number = _certificate_number(
        disability_certificate_number, field="disability_certificate_number", today=joined_on
    )
    if number and parse_certificate_number(number).id_number.number != ident.number:
        raise ValidationError(
            {
                "disability_certificate_number": _(
                    "The certificate number does not belong to this ID number."
                )
            }
        )
    current = (
        Practitioner.objects.by_id_number(ident.number).filter(is_current=True)
        .select_related("institution")
        .first()
    )
    if current is not None:
        raise ValidationError({"id_number": _already_employed(current)})
    practitioner = Practitioner(
        region=institution.region,
        institution=institution,
        name=name.strip(),
        sex=ident.sex,
        id_number=ident.number,
        disability_certificate_number=number,
        qualification_number=qualification_number.strip(),
        health_certificate_number=health_certificate_number.strip(),
        health_certificate_expiry=health_certificate_expiry,
        labour_contract=labour_contract,
        social_insurance=social_insurance,
        violations=violations.strip(),
        joined_on=joined_on,
    )
    practitioner.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            practitioner.save()
    except IntegrityError as exc:  # registered elsewhere at the same moment
        raise ValidationError(
            {"id_number": _("This person already works at another institution.")}
        ) from exc
    requirements_refresh(institution, joined_on)
    return practitioner


def _already_employed(current: Practitioner) -> str:
    return _(
        "This person already works at %(name)s (since %(date)s). Record that they left "
        "there first: one person works at one institution at a time."
    ) % {"name": current.institution.name, "date": current.joined_on}


@transaction.atomic
def practitioner_update(*, actor, practitioner: Practitioner, **fields) -> Practitioner:
    """Renew documents, record violations: the editable facts of a current practitioner."""
    flows.REGISTER.check(actor, None, "register_practitioner")
    practitioner = Practitioner.objects.select_for_update().get(pk=practitioner.pk)
    if not practitioner.is_current:
        raise ValidationError(_("This person no longer works here."))
    if "disability_certificate_number" in fields:
        number = _certificate_number(
            fields["disability_certificate_number"],
            field="disability_certificate_number",
            today=datetime.date.today(),
        )
        if number and parse_certificate_number(number).id_number.number != practitioner.id_number:
            raise ValidationError(
                {
                    "disability_certificate_number": _(
                        "The certificate number does not belong to this ID number."
                    )
                }
            )
        fields["disability_certificate_number"] = number
    for key in (
        "name",
        "disability_certificate_number",
        "qualification_number",
        "health_certificate_number",
        "health_certificate_expiry",
        "labour_contract",
        "social_insurance",
        "violations",
    ):
        if key in fields:
            value = fields[key]
            setattr(practitioner, key, value.strip() if isinstance(value, str) else value)
    practitioner.full_clean(validate_constraints=False)
    practitioner.save()
    requirements_refresh(practitioner.institution, timezone.localdate())
    return practitioner


@transaction.atomic
def practitioner_leave(*, actor, practitioner: Practitioner, on: datetime.date) -> Practitioner:
    """Record that a practitioner left; the row stays as history."""
    flows.REGISTER.check(actor, None, "practitioner_leaves")
    practitioner = Practitioner.objects.select_for_update().get(pk=practitioner.pk)
    if not practitioner.is_current:
        raise ValidationError(_("This person has already left."))
    if on < practitioner.joined_on:
        raise ValidationError({"left_on": _("The leaving date is before the joining date.")})
    practitioner.is_current, practitioner.left_on = False, on
    practitioner.save()
    requirements_refresh(practitioner.institution, on)
    return practitioner


def _event(
    application: QualificationApplication, source: str, target: str, *, actor, note: str = ""
):
    QualificationEvent.objects.create(
        application=application, from_state=source, to_state=target, actor=actor, note=note[:300]
    )


def evaluate(institution: Institution, on: datetime.date) -> list[rules.Check]:
    """The checklist for an institution as it stands, against the register of certificates."""
    facts, staff = selectors.institution_facts(institution)
    return rules.evaluate(facts, staff, policy=policy_for(institution.region, on), on=on)


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


def _locked(application: QualificationApplication) -> QualificationApplication:
    return (
        QualificationApplication.objects.select_for_update()
        .select_related("institution")
        .get(pk=application.pk)
    )


def _not_revoked(application: QualificationApplication) -> None:
    """An application left open when the qualification was revoked can only be rejected; one
    made after the revocation goes on."""
    if (
        application.institution.status == Institution.Status.REVOKED
        and application.kind != QualificationApplication.Kind.AFTER_REVOCATION
    ):
        raise ValidationError(
            _("The qualification of this institution is revoked; reject the application instead.")
        )


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


def _next_review(region: Region, on: datetime.date) -> datetime.date:
    months = get_param("massage.review_interval_months", on=on, region=region)
    return rules.add_months(on, months)


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


@transaction.atomic
def yearly_review_record(
    *,
    actor,
    institution: Institution,
    year: int,
    on: datetime.date,
    passed: bool,
    findings: str = "",
    exception_reason: str = "",
) -> YearlyReview:
    """Record a yearly review with the checklist as of its date. 合格 needs every requirement
    met, or the reviewer's written reason for the exception; a failed one sets the deadline to
    rectify. Only the years from certification to the review day are reviewed."""
    flows.REGISTER.check(actor, None, "yearly_review")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status not in (
        Institution.Status.CERTIFIED,
        Institution.Status.RECERTIFICATION,
    ):
        raise ValidationError(_("Only a certified institution is reviewed."))
    first_year = _certified_since(institution).year
    if not first_year <= year <= on.year:
        raise ValidationError(
            {
                "year": _(
                    "Only the years from certification (%(first)s) to this year (%(last)s) "
                    "can be reviewed."
                )
                % {"first": first_year, "last": on.year}
            }
        )
    if institution.reviews.filter(year=year, passed=True).exists():
        raise ValidationError(
            {"year": _("This institution already passed its %(y)s review.") % {"y": year}}
        )
    if not passed and not findings.strip():
        raise ValidationError({"findings": _("Say what must be rectified.")})
    checks = evaluate(institution, on)
    exception_reason = exception_reason.strip() if passed else ""
    if rules.all_met(checks):
        exception_reason = ""
    elif passed and not exception_reason:
        unmet = render(
            listing(
                [
                    Line(
                        gettext_noop("%(requirement)s (%(actual)s)"),
                        requirement=c.requirement,
                        actual=c.actual,
                    )
                    for c in checks
                    if not c.passed
                ],
                "；",
            )
        )
        raise ValidationError(
            {
                "passed": _(
                    "Not every requirement is met on the review day: %(unmet)s. Record the "
                    "review as failed, or write the reason for passing it as an exception."
                )
                % {"unmet": unmet}
            }
        )
    rectify_by = None
    if not passed:
        days = get_param("massage.rectification_working_days", on=on, region=institution.region)
        rectify_by = calendar.add_working_days(on, days)
    review = YearlyReview.objects.create(
        region=institution.region,
        institution=institution,
        year=year,
        reviewed_on=on,
        passed=passed,
        findings=findings.strip(),
        checklist=[c.as_dict() for c in checks],
        exception_reason=exception_reason,
        rectify_by=rectify_by,
        reviewed_by=actor,
    )
    institution.rectify_by = rectify_by
    if passed:
        institution.next_review_due = _next_review(institution.region, on)
    institution.requirements_unmet = _unmet_summary(checks)
    institution.save()
    return review


def _certified_since(institution: Institution) -> datetime.date:
    """The day the qualification in force was granted (its oldest certificate not revoked)."""
    certificates = institution.certificates.exclude(
        status=QualificationCertificate.Status.REVOKED
    ).order_by("issued_on", "id")
    revoked = institution.certificates.filter(status=QualificationCertificate.Status.REVOKED)
    last_revoked = revoked.order_by("-status_changed_on").first()
    if last_revoked is not None and last_revoked.status_changed_on:
        certificates = certificates.filter(issued_on__gte=last_revoked.status_changed_on)
    first = certificates.first()
    return first.issued_on if first else institution.created_at.date()


def unmet_lines(checks: list[rules.Check]) -> dict:
    """The requirements not met, each with what was found and what is required."""
    return listing(
        [
            Line(
                gettext_noop("%(requirement)s: %(actual)s (required %(required)s)"),
                requirement=c.requirement,
                actual=c.actual,
                required=c.required,
            )
            for c in checks
            if not c.passed
        ],
        "；",
    )


def _unmet_summary(checks: list[rules.Check]) -> str:
    """What is not met, kept as lines read in the reader's language (empty when all is met)."""
    lines = unmet_lines(checks)
    return dumps(lines) if lines["l"] else ""


def requirements_refresh(institution: Institution, on: datetime.date) -> str:
    """Re-check a certified institution after a change of its entry or staff and keep what is
    not met (shown on its page and on the home pages); empty when all is met or not certified."""
    summary = ""
    if institution.status in (Institution.Status.CERTIFIED, Institution.Status.RECERTIFICATION):
        summary = _unmet_summary(evaluate(institution, on))
    if summary != institution.requirements_unmet:
        institution.requirements_unmet = summary
        institution.save(update_fields=["requirements_unmet"])
    return summary


@transaction.atomic
def institution_revoke(
    *, actor, institution: Institution, reason: str, on: datetime.date
) -> Institution:
    """Revoke the qualification with reasons and date; nothing is deleted."""
    flows.REGISTER.check(actor, None, "revoke")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status == Institution.Status.REVOKED:
        raise ValidationError(_("The qualification is already revoked."))
    if institution.status == Institution.Status.REGISTERED:
        raise ValidationError(_("This institution was never certified."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the revocation.")})
    institution.status = Institution.Status.REVOKED
    institution.revoked_on, institution.revocation_reason = on, reason.strip()[:300]
    institution.next_review_due = None
    institution.requirements_unmet = ""
    institution.save()
    for certificate in institution.certificates.exclude(
        status=QualificationCertificate.Status.SUPERSEDED
    ):
        certificate.status = QualificationCertificate.Status.REVOKED
        certificate.status_changed_on, certificate.status_reason = on, reason.strip()[:300]
        certificate.save()
    return institution


@transaction.atomic
def certificate_import(
    *, actor, institution: Institution, number: str, issued_on: datetime.date, today: datetime.date
) -> QualificationCertificate:
    """Enter a certificate issued before this system (from an imported register): the
    institution counts as certified from that day and its yearly review falls due from it."""
    flows.REGISTER.check(actor, None, "import")
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("Enter the certificate number.")})
    if issued_on > today:
        raise ValidationError({"issued_on": _("The date of certification is in the future.")})
    if QualificationCertificate.objects.filter(number=number).exists():
        raise ValidationError(
            {"number": _("Certificate number %(n)s is already in the register.") % {"n": number}}
        )
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status != Institution.Status.REGISTERED:
        raise ValidationError(_("This institution already has a certificate."))
    certificate = QualificationCertificate.objects.create(
        region=institution.region,
        institution=institution,
        application=None,
        number=number,
        issued_on=issued_on,
        institution_name=institution.name,
        address=institution.address,
        legal_representative=institution.legal_representative,
        person_in_charge=institution.person_in_charge,
        status_reason=dumps(Line(gettext_noop("Imported from an earlier register"))),
    )
    institution.status = Institution.Status.CERTIFIED
    institution.next_review_due = _next_review(institution.region, issued_on)
    institution.save()
    return certificate
