"""Demo records of the quota audit for the demo accounts in 永年区 (manage.py load_demo):
three certificate holders at work, three employers, the 2024 audit decided and the 2025 audit
open with a submitted and a draft declaration. Safe to run again: nothing is created twice."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from cdpf.identifiers import credit_check_character
from cdpf.models import Region, User
from certificates.models import Certificate, Person
from certificates.rules import certificate_number, check_character, parse_id_number
from employment_quota import services
from employment_quota.models import AuditYear, Declaration, Employer

D = datetime.date
HOLDERS = [  # the first 17 characters of the ID number; the check character is computed
    ("13040819850315001", "王建国", 4, 2),
    ("13040819901120002", "李秀英", 1, 3),
    ("13040819880707003", "张伟", 4, 4),
]
EMPLOYERS = [
    ("91350100M000100Y43", "邯郸市永年区示范机械制造有限公司", "enterprise", "永年区建设路1号"),
    ("12130408MB00000013", "邯郸市永年区第一医院", "institution", "永年区洺州路8号"),
    ("91130408MA0000001", "永年区小微商贸有限公司", "enterprise", "永年区临洺关镇东街3号"),
]


def _code(first17_or_code: str) -> str:
    first17 = first17_or_code[:17]
    return first17 + credit_check_character(first17)


def _holder(region, first17: str, name: str, category: int, grade: int) -> Certificate:
    id_number = first17 + check_character(first17)
    ident = parse_id_number(id_number)
    person, _ = Person.objects.get_or_create_by_id_number(
        id_number,
        defaults={
            "region": region,
            "name": name,
            "sex": ident.sex,
            "birth_date": ident.birth_date,
            "community": "东街村",
            "address": "永年区临洺关镇东街村",
        },
    )
    number = certificate_number(id_number, category, grade)
    certificate = Certificate.objects.by_number(number).first()
    if certificate is None:
        certificate = Certificate.objects.create(
            person=person,
            region=region,
            number=number,
            category=category,
            grade=grade,
            parts=[[category, grade]],
            issue_date=D(2020, 1, 1),
            expiry_date=D(2030, 1, 1),
            print_status=Certificate.PrintStatus.HANDED_OVER,  # an old card, long handed over
        )
    return certificate


def _line(certificate, months, wage="2600"):
    return {
        "certificate_number": certificate.number,
        "months": list(months),
        "employment_form": "contract",
        "monthly_wage": Decimal(wage),
        "insurance_paid": True,
        "materials": ["身份证", "残疾人证", "劳动合同（一年以上）"],
    }


@transaction.atomic
def load(stdout) -> None:
    region = Region.objects.get(code="130408")
    centre = User.objects.filter(username="yn_labour").first()
    if centre is None:
        return
    if AuditYear.objects.filter(region=region, year=2024).exists():
        stdout.write("Quota audit demo records already present.")
        return
    holders = [_holder(region, *row) for row in HOLDERS]
    employers = []
    for code, name, kind, address in EMPLOYERS:
        code = _code(code)
        employer = Employer.objects.filter(credit_code=code).first() or services.employer_register(
            actor=centre,
            region=region,
            credit_code=code,
            name=name,
            employer_type=kind,
            address=address,
            contact_name="王主任",
            contact_phone="0310-6858000",
        )
        employers.append(employer)
    factory, hospital, shop = employers

    previous = services.audit_year_open(
        actor=centre,
        region=region,
        year=2024,
        local_average_wage=Decimal("86000"),
        today=D(2025, 3, 1),
    )
    decided = [
        (factory, "120", "7800000", [_line(holders[0], range(1, 13))]),
        (hospital, "200", "19000000", [_line(holders[1], range(1, 13)), _line(holders[2], [])]),
        (shop, "18", "700000", []),
    ]
    for employer, staff, wage_bill, lines in decided:
        lines = [line for line in lines if line["months"]]
        declaration = services.declaration_save(
            actor=centre,
            audit_year=previous,
            employer=employer,
            staff=Decimal(staff),
            wage_bill=Decimal(wage_bill),
            employees=lines,
        )
        services.declaration_submit(actor=centre, declaration=declaration, on=D(2025, 4, 10))
        services.declaration_approve(actor=centre, declaration=declaration, on=D(2025, 4, 20))

    current = services.audit_year_open(
        actor=centre,
        region=region,
        year=2025,
        local_average_wage=Decimal("89000"),
        today=D(2026, 3, 1),
    )
    submitted = services.declaration_save(
        actor=centre,
        audit_year=current,
        employer=factory,
        staff=Decimal("125"),
        wage_bill=Decimal("8300000"),
        employees=[_line(holders[0], range(1, 13)), _line(holders[2], range(7, 13))],
    )
    services.declaration_submit(actor=centre, declaration=submitted, on=D(2026, 3, 15))
    services.declaration_save(
        actor=centre,
        audit_year=current,
        employer=hospital,
        staff=Decimal("205"),
        wage_bill=Decimal("19800000"),
        employees=[_line(holders[1], range(1, 13))],
    )
    stdout.write(
        f"Quota audit demo: {len(employers)} employers, 2024 decided "
        f"({Declaration.objects.filter(audit_year=previous).count()} declarations), 2025 open."
    )
