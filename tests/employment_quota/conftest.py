import datetime
from decimal import Decimal

import pytest

from cdpf import roles
from employment_quota import services
from tests.certificates.conftest import (  # noqa: F401  (fixtures used here)
    cert_room,
    chairman,
    doctor,
    flow,
    person_factory,
)
from tests.conftest import make_user

CREDIT_CODE = "91350100M000100Y43"


@pytest.fixture
def centre(db):
    return make_user("yn_labour", "130408", roles.LABOUR_SERVICE)


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
def holder(flow):  # noqa: F811  (the imported fixture)
    """A certificate of grade 2 (肢体二级), valid from 2 November 2026… too late for 2025:
    the factories back-date it to 2020."""
    app = flow("closed")
    certificate = app.certificate
    certificate.issue_date = datetime.date(2020, 1, 1)
    certificate.save()
    return certificate
