"""What the apps register with the shared core (decision 0220): their header links and the
readers of their documents give the same answers the hard-coded tables gave."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from cdpf import roles
from cdpf.context_processors import navigation
from tests.factories import make_user

R = roles


@pytest.mark.parametrize(
    ("kind", "readers"),
    [
        ("certificate_application_form", (R.OFFICE, R.CERTIFICATE_ROOM, R.CHAIRMAN)),
        ("quota_dashboard", (R.LABOUR_SERVICE, R.SUPERVISOR, R.CHAIRMAN)),
        ("duty_register", R.ALL_ROLES),
        ("relief_decision", (R.LABOUR_SERVICE, R.SUPERVISOR, R.CHAIRMAN)),
        ("massage_certificate", (R.LABOUR_SERVICE, R.SUPERVISOR, R.CHAIRMAN)),
        ("supervision_quarterly_list", (R.OFFICE, R.CERTIFICATE_ROOM, R.SUPERVISOR, R.CHAIRMAN)),
        ("supervision_year_report", (R.OFFICE, R.CERTIFICATE_ROOM, R.SUPERVISOR, R.CHAIRMAN)),
        (
            "supervision_inspection_notice",
            (R.SUPERVISOR, R.CHAIRMAN, R.OFFICE, R.LABOUR_SERVICE, R.CERTIFICATE_ROOM),
        ),
        ("tongban_receipt", (R.CHAIRMAN,)),  # not registered: the chairman only
        ("no_such_kind", (R.CHAIRMAN,)),
    ],
)
def test_each_kind_of_document_has_the_readers_its_app_registered(kind, readers):
    assert roles.document_readers(kind) == readers


def _labels(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        return [str(link["label"]) for link in navigation(request)["nav_links"]]


@pytest.mark.django_db
def test_the_header_links_follow_the_roles_in_the_registered_order():
    assert _labels(make_user("sup", "130408", R.SUPERVISOR)) == [
        "Home",
        "Duty register",
        "Disability certificates",
        "Quota audit",
        "Levy relief",
        "Blind massage institutions",
        "Supervision",
        "Audit log",
    ]
    assert _labels(make_user("edu", "130408", R.EDUCATION_EMPLOYMENT)) == [
        "Home",
        "Duty register",
        "Quota audit",
    ]
    assert _labels(make_user("admin", "130408", R.ADMIN)) == [
        "Home",
        "Duty register",
        "Administration",
    ]
    assert _labels(make_user("auditor", "130408", R.AUDIT_ADMIN)) == [
        "Home",
        "Duty register",
        "Audit log",
    ]


@pytest.mark.django_db
def test_a_user_without_a_region_has_no_links():
    assert _labels(make_user("nowhere", None, R.ADMIN)) == []
