"""The steps a 通办 case adds to the certificate flow, and who takes them (decisions 0180,
0210). The application's own steps are certificates.flows; which federation takes each one is
tongban.sides. These read the application's state and the case's delivery."""

from __future__ import annotations

from cdpf import roles
from cdpf.flows import ANY, Flow, Step
from certificates import flows as certificate_flows

OFFICE, CERT = (roles.OFFICE,), (roles.CERTIFICATE_ROOM,)
_S = "tongban.services."


def _to_residence(case) -> bool:
    return case.delivery == case.Delivery.RESIDENCE


CASE = Flow(
    name="tongban.case",
    steps=[
        Step("receipt", ANY, None, OFFICE, post=False),
        Step("set_missing", ANY, None, OFFICE, _S + "set_missing"),
        Step("rate", tuple(sorted(certificate_flows.FINAL_STATES)), None, OFFICE, _S + "rate"),
        # the 户籍地 sends the printed card to the residence office, or posts it
        Step("dispatch", ("printed",), None, CERT, _S + "dispatch",
             guard=lambda case: _to_residence(case) and not case.dispatched_on),
        Step("post", ("printed",), None, CERT, _S + "record_posting",
             guard=lambda case: case.delivery == case.Delivery.POST),
        # the residence office hands over the card it received
        Step("hand_over_here", ("printed",), None, CERT,
             "certificates.services.certificate_hand_over",
             guard=lambda case: _to_residence(case) and case.dispatched_on is not None),
    ],  # fmt: skip
    states=certificate_flows.STATE_LABELS,
    noun=certificate_flows.FLOWS["new"].noun,
    state_field="application.state",
)
