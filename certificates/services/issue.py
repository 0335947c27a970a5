"""A new certificate's application and its assessment: the application, the guardian check, the
assessment, the signatures and the return of an application."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import validators
from cdpf.messages import Line, choice
from cdpf.messages import dumps as kept
from cdpf.params import get_param
from certificates import flows, rules
from certificates.models import (
    Application,
    ApplicationEvent,
    Assessment,
    AssessmentSignature,
    Certificate,
    Doctor,
    Person,
)
from certificates.services.common import (
    OPEN_STATES,
    _add_years,
    _advance,
    _require,
    applicant_snapshot,
)
from certificates.services.transfers import _refuse_if_closed
from tongban.sides import (
    hospital_regions,  # 通办: the residence's hospitals too
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
def application_return(*, actor, application: Application, reason: str, on: datetime.date) -> None:
    """退回 with the reason (false information, below the standard, …)."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for returning the application."), code="reason")
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.reason, application.decided_on = reason.strip(), on
    _advance(application, "return", actor=actor, note=reason)
