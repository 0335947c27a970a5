"""A paginator that reads the first page before counting: when the first page holds every
row (an ID lookup, most name searches), its length is the count and no COUNT(*) runs."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class FirstPageFirstPaginator(Paginator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._first: list | None = None

    def _first_rows(self) -> list:
        if self._first is None:
            self._first = list(self.object_list[: self.per_page + 1])
        return self._first

    @cached_property
    def count(self) -> int:
        first = self._first_rows()
        if len(first) <= self.per_page:
            return len(first)
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        if number == 1:
            return self._get_page(self._first_rows()[: self.per_page], number, self)
        return super().page(number)
