"""Synthetic quota-audit data for load tests and benchmarks: employers, three audit years per
district, declarations decided as the centre would, and disabled employee lines linked to the
synthetic certificate register (certificates/synthetic.py).

    manage.py make_synthetic_data --size province --quota        # people, then this
    manage.py make_synthetic_data --size province --quota-only   # this, on people loaded before

Province size: 150,000 employers and 300,000 employee lines over three years. Every employer's
address starts with the size's marker ("[synthetic:province] "); --replace deletes those
employers with their declarations first. PostgreSQL: ids from the sequences and COPY, as the
certificate loader does; elsewhere bulk_create. No model signals, so no audit entry per row.

The employees are valid certificates of synthetic holders of working age, each claimed by one
employer of the holder's own district in a year; approved declarations carry the levy the pure
rules compute with the policy parameters of their region, as approval does."""

from __future__ import annotations

import datetime
import math
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction

from cdpf import bulk_load
from cdpf.identifiers import credit_check_character
from cdpf.models import Region
from certificates import synthetic as people
from certificates.models import Certificate
from employment_quota import rules
from employment_quota.figures import refresh
from employment_quota.levies import stored
from employment_quota.models import (
    MATERIAL_KINDS,
    AuditYear,
    Declaration,
    DeclaredEmployee,
    Employer,
    MaterialFile,
)
from employment_quota.services import policy_for

# (employers, employee lines over the three years)
SIZES = {"district": (2_000, 4_000), "city": (15_000, 30_000), "province": (150_000, 300_000)}
YEARS = 3
TYPE_WEIGHTS = {
    "enterprise": 82,
    "institution": 8,
    "private_non_enterprise": 5,
    "state_organ": 3,
    "social_org": 2,
}
STATE_WEIGHTS = {"approved": 90, "submitted": 4, "draft": 3, "returned": 2, "rejected": 1}
SHARE_DECLARING = 0.85  # of the registered employers, in a year
SHARE_LATE = 0.04
SHARE_LOW_WAGE = 0.03
SHARE_UNINSURED = 0.03
SHARE_PART_YEAR = 0.2
COMPANY_WORDS = (
    "永兴", "华信", "鑫源", "恒达", "宏远", "冀南", "广府", "滏阳", "邯钢", "丛台", "赵都", "金泰",
    "瑞丰", "德隆", "盛世", "新兴", "中诚", "天和", "万通", "福瑞", "建工", "正大", "富康",
)  # fmt: skip
COMPANY_KINDS = {
    "enterprise": ("有限公司", "股份有限公司", "制造有限公司", "商贸有限公司", "建材厂"),
    "institution": ("医院", "中学", "小学", "卫生院", "技工学校"),
    "private_non_enterprise": ("培训学校", "养老院", "幼儿园"),
    "state_organ": ("局", "委员会", "办事处"),
    "social_org": ("协会", "商会", "学会"),
}
FORMS = {"contract": 85, "established": 10, "dispatched": 5}


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def credit_code(district: str, sequence: int) -> str:
    """91 + the district + 'X' and eight digits (the organisation part) + check character."""
    first = f"91{district}X{sequence:08d}"
    return first + credit_check_character(first)


