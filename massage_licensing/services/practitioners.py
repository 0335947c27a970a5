"""Practitioners of an institution: registration, changes and leaving."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.rules import parse_certificate_number, parse_id_number
from massage_licensing import flows
from massage_licensing.models import (
    Institution,
    Practitioner,
)
from massage_licensing.services.common import _certificate_number
from massage_licensing.services.requirements import requirements_refresh


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
        Practitioner.objects.by_id_number(ident.number)
        .filter(is_current=True)
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
