"""People on the register: registration, the person behind a new application (with contact
changes) and the audited lookup of a person in another district."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.models import AuditEntry, Region
from certificates import rules
from certificates.models import (
    Person,
)
from certificates.services.common import (
    _require,
)


@transaction.atomic
def person_register(
    *,
    actor,
    region: Region,
    id_number: str,
    name: str,
    community: str,
    address: str,
    phone: str = "",
    guardian_name: str = "",
    guardian_id_number: str = "",
    guardian_relation: str = "",
    guardian_phone: str = "",
    today: datetime.date,
) -> Person:
    """Register a holder; one person per ID number."""
    _require(actor, "office")
    ident = rules.parse_id_number(id_number, today=today)
    if Person.objects.by_id_number(ident.number).exists():
        raise ValidationError(
            {"id_number": _("A person with this ID number is already registered.")}
        )
    if guardian_id_number:
        guardian_id_number = rules.parse_id_number(guardian_id_number, today=today).number
    person = Person(
        region=region,
        id_number=ident.number,
        name=name.strip(),
        sex=ident.sex,
        birth_date=ident.birth_date,
        community=community.strip(),
        address=address.strip(),
        phone=phone,
        guardian_name=guardian_name.strip(),
        guardian_id_number=guardian_id_number,
        guardian_relation=guardian_relation.strip(),
        guardian_phone=guardian_phone,
    )
    person.full_clean()
    person.save()
    return person


CONTACT_FIELDS = (
    "community",
    "address",
    "phone",
    "guardian_name",
    "guardian_id_number",
    "guardian_relation",
    "guardian_phone",
)


@transaction.atomic
def person_for_application(
    *, actor, region: Region, id_number: str, today: datetime.date, moving_in: bool = False, **data
) -> Person:
    """The applicant: registered now, or the person already on file (their contact details
    brought up to date). A person on file in another district must transfer in first; a
    transfer in (moving_in) may bring a person of another district of this deployment."""
    _require(actor, "office")
    if region.level != Region.Level.DISTRICT:
        raise ValidationError(
            _("Applications are received by a district federation; your account belongs to %(r)s.")
            % {"r": region.name},
            code="not_district",
        )
    ident = rules.parse_id_number(id_number, today=today)
    person = Person.objects.select_for_update().by_id_number(ident.number).first()
    if person is None:
        try:
            with transaction.atomic():
                return person_register(
                    actor=actor, region=region, id_number=ident.number, today=today, **data
                )
        except IntegrityError as exc:  # registered by a colleague at the same moment
            raise ValidationError(
                {"id_number": _("A person with this ID number is already registered.")}
            ) from exc
    if not region.contains(person.region) and not moving_in:
        raise ValidationError(
            _("This person's file is kept by %(r)s; register a transfer in (迁入) first.")
            % {"r": person.region.name},
            code="other_district",
        )
    changed = False
    for name in CONTACT_FIELDS:
        value = (data.get(name) or "").strip()
        if name == "guardian_id_number" and value:
            value = rules.parse_id_number(value, today=today).number
        if value and getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    if changed:
        person.full_clean()
        person.save()
    return person


def audit_cross_district_lookup(*, actor, id_number: str) -> None:
    """An application or transfer in under an ID number kept by another district tells the
    asker that the person is on file there: audited, under the keeping district's region."""
    number = (id_number or "").strip().upper()
    person = Person.objects.by_id_number(number).select_related("region").first()
    if person is None or actor.region is None or actor.region.contains(person.region):
        return
    audit.record(
        action=AuditEntry.Action.LOOKUP,
        obj=person,
        user=actor,
        success=False,
        detail={"asked_by_region": actor.region.code, "kept_by": person.region.code},
    )