def load(*, size: str, rng: random.Random, today: datetime.date, actor, say, counts=None):
    """Create the quota data of `size` (the employers and employee lines of SIZES, or
    `counts`). Returns the number of rows made, by kind."""
    employer_count, line_count = counts or SIZES[size]
    marker = people.marker(size)
    started = time.perf_counter()
    districts = list(
        Region.objects.filter(
            level=Region.Level.DISTRICT,
            code__startswith=Region.objects.get(code=people.SIZE_REGIONS[size]).scope_prefix,
        ).order_by("code")
    )
    years = [today.year - YEARS + i for i in range(YEARS)]  # e.g. 2023–2025 audited in 2026
    audit_years: dict[tuple[int, int], AuditYear] = {}
    for region in districts:
        for year in years:
            wage = Decimal(72000 + 3000 * (year - 2020) + rng.randrange(-4000, 4000))
            audit_years[(region.pk, year)], _ = AuditYear.objects.get_or_create(
                region=region,
                year=year,
                defaults={
                    "opens_on": datetime.date(year + 1, 3, 1),
                    "closes_on": datetime.date(year + 1, 6, 30),
                    "local_average_wage": wage,
                    "opened_by": actor,
                    "status": AuditYear.Status.CLOSED
                    if year + 1 < today.year
                    else AuditYear.Status.OPEN,
                },
            )
    policies = {key: policy_for(a.region, a.year) for key, a in audit_years.items()}
    minimum = Decimal(2200)

    # Employers, spread over the districts.
    taken = set(Employer.objects.values_list("credit_code", flat=True).iterator())
    employers = []
    sequence = 0
    for i in range(employer_count):
        region = districts[i % len(districts)]
        while True:
            sequence += 1
            code = credit_code(region.code, sequence)
            if code not in taken:
                break
        kind = _weighted(rng, TYPE_WEIGHTS)
        staff = max(1, min(20_000, int(math.exp(rng.gauss(3.3, 1.25)))))
        if kind == "state_organ":
            name = f"{region.name}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS[kind])}"
        else:
            name = (
                f"{region.name}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS)}"
                f"{rng.choice(COMPANY_KINDS[kind])}"
            )
        employers.append(
            {
                "region_id": region.pk,
                "credit_code": code,
                "name": f"{name}{i % 997:03d}"[:200],
                "employer_type": kind,
                "address": f"{marker}{region.name}{rng.choice(COMPANY_WORDS)}路{i % 500 + 1}号",
                "contact_name": "",
                "contact_phone": "",
                "_staff": staff,
                "_wage": Decimal(rng.randrange(42_000, 140_000)),
            }
        )
    say(f"  {len(employers):,} employers generated ({time.perf_counter() - started:.1f} s)")

    # Certificates to employ: valid all three years, holders aged 18–60, by district.
    first_day, last_day = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    per_year = line_count // YEARS
    candidates = (
        Certificate.objects.filter(
            person__address__startswith=marker,
            status=Certificate.Status.VALID,
            issue_date__lte=first_day,
            expiry_date__gte=last_day,
            person__birth_date__lte=datetime.date(years[0] - 18, 1, 1),
            person__birth_date__gte=datetime.date(years[-1] - 60, 1, 1),
        )
        .order_by("?")
        .values_list("id", "region_id", "grade", "person__name", "person_id")[: per_year * 2]
    )
    pool: dict[int, list[tuple]] = defaultdict(list)
    for row in candidates.iterator(chunk_size=50_000):
        pool[row[1]].append(row)
    found = sum(len(v) for v in pool.values())
    if found < per_year:
        raise ValueError(
            f"Only {found:,} suitable synthetic certificates of size {size}; load the people "
            "first (make_synthetic_data without --quota-only)."
        )
    say(f"  {found:,} certificates to employ from ({time.perf_counter() - started:.1f} s)")

    loader = _CopyLoader() if connection.vendor == "postgresql" else _BulkLoader()
    made = {"employers": 0, "declarations": 0, "lines": 0}
    with transaction.atomic():
        employer_ids = loader.insert(Employer, employers)
        made["employers"] = len(employer_ids)
    by_region: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(employers):
        by_region[row["region_id"]].append(index)

    for year in years:
        declarations = []
        declaring = {}
        for index in range(len(employers)):
            if rng.random() < SHARE_DECLARING:
                declaring[index] = len(declarations)
                declarations.append(index)
        # employee lines: a district's certificates to its declaring employers, by size
        chosen: dict[int, list[tuple]] = defaultdict(list)
        share = per_year / found
        for region_id, certificates in pool.items():
            wanted = min(len(certificates), round(len(certificates) * share))
            sample = rng.sample(certificates, wanted)
            candidates_here = [i for i in by_region[region_id] if i in declaring]
            if not candidates_here:
                continue
            weights = [employers[i]["_staff"] for i in candidates_here]
            for certificate, employer_index in zip(
                sample, rng.choices(candidates_here, weights=weights, k=wanted), strict=True
            ):
                chosen[employer_index].append(certificate)
        declaration_rows, line_rows = [], []
        for index in declarations:
            employer = employers[index]
            audit_year = audit_years[(employer["region_id"], year)]
            state = _weighted(rng, STATE_WEIGHTS)
            staff = Decimal(employer["_staff"])
            wage_bill = staff * employer["_wage"] * Decimal(1 + (year - years[0]) * 0.04)
            wage_bill = wage_bill.quantize(Decimal("0.01"))
            decided = state in ("approved", "rejected")
            late = decided and rng.random() < SHARE_LATE
            submitted = datetime.date(year + 1, 3, 1) + datetime.timedelta(rng.randrange(110))
            employees = []
            for certificate_id, _region, grade, name, person_id in chosen.get(index, ()):
                months = list(range(1, 13))
                if rng.random() < SHARE_PART_YEAR:
                    start = rng.randrange(1, 12)
                    months = list(range(start, rng.randrange(start, 13) + 1))
                wage = Decimal(rng.randrange(2300, 6000))
                if rng.random() < SHARE_LOW_WAGE:
                    wage = Decimal(rng.randrange(1200, 2000))
                insured = rng.random() >= SHARE_UNINSURED
                form = _weighted(rng, FORMS)
                reasons = []
                if wage < minimum:
                    reasons.append(f"月工资 {wage} 元低于最低工资标准 {minimum} 元")
                if not insured:
                    reasons.append("未足额缴纳养老保险")
                qualifies = state == "approved" and not reasons
                employees.append(
                    {
                        "certificate_id": certificate_id,
                        "person_id": person_id,
                        "employment_form": form,
                        "counts_here": True,
                        "months": months,
                        "monthly_wage": wage,
                        "insurance_paid": insured,
                        "materials": list(people_materials(rng)),
                        "counted_months": months if qualifies else [],
                        "qualifies": qualifies,
                        "reason": "；".join(reasons) if state == "approved" else "",
                        "_grade": grade,
                        "_name": name,
                    }
                )
            row = {
                "audit_year_id": audit_year.pk,
                "employer_id": employer_ids[index],
                "employer_type": employer["employer_type"],
                "region_id": employer["region_id"],
                "state": state,
                "staff": staff,
                "wage_bill": wage_bill,
                "submitted_on": submitted if state != "draft" else None,
                "decided_on": submitted + datetime.timedelta(rng.randrange(1, 20))
                if decided
                else None,
                "decided_by_id": actor.pk if decided else None,
                "late": late,
                "reason": "材料不全" if state in ("returned", "rejected") else "",
                "required": None,
                "counted": None,
                "shortfall": None,
                "average_wage": None,
                "rate": None,
                "amount_due": None,
                "explanation": [],
                "created_by_id": actor.pk,
            }
            if state == "approved":
                result = rules.calculate_levy(
                    year=year,
                    employer_type=employer["employer_type"],
                    staff=staff,
                    wage_bill=wage_bill,
                    local_average_wage=audit_year.local_average_wage,
                    employees=[
                        {
                            "grade": e["_grade"],
                            "months": len(e["counted_months"]),
                            "qualifies": e["qualifies"],
                            "name": e["_name"],
                            "reason": e["reason"],
                        }
                        for e in employees
                    ],
                    filed_on_time=not late,
                    policy=policies[(employer["region_id"], year)],
                )
                row.update(stored(result))
            declaration_rows.append(row)
            line_rows.append(employees)
        with transaction.atomic():
            ids = loader.insert(Declaration, declaration_rows)
            flat = []
            for declaration_id, employees in zip(ids, line_rows, strict=True):
                for employee in employees:
                    employee["declaration_id"] = declaration_id
                    flat.append(employee)
            loader.insert(DeclaredEmployee, flat)
        made["declarations"] += len(declaration_rows)
        made["lines"] += len(flat)
        say(
            f"  {year}: {len(declaration_rows):,} declarations, {len(flat):,} employee lines "
            f"({time.perf_counter() - started:.1f} s)"
        )
    loader.finish()

    refresh([a.pk for a in audit_years.values()])
    say(f"  dashboard figures refreshed ({time.perf_counter() - started:.1f} s)")
    return made


