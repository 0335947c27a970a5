"""Reads of the quota audit, scoped to the user's region."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from cdpf.selectors import scope_region_ids, scope_to_user
from employment_quota import figures
from employment_quota.figures import rows
from employment_quota.models import AuditYear, Declaration, DeclaredEmployee, Employer
from employment_quota.rules import EMPLOYER_TYPES


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
    """The ids of the user's region and below, read once per request: filtering by ids lets
    the planner use the region indexes (a join on code LIKE 'prefix%' hides how many rows
    match)."""
    return scope_region_ids(user)


def _year_ids(user, years) -> dict[int, int]:
    """audit year id → year, of the given years in the user's region and below."""
    return dict(audit_years_for(user).filter(year__in=years).values_list("pk", "year"))


RATE_BANDS = (Decimal("1"), Decimal("0.9"), Decimal("0.5"), Decimal("0"))


def dashboard(user, year: int) -> dict:
    """The supervisor's figures for one audit year in the user's region and below, summed from
    the figures each audit year keeps (employment_quota/figures.py): a few small queries
    whatever the number of employers (see benchmarks/quota_bench.py)."""
    employers = Employer.objects.filter(region_id__in=_region_ids(user)).count()
    by_state = dict.fromkeys(Declaration.State.values, 0)
    totals = dict.fromkeys(("late", "meeting", "headcount"), 0)
    sums = dict.fromkeys(("counted", "shortfall", "due"), Decimal(0))
    bands = {rate: {"rate": rate, "n": 0, "due": Decimal(0)} for rate in RATE_BANDS}
    types = {
        kind: {"type": kind, "label": label, "n": 0, "due": Decimal(0), "shortfall": Decimal(0)}
        for kind, label in EMPLOYER_TYPES.items()
    }
    for data in _figures(user, [year]).values():
        totals["headcount"] += data.get("headcount", 0)
        for state, late, rate, kind, meets, n, counted, shortfall, due in rows(data):
            by_state[state] = by_state.get(state, 0) + n
            if state != Declaration.State.APPROVED:
                continue
            totals["late"] += n if late else 0
            totals["meeting"] += n if meets else 0
            sums["counted"] += counted
            sums["shortfall"] += shortfall
            sums["due"] += due
            band = bands.setdefault(rate, {"rate": rate, "n": 0, "due": Decimal(0)})
            band["n"] += n
            band["due"] += due
            row = types.setdefault(
                kind,
                {"type": kind, "label": kind, "n": 0, "due": Decimal(0), "shortfall": Decimal(0)},
            )
            row["n"] += n
            row["due"] += due
            row["shortfall"] += shortfall
    headcount = totals["headcount"]
    for band in bands.values():
        band["percent"] = int(band["rate"] * 100)
    # a draft is the centre's entry not yet submitted: the employer has not declared
    declared = sum(n for state, n in by_state.items() if state != Declaration.State.DRAFT)
    approved = by_state[Declaration.State.APPROVED]
    return {
        "year": year,
        "employers": employers,
        "declared": declared,
        "undeclared": max(employers - declared, 0),
        "approved": approved,
        "on_time": approved - totals["late"],
        "late": totals["late"],
        "meeting": totals["meeting"],
        "not_meeting": approved - totals["meeting"],
        "headcount": headcount,
        "counted": sums["counted"],
        "shortfall": sums["shortfall"],
        "due": sums["due"],
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
    found: dict[int, dict] = {
        y: {"year": y, "approved": 0, "due": Decimal(0), "counted": Decimal(0), "meeting": 0}
        for y in years
    }

    for (_pk, year), data in _figures(user, years).items():
        row = found[year]
        for state, _late, _rate, _kind, meets, n, counted, _shortfall, due in rows(data):
            if state == Declaration.State.APPROVED:
                row["approved"] += n
                row["due"] += due
                row["counted"] += counted
                row["meeting"] += n if meets else 0
    return with_bars([found[y] for y in years], "due")


def _figures(user, years) -> dict[tuple[int, int], dict]:
    """(audit year id, year) → its stored figures (employment_quota/figures.py), for the
    user's region and below; figures of an older layout are recomputed first."""
    # read once per request for the years asked first (the dashboard asks for its trend's
    # three years, then for one of them)
    read = getattr(user, "_quota_figures", None)
    if read is None or not set(years) <= read[0]:
        found = {
            (pk, year): data
            for pk, year, data in audit_years_for(user)
            .filter(year__in=years)
            .values_list("pk", "year", "figures")
        }
        stale = [pk for (pk, _y), data in found.items() if data.get("version") != figures.VERSION]
        if stale:
            figures.refresh(stale)
            return _figures(user, years)
        read = user._quota_figures = (set(years), found)
    return {key: data for key, data in read[1].items() if key[1] in years}


DRILL_FILTERS = ("state", "late", "meeting", "rate", "type", "employed", "declared")


def dashboard_declarations(user, year: int, filters: dict) -> QuerySet:
    """The declarations behind one figure of the dashboard (the filters its links carry)."""
    # the audit years are the user's region and below already: no join on the region codes
    qs = Declaration.objects.select_related("employer", "audit_year", "region").filter(
        audit_year_id__in=list(_year_ids(user, [year]))
    )
    state = filters.get("state")
    if state:
        if state not in Declaration.State.values:
            raise ValidationError("state")
        qs = qs.filter(state=state)
    if filters.get("declared") == "1":
        qs = qs.exclude(state=Declaration.State.DRAFT)
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
        if not rate.is_finite() or not 0 <= rate <= 1:  # 1e999999 overflowed PostgreSQL: a 500
            raise ValidationError("rate")
        qs = qs.filter(rate=rate, **approved)
    if filters.get("type"):
        if filters["type"] not in EMPLOYER_TYPES:
            raise ValidationError("type")
        qs = qs.filter(employer_type=filters["type"], **approved)
    if filters.get("employed") == "1":
        employed = DeclaredEmployee.objects.filter(declaration=OuterRef("pk"), qualifies=True)
        qs = qs.filter(Exists(employed), **approved)
    # the largest levies first (what a supervisor follows up), then the order of entry
    return qs.order_by(F("amount_due").desc(nulls_last=True), "pk")
