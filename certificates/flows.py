"""Every business type's states and allowed steps, with the role that may take each step.
Declared once here; services refuse any step not in this table."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdpf import roles

STATE_LABELS = {
    "received": gettext_lazy("Received (受理)"),
    "assessed": gettext_lazy("Assessed (已评定)"),
    "in_notice": gettext_lazy("In public notice (公示中)"),
    "review": gettext_lazy("Awaiting review (待审核)"),
    "approved": gettext_lazy("Approved, waiting to be printed (已审批)"),
    "printed": gettext_lazy("Printed, waiting for handover (已制证)"),
    "closed": gettext_lazy("Handed over (已发放)"),
    "returned": gettext_lazy("Returned (退回)"),
}


@dataclass(frozen=True)
class Step:
    name: str
    source: str
    target: str
    roles: tuple[str, ...]
    label: str


STEP_LABELS = {
    "assess": gettext_lazy("Record the assessment"),
    "publish_notice": gettext_lazy("Publish the public notice"),
    "skip_notice": gettext_lazy("Send to review (minor: no public notice)"),
    "to_review": gettext_lazy("Send to review"),
    "end_notice": gettext_lazy("Close the notice and send to review"),
    "approve": gettext_lazy("Approve and issue the certificate"),
    "return": gettext_lazy("Return with a reason"),
    "print": gettext_lazy("Mark as printed"),
    "hand_over": gettext_lazy("Record the handover"),
}

OFFICE, CHAIR, CERT = (roles.OFFICE,), (roles.CHAIRMAN,), (roles.CERTIFICATE_ROOM,)

FLOWS: dict[str, list[Step]] = {
    "new": [
        Step("assess", "received", "assessed", OFFICE, "assess"),
        Step("return", "assessed", "returned", OFFICE, "return"),
        Step("publish_notice", "assessed", "in_notice", OFFICE, "publish_notice"),
        Step("skip_notice", "assessed", "review", OFFICE, "skip_notice"),
        Step("end_notice", "in_notice", "review", OFFICE, "end_notice"),
        Step("approve", "review", "approved", CHAIR, "approve"),
        Step("return", "review", "returned", CHAIR, "return"),
        Step("print", "approved", "printed", CERT, "print"),
        Step("hand_over", "printed", "closed", CERT, "hand_over"),
    ],
    "change": [
        Step("assess", "received", "assessed", OFFICE, "assess"),
        Step("return", "assessed", "returned", OFFICE, "return"),
        Step("to_review", "assessed", "review", OFFICE, "to_review"),
        Step("approve", "review", "approved", CHAIR, "approve"),
        Step("return", "review", "returned", CHAIR, "return"),
        Step("print", "approved", "printed", CERT, "print"),
        Step("hand_over", "printed", "closed", CERT, "hand_over"),
    ],
    # Transfer out and cancellation end at approval: no card is printed.
    "transfer_out": [
        Step("approve", "received", "closed", OFFICE, "approve"),
        Step("return", "received", "returned", OFFICE, "return"),
    ],
    "cancel": [
        Step("approve", "received", "closed", OFFICE, "approve"),
        Step("return", "received", "returned", OFFICE, "return"),
    ],
}
# Renewal, loss replacement, damaged-card exchange and transfer in: approve, print, hand over.
for _kind in ("renewal", "loss", "damaged", "transfer_in"):
    FLOWS[_kind] = [
        Step("approve", "received", "approved", OFFICE, "approve"),
        Step("return", "received", "returned", OFFICE, "return"),
        Step("print", "approved", "printed", CERT, "print"),
        Step("hand_over", "printed", "closed", CERT, "hand_over"),
    ]
INITIAL_STATE = "received"
FINAL_STATES = {"closed", "returned"}


def find_step(kind: str, state: str, name: str) -> Step:
    for step in FLOWS[kind]:
        if step.source == state and step.name == name:
            return step
    raise ValidationError(
        _("“%(step)s” is not possible while the application is “%(state)s”.")
        % {"step": STEP_LABELS.get(name, name), "state": STATE_LABELS.get(state, state)},
        code="bad_transition",
    )


def check_step(kind: str, state: str, name: str, user_roles: set[str]) -> Step:
    """The step, if the state allows it and the user holds its role; refuses otherwise."""
    step = find_step(kind, state, name)
    if not user_roles.intersection(step.roles):
        raise PermissionDenied(
            _("Only %(roles)s may take this step.")
            % {"roles": "、".join(str(roles.ROLE_LABELS[r]) for r in step.roles)}
        )
    return step


def available_steps(kind: str, state: str, user_roles: set[str]) -> list[Step]:
    return [s for s in FLOWS[kind] if s.source == state and user_roles.intersection(s.roles)]
