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


def _region_ids(user) -> list[int]:
    """The ids of the user's region and below: filtering by ids lets the planner use the
    region indexes (a join on code LIKE 'prefix%' hides how many rows match)."""
    from cdpf.selectors import regions_visible_to

    return list(regions_visible_to(user).values_list("pk", flat=True))


def _year_ids(user, years) -> dict[int, int]:
    """audit year id → year, of the given years in the user's region and below."""
    return dict(audit_years_for(user).filter(year__in=years).values_list("pk", "year"))


RATE_BANDS = (Decimal("1"), Decimal("0.9"), Decimal("0.5"), Decimal("0"))


def dashboard(user, year: int) -> dict:
    """The supervisor's figures for one audit year in the user's region and below: a few
    set-based queries whatever the number of employers (see benchmarks/quota_bench.py)."""
    from employment_quota.models import DeclaredEmployee
    from employment_quota.rules import EMPLOYER_TYPES

    ids = list(_year_ids(user, [year]))
    employers = Employer.objects.filter(region_id__in=_region_ids(user)).count()
    declarations = Declaration.objects.filter(audit_year_id__in=ids)
    approved_q = Q(state=Declaration.State.APPROVED)
    totals = declarations.aggregate(
        declared=Count("id"),
        approved=Count("id", filter=approved_q),
        late=Count("id", filter=approved_q & Q(late=True)),
        meeting=Count("id", filter=approved_q & Q(shortfall=0)),
        counted=Sum("counted", filter=approved_q),
        shortfall=Sum("shortfall", filter=approved_q),
        due=Sum("amount_due", filter=approved_q),
    )
    by_state = dict(declarations.values_list("state").annotate(n=Count("id")).order_by())
    headcount = (
        DeclaredEmployee.objects.filter(
            declaration__audit_year_id__in=ids,
            declaration__state=Declaration.State.APPROVED,
            qualifies=True,
        )
        .values("certificate__person_id")
        .distinct()
        .count()
    )
    grid = list(
        declarations.filter(approved_q)
        .values_list("rate", "employer__employer_type")
        .annotate(n=Count("id"), due=Sum("amount_due"), shortfall=Sum("shortfall"))
        .order_by()
    )
    bands = {rate: {"rate": rate, "n": 0, "due": Decimal(0)} for rate in RATE_BANDS}
    types = {
        kind: {"type": kind, "label": label, "n": 0, "due": Decimal(0), "shortfall": Decimal(0)}
        for kind, label in EMPLOYER_TYPES.items()
    }
    for rate, kind, n, due, shortfall in grid:
        band = bands.setdefault(rate, {"rate": rate, "n": 0, "due": Decimal(0)})
        band["n"] += n
        band["due"] += due or 0
        row = types[kind]
        row["n"] += n
        row["due"] += due or 0
        row["shortfall"] += shortfall or 0
    for band in bands.values():
        band["percent"] = int(band["rate"] * 100)
    approved = totals["approved"]
    return {
        "year": year,
        "audit_years": ids,
        "employers": employers,
        "declared": totals["declared"],
        "undeclared": max(employers - totals["declared"], 0),
        "approved": approved,
        "on_time": approved - totals["late"],
        "late": totals["late"],
        "meeting": totals["meeting"],
        "not_meeting": approved - totals["meeting"],
        "headcount": headcount,
        "counted": totals["counted"] or Decimal(0),
        "shortfall": totals["shortfall"] or Decimal(0),
        "due": totals["due"] or Decimal(0),
        "by_state": by_state,
        "bands": with_bars([b for b in bands.values()], "due"),
        "by_type": with_bars(list(types.values()), "due"),
    }


def with_bars(rows: list[dict], key: str, width: int = 300) -> list[dict]:
    """Each row's bar length (SVG user units) in proportion to its `key` value."""
    top = max([row[key] for row in rows] + [Decimal(0)])
    for row in rows:
        row["width"] = int(row[key] * width / top) if top else 0
    return rows


def yearly_trend(user, years: list[int]) -> list[dict]:
    ids = _year_ids(user, years)
    rows = (
        Declaration.objects.filter(audit_year_id__in=list(ids), state=Declaration.State.APPROVED)
        .values_list("audit_year_id")
        .annotate(
            n=Count("id"),
            due=Sum("amount_due"),
            counted=Sum("counted"),
            meeting=Count("id", filter=Q(shortfall=0)),
        )
        .order_by()
    )
    found: dict[int, dict] = {
        y: {"year": y, "approved": 0, "due": Decimal(0), "counted": Decimal(0), "meeting": 0}
        for y in years
    }
    for year_id, n, due, counted, meeting in rows:
        row = found[ids[year_id]]
        row["approved"] += n
        row["due"] += due or 0
        row["counted"] += counted or 0
        row["meeting"] += meeting
    return with_bars([found[y] for y in years], "due")


DRILL_FILTERS = ("state", "late", "meeting", "rate", "type", "employed")


def dashboard_declarations(user, year: int, filters: dict) -> QuerySet:
    """The declarations behind one figure of the dashboard (the filters its links carry)."""
    from django.core.exceptions import ValidationError

    from employment_quota.rules import EMPLOYER_TYPES

    qs = declarations_for(user).filter(audit_year_id__in=list(_year_ids(user, [year])))
    state = filters.get("state")
    if state:
        if state not in Declaration.State.values:
            raise ValidationError("state")
        qs = qs.filter(state=state)
    approved = {"state": Declaration.State.APPROVED}
    if filters.get("late") in ("0", "1"):
        qs = qs.filter(late=filters["late"] == "1", **approved)
    if filters.get("meeting") in ("0", "1"):
        qs = qs.filter(**approved)
        qs = qs.filter(shortfall=0) if filters["meeting"] == "1" else qs.exclude(shortfall=0)
    if filters.get("rate"):
        try:
            rate = Decimal(filters["rate"])
        except ArithmeticError as exc:
            raise ValidationError("rate") from exc
        qs = qs.filter(rate=rate, **approved)
    if filters.get("type"):
        if filters["type"] not in EMPLOYER_TYPES:
            raise ValidationError("type")
        qs = qs.filter(employer__employer_type=filters["type"], **approved)
    if filters.get("employed") == "1":
        from django.db.models import Exists, OuterRef

        from employment_quota.models import DeclaredEmployee

        employed = DeclaredEmployee.objects.filter(declaration=OuterRef("pk"), qualifies=True)
        qs = qs.filter(Exists(employed), **approved)
    return qs.order_by("employer__name", "pk")
