"""The certificate list at city size (issue 16 item 2, decision 0260): a count bounded at
LIST_COUNT_LIMIT, the expired as one range of expiry dates, lists picked by expiry in expiry
order."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.views import people
from tests.factories import make_holder, practitioner_id_number

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
