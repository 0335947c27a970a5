"""迁出 and 迁入 as one register (docs/decisions/0070).

Within the deployment a 迁入 continues the holder's completed 迁出: it quotes the 迁移证明
number given at the 迁出's approval, and the number, category, grade, disabilities and expiry
come from the certificate that left, never from a form. A holder from outside the deployment
brings a 迁移证明 that is scanned and reviewed by the chairman; the incoming number is kept
only if it belongs to the ID number and is not already in the register. The source district's
rows are never rewritten: the transferred certificate keeps its district and data."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, render_text
from cdpf.messages import dumps as kept
from cdpf.models import Region
from cdpf.pdf import next_number
from certificates import flows, rules
from certificates.models import Application, ApplicationEvent, Attachment, Certificate, Person
from certificates.services.common import (
    OPEN_STATES,
    _advance,
    _require,
    _review_due,
    applicant_snapshot,
)

Kind = Application.Kind
MATERIALS_WITHIN = ["身份证", "迁入地户口簿", "迁移证明"]
MATERIALS_OUTSIDE = ["身份证", "迁入地户口簿", "迁移证明（扫描件）", "原残疾人证"]


def transfer_number_for(application: Application, on: datetime.date) -> str:
    """The 迁移证明 number of an approved 迁出: district code, year, sequence."""
    sequence = f"QYZM-{application.region.code}-{on.year}"
    return f"{application.region.code}{on.year}QY{next_number(sequence):05d}"


def _refuse_if_closed(person: Person) -> None:
    if person.closed_on:
        raise ValidationError(
            _("The file of %(name)s was closed on %(date)s (%(why)s); no certificate can be "
              "issued again.")
            % {"name": person.name, "date": person.closed_on,
               "why": render_text(person.closed_reason)},
            code="file_closed",
        )


def _refuse_if_busy(person: Person) -> None:
    if person.certificates.filter(status=Certificate.Status.VALID).exists():
        raise ValidationError(
            _("This person already holds a valid certificate; a second one cannot be issued."),
            code="has_valid",
        )
    if person.applications.filter(state__in=OPEN_STATES).exists():
        raise ValidationError(
            _("This person already has an application in progress."), code="open_application"
        )


def _district(actor) -> Region:
    region = actor.region
    if region is None or region.level != Region.Level.DISTRICT:
        raise ValidationError(
            _("Applications are received by a district federation."), code="not_district"
        )
    return region


@transaction.atomic
def transfer_in_new(
    *,
    actor,
    transfer_number: str,
    on: datetime.date,
    community: str = "",
    address: str = "",
    phone: str = "",
) -> Application:
    """迁入 of a holder whose file is in this register: continues their completed 迁出.
    The new community and address are kept on the application and written to the holder's
    file at approval, when the file moves here."""
    _require(actor, "office")
    region = _district(actor)
    number = (transfer_number or "").strip().upper()
    source = (
        Application.objects.select_for_update(of=("self",))
        .filter(kind=Kind.TRANSFER_OUT, transfer_number=number)
        .select_related("old_certificate", "region")
        .first()
    )
    if not number or source is None or source.state != "closed":
        raise ValidationError(
            {"transfer_number": ValidationError(
                _("No completed transfer out (迁出) has this 迁移证明 number."),
                code="no_transfer_out",
            )}
        )  # fmt: skip
    person = Person.objects.select_for_update().get(pk=source.person_id)
    _refuse_if_closed(person)
    if source.continued_by.exclude(state__in=["returned", "withdrawn"]).exists():
        raise ValidationError(
            {"transfer_number": _("This 迁移证明 has already been received.")},
            code="already_received",
        )
    left = source.old_certificate
    newer = person.certificates.filter(pk__gt=left.pk)
    if left.status != Certificate.Status.TRANSFERRED or newer.exists():
        raise ValidationError(
            {"transfer_number": _("The certificate of this 迁移证明 is no longer the holder's "
                                  "latest; the transfer cannot be continued.")},
            code="stale_transfer",
        )
    _refuse_if_busy(person)
    arriving = applicant_snapshot(person)
    arriving.update({"region": region.name, "region_code": region.code})
    for key, value in (("community", community), ("address", address), ("phone", phone)):
        if value.strip():
            arriving[key] = value.strip()
    application = Application.objects.create(
        region=region,
        person=person,
        kind=Kind.TRANSFER_IN,
        state=flows.INITIAL_STATE,
        received_on=on,
        received_by=actor,
        materials=MATERIALS_WITHIN,
        old_certificate=left,
        source_application=source,
        incoming_number=left.number,
        transfer_place=source.region.name,
        applicant=arriving,
    )
    ApplicationEvent.objects.create(
        application=application,
        to_state=flows.INITIAL_STATE,
        actor=actor,
        note=kept(
            Line(
                gettext_noop("Transfer certificate %(n)s of %(r)s"),
                n=number,
                r=source.region.name,
            )
        ),
    )
    return application


def _names_a_district_here(place: str) -> Region | None:
    compact = place.replace(" ", "")
    for district in Region.objects.filter(level=Region.Level.DISTRICT):
        short = district.name.removeprefix("邯郸市")
        if district.name in compact or (len(short) >= 3 and short in compact):
            return district
    return None


@transaction.atomic
def transfer_in_from_outside(
    *, actor, person: Person, incoming_number: str, transfer_place: str, on: datetime.date
) -> Application:
    """迁入 from a federation outside this deployment: the holder is new to the register."""
    _require(actor, "office")
    _district(actor)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _refuse_if_closed(person)
    place = transfer_place.strip()
    if not place:
        raise ValidationError({"transfer_place": _("Name the federation the file comes from.")})
    here = _names_a_district_here(place)
    if here is not None or person.certificates.exists():
        raise ValidationError(
            _("%(name)s's file is in this register; receive the transfer in with the 迁移证明 "
              "number of their transfer out (迁出).") % {"name": person.name},
            code="within_deployment",
        )
    parsed = rules.parse_certificate_number(incoming_number, today=on)
    if parsed.id_number.number != person.id_number:
        raise ValidationError(
            {"incoming_number": _("The certificate number does not belong to this ID number.")},
            code="mismatch",
        )
    if Certificate.objects.by_number(str(parsed)).exists():
        raise ValidationError(
            {"incoming_number": _("This certificate number is already in the register.")},
            code="number_in_register",
        )
    _refuse_if_busy(person)
    application = Application.objects.create(
        region=actor.region,
        person=person,
        kind=Kind.TRANSFER_IN,
        state=flows.INITIAL_STATE,
        received_on=on,
        received_by=actor,
        materials=MATERIALS_OUTSIDE,
        incoming_number=str(parsed),
        transfer_place=place,
        applicant=applicant_snapshot(person),
    )
    ApplicationEvent.objects.create(
        application=application, to_state=flows.INITIAL_STATE, actor=actor, note=place
    )
    return application


def require_transfer_scan(application: Application) -> None:
    if not application.attachments.filter(kind=Attachment.Kind.TRANSFER_PROOF).exists():
        raise ValidationError(
            _("Upload the scanned transfer certificate (迁移证明) of this application first."),
            code="no_scan",
        )


@transaction.atomic
def transfer_in_to_review(*, actor, application: Application, on: datetime.date) -> None:
    """A 迁入 from outside goes to the chairman with its scanned 迁移证明."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    flows.flow_of(application).check(actor, application, "transfer_review")
    require_transfer_scan(application)
    application.review_due_on = _review_due(application, on)
    _advance(application, "transfer_review", actor=actor)
