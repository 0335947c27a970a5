"""One declarative flow engine for every app (decision 0210).

A Flow is a table of Steps: the step's name, the states it starts from, the state it ends in, the
roles that may take it, the service that performs it and whether it is a POST step. Services
and views ask the flow; templates get `can` (a mapping of step name to yes/no) built by
`Flow.can`, never role names.

One answer to a wrong step, the same in every app:
- a step the flow does not declare is a 404 (`UnknownStep`, an Http404);
- a declared step in the wrong state is refused first: `WrongState`, a ValidationError with
  code "state" and one wording ("“Approve” is not possible while the application is …");
- then a role that may not take it: `WrongRole`, a PermissionDenied (403).
A view shows a WrongState as an error message on the record's page (`refuse_wrong_state`).

A step whose `sources` is ANY is an action on the register rather than a move of a record (open
an audit year, register an institution): it has no state and no target, only its roles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from operator import attrgetter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cdpf import roles as role_names

ANY = None  # the sources of an action: taken in any state, moves nothing
DECLARED: dict[str, Flow] = {}  # every flow by its name ("<app>.<record>"), for the template tag


class StepRefused(Exception):
    """Marks the three refusals of a step, whatever Django error each one is."""


class UnknownStep(StepRefused, Http404):
    pass


class WrongState(StepRefused, ValidationError):
    pass


class WrongRole(StepRefused, PermissionDenied):
    pass


Roles = tuple[str, ...] | Callable[[Any], tuple[str, ...]]


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...] | None  # states it starts from; ANY (None) for an action
    target: str | None  # the state it ends in; None for an action
    roles: Roles  # who may take it: a tuple, or a function of the record for dynamic roles
    service: Callable | str | None = None  # the function that performs it, or its dotted name
    post: bool = True  # taken by a POST (every step that writes is)
    label: Any = ""  # what the button says
    guard: Callable[[Any], bool] | None = None  # a further test of the record (one path only)

    def roles_for(self, obj) -> tuple[str, ...]:
        return self.roles(obj) if callable(self.roles) else self.roles

    def starts_from(self, state: str | None) -> bool:
        return self.sources is ANY or state in self.sources

    def applies_to(self, obj) -> bool:
        return obj is None or self.guard is None or self.guard(obj)


def _roles_of(user) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(user.role_names)


def role_list(allowed: Iterable[str]) -> str:
    return "、".join(str(role_names.ROLE_LABELS.get(r, r)) for r in allowed)


@dataclass
class Flow:
    """The steps of one kind of record, and the words for its states and steps."""

    name: str
    steps: list[Step]
    states: dict[str, Any] = field(default_factory=dict)  # state → label
    noun: Any = ""  # "application", "declaration": the wrong-state message names it
    state_field: str = "state"
    state_label: Callable[[str], str] | None = None  # overrides `states` (kind-dependent words)
    step_label: Callable[[str], str] | None = None
    # names known to a family of flows (the certificate business types share one vocabulary):
    # one of them that this flow lacks is a step in the wrong state here, not an unknown step
    vocabulary: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.names = {s.name for s in self.steps}
        DECLARED[self.name] = self

    # words
    def label_of_state(self, state: str | None) -> str:
        if not state:
            return "—"
        if self.state_label is not None:
            return str(self.state_label(state))
        return str(self.states.get(state, state))

    def label_of_step(self, name: str) -> str:
        if self.step_label is not None:
            return str(self.step_label(name))
        step = next((s for s in self.steps if s.name == name and s.label), None)
        return str(step.label) if step else name

    # the table
    def state_of(self, obj) -> str | None:
        return None if obj is None else attrgetter(self.state_field)(obj)

    def steps_named(self, name: str) -> list[Step]:
        found = [s for s in self.steps if s.name == name]
        if not found and name not in self.vocabulary:
            raise UnknownStep(_("Unknown step."))
        return found

    def find(self, obj, name: str, *, state: str | None = None) -> Step:
        """The declared step `name` from the record's state (no role check)."""
        state = self.state_of(obj) if state is None else state
        for step in self.steps_named(name):
            if step.starts_from(state) and step.applies_to(obj):
                return step
        raise WrongState(
            _("“%(step)s” is not possible while the %(record)s is “%(state)s”.")
            % {
                "step": self.label_of_step(name),
                "record": str(self.noun),
                "state": self.label_of_state(state),
            },
            code="state",
        )

    def check(self, user, obj, name: str, *, state: str | None = None) -> Step:
        """The step, if the flow declares it, the state allows it and the user holds its role."""
        step = self.find(obj, name, state=state)
        allowed = step.roles_for(obj)
        if not _roles_of(user).intersection(allowed):
            raise WrongRole(_("Only %(roles)s may take this step.") % {"roles": role_list(allowed)})
        return step

    def may(self, user, obj, name: str, *, state: str | None = None) -> bool:
        try:
            self.check(user, obj, name, state=state)
        except (WrongState, WrongRole):
            return False
        return True

    def advance(self, user, obj, name: str) -> Step:
        """Check the step and move the record to its target (the caller saves it)."""
        step = self.check(user, obj, name)
        if step.target is not None:
            setattr(obj, self.state_field, step.target)
        return step

    def available(self, user, obj) -> list[Step]:
        """The steps this user may take now, in the order the flow declares them."""
        mine = _roles_of(user)
        state = self.state_of(obj)
        out, seen = [], set()
        for step in self.steps:
            if step.name in seen or not step.starts_from(state) or not step.applies_to(obj):
                continue
            if obj is None and step.sources is not ANY:
                continue
            if mine.intersection(step.roles_for(obj)):
                out.append(step)
                seen.add(step.name)
        return out

    def can(self, user, obj=None) -> dict[str, bool]:
        """For templates: every step name of the flow → whether the user may take it now."""
        now = {s.name for s in self.available(user, obj)}
        return {name: name in now for name in sorted(self.names)}

    def service_of(self, name: str) -> Callable:
        steps = self.steps_named(name)
        service = steps[0].service if steps else None
        if isinstance(service, str):
            return import_string(service)
        if service is None:
            raise ImproperlyDeclared(f"{self.name}: step {name} names no service")
        return service

    def roles_of(self, name: str, obj=None) -> set[str]:
        """Every role that may take the step from some state (for list filters and menus)."""
        return {r for s in self.steps_named(name) for r in s.roles_for(obj)}


class ImproperlyDeclared(Exception):
    pass


def flow_named(name: str) -> Flow:
    """A declared flow by its name; the app's flows module is loaded on first use."""
    if name not in DECLARED:
        import_module(f"{name.split('.')[0]}.flows")
    return DECLARED[name]


def refuse_wrong_state(request, exc: WrongState, to):
    """The one answer of a view to a step in the wrong state: the message on the record's page."""
    messages.error(request, " ".join(exc.messages))
    return redirect(to)


def check_or_refuse(request, flow: Flow, obj, name: str, *, to):
    """Check a step before its form: None if it may be taken, else the response refusing it.
    An unknown step raises 404 and a wrong role 403; a wrong state returns to the record."""
    try:
        flow.check(request.user, obj, name)
    except WrongState as exc:
        return refuse_wrong_state(request, exc, to)
    return None
