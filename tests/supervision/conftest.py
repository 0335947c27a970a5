"""Standing people for supervision tests: the office, certificate room, labour centre and
supervisors of 永年区 and 丛台区, certificate holders, an employer."""

import csv
import datetime
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from cdpf import roles
from cdpf.models import Region
from certificates.models import Certificate, Person
from certificates.rules import certificate_number, check_character, parse_id_number
from employment_quota import services
from employment_quota.models import Employer
from tests.conftest import make_user

TODAY = datetime.date(2026, 11, 2)  # a Monday


def id_number(birth: str, seq: str = "001", region: str = "130408") -> str:
    first17 = f"{region}{birth}{seq}"
    return first17 + check_character(first17)


def make_holder(number: str, name: str, *, region="130408", grade=2, status="valid"):
    ident = parse_id_number(number)
    place = Region.objects.get(code=region)
    person = Person.objects.create(
        region=place,
        id_number=number,
        name=name,
        sex=ident.sex,
        birth_date=ident.birth_date,
        community="东街村",
        address="东街村1号",
    )
    return Certificate.objects.create(
        person=person,
        region=place,
        number=certificate_number(number, 4, grade),
        category=4,
        grade=grade,
        parts=[[4, grade]],
        issue_date=datetime.date(2020, 1, 1),
        expiry_date=datetime.date(2030, 1, 1),
        status=status,
    )


def police_csv(rows, *, encoding="utf-8", header=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or ["身份证号码", "姓名", "事件类型", "事件日期", "派出所"])
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def police_xlsx(rows, header=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header or ["身份证号码", "姓名", "事件类型", "事件日期", "派出所"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def cert_room(db):
    return make_user("yn_cert", "130408", roles.CERTIFICATE_ROOM)


@pytest.fixture
def centre(db):
    return make_user("yn_labour", "130408", roles.LABOUR_SERVICE)


@pytest.fixture
def chairman(db):
    return make_user("yn_chair", "130408", roles.CHAIRMAN)


@pytest.fixture
def ct_office(db):
    return make_user("ct_office", "130403", roles.OFFICE)


@pytest.fixture
def ct_super(db):
    return make_user("ct_super", "130403", roles.SUPERVISOR)


@pytest.fixture
def holders(db):
    """Three valid certificates in 永年区, one cancelled one, and one in 丛台区."""
    return {
        "a": make_holder(id_number("19500101", "011"), "张建国"),
        "b": make_holder(id_number("19600202", "021"), "李秀英"),
        "c": make_holder(id_number("19700303", "031"), "王伟"),
        "d": make_holder(id_number("19450404", "041"), "赵桂兰", grade=3),
        "old": make_holder(id_number("19400505", "051"), "刘福林", status="cancelled"),
        "ct": make_holder(id_number("19550606", "061", "130403"), "孙长山", region="130403"),
    }


@pytest.fixture
def employer(centre, yongnian):
    return services.employer_register(
        actor=centre,
        region=yongnian,
        credit_code="91350100M000100Y43",
        name="永年区示范企业有限公司",
        employer_type="enterprise",
        address="永年区建设路1号",
    )


@pytest.fixture
def ct_employer(congtai):
    return Employer.objects.create(
        region=congtai,
        credit_code="91130403MA0000001X",
        name="丛台区某公司",
        employer_type="enterprise",
        address="丛台区1号",
    )


@pytest.fixture
def english():
    """Messages in English, for tests that read a service's or a job's message."""
    with translation.override("en"):
        yield
