"""Fixtures for the massage qualification tests: an institution (of 永年区 or 丛台区) with its
staff; the role users are the root conftest's, the builders tests/factories.py's."""


import pytest

from massage_licensing import services
from tests.factories import CREDIT_CODE, OTHER_CODE, TODAY, holder, institution_data, staff_member


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


@pytest.fixture
def congtai_institution(outsider_centre, congtai):
    return services.institution_register(
        actor=outsider_centre,
        region=congtai,
        credit_code=OTHER_CODE,
        today=TODAY,
        **institution_data(name="丛台区盲人保健按摩院"),
    )
