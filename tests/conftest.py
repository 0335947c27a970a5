"""Standing users per role and region, as in healthchecks' tests: every view is tested for
success, another region (404) and the wrong role (403)."""

import pytest

from cdpf import roles
from cdpf.models import Region
from tests.factories import PASSWORD, make_user

__all__ = ["PASSWORD", "make_user"]  # tests written before tests/factories.py import them here


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
def no_role_user(db):
    return make_user("nobody", "130408")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session", autouse=True)
def calendar_years_known(django_db_setup, django_db_blocker):
    """Pages showing deadlines ask which calendar years are loaded (cdpf.calendar); read it
    once here, so that no test's pinned query count depends on being the first to ask."""
    from django.db import DatabaseError

    from cdpf import calendar

    with django_db_blocker.unblock():
        calendar.forget_loaded_years()
        try:
            calendar.loaded_years()
        except DatabaseError:  # a run without database tests has no tables to read
            calendar.forget_loaded_years()
