"""From the public notice to the holder's hands: the notice and its end (or skipping it), printing
the certificate and handing it over."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cdpf import calendar
from cdpf.models import Region
from cdpf.params import get_param
from certificates import flows, rules
from certificates.attachments import latest_photo
from certificates.models import (
    Application,
    Certificate,
    Handover,
    NoticeBatch,
)
from certificates.services.common import (
    _advance,
    _event,
    _review_due,
)
from certificates.services.issue import require_signed
from tongban.sides import (
    check_in_person_handover,
    notice_community,
)


@transaction.atomic
def notice_publish(
    *,
    actor,
    region: Region,
    community: str,
    applications: list[Application],
    starts_on: datetime.date,
    today: datetime.date | None = None,
) -> NoticeBatch:
    """公示: post the list in one village or community for the notice period (working days).
    Minors never appear on a notice; a notice cannot be dated back to shorten its period."""
    if not applications:
        raise ValidationError(_("Choose at least one application to publish."), code="empty")
    if today is not None and starts_on < today:
        raise ValidationError(
            _(
                "The notice cannot start before today (%(date)s): the notice period must run in "
                "full."
            )
            % {"date": today},
            code="backdated",
        )
    days = get_param("certificate.notice_working_days", on=starts_on, region=region)
    ends_on = calendar.add_working_days(starts_on, days)
    batch = NoticeBatch.objects.create(
        region=region, community=community, starts_on=starts_on, ends_on=ends_on, published_by=actor
    )
    for application in applications:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if rules.is_minor(application.person.birth_date, starts_on):
            raise ValidationError(
                _("%(name)s is a minor and must not appear on a public notice.")
                % {"name": application.person.name},
                code="minor",
            )

        if notice_community(application) != community:
            raise ValidationError(
                _("%(name)s lives in %(place)s; publish them on that community's notice.")
                % {"name": application.person.name, "place": notice_community(application)},
                code="community",
            )
        require_signed(application)
        if starts_on < application.assessment.assessed_on:
            raise ValidationError(
                _("The notice cannot start before the assessment."), code="before_assessment"
            )
        if not application.assessment.meets_standard:
            raise ValidationError(
                _("%(name)s does not meet the standard; return the application instead.")
                % {"name": application.person.name}
            )
        application.notice_ends_on = ends_on
        _advance(application, "publish_notice", actor=actor, note=f"{community} {starts_on}")
        batch.applications.add(application)
    return batch


@transaction.atomic
def application_skip_notice(*, actor, application: Application, on: datetime.date) -> None:
    """A minor goes to review without a public notice."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    flows.flow_of(application).check(actor, application, "skip_notice")
    require_signed(application)
    if not rules.is_minor(application.person.birth_date, on):
        raise ValidationError(
            _("Only a minor's application skips the public notice."), code="not_minor"
        )
    application.review_due_on = _review_due(application, on)
    _advance(application, "skip_notice", actor=actor)


@transaction.atomic
def notice_end(*, actor, application: Application, on: datetime.date) -> None:
    """Close the notice once its period has passed, and start the review deadline."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    flows.flow_of(application).check(actor, application, "end_notice")
    if application.notice_ends_on and on <= application.notice_ends_on:
        raise ValidationError(
            _("The public notice runs until %(date)s; it can be closed after that day.")
            % {"date": application.notice_ends_on},
            code="notice_running",
        )
    application.review_due_on = _review_due(application, application.notice_ends_on or on)
    _advance(application, "end_notice", actor=actor)


@transaction.atomic
def certificate_print(*, actor, application: Application, batch: str = "") -> Certificate:
    """制证: the card is printed; a card printed before (renewal, exchange) is a reprint."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    flows.flow_of(application).check(actor, application, "print")

    if latest_photo(application.person) is None:
        raise ValidationError(
            _(
                "%(name)s has no photo on file: a card is never printed without the holder's "
                "photo. Upload it to the holder's files first."
            )
            % {"name": application.person.name},
            code="no_photo",
        )
    certificate = application.certificate
    reprint = certificate.events.filter(kind__in=["printed", "reprinted"]).exists()
    certificate.print_status = Certificate.PrintStatus.PRINTED
    certificate.save()
    _event(certificate, "reprinted" if reprint else "printed", actor=actor, note=batch)
    _advance(application, "print", actor=actor, note=batch)
    return certificate


@transaction.atomic
def certificate_hand_over(
    *,
    actor,
    application: Application,
    received_by: str,
    id_checked: bool,
    on: datetime.date,
    receiver_id_number: str = "",
    authorisation=None,
) -> Handover:
    """发放: to the holder, their registered guardian, or an agent with a written
    authorisation (scanned), each recognised by the ID number read from their ID card."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    flows.flow_of(application).check(actor, application, "hand_over")

    check_in_person_handover(application)
    if not id_checked:
        raise ValidationError(
            _("Check the receiver's ID before handing the card over."), code="id_check"
        )
    if not received_by.strip():
        raise ValidationError(_("Enter who received the card."), code="received_by")
    receiver_id = (
        rules.parse_id_number(receiver_id_number or "", today=on).number
        if (receiver_id_number or "").strip()
        else ""
    )
    person = application.person
    if not receiver_id:
        raise ValidationError(
            {"receiver_id_number": _("Enter the receiver's ID number as read from their ID card.")}
        )
    if receiver_id == person.id_number:
        receiver = Handover.Receiver.HOLDER
    elif person.guardian_id_number and receiver_id == person.guardian_id_number:
        receiver = Handover.Receiver.GUARDIAN
    elif (
        authorisation is not None
        and authorisation.person_id == person.pk
        and (authorisation.kind == "authorisation")
    ):
        receiver = Handover.Receiver.AGENT
    else:
        raise ValidationError(
            {"receiver_id_number": _(
                "This ID number is neither the holder's nor the registered guardian's; an agent "
                "needs the holder's written authorisation, scanned into the holder's files."
            )}
        )  # fmt: skip
    certificate = application.certificate
    handover = Handover.objects.create(
        certificate=certificate,
        received_by=received_by.strip(),
        receiver_id_number=receiver_id,
        receiver=receiver,
        authorisation=authorisation if receiver == Handover.Receiver.AGENT else None,
        receiver_id_checked=True,
        handed_on=on,
        handed_by=actor,
        reprint=certificate.events.filter(kind="reprinted").exists(),
    )
    certificate.print_status = Certificate.PrintStatus.HANDED_OVER
    certificate.save()
    _event(certificate, "handed_over", actor=actor, note=received_by)
    _advance(application, "hand_over", actor=actor, note=received_by)
    return handover
