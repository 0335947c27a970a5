"""The states of a relief application and the role that may take each step. Declared once
here; services refuse any step not in this table (as certificates/flows.py does)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdpf import roles

SUBMITTED, RETURNED, CHECKED, REVIEWED, APPROVED, REJECTED = (
    "submitted",
    "returned",
    "checked",
    "reviewed",
    "approved",
    "rejected",
)
STATE_LABELS = {
    SUBMITTED: gettext_lazy("Submitted (已受理)"),
    RETURNED: gettext_lazy("Returned for missing materials (退回补正)"),
    CHECKED: gettext_lazy("Materials checked (材料已审查)"),
    REVIEWED: gettext_lazy("Reviewed, awaiting decision (已审核)"),
    APPROVED: gettext_lazy("Approved (已批准)"),
    REJECTED: gettext_lazy("Rejected (不予批准)"),
}
FINAL_STATES = {APPROVED, REJECTED}

STEP_LABELS = {
    "check": gettext_lazy("Materials complete"),
    "return": gettext_lazy("Return with the list of what is missing"),
    "resubmit": gettext_lazy("Materials supplied: resubmit"),
    "review": gettext_lazy("Record the review"),
    "approve": gettext_lazy("Approve the relief"),
    "reject": gettext_lazy("Reject with reasons"),
}


@dataclass(frozen=True)
class Step:
    name: str
    source: str
    target: str
    roles: tuple[str, ...]


CENTRE, CHAIR = (roles.LABOUR_SERVICE,), (roles.CHAIRMAN,)

# The labour employment service centre receives the application and checks the materials; the
# chairman reviews it and decides for the federation (decision record 0020).
STEPS: list[Step] = [
    Step("check", SUBMITTED, CHECKED, CENTRE),
    Step("return", SUBMITTED, RETURNED, CENTRE),
    Step("resubmit", RETURNED, SUBMITTED, CENTRE),
    Step("review", CHECKED, REVIEWED, CHAIR),
    Step("reject", CHECKED, REJECTED, CHAIR),
    Step("approve", REVIEWED, APPROVED, CHAIR),
    Step("reject", REVIEWED, REJECTED, CHAIR),
]
RECEIVERS = CENTRE  # who enters a new application
LEVY_CHANGE_REVIEWERS = CHAIR  # who reviews a decision whose levy a recomputation changed


def find_step(state: str, name: str) -> Step:
    for step in STEPS:
        if step.source == state and step.name == name:
            return step
    raise ValidationError(
        _("“%(step)s” is not possible while the application is “%(state)s”.")
        % {"step": STEP_LABELS.get(name, name), "state": STATE_LABELS.get(state, state)},
        code="bad_transition",
    )


def check_step(state: str, name: str, user_roles: set[str]) -> Step:
    """The step, if the state allows it and the user holds its role; refuses otherwise."""
    step = find_step(state, name)
    if not user_roles.intersection(step.roles):
        raise PermissionDenied(
            _("Only %(roles)s may take this step.")
            % {"roles": "、".join(str(roles.ROLE_LABELS[r]) for r in step.roles)}
        )
    return step


def available_steps(state: str, user_roles: set[str]) -> list[str]:
    return [s.name for s in STEPS if s.source == state and user_roles.intersection(s.roles)]
