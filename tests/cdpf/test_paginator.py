import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cdpf.models import Region
from cdpf.paginator import FirstPageFirstPaginator


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
def test_later_pages_and_bad_numbers_behave_as_djangos():
    regions = Region.objects.order_by("code")
    paginator = FirstPageFirstPaginator(regions, 3)
    assert list(paginator.get_page(2)) == list(regions[3:6])
    assert paginator.get_page("x").number == 1
    assert paginator.get_page(10_000).number == paginator.num_pages
