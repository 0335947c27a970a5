"""Every write of 通办: intake at the residence, routing and delivery of the card, ratings.
The steps in between are the certificate services', guarded by tongban.sides."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import calendar
from cdpf.messages import Line
from cdpf.messages import dumps as kept
from cdpf.models import Region
from cdpf.params import get_param
from certificates import flows, rules
from certificates import services as certificate_services
from certificates.attachments import attachment_store
from certificates.models import Application, Certificate, Person
from certificates.services.common import _advance, _event
from tongban import flows as case_flows
from tongban.models import Case, Rating

# The six services (跨省通办): 迁移 is received as the 迁出 of the 户籍地's file.
KINDS = ("new", "renewal", "transfer_out", "loss", "change", "cancel")
NUMBER_DIGITS = 8  # random digits after the date: a neighbour's number is not guessable


def find_person(id_number: str) -> Person | None:
    """The one place 通办 looks a person up by ID number (the register keeps one per number)."""
    return Person.objects.select_related("region").by_id_number(id_number).first()


def id_tail(person: Person) -> str:
    """The last 6 characters of the ID number: what the applicant proves the case is theirs by."""
    return person.id_number[-6:].upper()


def new_case_number(on: datetime.date) -> str:
    """TB + date + 8 random digits: not guessable from a neighbour's number."""
    while True:
        tail = "".join(secrets.choice("0123456789") for _ in range(NUMBER_DIGITS))
        number = f"TB{on:%Y%m%d}{tail}"
        if not Case.objects.filter(number=number).exists():
            return number


def normalise_number(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:20]


def _district(region: Region) -> None:
    if region is None or region.level != Region.Level.DISTRICT:
        raise ValidationError(
            _("Applications are received by a district federation."), code="not_district"
        )


@transaction.atomic
def intake(
    *,
    actor,
    kind: str,
    id_number: str,
    on: datetime.date,
    residence_community: str,
    residence_address: str,
    delivery: str,
    phone: str = "",
    household_region: Region | None = None,
    name: str = "",
    household_community: str = "",
    household_address: str = "",
    materials: list[str] | None = None,
    requested_category: int | None = None,
    reason: str = "",
    grounds: str = "",
    transfer_place: str = "",
    permit_number: str = "",
    permit_valid_until: datetime.date | None = None,
    permit_scan=None,
    photo=None,
    postal_recipient: str = "",
    postal_address: str = "",
    postal_phone: str = "",
) -> Case:
    """受理 at the residence: any of the six services for a person whose file is kept by any
    district of the deployment. The application belongs to the 户籍地 district; the case
    records the residence, the 居住证 where the two differ, and the delivery chosen."""
    if not actor.has_role("office"):
        raise PermissionDenied(_("Your role may not take this step."))
    residence = actor.region
    _district(residence)
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose one of the six services.")})
    ident = rules.parse_id_number(id_number, today=on)
    person = find_person(ident.number)
    if person is not None:
        person = Person.objects.select_for_update().get(pk=person.pk)
    household = person.region if person is not None else household_region
    if household is None:
        raise ValidationError(
            {"household_region": _("Choose the district that keeps the applicant's file.")}
        )
    _district(household)
    if not residence_community.strip() or not residence_address.strip():
        raise ValidationError(_("Enter where the applicant lives."), code="residence")
    cross = household.pk != residence.pk
    if cross:
        if not permit_number.strip() or permit_valid_until is None or permit_scan is None:
            raise ValidationError(
                {"permit_number": _(
                    "The applicant lives outside the district that keeps their file: enter the "
                    "residence permit (居住证) number, its validity and its scan."
                )}
            )  # fmt: skip
        if permit_valid_until < on:
            raise ValidationError(
                {"permit_valid_until": _("The residence permit expired on %(d)s.")
                 % {"d": permit_valid_until}}
            )  # fmt: skip
    if delivery not in Case.Delivery.values:
        raise ValidationError({"delivery": _("Choose how the card reaches the applicant.")})
    if delivery == Case.Delivery.POST and not (
        postal_recipient.strip() and postal_address.strip()
    ):
        raise ValidationError(
            {"postal_address": _("Enter the recipient and the address the card is posted to.")}
        )
    if kind in ("cancel", "transfer_out"):
        delivery = Case.Delivery.HOUSEHOLD  # no card is printed: nothing to deliver
    if kind == "new":
        if person is None:
            if not name.strip():
                raise ValidationError({"name": _("Enter the applicant's name.")})
            person = certificate_services.person_register(
                actor=actor,
                region=household,
                id_number=ident.number,
                name=name,
                community=household_community or residence_community,
                address=household_address or residence_address,
                phone=phone,
                today=on,
            )
        application = certificate_services.application_new(
            actor=actor,
            person=person,
            materials=materials or [],
            requested_category=requested_category,
            on=on,
        )
    else:
        if person is None:
            raise ValidationError(
                {"id_number": _("Nobody with this ID number is on the register of this "
                                "deployment: only a new issue (新办) can be received.")}
            )  # fmt: skip
        certificate = (
            person.certificates.filter(
                status__in=[Certificate.Status.VALID, Certificate.Status.EXPIRED,
                            Certificate.Status.LOST_VOIDED]
            ).order_by("-issue_date", "-id").first()
        )  # fmt: skip
        if certificate is None:
            raise ValidationError(
                {"id_number": _("This person holds no certificate that this service concerns.")}
            )
        application = certificate_services.certificate_application_new(
            actor=actor,
            certificate=certificate,
            kind=kind,
            on=on,
            reason=reason,
            grounds=grounds if kind == "cancel" else "",
            transfer_place=transfer_place,
        )

    scan = None
    if permit_scan is not None:
        scan = attachment_store(
            actor=actor, person=person, upload=permit_scan, kind="other", application=application
        )
    if photo is not None:
        attachment_store(
            actor=actor, person=person, upload=photo, kind="photo", application=application
        )
    case = Case(
        application=application,
        number=new_case_number(on),
        residence_region=residence,
        residence_community=residence_community.strip(),
        residence_address=residence_address.strip(),
        phone=phone.strip(),
        permit_number=permit_number.strip() if cross else "",
        permit_valid_until=permit_valid_until if cross else None,
        permit_scan=scan,
        delivery=delivery,
        postal_recipient=postal_recipient.strip() if delivery == "post" else "",
        postal_address=postal_address.strip() if delivery == "post" else "",
        postal_phone=postal_phone.strip() if delivery == "post" else "",
        received_by=actor,
    )
    case.full_clean()
    case.save()
    return case


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("application").get(pk=case.pk)


