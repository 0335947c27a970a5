"""Which federation takes which step of a 通办 application (docs/decisions/0180).

At the residence (居住地): intake, materials, the assessment designation, the public notice and
sending it to review. At the 户籍地 (where the file is kept): review, approval, printing and
the archive. The card is handed over where the applicant chose to collect it, or posted by
the 户籍地. The certificate services ask `check_side` before every step."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from certificates import flows
from tongban.models import Case

RESIDENCE, HOUSEHOLD = "residence", "household"
# The steps of the residence federation, and the states before review in which its office
# may still return the application (materials) or withdraw it at the applicant's request.
RESIDENCE_STEPS = {"assess", "publish_notice", "skip_notice", "end_notice", "to_review"}
RESIDENCE_STATES = {"assessed", "in_notice"}


def case_of(application):
    try:
        return application.tongban
    except Case.DoesNotExist:
        return None


def side_of(case, step_name: str, state: str) -> str:
    kind = case.application.kind
    if step_name in RESIDENCE_STEPS:
        return RESIDENCE
    if step_name in ("return", "withdraw"):
        # materials are checked at the residence: before the assessment of a new issue or a
        # change, and before the 户籍地's decision for the services that have no assessment
        if state in RESIDENCE_STATES or (state == "received" and kind in ("new", "change")):
            return RESIDENCE
        if state == "received" and step_name == "withdraw":
            return RESIDENCE
        return HOUSEHOLD
    if step_name == "hand_over" and case.delivery == case.Delivery.RESIDENCE:
        return RESIDENCE
    return HOUSEHOLD


def owner_region(case, step_name: str, state: str):
    return case.residence_region if side_of(case, step_name, state) == RESIDENCE else (
        case.application.region
    )


def current_owner(case):
    """The federation whose step the application waits for now (None once it is finished)."""
    app = case.application
    if app.state in flows.FINAL_STATES:
        return None
    if app.state in ("received", "assessed", "in_notice") and app.kind in ("new", "change"):
        return case.residence_region
    if app.state == "printed" and case.delivery == case.Delivery.RESIDENCE and case.dispatched_on:
        return case.residence_region
    return app.region


def check_side(application, step_name: str, actor) -> None:
    """Refuses a step of a 通办 application taken by the other federation."""
    case = case_of(application)
    if case is None or actor is None or getattr(actor, "region", None) is None:
        return
    owner = owner_region(case, step_name, application.state)
    if not actor.region.contains(owner):
        raise ValidationError(
            _("This step of a residence intake belongs to %(r)s.") % {"r": owner.name},
            code="other_side",
        )


def notice_community(application) -> str:
    """Where the application's public notice is posted: the residence community under 通办."""
    case = case_of(application)
    return case.residence_community if case is not None else application.person.community


def hospital_regions(application) -> list:
    """Regions whose designated hospitals may assess the application."""
    case = case_of(application)
    regions = [application.region]
    if case is not None:
        regions.append(case.residence_region)
    return regions


def check_in_person_handover(application) -> None:
    case = case_of(application)
    if case is None:
        return
    if case.delivery == case.Delivery.POST:
        raise ValidationError(
            _("The applicant chose to receive the card by post: record the posting instead."),
            code="posted",
        )
    if case.delivery == case.Delivery.RESIDENCE and not case.dispatched_on:
        raise ValidationError(
            _("The card has not been sent to the residence office yet."), code="not_dispatched"
        )
