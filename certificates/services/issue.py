"""Every write of the certificate register. Each step is atomic, checked against
certificates.flows, recorded in the application's history and (by signals) in the audit log."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import audit, calendar, validators
from cdpf.messages import Line, choice
from cdpf.messages import dumps as kept
from cdpf.models import AuditEntry, Region
from cdpf.params import get_param
from certificates import flows, rules
from certificates.attachments import latest_photo
from certificates.models import (
    Application,
    ApplicationEvent,
    Assessment,
    AssessmentSignature,
    Certificate,
    Doctor,
    Handover,
    NoticeBatch,
    Person,
)
from certificates.services.common import (
    OPEN_STATES,
    _add_years,
    _advance,
    _event,
    _require,
    _review_due,
    applicant_snapshot,
)
from certificates.services.transfers import _refuse_if_closed
from tongban.sides import (
    check_in_person_handover,
    hospital_regions,  # 通办: the residence's hospitals too
    notice_community,
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


def _check_guardian(person: Person, categories: set[int], on: datetime.date) -> None:
    validators.validate_guardian(
        guardian_id_number=person.guardian_id_number,
        applicant_id_number=person.id_number,
        on=on,
    )
    if rules.needs_guardian(categories=categories, birth_date=person.birth_date, on=on) and not (
        person.guardian_name and person.guardian_id_number
    ):
        raise ValidationError(
            _(
                "An applicant under 16, or with an intellectual or mental disability, applies "
                "through a legal guardian: enter the guardian's name and ID number first."
            ),
            code="guardian_required",
        )


@transaction.atomic
def application_new(
    *,
    actor,
    person: Person,
    materials: list[str],
    requested_category: int | None,
    on: datetime.date,
) -> Application:
    """受理 a new issue: refused for a second valid certificate, an open application, a
    re-application too soon after a cancellation, or a missing guardian."""
    _require(actor, "office")
    person = Person.objects.select_for_update().get(pk=person.pk)

    _refuse_if_closed(person)
    if person.certificates.filter(status=Certificate.Status.VALID).exists():
        raise ValidationError(
            _("This person already holds a valid certificate; a second one cannot be issued."),
            code="has_valid",
        )
    if person.applications.filter(state__in=OPEN_STATES).exists():
        raise ValidationError(
            _("This person already has an application in progress."), code="open_application"
        )
    years = get_param("certificate.reapply_after_cancellation_years", on=on, region=person.region)
    last_cancel = (
        person.certificates.filter(status=Certificate.Status.CANCELLED)
        .order_by("-status_changed_on")
        .values_list("status_changed_on", flat=True)
        .first()
    )
    if last_cancel and on < _add_years(last_cancel, years):
        raise ValidationError(
            _(
                "The certificate was cancelled on %(date)s; a new application is possible from "
                "%(next)s."
            )
            % {"date": last_cancel, "next": _add_years(last_cancel, years)},
            code="too_soon",
        )
    _check_guardian(person, {requested_category} if requested_category else set(), on)
    application = Application.objects.create(
        region=person.region,
        person=person,
        kind=Application.Kind.NEW,
        state=flows.INITIAL_STATE,
        received_on=on,
        received_by=actor,
        materials=materials,
        requested_category=requested_category,
        applicant=applicant_snapshot(person),
    )
    ApplicationEvent.objects.create(
        application=application,
        to_state=flows.INITIAL_STATE,
        actor=actor,
        note=kept(Line(gettext_noop("Application received"))),
    )
    return application


@transaction.atomic
def assessment_record(
    *,
    actor,
    application: Application,
    mode: str,
    parts: list[tuple[int, int]],
    assessed_on: datetime.date,
    doctor: Doctor | None = None,
    signers=(),
    measures: str = "",
    meets_standard: bool = True,
) -> Assessment:
    """评定: by a designated hospital's doctor, or directly by N distinct signers, one of whom
    holds the chairman role (N is a policy parameter, 3 by the seed)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    flows.flow_of(application).check(actor, application, "assess")
    category, grade = rules.combined_grade(parts)
    if mode == Assessment.Mode.HOSPITAL:
        if doctor is None or not doctor.active or not doctor.hospital.active:
            raise ValidationError(
                _("Choose an active doctor of a designated hospital."), code="doctor"
            )

        if not any(
            doctor.hospital.region.contains(r) or r.contains(doctor.hospital.region)
            for r in hospital_regions(application)
        ):
            raise ValidationError(
                _("The hospital is not designated for this region."), code="doctor_region"
            )
        signers = []
    elif mode == Assessment.Mode.DIRECT:
        required = get_param(
            "certificate.direct_assessment_signers", on=assessed_on, region=application.region
        )
        distinct = {s.pk: s for s in signers}
        if len(distinct) < required or not any(s.has_role("chairman") for s in distinct.values()):
            raise ValidationError(
                _(
                    "A direct assessment needs %(n)s different signers, one of them the chairman "
                    "(理事长); otherwise send the applicant to a designated hospital."
                )
                % {"n": required},
                code="signers",
            )
        doctor = None
    else:
        raise ValidationError(_("Unknown assessment mode."), code="mode")
    _check_guardian(application.person, {c for c, _ in parts}, assessed_on)
    assessment = Assessment.objects.create(
        application=application,
        mode=mode,
        doctor=doctor,
        assessed_on=assessed_on,
        parts=[list(p) for p in parts],
        category=category,
        grade=grade,
        measures=measures,
        meets_standard=meets_standard,
        complete=mode != Assessment.Mode.DIRECT,
    )
    if signers:
        assessment.signers.set(list({s.pk: s for s in signers}.values()))
    _advance(
        application,
        "assess",
        actor=actor,
        note=kept(
            Line(
                gettext_noop("%(category)s, %(grade)s"),
                category=choice(Certificate, "category", category),
                grade=choice(Certificate, "grade", grade),
            )
        ),
    )
    return assessment


