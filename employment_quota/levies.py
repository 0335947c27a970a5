"""Every levy of one year at once: the yearly recomputation the centre runs as a background job
(after a policy parameter or a local average wage was corrected, say).

Set-based: one query reads the year's approved declarations, one reads their employee lines,
the pure rules compute each levy in memory, and one statement writes every changed result
(PostgreSQL: COPY into a temporary table and one UPDATE … FROM; elsewhere bulk_update). The
employees' qualification (counted months) stays as decided at approval; what is recomputed is
what follows from it and from the policy: required, counted, shortfall, average wage, rate,
amount and the explanation. Each changed declaration gets an audit entry (written in bulk, as
the model signals do not fire for a bulk update), and the run one summary entry."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from cdpf import audit
from cdpf.models import AuditEntry
from employment_quota import rules
from employment_quota.figures import refresh
from employment_quota.models import AuditYear, Declaration, DeclaredEmployee
from employment_quota.services import policy_for

CHANGES_SHOWN = 100
# Apps above this one that hold decisions resting on a levy (levy relief) register a function
# here: called inside the recomputation's transaction with the changed levies and the actor,
# it brings its decisions along and returns what a person must review (shown on the job page).
# A hook instead of an import: levy_relief depends on employment_quota, never the reverse.
LEVY_CHANGE_HOOKS: list = []
# The tax list's relief columns, the same way: levy_relief registers a function
# (employer_ids, levy_year) -> {employer_id: summary}; without one the columns stay empty.
TAX_LIST_RELIEF_HOOKS: list = []
RESULT_FIELDS = ("required", "counted", "shortfall", "average_wage", "rate", "amount_due")
PLACES = {
    "required": Decimal("0.0001"),
    "counted": Decimal("0.0001"),
    "shortfall": Decimal("0.0001"),
    "average_wage": Decimal("0.01"),
    "rate": Decimal("0.01"),
    "amount_due": Decimal("0.01"),
}


def stored(result: rules.LevyResult) -> dict:
    """A levy result as the declaration's columns keep it."""
    values = {
        name: getattr(result, name).quantize(PLACES[name], ROUND_HALF_UP) for name in RESULT_FIELDS
    }
    values["explanation"] = result.explanation
    return values


def _same(old, new) -> bool:
    return old is not None and Decimal(old) == new


def recompute_levies(*, year: int, region, actor=None, progress=None) -> dict:
    """Recompute the levy of every approved declaration of `year` in `region` and below."""
    audit_years = {
        a.pk: a
        for a in AuditYear.objects.select_related("region").filter(
            year=year, region__code__startswith=region.scope_prefix
        )
    }
    policies = {a.pk: policy_for(a.region, year) for a in audit_years.values()}
    lines: dict[int, list[dict]] = defaultdict(list)
    employees = (
        DeclaredEmployee.objects.filter(
            declaration__audit_year_id__in=list(audit_years),
            declaration__state=Declaration.State.APPROVED,
        )
        .order_by("declaration_id", "id")
        .values_list(
            "declaration_id",
            "certificate__grade",
            "counted_months",
            "qualifies",
            "reason",
            "reason_lines",
            "certificate__person__name",
        )
    )
    for declaration_id, grade, months, qualifies, reason, reason_lines, name in employees.iterator(
        chunk_size=20_000
    ):
        lines[declaration_id].append(
            {
                "grade": grade,
                "months": len(months or []),
                "qualifies": qualifies,
                "name": name,
                "reason": reason_lines or reason,
            }
        )
    declarations = (
        Declaration.objects.filter(
            audit_year_id__in=list(audit_years), state=Declaration.State.APPROVED
        )
        .order_by("id")
        .values_list(
            "id",
            "audit_year_id",
            "region__code",
            "employer__name",
            "employer__employer_type",
            "staff",
            "wage_bill",
            "late",
            *RESULT_FIELDS,
        )
    )
    changed: list[tuple[int, dict, dict]] = []
    total = seen = 0
    due = Decimal(0)
    rows = list(declarations.iterator(chunk_size=20_000))
    total = len(rows)
    for pk, year_id, region_code, name, kind, staff, wage_bill, late, *old in rows:
        audit_year = audit_years[year_id]
        result = rules.calculate_levy(
            year=year,
            employer_type=kind,
            staff=staff,
            wage_bill=wage_bill,
            local_average_wage=audit_year.local_average_wage,
            employees=lines.get(pk, ()),
            filed_on_time=not late,
            policy=policies[year_id],
        )
        new = stored(result)
        due += new["amount_due"]
        before = dict(zip(RESULT_FIELDS, old, strict=True))
        if not all(_same(before[name], new[name]) for name in RESULT_FIELDS):
            changed.append((pk, new, {"region": region_code, "before": before, "name": name}))
        seen += 1
        if progress and seen % 10_000 == 0:
            progress(seen, total, "")
    with transaction.atomic():
        _write([(pk, new) for pk, new, _ in changed])
        _audit(
            actor,
            [
                (
                    pk,
                    info["region"],
                    {
                        "changes": {
                            name: [str(info["before"][name]), str(new[name])]
                            for name in RESULT_FIELDS
                            if not _same(info["before"][name], new[name])
                        },
                        "source": "levy recomputation",
                    },
                )
                for pk, new, info in changed
            ],
        )
        levy_changes = [
            (pk, info["before"]["amount_due"], new["amount_due"]) for pk, new, info in changed
        ]
        reviews = [
            item for hook in LEVY_CHANGE_HOOKS for item in hook(changes=levy_changes, actor=actor)
        ]

        refresh(list(audit_years))  # the dashboard's sums follow the new amounts
        AuditYear.objects.filter(pk__in=list(audit_years)).exclude(recompute_needed="").update(
            recompute_needed=""
        )  # the levies agree with their inputs again (the run's audit entry records it)
        summary = {
            "year": year,
            "declarations": total,
            "changed": len(changed),
            "amount_due": str(due),
        }
        # the job page lists the first changes (the audit log has every one) and every
        # decision that needs a person's review
        shown = [
            {
                "declaration": pk,
                "employer": info["name"],
                "before": str(info["before"]["amount_due"]),
                "after": str(new["amount_due"]),
            }
            for pk, new, info in changed[:CHANGES_SHOWN]
        ]
        audit.record(
            action=AuditEntry.Action.UPDATE,
            user=actor,
            object_type="employment_quota.levy_run",
            object_repr=f"{region.name} {year}",
            detail={**summary, "region": region.code},
        )
    if progress:
        progress(total, total, "")
    return {**summary, "levy_changes": shown, "reviews": reviews}


