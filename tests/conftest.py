"""Standing users per role and region, as in healthchecks' tests: every view is tested for
success, another region (404) and the wrong role (403). Every app's tests take their role users
from here, and the certificate builders (a doctor, people, an application at any state of the
new-issue flow) that the quota and 通办 tests share; plain builders are in tests/factories.py."""

import datetime

import pytest
from django.db import DatabaseError, connection
from django.utils import translation

from cdpf import calendar, paginator, roles
from cdpf.models import Region
from certificates import services
from certificates.models import Doctor, Hospital
from tests.factories import ADULT_ID, PASSWORD, TODAY, make_user, store_photo

__all__ = ["PASSWORD", "make_user"]  # tests written before tests/factories.py import them here


# The signed-in account's roles and the regions in its scope: two queries of their own on
# SQLite; on PostgreSQL they come with the account's own read (decision 0290).
ACCOUNT_EXTRA_READS = 0 if connection.vendor == "postgresql" else 2


@pytest.fixture
def page_queries(django_assert_num_queries):
    """``django_assert_num_queries`` for a staff page, pinned at its count on SQLite: on
    PostgreSQL the same page reads two queries fewer (ACCOUNT_EXTRA_READS)."""

    def pinned(on_sqlite: int):
        return django_assert_num_queries(on_sqlite - 2 + ACCOUNT_EXTRA_READS)

    return pinned


@pytest.fixture
def yongnian(db):
    return Region.objects.get(code="130408")


@pytest.fixture
def congtai(db):
    return Region.objects.get(code="130403")


@pytest.fixture
def handan(db):
    return Region.objects.get(code="130400")


@pytest.fixture
def admin_user(db):
    return make_user("yn_admin", "130408", roles.ADMIN)


@pytest.fixture
def audit_admin(db):
    """The audit administrator (三员分立): the one administrator who reads the audit log."""
    return make_user("yn_auditor", "130408", roles.AUDIT_ADMIN)


@pytest.fixture
def office_user(db):
    return make_user("yn_office", "130408", roles.OFFICE)


@pytest.fixture
def supervisor(db):
    return make_user("yn_super", "130408", roles.SUPERVISOR)


@pytest.fixture
def city_supervisor(db):
    return make_user("hd_super", "130400", roles.SUPERVISOR)


@pytest.fixture
def outsider_admin(db):
    """An administrator of another district (丛台区)."""
    return make_user("ct_admin", "130403", roles.ADMIN)


@pytest.fixture
def chairman(db):
    return make_user("yn_chair", "130408", roles.CHAIRMAN)


@pytest.fixture
def cert_room(db):
    return make_user("yn_cert", "130408", roles.CERTIFICATE_ROOM)


@pytest.fixture
def centre(db):
    """The disabled persons' labour employment service centre (劳动就业服务所) of 永年区."""
    return make_user("yn_labour", "130408", roles.LABOUR_SERVICE)


@pytest.fixture
def ct_office(db):
    """The office of another district (丛台区)."""
    return make_user("ct_office", "130403", roles.OFFICE)


@pytest.fixture
def ct_chair(db):
    return make_user("ct_chair", "130403", roles.CHAIRMAN)


@pytest.fixture
def ct_cert(db):
    return make_user("ct_cert", "130403", roles.CERTIFICATE_ROOM)


@pytest.fixture
def ct_super(db):
    return make_user("ct_super", "130403", roles.SUPERVISOR)


@pytest.fixture
def outsider_centre(db):
    """The labour service centre of another district (丛台区)."""
    return make_user("ct_labour", "130403", roles.LABOUR_SERVICE)


@pytest.fixture
def no_role_user(db):
    return make_user("nobody", "130408")


# ---- builders: a doctor, people, an application moved along the new-issue flow ----


@pytest.fixture
def doctor(yongnian):
    hospital = Hospital.objects.create(region=yongnian, name="永年区第一医院")
    return Doctor.objects.create(hospital=hospital, name="赵医生", categories="14")


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


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (zh-hans): a request leaves the language that
    LocaleMiddleware activated on the thread, and a later test reading a message would follow
    it (the messages asserted with `match=` are the default language's)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def no_remembered_list_counts():
    """A list found past its count limit is remembered for a while (cdpf/paginator.py); each
    test starts with none, so that no count depends on an earlier test's rows."""
    paginator.forget_capped_lists()
    yield


@pytest.fixture(scope="session", autouse=True)
def calendar_years_known(django_db_setup, django_db_blocker):
    """Pages showing deadlines ask which calendar years are loaded (cdpf.calendar); read it
    once here, so that no test's pinned query count depends on being the first to ask."""
    with django_db_blocker.unblock():
        calendar.forget_loaded_years()
        try:
            calendar.loaded_years()
        except DatabaseError:  # a run without database tests has no tables to read
            calendar.forget_loaded_years()
