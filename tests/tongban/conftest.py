"""通办 fixtures: 丛台区 (130403) receives for a file kept by 永年区 (130408)."""

import datetime

import pytest

from cdpf import roles
from certificates.models import Doctor, Hospital
from tests.factories import TODAY, TONGBAN_PERSON_ID, make_user, scan_upload
from tongban import services


@pytest.fixture
def ft_office(db):
    """An office of a third district (复兴区), which has nothing to do with the case."""
    return make_user("fx_office", "130404", roles.OFFICE)


@pytest.fixture
def yn_chair(chairman):
    return chairman


@pytest.fixture
def yn_cert(cert_room):
    return cert_room


@pytest.fixture
def ct_doctor(congtai):
    hospital = Hospital.objects.create(region=congtai, name="丛台区中心医院")
    return Doctor.objects.create(hospital=hospital, name="钱医生", categories="4")


def intake_data(**extra):
    data = {
        "kind": "new",
        "id_number": TONGBAN_PERSON_ID,
        "name": "李娜",
        "household_region": None,
        "residence_community": "丛台区光明街道",
        "residence_address": "丛台区光明街1号",
        "phone": "13800000000",
        "materials": ["身份证", "户口簿", "照片", "申请表"],
        "requested_category": 4,
        "permit_number": "冀D居2025-000123",
        "permit_valid_until": datetime.date(2027, 12, 31),
        "delivery": "post",
        "postal_recipient": "李娜",
        "postal_address": "丛台区光明街1号3单元",
        "postal_phone": "13800000000",
    }
    data.update(extra)
    return data


@pytest.fixture
def received(ct_office, yongnian):
    """A 新办 received at 丛台区 for a new person whose file goes to 永年区."""

    def make(**extra):
        data = intake_data(household_region=yongnian, **extra)
        data.setdefault("permit_scan", scan_upload())
        data.setdefault("photo", scan_upload("photo.png"))
        return services.intake(actor=ct_office, on=TODAY, **data)

    return make
