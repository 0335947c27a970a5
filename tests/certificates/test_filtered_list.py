"""The list by its filters in plain queries (certificates.selectors.filtered_list, issue 16
item 1) gives what the ORM's search gives: the same certificates on every page in the same
order, the same count, "more than N" at the same point."""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cdpf import paginator
from cdpf.paginator import BoundedPaginator
from cdpf.plain_reads import Listing
from certificates import selectors
from certificates.models import Certificate
from tests.factories import make_holder, make_user, practitioner_id_number

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
STATUSES = ["", "valid", "expired", "cancelled"]
PER_PAGE, LIMIT = 4, 8  # small, so that lists go past the limit


@pytest.fixture
def register(db):
    """Certificates of two districts in every status, category and grade, issued and expiring
    on dates that tie and differ (the order's second key decides a tie)."""
    n = iter(range(700, 800))
    kinds = itertools.cycle(itertools.product([1, 4, 6], [1, 2, 3]))
    for i in range(26):
        category, grade = next(kinds)
        region = "130403" if i % 7 == 0 else "130408"
        status = ["valid", "valid", "expired", "cancelled"][i % 4]
        expiry = TODAY + datetime.timedelta(days=(i % 5 - 2) * 200)  # past, today's, future
        certificate = make_holder(
            practitioner_id_number(next(n)), f"持证人{i}", region=region, category=category,
            grade=grade, status=status, expiry=expiry,
        )  # fmt: skip
        Certificate.objects.filter(pk=certificate.pk).update(
            issue_date=datetime.date(2020, 1 + i % 3, 1)
        )


def _filters(regions):
    for status, category, grade, before, region in itertools.product(
        STATUSES, [None, 4], [None, 1, 2], [None, TODAY], regions
    ):
        yield {"q": "", "status": status, "category": category, "grade": grade,
               "expires_before": before, "region": region}  # fmt: skip


def _page(rows, number):
    page = BoundedPaginator(rows, PER_PAGE, limit=LIMIT).get_page(number)
    listed = [(c.pk, c.person.name) for c in page.object_list]
    return listed, page.paginator.count, page.paginator.capped, page.number


@pytest.mark.parametrize("who", ["yn_office", "hd_super"])
def test_every_filter_and_page_is_the_orms(register, who):
    user = make_user(who, "130408" if who == "yn_office" else "130400",
                     "office" if who == "yn_office" else "supervisor")  # fmt: skip
    compared = 0
    regions = [""] if who == "yn_office" else ["", "130408", "130400"]  # a city chooses
    for filters in _filters(regions):
        for number in (1, 2, 9):
            paginator.forget_capped_lists()
            ours = _page(selectors.filtered_list(user, filters, LIMIT), number)
            paginator.forget_capped_lists()
            orms = _page(selectors.search_certificates(user, filters=filters), number)
            assert ours == orms, (filters, number)
            compared += bool(ours[0])
    assert compared > 40 * len(regions)  # most combinations list something


def test_the_sample_is_what_it_should_be(register, office_user):
    listing = selectors.filtered_list(office_user, {"status": "expired"}, LIMIT)
    expired = list(
        Certificate.objects.filter(region__code="130408", status__in=["valid", "expired"],
                                   expiry_date__lt=TODAY)  # fmt: skip
    )
    assert len(listing) == min(len(expired), LIMIT + 1) > PER_PAGE
    first = listing[0:PER_PAGE]
    assert [c.expiry_date for c in first] == sorted((c.expiry_date for c in first), reverse=True)
    assert all(c.region.code == "130408" for c in first)


def test_a_list_past_its_limit_is_remembered(register, office_user):
    paginator.forget_capped_lists()
    with CaptureQueriesContext(connection) as counted:
        assert len(selectors.filtered_list(office_user, {}, LIMIT)) == LIMIT + 1
    with CaptureQueriesContext(connection) as again:
        assert len(selectors.filtered_list(office_user, {}, LIMIT)) == LIMIT + 1
    assert [q["sql"] for q in counted.captured_queries if "COUNT" in q["sql"]]
    assert not [q["sql"] for q in again.captured_queries if "COUNT" in q["sql"]]
    assert " LIMIT 9" in counted.captured_queries[-1]["sql"]


def test_a_later_page_reads_its_rows_in_one_query(register, office_user):
    listing = selectors.filtered_list(office_user, {"status": "valid"}, LIMIT)
    with CaptureQueriesContext(connection) as ctx:
        rows = listing[4:8]
    assert len(ctx.captured_queries) == 1 and len(rows) <= 4


def test_a_text_search_is_not_a_listing(office_user):
    assert selectors.filtered_list(office_user, {"q": "王秀", "status": "valid"}, LIMIT) is None
    assert selectors.filtered_list(office_user, {"q": "  "}, LIMIT) is not None


def test_a_user_without_a_region_lists_nothing(register):
    nobody = make_user("nobody", "130408", "office")
    nobody.region = None
    listing = selectors.filtered_list(nobody, {"status": "valid"}, LIMIT)
    assert len(listing) == 0 and listing[0:4] == []


@pytest.mark.parametrize("index", [3, slice(0, 4, 2), slice(4, None), slice(-1, 3)])
def test_a_listing_is_read_a_page_at_a_time(office_user, index):
    listing = selectors.filtered_list(office_user, {}, LIMIT)
    with pytest.raises((TypeError, ValueError), match="page"):
        listing[index]


def test_the_pages_are_the_same_read_either_way(register, client_for, office_user, monkeypatch):
    client = client_for(office_user)
    queries = [{}, {"status": "expired"}, {"status": "valid", "page": "2"}, {"grade": "1"},
               {"expires_before": TODAY.isoformat(), "page": "abc"}, {"page": "99"}]  # fmt: skip

    def page(query):
        html = client.get(reverse("certificates:index"), query).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    plain = [page(q) for q in queries]
    assert "持证人" in plain[0] and "共 " in plain[1]
    monkeypatch.setattr(selectors, "filtered_list", lambda *args: None)  # the ORM's way
    assert [page(q) for q in queries] == plain


def test_listing_is_the_plain_reads_class():
    assert isinstance(selectors.filtered_list(make_user("x", "130408", "office"), {}, 8), Listing)
