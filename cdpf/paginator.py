"""Paginators for registers that grow to millions of rows.

``FirstPageFirstPaginator`` reads the first page before counting: when the first page holds
every row (an ID lookup, most name searches), its length is the count and no COUNT(*) runs.
Asked for a later page (``get_page(2)``), it counts and reads that page only: the first page's
rows would be read for nothing. With ``count_from``, the name of an annotation that gives each
row the number of all the rows (``COUNT(*) OVER ()``, for a list whose rows are all read to
sort it anyway, as a name search's), the first page's rows give the count and no COUNT runs;
rows without it are counted as any others.

``BoundedPaginator`` (issue 16 item 2, docs/decisions/0260) also counts at most ``limit`` rows:
past it the list says "more than 10,000" and offers the first ``limit`` rows' pages. An exact
COUNT over a city's 1.9 million certificates read every row (0.9 s), however few the page shows;
counting to the limit reads at most ``limit + 1`` index entries. A list found past its limit is
remembered as such for ``CAPPED_SECONDS`` (per process, by the count query's SQL and
parameters, which hold the user's regions and the filters): its next pages, and the same list
for anyone of the same scope, say "more than 10,000" without reading those entries again.
Counts under the limit are never remembered: each page counts them afresh.
"""

from __future__ import annotations

import time

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class FirstPageFirstPaginator(Paginator):
    def __init__(self, *args, count_from: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_from = count_from
        self._first: list | None = None
        self._later_page = False  # a page past the first was asked for: count, don't read

    def get_page(self, number):
        try:
            self._later_page = int(number) > 1
        except (TypeError, ValueError):
            self._later_page = False
        return super().get_page(number)

    def _first_rows(self) -> list:
        if self._first is None:
            self._first = list(self.object_list[: self.per_page + 1])
        return self._first

    @cached_property
    def _counted(self) -> int:
        """The rows' number, read the cheapest way (a bounded paginator's stops past its
        limit)."""
        if self._later_page and self._first is None:
            return self._count_rows()
        first = self._first_rows()
        if len(first) <= self.per_page:
            return len(first)
        whole = getattr(first[0], self.count_from, None) if self.count_from else None
        return self._count_rows() if whole is None else whole

    @cached_property
    def count(self) -> int:
        return self._counted

    def _count_rows(self) -> int:
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        if number == 1:
            return self._get_page(self._first_rows()[: self.per_page], number, self)
        if not hasattr(self.object_list, "values"):
            return super().page(number)
        # A later page picks its rows' keys first, then reads those rows with their joins: the
        # rows skipped to reach it are not joined (page 30 of a district's list joined 750
        # holders to show 25).
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


# How long a list found past its count limit is taken to be past it still (decision 0280).
CAPPED_SECONDS = 30
_CAPPED: dict[tuple, float] = {}  # (database, SQL, parameters) → until when (time.monotonic)
_CAPPED_KEPT = 1_000


def forget_capped_lists() -> None:
    _CAPPED.clear()


def remembered_count(key: tuple, count, limit: int) -> int:
    """``count()`` (a count that stops past `limit`) at most `limit + 1`; a list found past
    its limit is remembered as such for CAPPED_SECONDS, by `key` (the database, the count's SQL
    and its parameters: the user's regions, the filters, today's date)."""
    now = time.monotonic()
    if _CAPPED.get(key, 0.0) > now:
        return limit + 1
    counted = min(count(), limit + 1)
    if counted > limit:
        if len(_CAPPED) >= _CAPPED_KEPT:
            _CAPPED.clear()
        _CAPPED[key] = now + CAPPED_SECONDS
    return counted


class BoundedPaginator(FirstPageFirstPaginator):
    """Counts up to ``limit`` rows: ``count`` is at most the limit and ``capped`` tells the
    list there are more than that."""

    def __init__(self, object_list, per_page, *, limit: int = 10_000, **kwargs):
        if limit % per_page:
            raise ValueError("the count limit must be a whole number of pages")
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    def _count_rows(self) -> int:
        if not hasattr(self.object_list, "order_by"):
            return min(len(self.object_list), self.limit + 1)  # a list read already
        # SELECT COUNT(*) FROM (SELECT … LIMIT limit + 1): the query stops at the limit
        bounded = self.object_list.order_by()[: self.limit + 1]
        sql, params = bounded.query.sql_with_params()
        return remembered_count(
            (bounded.db, sql, tuple(map(repr, params))), bounded.count, self.limit
        )

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.limit

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)
