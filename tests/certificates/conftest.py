"""Factories for the certificate tests: a designated hospital, people, applications at each
state of the new-issue flow."""

import base64
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cdpf import roles
from certificates import services
from certificates.attachments import attachment_store
from certificates.models import Doctor, Hospital
from certificates.rules import check_character
from tests.conftest import make_user

TODAY = datetime.date(2026, 11, 2)  # a Monday
ADULT_ID = "130408198503150018"


def id_number(birth: str, seq: str = "001", region: str = "130408") -> str:
    first17 = f"{region}{birth}{seq}"
    return first17 + check_character(first17)


@pytest.fixture
def chairman(db):
    return make_user("yn_chair", "130408", roles.CHAIRMAN)


@pytest.fixture
def cert_room(db):
    return make_user("yn_cert", "130408", roles.CERTIFICATE_ROOM)


@pytest.fixture
def doctor(yongnian):
    hospital = Hospital.objects.create(region=yongnian, name="永年区第一医院")
    return Doctor.objects.create(hospital=hospital, name="赵医生", categories="14")


PNG = base64.b64decode(  # a 1×1 PNG, the holder's photo in tests
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAA"
    "AABJRU5ErkJggg=="
)


def store_photo(person, actor):
    upload = SimpleUploadedFile("factory-photo.png", PNG, content_type="image/png")
    return attachment_store(actor=actor, person=person, upload=upload, kind="photo")


@pytest.fixture
def person_factory(office_user, yongnian):
    def make(number=ADULT_ID, name="王喆", photo=True, **extra):
        person = services.person_register(
            actor=office_user,
            region=yongnian,
            id_number=number,
            name=name,
            community="城关镇东街村",
            address="永年区城关镇东街村1号",
            today=TODAY,
            **extra,
        )
        if photo:
            store_photo(person, office_user)
        return person

    return make


@pytest.fixture
def flow(office_user, chairman, cert_room, doctor, person_factory):
    """Moves a fresh application along the new-issue flow up to a given state."""

    def to(state, person=None):
        person = person or person_factory()
        app = services.application_new(
            actor=office_user,
            person=person,
            materials=["身份证", "户口簿", "照片", "申请表"],
            requested_category=4,
            on=TODAY,
        )
        if state == "received":
            return app
        services.assessment_record(
            actor=office_user,
            application=app,
            mode="hospital",
            doctor=doctor,
            parts=[(4, 2)],
            assessed_on=TODAY,
        )
        app.refresh_from_db()
        if state == "assessed":
            return app
        services.notice_publish(
            actor=office_user,
            region=app.region,
            community="城关镇东街村",
            applications=[app],
            starts_on=TODAY,
        )
        app.refresh_from_db()
        if state == "in_notice":
            return app
        services.notice_end(
            actor=office_user, application=app, on=app.notice_ends_on + datetime.timedelta(days=1)
        )
        app.refresh_from_db()
        if state == "review":
            return app
        services.application_approve(actor=chairman, application=app, on=TODAY)
        app.refresh_from_db()
        if state == "approved":
            return app
        services.certificate_print(actor=cert_room, application=app)
        app.refresh_from_db()
        if state == "printed":
            return app
        services.certificate_hand_over(
            actor=cert_room,
            application=app,
            receiver_id_number=app.person.id_number,
            received_by="王喆",
            id_checked=True,
            on=TODAY,
        )
        app.refresh_from_db()
        return app

    return to
