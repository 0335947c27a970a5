"""Who may take which step of supervision (decision 0040), declared with the flow engine
(cdpf.flows, decision 0210): inspections (通知 → 书面和实地核查 → 发文公布), complaints, the
measures ordered on findings, and the actions on the register that move no record."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cdpf import roles
from cdpf.flows import ANY, Flow, Step
from supervision import rules
from supervision.models import Complaint, Inspection, Measure

SUPERVISOR, OFFICE, LABOUR = (roles.SUPERVISOR,), (roles.OFFICE,), (roles.LABOUR_SERVICE,)
_S = "supervision.services."


def _complaint_roles(allowed: tuple[str, ...]):
    """The office assigns and closes, except a complaint about the office itself, which its
    supervisors take over (the office never sees it)."""

    def roles_for(complaint) -> tuple[str, ...]:
        if complaint is not None and complaint.respondent_unit == roles.OFFICE:
            return SUPERVISOR
        return allowed

    return roles_for


_OPEN_INSPECTION = (Inspection.State.PLANNED, Inspection.State.NOTIFIED, Inspection.State.CHECKED)

INSPECTION = Flow(
    name="supervision.inspection",
    steps=[
        Step("notify", ("planned",), "notified", SUPERVISOR, _S + "inspection_notify",
             label=gettext_lazy("Notify the subject")),
        Step("check", ("notified",), "checked", SUPERVISOR, _S + "inspection_record_check",
             label=gettext_lazy("Record the check")),
        Step("publish", ("checked",), "published", SUPERVISOR, _S + "inspection_publish",
             label=gettext_lazy("Publish the result")),
        # evidence, findings and measures add to the file without moving the inspection
        Step("evidence", _OPEN_INSPECTION, None, SUPERVISOR, _S + "evidence_add",
             label=gettext_lazy("Upload evidence")),
        Step("finding", ("checked",), None, SUPERVISOR, _S + "finding_add",
             label=gettext_lazy("Record the finding")),
        Step("measure_order", ("checked",), None, SUPERVISOR, _S + "measure_order",
             label=gettext_lazy("Order the measure")),
    ],  # fmt: skip
    states=dict(Inspection.State.choices),
    noun=gettext_lazy("inspection"),
)

COMPLAINT = Flow(
    name="supervision.complaint",
    steps=[
        Step("assign", ("received",), "assigned", _complaint_roles(OFFICE),
             _S + "complaint_assign", label=gettext_lazy("Assign")),
        Step("verify", ("assigned",), "verifying", SUPERVISOR, _S + "complaint_verify",
             label=gettext_lazy("Start the verification check")),
        Step("answer", ("verifying",), "answered", SUPERVISOR, _S + "complaint_answer",
             label=gettext_lazy("Record the reply")),
        Step("close", ("answered",), "closed", _complaint_roles(OFFICE), _S + "complaint_close",
             label=gettext_lazy("Close the complaint")),
    ],  # fmt: skip
    states=dict(Complaint.State.choices),
    noun=gettext_lazy("complaint"),
)

CERTIFICATE_MEASURES = (Measure.Kind.REASSESSMENT, Measure.Kind.CANCELLATION)

MEASURE = Flow(
    name="supervision.measure",
    steps=[
        # the unit responsible for a measure records its progress; the supervisor closes it
        Step("follow_up", ("open",), None, (roles.SUPERVISOR, roles.OFFICE, roles.LABOUR_SERVICE),
             _S + "measure_follow_up", label=gettext_lazy("Record progress")),
        Step("close", ("open",), "closed", SUPERVISOR, _S + "measure_close",
             label=gettext_lazy("Close the measure")),
        # certificates are cancelled or re-assessed by the office, as certificates.flows says
        Step("certificate", ("open",), None, OFFICE, _S + "measure_certificate_action",
             label=gettext_lazy("Take the certificate step"),
             guard=lambda measure: measure.kind in CERTIFICATE_MEASURES),
    ],  # fmt: skip
    states=dict(Measure.State.choices),
    noun=gettext_lazy("measure"),
)


def _action(name: str, allowed: tuple[str, ...], service: str) -> Step:
    return Step(name, ANY, None, allowed, _S + service)


REGISTER = Flow(
    name="supervision.register",
    steps=[
        _action("plan_create", SUPERVISOR, "plan_create"),
        _action("inspection_create", SUPERVISOR, "inspection_create"),
        _action("police_import", OFFICE, "police_file_store"),
        _action("police_confirm", OFFICE, "police_record_confirm"),
        _action("complaint_intake", OFFICE, "complaint_receive"),
        # the police-data pages the menu links to (read only): rules.POLICE_READERS
        Step("open_police", ANY, None, rules.POLICE_READERS, post=False),
    ],
)