def _write(updates: list[tuple[int, dict]]) -> None:
    if not updates:
        return
    if connection.vendor != "postgresql":
        objects = []
        for pk, values in updates:
            declaration = Declaration(pk=pk)
            for name, value in values.items():
                setattr(declaration, name, value)
            objects.append(declaration)
        Declaration.objects.bulk_update(objects, [*RESULT_FIELDS, "explanation"], batch_size=500)
        return
    table = Declaration._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE quota_levy_update (id bigint PRIMARY KEY, required numeric, "
            "counted numeric, shortfall numeric, average_wage numeric, rate numeric, "
            "amount_due numeric, explanation jsonb) ON COMMIT DROP"
        )
        with cursor.copy(
            "COPY quota_levy_update (id, required, counted, shortfall, average_wage, rate, "
            "amount_due, explanation) FROM STDIN"
        ) as copy:
            for pk, values in updates:
                copy.write_row(
                    [pk, *(values[name] for name in RESULT_FIELDS)]
                    + [json.dumps(values["explanation"], ensure_ascii=False)]
                )
        cursor.execute(
            f'UPDATE "{table}" AS d SET required = u.required, counted = u.counted, '
            "shortfall = u.shortfall, average_wage = u.average_wage, rate = u.rate, "
            "amount_due = u.amount_due, explanation = u.explanation "
            "FROM quota_levy_update AS u WHERE d.id = u.id"
        )
        cursor.execute("DROP TABLE quota_levy_update")


def _audit(actor, entries: list[tuple[int, str, dict]]) -> None:
    """One audit entry per changed declaration (PostgreSQL: streamed with COPY)."""
    if not entries:
        return
    username = actor.get_username() if actor else ""
    user_id = actor.pk if actor else None
    if connection.vendor != "postgresql":
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    user_id=user_id,
                    username=username,
                    action=AuditEntry.Action.UPDATE,
                    object_type="employment_quota.declaration",
                    object_id=str(pk),
                    object_repr=f"declaration {pk}",
                    region_code=region_code,
                    detail=detail,
                )
                for pk, region_code, detail in entries
            ],
            batch_size=2_000,
        )
        return

    now = timezone.now()
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        with cursor.copy(
            f'COPY "{table}" (at, user_id, username, action, object_type, object_id, '
            "object_repr, detail, success, region_code) FROM STDIN"
        ) as copy:
            for pk, region_code, detail in entries:
                copy.write_row(
                    [
                        now,
                        user_id,
                        username,
                        AuditEntry.Action.UPDATE,
                        "employment_quota.declaration",
                        str(pk),
                        f"declaration {pk}",
                        json.dumps(detail, ensure_ascii=False),
                        True,
                        region_code,
                    ]
                )


def tax_list_reliefs(employer_ids, levy_year: int) -> dict:
    """The approved reliefs of these employers for the tax list (TAX_LIST_RELIEF_HOOKS)."""
    found: dict = {}
    for hook in TAX_LIST_RELIEF_HOOKS:
        found.update(hook(employer_ids, levy_year))
    return found
