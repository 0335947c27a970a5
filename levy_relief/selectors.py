"""Reads of levy relief, scoped to the user's region; what other apps show of a relief."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.db.models.functions import Length

from cdpf.selectors import scope_to_user
from levy_relief import flows, rules
from levy_relief.models import ReliefApplication, ReliefMaterial


def applications_for(user) -> QuerySet:
    return scope_to_user(
        ReliefApplication.objects.select_related("employer", "region", "decided_by"), user
    )


def materials_for(user) -> QuerySet:
    return scope_to_user(
        ReliefMaterial.objects.select_related("application"), user, field="application__region"
    )


def search(user, *, state: str = "", year: str = "", query: str = "") -> QuerySet:
    qs = applications_for(user)
    if state in flows.STATE_LABELS:
        qs = qs.filter(state=state)
    if year.isdigit():
        qs = qs.filter(levy_year=int(year))
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(employer__name__contains=query)
            | Q(employer__credit_code=query.upper())
            | Q(decision_number=query)
        )
    return qs.order_by("-received_on", "-id")


def overdue_deferrals(user, today: datetime.date) -> QuerySet:
    """Approved deferrals whose new due date has passed with the amount unpaid."""
    return (
        applications_for(user)
        .filter(
            kind=rules.DEFERRAL,
            state=flows.APPROVED,
            paid_on__isnull=True,
            new_due_date__lt=today,
        )
        .order_by("new_due_date", "employer__name")
    )


def publication(user, year: int) -> QuerySet:
    """The approved reliefs decided in `year`: the yearly publication (公示)."""
    return (
        applications_for(user)
        .filter(state=flows.APPROVED, decided_on__year=year)
        # numbers of one format: the shorter first, so that 9号 comes before 10号
        .order_by("decided_on", Length("decision_number"), "decision_number")
    )


def reliefs_of_employer(employer, *, levy_year: int | None = None) -> QuerySet:
    """Every relief application of an employer (the employer's record shows them)."""
    qs = ReliefApplication.objects.filter(employer=employer)
    if levy_year is not None:
        qs = qs.filter(levy_year=levy_year)
    return qs.order_by("-levy_year", "-received_on", "-id")


@dataclass
class ReliefSummary:
    """What the approved reliefs change in an employer's levy of one year."""

    remitted: Decimal = Decimal("0.00")
    deferred_to: datetime.date | None = None
    kinds: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)

    def payable(self, levy_due: Decimal) -> Decimal:
        return max(levy_due - self.remitted, Decimal("0.00"))


def approved_summaries(employer_ids, levy_year: int) -> dict[int, ReliefSummary]:
    """Approved reliefs by employer for one levy year, in one query (for the tax list)."""
    summaries: dict[int, ReliefSummary] = {}
    rows = ReliefApplication.objects.filter(
        employer_id__in=list(employer_ids), levy_year=levy_year, state=flows.APPROVED
    ).order_by("decided_on", "pk")
    for row in rows:
        summary = summaries.setdefault(row.employer_id, ReliefSummary())
        summary.kinds.append(rules.KIND_WORDS[row.kind])
        summary.numbers.append(row.decision_number or "")
        if row.kind in rules.REMISSIONS:
            summary.remitted += row.amount
        else:
            summary.deferred_to = row.new_due_date
    return summaries
