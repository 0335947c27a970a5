"""Institutions: registration, changes of their entry, revocation and certificates issued
before this system."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.identifiers import validate_credit_code
from cdpf.messages import Line, dumps, listing
from cdpf.models import Region
from massage_licensing import flows, rules
from massage_licensing.models import (
    Institution,
    InstitutionChange,
    QualificationCertificate,
)
from massage_licensing.services.common import _certificate_number, _plain
from massage_licensing.services.requirements import _next_review, requirements_refresh

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
