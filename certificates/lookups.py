"""Batched lookups of a file's own ID numbers and certificate numbers in the register.

An import checks only the values it carries: they are looked up in chunks (`IN` on the
unique index), so the work and the memory follow the file, never the register's size
(decision 0190). Every lookup of people by ID number goes through `people_by_id_number`, so
that the way an ID number is matched (the HMAC blind index of the encrypted column,
decision 0160) is decided in one place; certificate numbers likewise through
`valid_certificate_numbers` (their own blind index, decision 0200). A caller that has the
blind indexes already (the registry import computes each once per value, and writes them as
they are) asks `people_by_id_index` / `valid_numbers_by_index` with {blind index: value}.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from django.db.models import QuerySet

from cdpf.crypto import index_map, number_index_map
from certificates.models import Certificate, Person

CHUNK = 5000


def chunks(values: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    """The distinct values, in lists of at most `size` (a bounded `IN` list)."""
    batch: list[str] = []
    for value in dict.fromkeys(v for v in values if v):
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def people_by_id_number(
    id_numbers: Iterable[str], *, queryset: QuerySet | None = None, chunk: int = CHUNK
) -> dict[str, int]:
    """ID number → person id, for those of `id_numbers` held by a person of the register
    (of `queryset`, e.g. one region's people, when given). The only place that matches ID
    numbers against the register."""
    return people_by_id_index(index_map(n for n in id_numbers if n), queryset=queryset, chunk=chunk)


def people_by_id_index(
    by_index: Mapping[str, str], *, queryset: QuerySet | None = None, chunk: int = CHUNK
) -> dict[str, int]:
    """`people_by_id_number` for ID numbers given with their blind indexes ({index: ID
    number}, as `cdpf.crypto.index_map` makes it): nothing is hashed or decrypted here."""
    people = Person.objects.all() if queryset is None else queryset
    found: dict[str, int] = {}
    for batch in chunks(by_index, chunk):
        found.update(
            (by_index[index], pk)
            for pk, index in people.filter(id_number_index__in=batch).values_list(
                "pk", "id_number_index"
            )
        )
    return found


def existing_id_numbers(id_numbers: Iterable[str]) -> set[str]:
    """Those of `id_numbers` already in the register."""
    return set(people_by_id_number(id_numbers))


def existing_id_numbers_by_index(by_index: Mapping[str, str]) -> set[str]:
    """Those of the ID numbers ({blind index: ID number}) already in the register."""
    return set(people_by_id_index(by_index))


def valid_certificate_numbers(numbers: Iterable[str], *, chunk: int = CHUNK) -> set[str]:
    """Those of `numbers` that are a valid certificate's number in the register."""
    return valid_numbers_by_index(number_index_map(n for n in numbers if n), chunk=chunk)


def valid_numbers_by_index(by_index: Mapping[str, str], *, chunk: int = CHUNK) -> set[str]:
    """`valid_certificate_numbers` for numbers given with their blind indexes ({index:
    certificate number}, as `cdpf.crypto.number_index_map` makes it)."""
    found: set[str] = set()
    for batch in chunks(by_index, chunk):
        found.update(
            by_index[index]
            for index in Certificate.objects.filter(
                number_index__in=batch, status=Certificate.Status.VALID
            ).values_list("number_index", flat=True)
        )
    return found


def existing_values(queryset: QuerySet, field: str, values: Iterable[str], *, chunk: int = CHUNK):
    """Those of `values` found in `field` of `queryset` (for registers other than the
    holders', e.g. employers' credit codes), looked up in chunks."""
    found: set[str] = set()
    for batch in chunks(values, chunk):
        found.update(queryset.filter(**{f"{field}__in": batch}).values_list(field, flat=True))
    return found