@transaction.atomic
def publish_notice(*, actor, case: Case, on: datetime.date):
    """公示 in the residence community (a minor goes to review without a notice)."""
    app = case.application
    if rules.is_minor(app.person.birth_date, on):
        return certificate_services.application_skip_notice(actor=actor, application=app, on=on)
    return certificate_services.notice_publish(
        actor=actor,
        region=case.residence_region,
        community=case.residence_community,
        applications=[app],
        starts_on=on,
        today=on,
    )


@transaction.atomic
def dispatch(*, actor, case: Case, on: datetime.date) -> Case:
    """The printed card leaves the 户籍地 for the residence office, where it is collected."""
    case = _locked(case)
    app = case.application
    case_flows.CASE.check(actor, case, "dispatch")  # a printed card, to the residence, once
    if not actor.region.contains(app.region):
        raise PermissionDenied(_("Your role may not take this step."))
    case.dispatched_on = on
    case.save(update_fields=["dispatched_on"])
    return case


@transaction.atomic
def record_posting(
    *, actor, case: Case, tracking_number: str, posted_on: datetime.date, today: datetime.date
) -> Case:
    """邮寄: the 户籍地's certificate room posts the card; the tracking number closes it."""
    case = _locked(case)
    app = Application.objects.select_for_update().get(pk=case.application_id)
    flows.flow_of(app).check(actor, app, "hand_over")
    if case.delivery != Case.Delivery.POST:
        raise ValidationError(
            _("The applicant chose to collect the card in person."), code="not_post"
        )
    tracking_number = tracking_number.strip()
    if not tracking_number:
        raise ValidationError({"tracking_number": _("Enter the postal tracking number.")})
    if posted_on > today or posted_on < app.decided_on:
        raise ValidationError(
            {"posted_on": _("The posting date must lie between the approval and today.")}
        )
    case.tracking_number = tracking_number
    case.posted_on = posted_on
    case.save(update_fields=["tracking_number", "posted_on"])
    certificate = app.certificate
    certificate.print_status = Certificate.PrintStatus.HANDED_OVER
    certificate.save()
    note = kept(Line(gettext_noop("Posted, tracking number %(n)s"), n=tracking_number))
    _event(certificate, "handed_over", actor=actor, note=note)
    _advance(app, "hand_over", actor=actor, note=note)
    return case


@transaction.atomic
def set_missing(*, actor, case: Case, missing: str) -> Case:
    """What the applicant still has to hand in (shown to them on the progress site)."""
    case = _locked(case)
    case.missing = missing.strip()[:200]
    case.save(update_fields=["missing"])
    return case


def _low_reason(score: int, reason: str) -> str:
    reason = (reason or "").strip()
    if score <= 2 and not reason:
        raise ValidationError({"reason": _("Say what went wrong: a reason is required for "
                                           "“dissatisfied” and “very dissatisfied”.")})  # fmt: skip
    return reason[:300]


@transaction.atomic
def rate(
    *, case: Case, score: int, reason: str, channel: str, on: datetime.date, actor=None
) -> Rating:
    """好差评: once per case, after it is finished. A bad rating opens a follow-up for the
    residence office, due in the parameter's working days."""
    case = _locked(case)
    if case.application.state not in flows.FINAL_STATES:
        raise ValidationError(_("A case is rated once it is finished."), code="open")
    if Rating.objects.filter(case=case).exists():
        raise ValidationError(_("This case has been rated already."), code="rated")
    if score not in Rating.Score.values:
        raise ValidationError({"score": _("Choose a rating.")})
    reason = _low_reason(score, reason)
    due = None
    if score <= 2:
        days = get_param("tongban.follow_up_working_days", on=on, region=case.residence_region)
        due = calendar.add_working_days(on, days)
    return Rating.objects.create(
        case=case,
        score=score,
        reason=reason,
        channel=channel,
        recorded_by=actor,
        follow_up_due=due,
    )


@transaction.atomic
def follow_up(*, actor, rating: Rating, note: str, on: datetime.date) -> Rating:
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    if not rating.bad or rating.follow_up_done_on:
        raise ValidationError(_("This rating has no follow-up open."), code="no_follow_up")
    if not note.strip():
        raise ValidationError({"note": _("Say what the office did.")})
    rating.follow_up_note = note.strip()[:500]
    rating.follow_up_done_on = on
    rating.follow_up_by = actor
    rating.save()
    return rating
