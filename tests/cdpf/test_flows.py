"""The flow engine (cdpf/flows.py, decision 0210): one answer to a wrong step, and every app's
declared flow only ever moves a record along its declared steps, by their roles."""

from __future__ import annotations

import pathlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template import Context, Template
from django.utils import translation
from django.utils.module_loading import import_string
from hypothesis import given, settings
from hypothesis import strategies as st

from cdpf import roles
from cdpf.flows import (
    ANY,
    DECLARED,
    Flow,
    Step,
    StepRefused,
    UnknownStep,
    WrongRole,
    WrongState,
    flow_named,
)
from certificates import flows as certificate_flows
from duties import flows as duty_flows  # noqa: F401  (registers its flow)
from employment_quota import flows as quota_flows
from levy_relief import flows as relief_flows
from massage_licensing import flows as massage_flows
from supervision import flows as supervision_flows
from tests.factories import make_user
from tongban import flows as case_flows  # noqa: F401  (registers its flow)

A, B = roles.OFFICE, roles.CHAIRMAN
TOY = Flow(
    name="toy",
    steps=[
        Step("send", ("draft",), "sent", (A,), label="Send"),
        Step("approve", ("sent",), "done", (B,), label="Approve"),
        Step("return", ("sent",), "draft", (B,), label="Return"),
        Step("note", ("draft", "sent"), None, (A, B), label="Note"),
        Step("export", ANY, None, (A,)),
    ],
    states={"draft": "Draft", "sent": "Sent", "done": "Done"},
    noun="record",
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def user(*names):
    return SimpleNamespace(is_authenticated=True, role_names=set(names))


def record(state):
    return SimpleNamespace(state=state)


def test_an_unknown_step_is_a_404():
    with pytest.raises(Http404) as raised:
        TOY.check(user(A), record("draft"), "fly")
    assert isinstance(raised.value, UnknownStep)
    assert isinstance(raised.value, StepRefused)


def test_a_step_in_the_wrong_state_is_refused_before_the_role():
    # the chairman may never send, and the record is not a draft: the state answers first
    with pytest.raises(ValidationError) as raised:
        TOY.check(user(B), record("done"), "send")
    assert isinstance(raised.value, WrongState)
    assert raised.value.code == "state"
    assert raised.value.messages == ["“Send” is not possible while the record is “Done”."]


def test_a_wrong_role_in_the_right_state_is_a_403():
    with pytest.raises(PermissionDenied) as raised:
        TOY.check(user(B), record("draft"), "send")
    assert isinstance(raised.value, WrongRole)
    assert "may take this step" in str(raised.value)


def test_an_anonymous_user_holds_no_role():
    with pytest.raises(WrongRole):
        TOY.check(SimpleNamespace(is_authenticated=False), record("draft"), "send")


def test_advance_moves_to_the_target_and_a_non_moving_step_keeps_the_state():
    obj = record("draft")
    TOY.advance(user(A), obj, "note")
    assert obj.state == "draft"
    TOY.advance(user(A), obj, "send")
    assert obj.state == "sent"


def test_available_lists_what_the_user_may_take_now():
    assert [s.name for s in TOY.available(user(B), record("sent"))] == [
        "approve",
        "return",
        "note",
    ]
    assert [s.name for s in TOY.available(user(A), record("sent"))] == ["note", "export"]
    # without a record, only the actions
    assert [s.name for s in TOY.available(user(A), None)] == ["export"]
    assert TOY.can(user(A), record("draft")) == {
        "approve": False,
        "export": True,
        "note": True,
        "return": False,
        "send": True,
    }


def test_guards_and_dynamic_roles():
    flow = Flow(
        name="guarded",
        steps=[
            Step(
                "go",
                ("a",),
                "b",
                lambda o: (B,) if o is not None and o.vip else (A,),
                guard=lambda o: o.open,
            ),
        ],  # fmt: skip
    )
    with pytest.raises(WrongState):
        flow.check(user(A), SimpleNamespace(state="a", open=False, vip=False), "go")
    with pytest.raises(WrongRole):
        flow.check(user(A), SimpleNamespace(state="a", open=True, vip=True), "go")
    flow.check(user(B), SimpleNamespace(state="a", open=True, vip=True), "go")
    assert flow.roles_of("go") == {A}


def test_the_service_is_found_by_its_name():
    assert relief_flows.FLOW.service_of("approve").__name__ == "application_approve"
    assert certificate_flows.FLOWS["new"].service_of("print").__name__ == "certificate_print"


# ---- every declared flow, under random steps by random roles --------------------------------

FLOWS = {
    **{f"certificates.{k}": f for k, f in certificate_flows.FLOWS.items()},
    "levy_relief": relief_flows.FLOW,
    "massage": massage_flows.APPLICATION,
    "inspection": supervision_flows.INSPECTION,
    "complaint": supervision_flows.COMPLAINT,
    "measure": supervision_flows.MEASURE,
    "declaration": quota_flows.DECLARATION,
    "audit_year": quota_flows.AUDIT_YEAR,
}
START = {
    "levy_relief": "submitted",
    "massage": "submitted",
    "inspection": "planned",
    "complaint": "received",
    "measure": "open",
    "declaration": "draft",
    "audit_year": "open",
}


def _object(flow: Flow, state: str, data) -> SimpleNamespace:
    obj = SimpleNamespace(
        source_application_id=data.draw(st.sampled_from([None, 1])),
        respondent_unit=data.draw(st.sampled_from(["", roles.OFFICE, roles.CHAIRMAN])),
        kind=data.draw(st.sampled_from(["rectification", "cancellation", "reassessment"])),
    )
    setattr(obj, flow.state_field, state)
    return obj


@settings(max_examples=150, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(FLOWS)))
def test_a_record_moves_only_along_declared_steps_by_their_roles(data, name):
    flow = FLOWS[name]
    obj = _object(flow, START.get(name, certificate_flows.INITIAL_STATE), data)
    step_names = sorted(flow.names) + ["no_such_step"]
    for _ in range(data.draw(st.integers(min_value=1, max_value=12))):
        step_name = data.draw(st.sampled_from(step_names))
        mine = set(data.draw(st.sets(st.sampled_from(roles.ALL_ROLES), max_size=2)))
        before = flow.state_of(obj)
        declared = [
            s for s in flow.steps
            if s.name == step_name and s.starts_from(before) and s.applies_to(obj)
        ]  # fmt: skip
        try:
            step = flow.advance(user(*mine), obj, step_name)
        except UnknownStep:
            assert step_name not in flow.names
            assert flow.state_of(obj) == before
        except WrongState as exc:
            assert step_name in flow.names and not declared  # never a step it could take
            assert exc.code == "state"
            assert flow.state_of(obj) == before
        except WrongRole:
            assert declared  # the state allowed it: only the role was wrong
            assert not mine.intersection(declared[0].roles_for(obj))
            assert flow.state_of(obj) == before
        else:
            assert step in declared
            assert mine.intersection(step.roles_for(obj))  # never a wrong role through
            assert flow.state_of(obj) == (step.target or before)
        # what available() offers is exactly what check() lets through
        offered = {s.name for s in flow.available(user(*mine), obj)}
        for candidate in flow.names:
            assert (candidate in offered) == flow.may(user(*mine), obj, candidate)


