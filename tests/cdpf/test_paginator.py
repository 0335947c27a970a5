import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cdpf import paginator as paginator_module
from cdpf.models import Region
from cdpf.paginator import BoundedPaginator, FirstPageFirstPaginator


@pytest.mark.django_db
@pytest.mark.parametrize(("per_page", "queries"), [(500, 1), (3, 2)])
def test_the_first_page_is_read_once_and_counted_only_when_needed(per_page, queries):
    regions = Region.objects.order_by("code")
    total = regions.count()
    assert total > 3
    with CaptureQueriesContext(connection) as ctx:
        paginator = FirstPageFirstPaginator(regions, per_page)
        page = paginator.get_page(1)
        assert paginator.count == total
        rows = list(page)
    assert len(ctx.captured_queries) == queries
    assert rows == list(regions[:per_page])
    assert not any("COUNT" in q["sql"].upper() for q in ctx.captured_queries[: queries - 1])


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [FirstPageFirstPaginator, BoundedPaginator])
def test_a_later_page_is_counted_and_read_without_the_first(kind):
    regions = Region.objects.order_by("code")
    total = regions.count()
    assert total > 6
    with CaptureQueriesContext(connection) as ctx:
        paginator = kind(regions, 2, limit=2 * total) if kind is BoundedPaginator else kind(
            regions, 2)  # fmt: skip
        page = paginator.get_page("2")
        rows = list(page)
    assert rows == list(regions[2:4]) and page.number == 2
    assert paginator.count == total
    sqls = [q["sql"].upper() for q in ctx.captured_queries]
    assert len(sqls) == 2 and "COUNT" in sqls[0] and "OFFSET 2" in sqls[1]
    assert "IN (SELECT" in sqls[1]  # the page's keys first, then its rows
    # past the end: the last page, as Django's; a bad number: the first, read as before
    assert kind(regions, 2).get_page(10_000).number == (total + 1) // 2
    assert list(kind(regions, 2).get_page("x")) == list(regions[:2])


@pytest.mark.django_db
def test_later_pages_and_bad_numbers_behave_as_djangos():
    regions = Region.objects.order_by("code")
    paginator = FirstPageFirstPaginator(regions, 3)
    assert list(paginator.get_page(2)) == list(regions[3:6])
    assert paginator.get_page("x").number == 1
    assert paginator.get_page(10_000).number == paginator.num_pages


@pytest.mark.django_db
def test_a_bounded_count_stops_at_its_limit_and_offers_the_limits_pages():
    regions = Region.objects.order_by("code")
    total = regions.count()
    assert total > 6
    paginator = BoundedPaginator(regions, 2, limit=4)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 4 and paginator.capped  # 5 counted: "more than 4"
    assert "LIMIT 5" in ctx.captured_queries[-1]["sql"].upper()
    assert paginator.num_pages == 2
    last = paginator.get_page(2)
    assert list(last) == list(regions[2:4])
    assert (last.start_index(), last.end_index()) == (3, 4)  # never past the limit
    assert paginator.get_page(99).number == 2  # past the limit: its last page
    listed = BoundedPaginator(list(range(60)), 5, limit=50)
    assert listed.count == 50 and listed.capped and listed.get_page(10).end_index() == 50


@pytest.mark.django_db
def test_a_bounded_count_under_its_limit_is_exact():
    regions = Region.objects.order_by("code")
    total = regions.count()
    paginator = BoundedPaginator(regions, 2, limit=total + (total % 2) + 2)
    assert paginator.count == total and not paginator.capped
    assert paginator.num_pages == (total + 1) // 2


def test_the_limit_is_a_whole_number_of_pages():
    with pytest.raises(ValueError, match="whole number of pages"):
        BoundedPaginator([], 25, limit=1_001)


@pytest.mark.django_db
def test_a_list_past_its_limit_is_remembered_so_for_a_while_and_no_other(monkeypatch):
    monkeypatch.setattr(paginator_module, "_CAPPED", {})
    regions = Region.objects.order_by("code")
    total = regions.count()
    assert total > 6
    clock = [1000.0]
    monkeypatch.setattr(paginator_module.time, "monotonic", lambda: clock[0])

    def counts(queryset, limit) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            paginator = BoundedPaginator(queryset, 2, limit=limit)
            paginator.get_page(2)
            found = paginator.count
        return found, sum("COUNT" in q["sql"].upper() for q in ctx.captured_queries)

    assert counts(regions, 4) == (4, 1)  # past the limit: counted once …
    assert counts(regions, 4) == (4, 0)  # … then remembered
    assert counts(regions.filter(code__startswith="13"), 4)[1] == 1  # another list: counted
    under = total + (total % 2) + 2
    assert counts(regions, under) == (total, 1)  # under its limit: never remembered
    assert counts(regions, under) == (total, 1)
    clock[0] += paginator_module.CAPPED_SECONDS + 1
    assert counts(regions, 4) == (4, 1)  # the while is over: counted again
