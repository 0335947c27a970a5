"""Who does what in the qualification of blind massage institutions: one table (decision 0030).

The labour employment service centre (劳动就业服务所) keeps the register, checks applications,
inspects and reviews; the chairman (理事长) decides: approval, rejection and revocation are
issued in the federation's name. Supervisors and administrators read."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdpf import roles

CENTRE = roles.LABOUR_SERVICE
CHAIR = roles.CHAIRMAN
READERS = (roles.LABOUR_SERVICE, roles.CHAIRMAN, roles.SUPERVISOR)
PRINTERS = (roles.LABOUR_SERVICE, roles.CHAIRMAN)


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]  # application states it starts from ("" for a new application)
    target: str
    role: str
    label: object


# Application steps: submitted → checked → inspected → approved | rejected.
STEPS = {
    "submit": Step("submit", ("",), "submitted", CENTRE, gettext_lazy("Submit the application")),
    "check": Step(
        "check", ("submitted",), "checked", CENTRE, gettext_lazy("Check the requirements")
    ),
    "inspect": Step(
        "inspect", ("checked",), "inspected", CENTRE, gettext_lazy("Record the on-site inspection")
    ),
    "approve": Step("approve", ("inspected",), "approved", CHAIR, gettext_lazy("Approve")),
    "reject": Step(
        "reject",
        ("submitted", "checked", "inspected"),
        "rejected",
        CHAIR,
        gettext_lazy("Reject with reasons"),
    ),
}
OPEN_STATES = ("submitted", "checked", "inspected")

# Actions on the register outside the application flow, and who takes them.
ACTIONS = {
    "register_institution": CENTRE,
    "change_institution": CENTRE,
    "register_practitioner": CENTRE,
    "practitioner_leaves": CENTRE,
    "yearly_review": CENTRE,
    "revoke": CHAIR,
    "import": CENTRE,
    "export": CENTRE,
}


def check_step(step_name: str, state: str, actor) -> Step:
    """The step if the actor's role may take it from this state; a clear refusal otherwise."""
    step = STEPS[step_name]
    if not actor.has_role(step.role):
        raise PermissionDenied(_("Your role may not take this step."))
    if state not in step.sources:
        raise ValidationError(
            _("This step (%(step)s) cannot be taken from the state the application is in.")
            % {"step": step.label}
        )
    return step


def require_action(action: str, actor) -> None:
    if not actor.has_role(ACTIONS[action]):
        raise PermissionDenied(_("Your role may not take this step."))
