"""Exact lookup by ID number and by certificate number through their blind indexes, and what
decryption costs a list page (decisions 0160, 0200). Works on the code before encryption too
(plain indexes), for the before/after figures in benchmarks/README.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_bench \\
        .venv/bin/python benchmarks/id_lookup_bench.py [--size city] [--reps 500]

Same database rules and synthetic data as certificates_bench.py (which also times the search
page's ID lookup end to end). Timed in-process: the ORM call and, after encryption, the
decryption of the row's ID and phone numbers.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.certificates_bench import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    LOOKUP_P95_MS,
    configure_environment,
    ensure_database,
    percentile,
    prepare_data,
)


def timed(call, reps: int) -> list[float]:
    for _ in range(min(20, reps)):
        call()
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="province", choices=("district", "city", "province"))
    parser.add_argument("--reps", type=int, default=500)
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    configure_environment(database_url)
    name = ensure_database(database_url)

    import django  # noqa: PLC0415  (after django.setup())

    django.setup()
    from django.db import connection  # noqa: PLC0415  (after django.setup())

    from certificates import lookups  # noqa: PLC0415  (after django.setup())
    from certificates.models import Certificate, Person  # noqa: PLC0415  (after django.setup())

    prepare_data(args.size)
    encrypted = hasattr(Person.objects, "by_id_number")
    numbers_encrypted = hasattr(Certificate.objects, "by_number")
    people = Person.objects.count()
    ids = list(Person.objects.order_by("?").values_list("id", flat=True)[:1000])
    numbers = [p.id_number for p in Person.objects.filter(id__in=ids)]
    rng = random.Random(7)

    def by_number():
        number = rng.choice(numbers)
        qs = Person.objects.by_id_number(number) if encrypted else Person.objects.filter(
            id_number=number
        )
        person = qs.get()
        assert person.id_number == number

    def certificates_by_number():
        number = rng.choice(numbers)
        qs = (Certificate.objects.by_id_number(number, field="person__id_number") if encrypted
              else Certificate.objects.filter(person__id_number=number))
        assert list(qs.select_related("person"))

    def batch_of_500():
        chunk = rng.sample(numbers, 500)
        qs = Person.objects.with_id_numbers(chunk) if encrypted else Person.objects.filter(
            id_number__in=chunk
        )
        assert len(list(qs.values_list("id", flat=True))) == 500

    certificate_ids = list(Certificate.objects.order_by("?").values_list("id", flat=True)[:1000])
    certificate_numbers = list(
        Certificate.objects.filter(id__in=certificate_ids).values_list("number", flat=True)
    )
    valid_numbers = list(
        Certificate.objects.filter(id__in=certificate_ids, status="valid")
        .values_list("number", flat=True)
    )

    def certificate_by_number():
        number = rng.choice(certificate_numbers)
        qs = (Certificate.objects.by_number(number) if numbers_encrypted
              else Certificate.objects.filter(number=number))
        found = list(qs.select_related("person"))
        assert any(c.number == number for c in found)

    def valid_certificate_by_number():
        number = rng.choice(valid_numbers)
        qs = (Certificate.objects.by_number(number) if numbers_encrypted
              else Certificate.objects.filter(number=number))
        assert qs.filter(status="valid").get().number == number

    def certificate_batch_of_500():
        chunk = rng.sample(valid_numbers, min(500, len(valid_numbers)))
        assert lookups.valid_certificate_numbers(chunk) == set(chunk)

    def certificate_page_of_50():
        start = rng.randrange(0, max(1, len(certificate_ids) - 50))
        rows = list(Certificate.objects.filter(id__in=certificate_ids[start : start + 50]))
        assert all(c.masked_number for c in rows)

    def page_of_50():
        start = rng.randrange(0, max(1, len(ids) - 50))
        rows = list(Person.objects.filter(id__in=ids[start : start + 50]))
        assert all(p.masked_id for p in rows)

    print(f"Database {name} ({connection.vendor}), {people:,} people, "
          f"{'encrypted (blind index)' if encrypted else 'plain (unique index)'}, "
          f"{Certificate.objects.count():,} certificates, numbers "
          f"{'encrypted (blind index)' if numbers_encrypted else 'plain (b-tree index)'}; "
          f"{args.reps} lookups each, ms")
    print("| scenario | p50 | p95 | max | target |\n|---|---|---|---|---|")
    for label, call, target in (
        ("person by ID number", by_number, LOOKUP_P95_MS),
        ("certificates by holder's ID number", certificates_by_number, LOOKUP_P95_MS),
        ("500 ID numbers at once (an import's batch)", batch_of_500, None),
        ("a page of 50 holders read and masked", page_of_50, None),
        ("certificates by certificate number", certificate_by_number, LOOKUP_P95_MS),
        ("the valid certificate of a number", valid_certificate_by_number, LOOKUP_P95_MS),
        ("500 certificate numbers at once (valid_certificate_numbers)",
         certificate_batch_of_500, None),
        ("a page of 50 certificates read and masked", certificate_page_of_50, None),
    ):
        times = timed(call, args.reps if target else max(50, args.reps // 10))
        p95 = percentile(times, 95)
        verdict = "" if target is None else (
            f"p95 < {target:.0f} {'PASS' if p95 < target else 'FAIL'}"
        )
        print(f"| {label} | {percentile(times, 50):.2f} | {p95:.2f} | {max(times):.2f} | "
              f"{verdict} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