def people_materials(rng: random.Random):
    return [label for label in MATERIAL_KINDS.values() if rng.random() < 0.9]


def delete(size: str) -> dict[str, int]:
    """The synthetic employers of `size` and their declarations, lines and files."""
    marker = people.marker(size)
    employers = Employer.objects.filter(address__startswith=marker)
    declarations = Declaration.objects.filter(employer__in=employers)
    with transaction.atomic():
        counts = {
            "material files": MaterialFile.objects.filter(declaration__in=declarations)._raw_delete(
                connection.alias
            ),
            "lines": DeclaredEmployee.objects.filter(declaration__in=declarations)._raw_delete(
                connection.alias
            ),
        }
        counts["declarations"] = declarations._raw_delete(connection.alias)
        counts["employers"] = employers._raw_delete(connection.alias)
    return counts


def _strip(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]


class _CopyLoader:
    """PostgreSQL: ids from the sequences, rows streamed with COPY, then ANALYZE."""

    def insert(self, model, rows: list[dict]) -> list[int]:
        rows = _strip(rows)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            ids = bulk_load.next_ids(cursor, model, len(rows))
            for row, pk in zip(rows, ids, strict=True):
                row["id"] = pk
            bulk_load.copy_rows(cursor, model, rows)
        return ids

    def finish(self) -> None:
        bulk_load.analyze(
            (Employer, AuditYear, Declaration, DeclaredEmployee),
            vacuum=not connection.in_atomic_block,
        )


class _BulkLoader:
    def insert(self, model, rows: list[dict]) -> list[int]:
        created = model.objects.bulk_create(
            [model(**row) for row in _strip(rows)], batch_size=1_000
        )
        return [obj.pk for obj in created]

    def finish(self) -> None:
        pass


def delete_needed(size: str) -> bool:
    return Employer.objects.filter(address__startswith=people.marker(size)).exists()
