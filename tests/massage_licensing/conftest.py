"""Factories for the massage qualification tests: the centre, the chairman, certificate holders
of any category, an institution with its staff."""

import datetime
from decimal import Decimal

import pytest

from cdpf import roles
from cdpf.models import Region
from certificates.models import Certificate, Person
from certificates.rules import certificate_number, check_character, parse_id_number
from employment_quota.rules import credit_check_character
from massage_licensing import services
from tests.conftest import make_user

TODAY = datetime.date(2026, 11, 2)  # a Monday
CREDIT_CODE = "91350100M000100Y43"
OTHER_CODE = "91130408MA0000001" + credit_check_character("91130408MA0000001")


def id_number(seq: int, birth: str = "19800101", region: str = "130408") -> str:
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + check_character(first17)


def holder(
    seq: int,
    *,
    category: int = 1,
    grade: int = 1,
    parts=None,
    status="valid",
    expiry=datetime.date(2030, 1, 1),
    name=None,
    region_code="130408",
) -> Certificate:
    """A person with a certificate in the register (category 1 = visual)."""
    number = id_number(seq)
    ident = parse_id_number(number)
    region = Region.objects.get(code=region_code)
    person = Person.objects.create(
        region=region,
        id_number=number,
        name=name or f"按摩师{seq}",
        sex=ident.sex,
        birth_date=ident.birth_date,
        community="东街村",
        address="东街村1号",
    )
    return Certificate.objects.create(
        person=person,
        region=region,
        number=certificate_number(number, category, grade),
        category=category,
        grade=grade,
        parts=parts or [[category, grade]],
        issue_date=datetime.date(2020, 1, 1),
        expiry_date=expiry,
        status=status,
    )


@pytest.fixture
def centre(db):
    return make_user("yn_labour", "130408", roles.LABOUR_SERVICE)


@pytest.fixture
def chairman(db):
    return make_user("yn_chair", "130408", roles.CHAIRMAN)


@pytest.fixture
def outsider_centre(db):
    return make_user("ct_labour", "130403", roles.LABOUR_SERVICE)


def institution_data(**extra) -> dict:
    data = {
        "name": "永年区光明盲人保健按摩中心",
        "address": "永年区临洺关镇建设路8号",
        "legal_representative": "张光明",
        "representative_is_blind": False,
        "representative_certificate_number": "",
        "person_in_charge": "李青",
        "phone": "0310-6791166",
        "area_m2": Decimal("30"),
        "rooms": 3,
        "beds": 3,
        "bed_spacing_m": Decimal("0.7"),
        "has_disinfection": True,
        "has_toilet": True,
        "has_fire_safety": True,
        "has_lighting": True,
    }
    data.update(extra)
    return data


@pytest.fixture
def make_institution(centre, yongnian):
    def make(credit_code=CREDIT_CODE, region=None, **extra):
        return services.institution_register(
            actor=centre,
            region=region or yongnian,
            credit_code=credit_code,
            today=TODAY,
            **institution_data(**extra),
        )

    return make


def staff_member(centre, institution, certificate=None, *, seq=None, **extra):
    number = certificate.person.id_number if certificate else id_number(seq)
    fields = {
        "name": certificate.person.name if certificate else f"健全按摩师{seq}",
        "id_number": number,
        "joined_on": datetime.date(2026, 1, 5),
        "disability_certificate_number": certificate.number if certificate else "",
        "qualification_number": "BJAM-2024-0001",
        "health_certificate_number": "JKZ-2026-01",
        "health_certificate_expiry": datetime.date(2027, 6, 30),
        "labour_contract": True,
        "social_insurance": True,
    }
    fields.update(extra)
    return services.practitioner_register(actor=centre, institution=institution, **fields)


@pytest.fixture
def blind_rep_institution(centre, make_institution):
    """The 'done when' institution: blind legal representative, 5 staff of whom 4 blind."""
    rep = holder(90, name="张光明")
    institution = make_institution(
        representative_is_blind=True, representative_certificate_number=rep.number
    )
    for seq in range(1, 5):
        staff_member(centre, institution, holder(seq))
    staff_member(centre, institution, seq=5)
    return institution
