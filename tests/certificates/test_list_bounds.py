"""The certificate list at city size (issue 16 item 2, decision 0260): a count bounded at
LIST_COUNT_LIMIT, the expired as one range of expiry dates, lists picked by expiry in expiry
order."""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates import selectors
from certificates.views import people
from tests.factories import make_holder, practitioner_id_number, store_photo

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def holders(count: int, **extra):
    return [
        make_holder(practitioner_id_number(500 + i), f"持证人{i}", **extra) for i in range(count)
    ]


def test_past_the_limit_the_list_says_more_than_and_counts_no_further(
    client_for, city_supervisor, monkeypatch
):
    monkeypatch.setattr(people, "LIST_COUNT_LIMIT", 50)
    holders(51)
    client = client_for(city_supervisor)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("certificates:index"), {"page": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert "符合条件的残疾人证超过 50 本，列出前 50 本；请缩小查询范围查看其余。" in html
    assert "第 2 页，前 2 页" in html
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 51" in counts[0].upper()


def test_under_the_limit_the_count_is_exact(client_for, office_user, monkeypatch):
    monkeypatch.setattr(people, "LIST_COUNT_LIMIT", 50)
    holders(30)
    html = client_for(office_user).get(reverse("certificates:index"), {"page": 2}).content
    assert "共 30 本残疾人证".encode() in html and "第 2 页，共 2 页".encode() in html
    assert "超过".encode() not in html


def test_the_expired_are_the_valid_and_expired_past_their_date_latest_first(
    client_for, office_user
):
    older = make_holder(practitioner_id_number(601), "甲", expiry=days(-400), status="expired")
    newer = make_holder(practitioner_id_number(602), "乙", expiry=days(-3))
    make_holder(practitioner_id_number(603), "丙", expiry=days(-30), status="cancelled")
    make_holder(practitioner_id_number(604), "丁", expiry=days(30))
    response = client_for(office_user).get(reverse("certificates:index"), {"status": "expired"})
    assert [c.pk for c in response.context["page"]] == [newer.pk, older.pk]


def test_valid_until_lists_the_latest_expiry_first(client_for, office_user):
    soon = make_holder(practitioner_id_number(611), "甲", expiry=days(10))
    later = make_holder(practitioner_id_number(612), "乙", expiry=days(100))
    make_holder(practitioner_id_number(613), "丙", expiry=days(400))
    response = client_for(office_user).get(
        reverse("certificates:index"),
        {"status": "valid", "expires_before": days(200).isoformat()},
    )
    assert [c.pk for c in response.context["page"]] == [later.pk, soon.pk]


def _same(found, expected):
    return [(o.pk, o.person.pk, o.person.name, o.person.id_number) for o in found] == [
        (o.pk, o.person.pk, o.person.name, o.person.id_number) for o in expected
    ]


def test_an_exact_lookup_finds_what_the_search_finds(
    flow, person_factory, office_user, city_supervisor
):
    """The plain-query path of an ID number or certificate number alone (selectors.exact_lookup)
    against the ORM search, for holders in and out of the user's district, with an open
    application, a closed one, and a second certificate."""
    mine = make_holder(practitioner_id_number(801), "本区", expiry=days(-5))
    other = make_holder(practitioner_id_number(802), "外区", region="130402")
    applying = flow("received")
    closed = flow("closed", person_factory(number=practitioner_id_number(805), name="已办"))
    second = make_holder(practitioner_id_number(803), "两证")
    second.status = "replaced"
    second.save()
    again = make_holder(practitioner_id_number(804), "两证乙")
    again.person = second.person
    again.save()
    numbers = [
        mine.person.id_number, other.person.id_number, applying.person.id_number,
        closed.person.id_number, second.person.id_number, mine.number, other.number,
        again.number, practitioner_id_number(899),
    ]  # fmt: skip
    for user in (office_user, city_supervisor):
        for number in numbers:
            exact = selectors.exact_lookup(user, {"q": number.lower()})
            assert exact is not None
            certificates, open_ones = exact
            expected = selectors.search_certificates(user, filters={"q": number.lower()})
            assert _same(certificates, expected), (user, number)
            assert _same(open_ones, selectors.open_applications_matching(user, number)), number
    assert selectors.exact_lookup(office_user, {"q": "王秀"}) is None
    assert selectors.exact_lookup(office_user, {"q": mine.number, "status": "valid"}) is None
    found, open_ones = selectors.exact_lookup(office_user, {"q": applying.person.id_number})
    assert [a.pk for a in open_ones] == [applying.pk]
    assert selectors.exact_lookup(office_user, {"q": other.person.id_number}) == ([], [])


def test_an_exact_lookup_page_reads_as_before(client_for, office_user):
    mine = make_holder(practitioner_id_number(811), "张三")
    client = client_for(office_user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("certificates:index"), {"q": mine.person.id_number})
    html = response.content.decode()
    assert "张三" in html and mine.masked_number in html and "共 1 本残疾人证" in html
    table = html[html.index('id="certificate-table"') : html.index("</table>")]
    assert mine.person.id_number not in table and mine.number not in table  # masked
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    # session, account (with its roles and regions on PostgreSQL), certificates, applications
    assert len(reads) == (4 if connection.vendor == "postgresql" else 6)


def test_a_holders_record_is_what_the_orm_reads(flow, office_user, city_supervisor):
    """selectors.holder_record (plain queries) against the ORM: the person and region, the
    certificates newest first with their events in order and who did them, the applications
    and the attachments with who uploaded them; another region's holder is a 404."""
    closed = flow("closed")
    person = closed.person
    store_photo(person, office_user)
    for user in (office_user, city_supervisor):
        record = selectors.holder_record(user, person.pk)
        assert (record.pk, record.name, record.id_number, record.region.code) == (
            person.pk, person.name, person.id_number, person.region.code
        )  # fmt: skip
        expected = list(person.certificates.all())
        assert [c.pk for c in record.cards] == [c.pk for c in expected] and expected
        for card, orm in zip(record.cards, expected, strict=True):
            assert card.number == orm.number and card.person is record
            assert [(e.pk, e.kind, e.actor.username) for e in card.history] == [
                (e.pk, e.kind, e.actor.username) for e in orm.events.all()
            ]
        assert [a.pk for a in record.open_files] == [a.pk for a in person.applications.all()]
        assert [(f.pk, f.uploaded_by.username) for f in record.files] == [
            (f.pk, f.uploaded_by.username) for f in person.attachments.all()
        ] and record.files
    other = make_holder(practitioner_id_number(821), "外区", region="130402")
    with pytest.raises(Http404, match="No such holder"):
        selectors.holder_record(office_user, other.person.pk)
    for absent in (10**9, 10**20, 0, -1):  # 10**20: more than SQLite's integers hold
        with pytest.raises(Http404, match="No such holder"):
            selectors.holder_record(office_user, absent)


def test_a_holder_number_past_any_id_is_a_404_page(client_for, office_user):
    url = reverse("certificates:person", args=[10**20])
    assert client_for(office_user).get(url).status_code == 404