def require_signed(application: Application) -> None:
    """A direct assessment counts only once every nominated signer has signed it."""
    assessment = getattr(application, "assessment", None)
    if assessment is not None and not assessment.complete:
        waiting = assessment.signers.exclude(
            pk__in=assessment.signatures.values("user_id")
        ).order_by("username")
        raise ValidationError(
            _("The direct assessment of %(name)s still waits for the signature of %(who)s.")
            % {
                "name": application.person.name,
                "who": "、".join(u.display_name or u.username for u in waiting),
            },
            code="unsigned",
        )


@transaction.atomic
def assessment_sign(*, actor, assessment: Assessment, password: str) -> AssessmentSignature:
    """A nominated signer signs a direct assessment with their own account, confirming it
    with their password; the last signature completes the assessment."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.application.state in flows.FINAL_STATES:
        raise ValidationError(
            _("The application was %(state)s; its assessment is no longer signed.")
            % {"state": flows.state_label(assessment.application.kind,
                                          assessment.application.state)},
            code="application_closed",
        )  # fmt: skip
    if assessment.mode != Assessment.Mode.DIRECT:
        raise ValidationError(_("Only a direct assessment is signed."), code="not_direct")
    if not assessment.signers.filter(pk=actor.pk).exists():
        raise ValidationError(
            _("You are not one of the signers named for this assessment."), code="not_signer"
        )
    if assessment.signatures.filter(user=actor).exists():
        raise ValidationError(_("You have signed this assessment already."), code="signed")
    if not actor.check_password(password):
        raise ValidationError(
            _("The password is not right; the assessment was not signed."), code="password"
        )
    signature = AssessmentSignature.objects.create(assessment=assessment, user=actor)
    if not assessment.signers.exclude(pk__in=assessment.signatures.values("user_id")).exists():
        assessment.complete = True
        assessment.save(update_fields=["complete"])
    return signature


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
def application_return(*, actor, application: Application, reason: str, on: datetime.date) -> None:
    """退回 with the reason (false information, below the standard, …)."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for returning the application."), code="reason")
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.reason, application.decided_on = reason.strip(), on
    _advance(application, "return", actor=actor, note=reason)


@transaction.atomic
def certificate_print(*, actor, application: Application, batch: str = "") -> Certificate:
    """制证: the card is printed; a card printed before (renewal, exchange) is a reprint."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    flows.flow_of(application).check(actor, application, "print")

    if latest_photo(application.person) is None:
        raise ValidationError(
            _("%(name)s has no photo on file: a card is never printed without the holder's "
              "photo. Upload it to the holder's files first.") % {"name": application.person.name},
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
    receiver_id = rules.parse_id_number(receiver_id_number or "", today=on).number if (
        receiver_id_number or ""
    ).strip() else ""
    person = application.person
    if not receiver_id:
        raise ValidationError(
            {"receiver_id_number": _("Enter the receiver's ID number as read from their ID card.")}
        )
    if receiver_id == person.id_number:
        receiver = Handover.Receiver.HOLDER
    elif person.guardian_id_number and receiver_id == person.guardian_id_number:
        receiver = Handover.Receiver.GUARDIAN
    elif authorisation is not None and authorisation.person_id == person.pk and (
        authorisation.kind == "authorisation"
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