def test_every_declared_service_exists():
    named = [(f.name, s) for f in DECLARED.values() for s in f.steps if isinstance(s.service, str)]
    assert len(named) > 40
    for flow_name, step in named:
        assert callable(import_string(step.service)), (flow_name, step.name)


@pytest.mark.django_db
def test_menus_ask_the_flow_through_the_tag(office_user, supervisor):
    page = Template(
        '{% load flow_tags %}{% flow_can "certificates.register" "receive" as may %}'
        "{% if may %}receive{% endif %}"
    )
    assert page.render(Context({"user": office_user})) == "receive"
    assert page.render(Context({"user": supervisor})) == ""


def test_a_step_of_another_business_type_is_a_wrong_state_not_an_unknown_step():
    new_issue = certificate_flows.FLOWS["new"]
    assert "to_review" not in new_issue.names  # only a change is sent to review this way
    with pytest.raises(WrongState):
        new_issue.check(user(roles.OFFICE), SimpleNamespace(state="assessed"), "to_review")
    with pytest.raises(UnknownStep):
        new_issue.check(user(roles.OFFICE), SimpleNamespace(state="assessed"), "fly")


def test_no_template_asks_for_role_names():
    """Templates ask the flow what the user may do or open (decision 0210), never role names:
    49 such checks in 14 templates before, the last 24 (menu links) moved to the flows."""
    root = pathlib.Path(__file__).resolve().parents[2]
    found = [
        str(path.relative_to(root))
        for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "role_names" in path.read_text(encoding="utf-8")
    ]
    assert found == []


def test_the_menu_links_follow_the_roles_they_had(db):
    """The links that moved from role names to the flows show to the same roles as before."""
    R = roles

    made = iter(range(100))

    def may(flow, step, *role_names):
        user = make_user(f"menu{next(made)}", "130408", *role_names)
        return flow_named(flow).may(user, None, step)

    for role in (R.OFFICE, R.CERTIFICATE_ROOM, R.CHAIRMAN):
        assert may("certificates.register", "open_queue", role)
        assert may("certificates.register", "open_renewals", role)
    assert not may("certificates.register", "open_queue", R.SUPERVISOR)
    assert not may("certificates.register", "open_renewals", R.SUPERVISOR)
    assert may("certificates.register", "open_renewals", R.SUPERVISOR, R.LABOUR_SERVICE)
    assert may("employment_quota.register", "open_dashboard", R.ADMIN)
    assert not may("employment_quota.register", "open_dashboard", R.EDUCATION_EMPLOYMENT)
    assert may("levy_relief.register", "open_overdue", R.CHAIRMAN)
    assert not may("levy_relief.register", "open_overdue", R.OFFICE)
    assert may("supervision.register", "open_police", R.CERTIFICATE_ROOM)
    assert not may("supervision.register", "open_police", R.LABOUR_SERVICE)
