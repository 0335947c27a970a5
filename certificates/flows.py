"""Every business type's states and allowed steps, with the role that may take each step.
Declared once here with the flow engine (cdpf.flows, decision 0210); services and views ask
`flow_of(application)` and refuse any step not in its table."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy

from cdpf import roles
from cdpf.flows import ANY, Flow
from cdpf.flows import Step as _Step

STATE_LABELS = {
    "received": gettext_lazy("Received (受理)"),
    "assessed": gettext_lazy("Assessed (已评定)"),
    "in_notice": gettext_lazy("In public notice (公示中)"),
    "review": gettext_lazy("Awaiting review (待审核)"),
    "approved": gettext_lazy("Approved, waiting to be printed (已审批)"),
    "printed": gettext_lazy("Printed, waiting for handover (已制证)"),
    "closed": gettext_lazy("Handed over (已发放)"),
    "returned": gettext_lazy("Returned (退回)"),
    "withdrawn": gettext_lazy("Withdrawn (撤回)"),
}
# 迁出 and 注销 end at approval: their words say what happened, not "issued".
KIND_STATE_LABELS = {
    ("transfer_out", "closed"): gettext_lazy("Transferred out (已迁出)"),
    ("cancel", "closed"): gettext_lazy("Cancelled (已注销)"),
}
KIND_STEP_LABELS = {
    ("transfer_out", "approve"): gettext_lazy("Approve the transfer out (批准迁出)"),
    ("cancel", "approve"): gettext_lazy("Approve the cancellation (批准注销)"),
    ("transfer_in", "approve"): gettext_lazy("Approve the transfer in (批准迁入)"),
}


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
    "transfer_review": gettext_lazy("Send to the chairman's review (迁移证明 scanned)"),
    "withdraw": gettext_lazy("Withdraw at the applicant's request"),
}

OFFICE, CHAIR, CERT = (roles.OFFICE,), (roles.CHAIRMAN,), (roles.CERTIFICATE_ROOM,)


def Step(name: str, source: str, target: str, allowed: tuple[str, ...], label: str) -> _Step:  # noqa: N802
    """One row of a table below: a step from one state (the label names the step's words)."""
    return _Step(name, (source,), target, allowed, label=label)


STEPS: dict[str, list[_Step]] = {
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
    # 迁入: within the deployment it continues a completed 迁出 (the office approves: the
    # register supplies every fact); from outside, the scanned 迁移证明 goes to the chairman.
    "transfer_in": [
        Step("approve", "received", "approved", OFFICE, "approve"),
        Step("transfer_review", "received", "review", OFFICE, "transfer_review"),
        Step("approve", "review", "approved", CHAIR, "approve"),
        Step("return", "received", "returned", OFFICE, "return"),
        Step("return", "review", "returned", CHAIR, "return"),
        Step("print", "approved", "printed", CERT, "print"),
        Step("hand_over", "printed", "closed", CERT, "hand_over"),
    ],
}
# Renewal, loss replacement, damaged-card exchange: approve, print, hand over.
for _kind in ("renewal", "loss", "damaged"):
    STEPS[_kind] = [
        Step("approve", "received", "approved", OFFICE, "approve"),
        Step("return", "received", "returned", OFFICE, "return"),
        Step("print", "approved", "printed", CERT, "print"),
        Step("hand_over", "printed", "closed", CERT, "hand_over"),
    ]
INITIAL_STATE = "received"
FINAL_STATES = {"closed", "returned", "withdrawn"}
# A way out of every state before the decision: return (退回, by whoever holds the state: the
# chairman in review, the office before) and withdrawal at the applicant's request (the office).
# After approval the certificate exists and the way out is its handover or a later 注销.
UNDECIDED = ("received", "assessed", "in_notice", "review")
for _kind, _steps in STEPS.items():
    _states = {s.sources[0] for s in _steps if s.sources[0] in UNDECIDED}
    _returns = {s.sources[0] for s in _steps if s.name == "return"}
    for _state in sorted(_states, key=UNDECIDED.index):
        if _state not in _returns:
            _steps.append(Step("return", _state, "returned",
                               CHAIR if _state == "review" else OFFICE, "return"))  # fmt: skip
        _steps.append(Step("withdraw", _state, "withdrawn", OFFICE, "withdraw"))
# Until the assessment the office may correct the applicant's details and the category.
CORRECTABLE = {"received"}


def _within(app) -> bool:
    return app.source_application_id is not None


# Steps that only one path of a business type takes: (kind, step, source) -> test of the app.
GUARDS = {
    ("transfer_in", "approve", "received"): _within,
    ("transfer_in", "transfer_review", "received"): lambda app: not _within(app),
}


def state_label(kind: str, state: str) -> str:
    return str(KIND_STATE_LABELS.get((kind, state)) or STATE_LABELS.get(state, state))


def state_labels(kind: str) -> dict[str, str]:
    return {state: state_label(kind, state) for state in STATE_LABELS}


def step_label(kind: str, name: str) -> str:
    return str(KIND_STEP_LABELS.get((kind, name)) or STEP_LABELS.get(name, name))


# The service that performs each step (certificates.services); the forms that need more than
# the actor and the day (assessment, notice, return, withdrawal, handover) have their own views.
SERVICES = {
    "assess": "certificates.services.assessment_record",
    "publish_notice": "certificates.services.notice_publish",
    "skip_notice": "certificates.services.application_skip_notice",
    "to_review": "certificates.services.application_to_review",
    "end_notice": "certificates.services.notice_end",
    "approve": "certificates.services.application_approve",
    "return": "certificates.services.application_return",
    "print": "certificates.services.certificate_print",
    "hand_over": "certificates.services.certificate_hand_over",
    "transfer_review": "certificates.services.transfer_in_to_review",
    "withdraw": "certificates.services.application_withdraw",
}


def _flow(kind: str, steps: list[_Step]) -> Flow:
    guarded = [
        _Step(
            s.name,
            s.sources,
            s.target,
            s.roles,
            service=SERVICES[s.name],
            label=s.label,
            guard=GUARDS.get((kind, s.name, s.sources[0])),
        )
        for s in steps
    ]
    return Flow(
        name=f"certificates.{kind}",
        steps=guarded,
        states=STATE_LABELS,
        noun=gettext_lazy("application"),
        state_label=partial(state_label, kind),
        step_label=partial(step_label, kind),
        vocabulary=VOCABULARY,
    )


VOCABULARY = frozenset(s.name for steps in STEPS.values() for s in steps)
FLOWS: dict[str, Flow] = {kind: _flow(kind, steps) for kind, steps in STEPS.items()}


def flow_of(application) -> Flow:
    return FLOWS[application.kind]


_EXPORTERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)
_NOT_ONLY_SUPERVISING = tuple(r for r in roles.ALL_ROLES if r != roles.SUPERVISOR)
# Actions on the register that move no application: printed lists, exports, the card's page.
REGISTER = Flow(
    name="certificates.register",
    steps=[
        # a POST: the summary is counted and laid out in a job (decision 0230)
        _Step("summary_pdf", ANY, None, (roles.OFFICE, roles.CHAIRMAN, roles.SUPERVISOR)),
        _Step("export", ANY, None, _EXPORTERS, post=False),
        _Step("renewals_print", ANY, None, _EXPORTERS),
        _Step("print_card", ANY, None, CERT, post=False),
        # receiving: a new issue, a 迁入, a residence intake, a public notice, an import
        _Step("receive", ANY, None, OFFICE, "certificates.services.application_new"),
        # pages the register's menu links to (read only): the work queue, the 通办 cases and the
        # print batches are the certificate staff's; the renewal list is everyone's but the
        # supervisor's who holds no other role (decision 0210)
        _Step("open_queue", ANY, None, _EXPORTERS, post=False),
        _Step("open_application", ANY, None, _EXPORTERS, post=False),
        _Step("open_cases", ANY, None, _EXPORTERS, post=False),
        _Step("open_print_batches", ANY, None, _EXPORTERS, post=False),
        _Step("open_renewals", ANY, None, _NOT_ONLY_SUPERVISING, post=False),
    ],  # fmt: skip
)
