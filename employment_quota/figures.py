"""The dashboard's sums per audit year, kept on the AuditYear row (decision 10).

A province supervisor's dashboard covers some 130,000 declarations a year; summing them on
every request took over a second on the benchmark machine. Instead each audit year keeps its
grid: the number of declarations and the sums of counted, shortfall and levy for every
combination of state, late, rate, employer type and meeting-the-ratio, plus the number of
different people counted that year. It is recomputed (one grouped query over the year's
declarations, through the covering index) whenever one of its declarations is saved or
deleted (signals below, in the same transaction), and by the bulk writers (the yearly levy
job, the synthetic data). The dashboard then reads a few dozen small rows.

The headcount of several audit years together is the sum of theirs: a person counted by
employers of two districts in one year is counted once in each."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum

from employment_quota.models import AuditYear, Declaration, DeclaredEmployee

VERSION = 1
# inside deferred(): the audit years whose figures wait for the end of the block
_deferred: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "quota_figures", default=None
)


def compute(audit_year_id: int) -> dict:
    rows = (
        Declaration.objects.filter(audit_year_id=audit_year_id)
        .annotate(meets=Q(shortfall=0))
        .values_list("state", "late", "rate", "employer_type", "meets")
        .annotate(
            n=Count("*"),
            counted=Sum("counted"),
            shortfall=Sum("shortfall"),
            due=Sum("amount_due"),
        )
        .order_by()
    )
    grid = [
        [
            state,
            bool(late),
            None if rate is None else str(rate),
            kind,
            bool(meets),
            n,
            str(counted or 0),
            str(shortfall or 0),
            str(due or 0),
        ]
        for state, late, rate, kind, meets, n, counted, shortfall, due in rows
    ]
    headcount = (
        DeclaredEmployee.objects.filter(
            declaration__audit_year_id=audit_year_id,
            declaration__state=Declaration.State.APPROVED,
            qualifies=True,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    return {"version": VERSION, "grid": grid, "headcount": headcount}


def refresh(audit_year_ids) -> None:
    """Recompute the figures of these audit years (locking each row: concurrent approvals in
    one year refresh one after the other)."""
    with transaction.atomic():
        for pk in sorted(set(audit_year_ids)):
            if AuditYear.objects.select_for_update().filter(pk=pk).exists():
                AuditYear.objects.filter(pk=pk).update(figures=compute(pk))


def rows(figures: dict):
    """The grid of one audit year's figures as typed values."""
    for state, late, rate, kind, meets, n, counted, shortfall, due in figures.get("grid", ()):
        yield (
            state,
            late,
            None if rate is None else Decimal(rate),
            kind,
            meets,
            n,
            Decimal(counted),
            Decimal(shortfall),
            Decimal(due),
        )


@contextmanager
def deferred():
    """Refresh each touched audit year once, at the end of the block (bulk writers such as
    the declarations import), instead of after every save."""
    if _deferred.get() is not None:  # already inside one
        yield
        return
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield
    except BaseException:
        _deferred.reset(token)  # the caller's transaction rolls the saves back
        raise
    _deferred.reset(token)
    refresh(pending)


def declaration_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw or not instance.audit_year_id:
        return
    pending = _deferred.get()
    if pending is not None:
        pending.add(instance.audit_year_id)
    else:
        refresh([instance.audit_year_id])
