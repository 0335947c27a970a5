"""Reads of 通办. A case is seen by the district that received it (the residence) and by the
district that keeps the file; nothing else of the other district's register is reachable."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from cdpf.selectors import scope_region_ids
from certificates import flows
from tongban import sides
from tongban.models import Case, Rating

CASE_RELATED = ("application", "application__person", "application__region", "residence_region")


def cases_for(user) -> QuerySet:
    """Cases received in the user's regions or whose file the user's regions keep."""
    ids = scope_region_ids(user)
    if not ids:
        return Case.objects.none()
    return Case.objects.select_related(*CASE_RELATED).filter(
        Q(residence_region__in=ids) | Q(application__region__in=ids)
    )


def case_or_404(user, pk: int) -> Case:
    try:
        return cases_for(user).get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def side_of_user(user, case: Case) -> str:
    """Which side of the case the user stands on: the residence, the 户籍地, or both."""
    region = user.region
    residence = region.contains(case.residence_region)
    household = region.contains(case.application.region)
    if residence and household:
        return "both"
    return sides.RESIDENCE if residence else sides.HOUSEHOLD


def step_case_or_404(user, pk: int, step: str) -> Case:
    """The explicit, narrow grant: this case, for this step, to the federation that owns the
    step now. Another district (and the other side, for a step not its own) sees a 404."""
    case = case_or_404(user, pk)
    app = case.application
    owner = sides.owner_region(case, step, app.state)
    if not user.region.contains(owner):
        raise Http404
    return case


def residence_queue(user) -> list[Case]:
    """Cases received here whose current step is the residence's."""
    ids = scope_region_ids(user)
    open_states = set(flows.STATE_LABELS) - flows.FINAL_STATES
    rows = (
        Case.objects.select_related(*CASE_RELATED)
        .filter(residence_region__in=ids, application__state__in=open_states)
        .exclude(application__region__in=ids)
        .order_by("application__received_on", "id")
    )
    return [c for c in rows if (owner := sides.current_owner(c)) and owner.pk in ids]


def ratings_for(user) -> QuerySet:
    """Ratings of cases received in, or decided by, the user's regions."""
    ids = scope_region_ids(user)
    return Rating.objects.select_related(
        "case", "case__residence_region", "case__application", "case__application__region",
        "case__application__person",
    ).filter(Q(case__residence_region__in=ids) | Q(case__application__region__in=ids))


def open_follow_ups(user) -> QuerySet:
    """Bad ratings not yet followed up, of cases received in the user's regions."""
    return (
        ratings_for(user)
        .filter(case__residence_region__in=scope_region_ids(user), score__lte=2,
                follow_up_done_on__isnull=True)
        .order_by("follow_up_due", "id")
    )  # fmt: skip
