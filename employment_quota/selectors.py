"""Reads of the quota audit, scoped to the user's region."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from cdpf.selectors import scope_to_user
from employment_quota.models import AuditYear, Declaration, Employer


def employers_for(user) -> QuerySet:
    return scope_to_user(Employer.objects.all(), user)


def audit_years_for(user) -> QuerySet:
    return scope_to_user(AuditYear.objects.select_related("region"), user)


def declarations_for(user) -> QuerySet:
    return scope_to_user(
        Declaration.objects.select_related("employer", "audit_year", "audit_year__region"), user
    )


def search_employers(user, query: str) -> QuerySet:
    qs = employers_for(user)
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(name__contains=query) | Q(credit_code=query.upper()))
    return qs.order_by("name")


def dashboard(user, year: int) -> dict:
    """The supervisor's figures for one audit year in the user's region and below."""
    employers = employers_for(user).count()
    declarations = declarations_for(user).filter(audit_year__year=year)
    approved = declarations.filter(state=Declaration.State.APPROVED)
    totals = approved.aggregate(
        counted=Sum("counted"),
        shortfall=Sum("shortfall"),
        due=Sum("amount_due"),
        staff=Sum("staff"),
    )
    by_state = dict(declarations.values_list("state").annotate(n=Count("id")).order_by())
    on_time = approved.filter(late=False).count()
    meeting = approved.filter(shortfall=0).count()
    headcount = (
        approved.filter(employees__qualifies=True)
        .values("employees__certificate__person")
        .distinct()
        .count()
    )
    bands = {
        str(rate): (n, due or Decimal(0))
        for rate, n, due in approved.values_list("rate")
        .annotate(n=Count("id"), due=Sum("amount_due"))
        .order_by("rate")
        .values_list("rate", "n", "due")
    }
    by_type = list(
        approved.values_list("employer__employer_type")
        .annotate(n=Count("id"), due=Sum("amount_due"))
        .order_by()
    )
    return {
        "year": year,
        "employers": employers,
        "declared": declarations.count(),
        "approved": approved.count(),
        "on_time": on_time,
        "late": approved.count() - on_time,
        "meeting": meeting,
        "headcount": headcount,
        "counted": totals["counted"] or Decimal(0),
        "shortfall": totals["shortfall"] or 0,
        "due": totals["due"] or Decimal(0),
        "by_state": by_state,
        "bands": bands,
        "by_type": by_type,
    }


def yearly_trend(user, years: list[int]) -> list[dict]:
    rows = (
        declarations_for(user)
        .filter(audit_year__year__in=years, state=Declaration.State.APPROVED)
        .values_list("audit_year__year")
        .annotate(n=Count("id"), due=Sum("amount_due"), counted=Sum("counted"))
        .order_by()
    )
    found = {year: (n, due, counted) for year, n, due, counted in rows}
    return [
        {
            "year": y,
            "approved": found.get(y, (0, 0, 0))[0],
            "due": found.get(y, (0, 0, 0))[1] or Decimal(0),
            "counted": found.get(y, (0, 0, 0))[2] or Decimal(0),
        }
        for y in years
    ]
