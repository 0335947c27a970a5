"""The first page of a name search in two plain queries (certificates.selectors.first_name_page,
issue 16 item 1) gives what the ORM's search gives: the same certificates in the same order,
the same count of all the rows, the same applicants."""

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cdpf.selectors import scope_regions
from certificates import selectors
from certificates.flows import FINAL_STATES
from certificates.models import Application
from certificates.services.common import OPEN_STATES
from tests.factories import make_holder, make_user, practitioner_id_number

pytestmark = pytest.mark.django_db

TEXTS = ["王秀", "秀英", "王%", "%秀", "_秀", "秀\\", "王秀1", "无此人", "秀英秀", "英秀甲"]


@pytest.fixture
def register(flow, person_factory):
    n = iter(range(800, 900))
    for i in range(30):
        make_holder(practitioner_id_number(next(n)), f"王秀{i}")  # more than a page
    # 英秀甲秀英 has every pair of 秀英秀 (秀英, 英秀) but not the text itself
    for name in ("王%秀", "王_秀", "a%秀", "秀\\英", "李秀英", "英秀甲秀英"):
        make_holder(practitioner_id_number(next(n)), name)
    make_holder(practitioner_id_number(next(n)), "王秀外", region="130402")  # another district
    make_holder(practitioner_id_number(next(n)), "王秀旧", status="cancelled")
    flow("received", person=person_factory(name="王秀英"))  # an applicant, no certificate


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("who", ["yn_office", "hd_super"])
def test_the_first_page_is_the_orms(register, office_user, text, who):
    user = office_user if who == "yn_office" else make_user(who, "130400", "supervisor")
    scope_regions(user)  # read with the signed-in user on every request
    with CaptureQueriesContext(connection) as ctx:
        certificates, applying = selectors.first_name_page(user, {"q": text}, 25)
    assert len(ctx.captured_queries) == 2
    ours = [(c.pk, getattr(c, selectors.ROW_TOTAL), c.person.name) for c in certificates]
    orm = selectors.search_certificates(user, filters={"q": text}, with_total=True)[:26]
    assert ours == [(c.pk, getattr(c, selectors.ROW_TOTAL), c.person.name) for c in orm]
    theirs = selectors.open_applications_matching(user, text)
    assert [(a.pk, a.person.name) for a in applying] == [(a.pk, a.person.name) for a in theirs]


def test_the_sample_finds_what_it_should(register, office_user):
    certificates, applying = selectors.first_name_page(office_user, {"q": "王秀"}, 25)
    assert len(certificates) == 26 and getattr(certificates[0], selectors.ROW_TOTAL) == 31
    assert [a.person.name for a in applying] == ["王秀英"]
    assert selectors.first_name_page(office_user, {"q": "王%"}, 25)[0][0].person.name == "王%秀"


def test_a_text_longer_than_one_pair_is_checked_whole(register, office_user):
    """Every pair of the text in the name is not enough: the name must hold the text."""
    assert selectors.first_name_page(office_user, {"q": "秀英秀"}, 25)[0] == []
    found = selectors.first_name_page(office_user, {"q": "英秀甲"}, 25)[0]
    assert [c.person.name for c in found] == ["英秀甲秀英"]


def test_open_applications_are_the_partial_indexs(flow, person_factory):
    """OPEN_SQL, written out for the partial index one_open_application, picks exactly the
    applications in an open state, and names the states that index leaves out."""
    (constraint,) = [c for c in Application._meta.constraints if c.name == "one_open_application"]
    assert constraint.condition == ~Q(state__in=sorted(FINAL_STATES))
    states = ("received", "in_notice", "approved", "closed", "returned", "withdrawn")
    for n, state in enumerate(states, start=700):
        flow(state, person=person_factory(practitioner_id_number(n)))
    written = Application.objects.extra(where=[selectors.OPEN_SQL.replace("t.state", "state")])
    assert set(written.values_list("pk", flat=True)) == set(
        Application.objects.filter(state__in=OPEN_STATES).values_list("pk", flat=True)
    )
    assert {a.state for a in written} == {"received", "in_notice", "approved"}


@pytest.mark.parametrize(
    "filters",
    [
        {"q": "130408198001010013"},  # an ID number: exact_lookup's
        {"q": "13040819800101001342"},  # a certificate number
        {"q": "王秀", "status": "valid"},  # any filter: the ORM's search
        {"q": "王秀", "grade": 1},
        {"q": "王"},  # one character: no name piece
        {},
    ],
)
def test_other_searches_are_not_its(office_user, filters):
    assert selectors.first_name_page(office_user, filters, 25) is None


def test_the_page_is_the_same_read_either_way(register, client_for, office_user, monkeypatch):
    client = client_for(office_user)

    def page(q):
        html = client.get(reverse("certificates:index"), {"q": q}).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    plain = {q: page(q) for q in ("王秀", "秀英", "%秀")}
    assert "共 31 本残疾人证" in plain["王秀"] and "王秀英" in plain["秀英"]
    monkeypatch.setattr(selectors, "first_name_page", lambda *args: None)  # the ORM's way
    assert {q: page(q) for q in plain} == plain
