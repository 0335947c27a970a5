"""Substring search of holders' names through an index of their two-character pieces.

A B-tree cannot find '%秀英%', and pg_trgm cannot index patterns shorter than three
characters, while Chinese names are two to four. So each holder's name is cut into its
overlapping pairs of characters (王秀英 → 王秀, 秀英), stored in NameGram with the holder's
region. A search of two or more characters reads the holders having every pair of the query
in the user's regions from the (gram, region, person) index; a query longer than its one pair
then checks the whole name, while a query that is one pair needs no check: the pair is in the
index exactly when it is in the name, since every saved holder's pieces are written again in
the same transaction (signals.py; decision 0310). Measured in benchmarks/README.md."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from certificates.models import Certificate, NameGram, Person


def bigrams(name: str) -> list[str]:
    """The distinct overlapping pairs of characters of a name, in order."""
    seen: dict[str, None] = {}
    for i in range(len(name) - 1):
        seen.setdefault(name[i : i + 2], None)
    return list(seen)


def search_pieces(text: str) -> tuple[list[str], bool]:
    """The pairs a search for `text` looks up, and whether the whole name must be checked too
    (True unless `text` is one pair: then the index holds exactly the names containing it)."""
    pieces = bigrams(text)
    return pieces, pieces != [text]


def index_people(people: Iterable) -> None:
    """Write the name pieces of these holders again (after their name or region changed).
    A holder who moved is indexed in every district that holds one of their certificates, so
    the district they left still finds its own records by name."""
    people = [p for p in people if p.pk]
    regions: dict[int, set[int]] = {p.pk: {p.region_id} for p in people}
    if len(people) < 100:  # a bulk load indexes new holders, who have no certificates yet
        held = Certificate.objects.filter(person__in=list(regions)).values_list(
            "person_id", "region_id"
        )
        for person_id, region_id in held:
            regions[person_id].add(region_id)
    NameGram.objects.filter(person__in=[p.pk for p in people]).delete()
    NameGram.objects.bulk_create(
        [
            NameGram(person_id=p.pk, region_id=region_id, gram=gram)
            for p in people
            for region_id in sorted(regions[p.pk])
            for gram in bigrams(p.name)
        ],
        batch_size=2_000,
    )


# The same pieces as bigrams(), made by PostgreSQL for every holder without any.
POSTGRES_BACKFILL = """
INSERT INTO certificates_namegram (person_id, region_id, gram)
SELECT DISTINCT p.id, p.region_id, substr(p.name, i, 2)
FROM certificates_person p CROSS JOIN generate_series(1, 49) AS i
WHERE i < char_length(p.name)
  AND NOT EXISTS (SELECT 1 FROM certificates_namegram g WHERE g.person_id = p.id)
"""


def backfill(using_connection=None) -> None:
    """Index every holder that has no name pieces yet (after a migration or a bulk load)."""
    conn = using_connection or connection
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute(POSTGRES_BACKFILL)
        return
    missing = Person.objects.exclude(pk__in=NameGram.objects.values("person_id")).only(
        "id", "region_id", "name"
    )
    batch = []
    for person in missing.iterator(chunk_size=5_000):
        batch.append(person)
        if len(batch) >= 5_000:
            index_people(batch)
            batch = []
    index_people(batch)
