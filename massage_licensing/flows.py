"""Who does what in the qualification of blind massage institutions: one table (decision 0030),
declared with the flow engine (cdpf.flows, decision 0210).

The labour employment service centre (劳动就业服务所) keeps the register, checks applications,
inspects and reviews; the chairman (理事长) decides: approval, rejection and revocation are
issued in the federation's name. Supervisors and administrators read."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cdpf import roles
from cdpf.flows import ANY, Flow, Step
from massage_licensing.models import QualificationApplication

CENTRE = roles.LABOUR_SERVICE
CHAIR = roles.CHAIRMAN
READERS = (roles.LABOUR_SERVICE, roles.CHAIRMAN, roles.SUPERVISOR)
PRINTERS = (roles.LABOUR_SERVICE, roles.CHAIRMAN)

STATE_LABELS = dict(QualificationApplication.State.choices)
OPEN_STATES = ("submitted", "checked", "inspected")
_S = "massage_licensing.services."

# Application steps: submitted → checked → inspected → approved | rejected. Submission starts
# from no application at all (the state "").
APPLICATION = Flow(
    name="massage_licensing.application",
    steps=[
        Step("submit", ("",), "submitted", (CENTRE,), _S + "application_submit",
             label=gettext_lazy("Submit the application")),
        Step("check", ("submitted",), "checked", (CENTRE,), _S + "application_check",
             label=gettext_lazy("Check the requirements")),
        Step("inspect", ("checked",), "inspected", (CENTRE,), _S + "inspection_record",
             label=gettext_lazy("Record the on-site inspection")),
        Step("approve", ("inspected",), "approved", (CHAIR,), _S + "application_approve",
             label=gettext_lazy("Approve")),
        Step("reject", OPEN_STATES, "rejected", (CHAIR,), _S + "application_reject",
             label=gettext_lazy("Reject with reasons")),
    ],  # fmt: skip
    states=STATE_LABELS,
    noun=gettext_lazy("application"),
)


def _action(name: str, role: str, service: str) -> Step:
    return Step(name, ANY, None, (role,), _S + service if service else None)


# Actions on the register outside the application flow, and who takes them.
REGISTER = Flow(
    name="massage_licensing.register",
    steps=[
        _action("register_institution", CENTRE, "institution_register"),
        _action("change_institution", CENTRE, "institution_change"),
        _action("register_practitioner", CENTRE, "practitioner_register"),
        _action("practitioner_leaves", CENTRE, "practitioner_leave"),
        _action("yearly_review", CENTRE, "yearly_review_record"),
        _action("revoke", CHAIR, "institution_revoke"),
        _action("import", CENTRE, "certificate_import"),
        _action("export", CENTRE, ""),
    ],
)
