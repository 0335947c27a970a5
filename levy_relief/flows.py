"""The states of a relief application and the role that may take each step. Declared once
here with the flow engine (cdpf.flows, decision 0210); services refuse any step not in it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cdpf import roles
from cdpf.flows import ANY, Flow, Step

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


CENTRE, CHAIR = (roles.LABOUR_SERVICE,), (roles.CHAIRMAN,)

_S = "levy_relief.services."
_L = STEP_LABELS
# The labour employment service centre receives the application and checks the materials; the
# chairman reviews it and decides for the federation (decision record 0020).
FLOW = Flow(
    name="levy_relief",
    steps=[
        Step("check", (SUBMITTED,), CHECKED, CENTRE, _S + "materials_check", label=_L["check"]),
        Step("return", (SUBMITTED,), RETURNED, CENTRE, _S + "application_return",
             label=_L["return"]),
        Step("resubmit", (RETURNED,), SUBMITTED, CENTRE, _S + "application_resubmit",
             label=_L["resubmit"]),
        Step("review", (CHECKED,), REVIEWED, CHAIR, _S + "application_review",
             label=_L["review"]),
        Step("approve", (REVIEWED,), APPROVED, CHAIR, _S + "application_approve",
             label=_L["approve"]),
        Step("reject", (CHECKED, REVIEWED), REJECTED, CHAIR, _S + "application_reject",
             label=_L["reject"]),
    ],  # fmt: skip
    states=STATE_LABELS,
    noun=gettext_lazy("application"),
)
RECEIVERS = CENTRE  # who enters a new application
REGISTER = Flow(
    name="levy_relief.register",
    steps=[
        Step("receive", ANY, None, RECEIVERS, _S + "application_receive"),
        # the list of overdue deferrals the menu links to (read only)
        Step("open_overdue", ANY, None,
             (roles.LABOUR_SERVICE, roles.SUPERVISOR, roles.CHAIRMAN), post=False),
    ],  # fmt: skip
)
LEVY_CHANGE_REVIEWERS = CHAIR  # who reviews a decision whose levy a recomputation changed

