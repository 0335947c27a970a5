"""The facts the massage rules evaluate (massage_licensing.rules), built without a database:
a compliant institution, staff with and without a visual-impairment certificate, the policy.
Shared by tests/massage_licensing/test_rules.py and the English interface test."""

import datetime
from decimal import Decimal

from massage_licensing import rules

ON = datetime.date(2026, 11, 2)
POLICY = rules.Policy(
    blind_share_blind_representative=Decimal("0.6"),
    blind_share_sighted_representative=Decimal("0.8"),
    min_area_m2=Decimal("30"),
    min_beds=3,
    min_bed_spacing_m=Decimal("0.7"),
    sources={"massage.min_area_m2": "残联发〔2007〕29号"},
)


def cert(category=1, parts=None, status="valid", expiry=datetime.date(2030, 1, 1)):
    return rules.CertificateFacts(
        number="13040819800101001X11",
        category=category,
        parts=parts or [[category, 1]],
        status=status,
        expiry_date=expiry,
    )


def staff(blind=True, *, certificate=None, health=datetime.date(2027, 1, 1), **extra):
    values = dict(
        name="甲",
        id_number="130408198001010011",
        certificate=certificate if certificate is not None else (cert() if blind else None),
        certificate_number="x" if blind else "",
        qualification_number="Q1",
        health_certificate_number="H1",
        health_certificate_expiry=health,
        labour_contract=True,
        social_insurance=True,
    )
    values.update(extra)
    return rules.StaffFacts(**values)


def institution(**extra):
    values = dict(
        name="永年区光明盲人保健按摩中心",
        representative_is_blind=False,
        representative_certificate=None,
        area_m2=Decimal("30"),
        beds=3,
        bed_spacing_m=Decimal("0.7"),
        has_disinfection=True,
        has_toilet=True,
        has_fire_safety=True,
        has_lighting=True,
    )
    values.update(extra)
    return rules.InstitutionFacts(**values)


def team(blind, total):
    return [staff(True)] * blind + [staff(False)] * (total - blind)
