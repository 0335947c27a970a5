import datetime
from decimal import Decimal

import pytest

from cdpf import roles
from certificates.models import Certificate
from certificates.rules import certificate_number
from employment_quota import services
from employment_quota.models import AuditYear
from tests.factories import (
    CREDIT_CODE,
    approve_declaration,
    declare,
    id_number,
    line,
    make_user,
    register_employer,
)

D = datetime.date


@pytest.fixture
def audit_year(centre, yongnian):
    return services.audit_year_open(
        actor=centre,
        region=yongnian,
        year=2025,
        local_average_wage=Decimal("45000"),
        today=datetime.date(2026, 3, 1),
    )


@pytest.fixture
def employer(centre, yongnian):
    return services.employer_register(
        actor=centre,
        region=yongnian,
        credit_code=CREDIT_CODE,
        name="永年区示范企业有限公司",
        employer_type="enterprise",
        address="永年区建设路1号",
    )


@pytest.fixture
def holder(flow):
    """A certificate of grade 2 (肢体二级), valid from 2 November 2026… too late for 2025:
    the factories back-date it to 2020."""
    app = flow("closed")
    certificate = app.certificate
    certificate.issue_date = datetime.date(2020, 1, 1)
    certificate.save()
    return certificate


@pytest.fixture
def grade4(person_factory):
    person = person_factory(number=id_number("19900101", "091"), name="李堃")
    return Certificate.objects.create(
        person=person,
        region=person.region,
        number=certificate_number(person.id_number, 4, 4),
        category=4,
        grade=4,
        parts=[[4, 4]],
        issue_date=D(2019, 6, 1),
        expiry_date=D(2029, 6, 1),
    )


@pytest.fixture
def landscape(centre, audit_year, employer, holder, grade4, yongnian, congtai):
    """永年区 2025: the example enterprise meets nothing (0.9 band), an institution meets the
    ratio with two employees; a small enterprise is exempt; 2024 had one approved too.
    丛台区 has its own year with one approved declaration the 永年 supervisor must not see."""
    AuditYear.objects.filter(pk=audit_year.pk).update(closes_on=D(2099, 12, 31))
    audit_year.refresh_from_db()
    ninety = approve_declaration(centre, declare(centre, audit_year, employer, []))
    institution = register_employer(centre, yongnian, 1, "institution", "永年区医院")
    meets = approve_declaration(
        centre,
        declare(
            centre,
            audit_year,
            institution,
            [line(holder, list(range(1, 13))), line(grade4, list(range(1, 7)))],
        ),
    )
    small = register_employer(centre, yongnian, 2, "enterprise", "永年区小微企业")
    exempt = approve_declaration(centre, declare(centre, audit_year, small, [], staff="20"))
    draft = register_employer(centre, yongnian, 3, "social_org", "永年区协会")
    declare(centre, audit_year, draft, [])
    register_employer(centre, yongnian, 4, "state_organ", "永年区某局")  # registered, not declared
    earlier = services.audit_year_open(
        actor=centre,
        region=yongnian,
        year=2024,
        local_average_wage=Decimal("42000"),
        today=D(2025, 3, 1),
    )
    AuditYear.objects.filter(pk=earlier.pk).update(closes_on=D(2099, 12, 31))
    earlier.refresh_from_db()
    approve_declaration(centre, declare(centre, earlier, employer, []))
    ct = make_user("ct_labour", "130403", roles.LABOUR_SERVICE)
    ct_year = services.audit_year_open(
        actor=ct,
        region=congtai,
        year=2025,
        local_average_wage=Decimal("45000"),
        today=D(2026, 3, 1),
    )
    AuditYear.objects.filter(pk=ct_year.pk).update(closes_on=D(2099, 12, 31))
    ct_year.refresh_from_db()
    ct_employer = register_employer(ct, congtai, 5, "enterprise", "丛台区企业")
    other = approve_declaration(ct, declare(ct, ct_year, ct_employer, []))
    return {"ninety": ninety, "meets": meets, "exempt": exempt, "other": other}
