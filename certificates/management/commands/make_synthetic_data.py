"""manage.py make_synthetic_data --size {district,city,province}: fake 残疾人证 holders for load
tests and benchmarks (30,000 / 300,000 / 2,000,000 people).

PostgreSQL: ids are drawn from the tables' sequences and rows streamed with COPY, one
transaction per chunk; elsewhere (SQLite) bulk_create in batches. Neither sends model signals,
so no audit entry is written per row. Every synthetic person's address starts with
"[synthetic:<size>] "; --replace deletes those people and every row that refers to them."""

from __future__ import annotations

import argparse
import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from cdpf import bulk_load, roles
from cdpf.audit import acting_as
from cdpf.models import Region, User
from certificates import names, synthetic
from certificates.models import Application, Certificate, CertificateEvent, NameGram, Person

SYSTEM_USERNAME = "synthetic"
SYSTEM_REGION = "130408"
CHUNK = 20_000  # people per transaction
LOADED_MODELS = (Person, NameGram, Certificate, Application, CertificateEvent)


class Command(BaseCommand):
    help = (
        "Create synthetic certificate holders: district = 30,000 people in 永年区, city = "
        "300,000 over the Handan districts, province = 2,000,000 over every district present. "
        "Only with DEBUG on, or --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=list(synthetic.SIZES), required=True)
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--region",
            metavar="CODE",
            help="spread over the districts of this region instead (default: 130408 for "
            "district, 130400 for city, 130000 for province)",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the synthetic people of this size (and their rows) first",
        )
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )
        parser.add_argument(
            "--quota",
            action="store_true",
            help="then also the quota audit data of this size (employment_quota/synthetic.py: "
            "province 150,000 employers, 300,000 employee lines over 3 years)",
        )
        parser.add_argument(
            "--quota-only",
            action="store_true",
            help="only the quota audit data, on the synthetic people already loaded",
        )
        parser.add_argument("--quota-counts", type=int, nargs=2, help=argparse.SUPPRESS)
        # For the tests: a tiny custom number of people; and the rows per transaction.
        parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--chunk", type=int, default=CHUNK, help=argparse.SUPPRESS)

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Synthetic data is not created with DEBUG off (use --force).")
        size: str = options["size"]
        total: int = options["count"] if options["count"] is not None else synthetic.SIZES[size]
        if total < 1:
            raise CommandError("--count must be at least 1.")
        self.verbosity = options["verbosity"]
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        districts = self._districts(rng, options["region"] or synthetic.SIZE_REGIONS[size])
        marker = synthetic.marker(size)
        if options["quota_only"]:
            self._quota(size, rng, options)
            return

        if Person.objects.filter(address__startswith=marker).exists():
            if not options["replace"]:
                raise CommandError(
                    f"Synthetic data of size {size} already exists; use --replace to delete it "
                    "and load it again."
                )
            self._say(f"Deleting the previous synthetic {size} data…")
            deleted = delete_synthetic(marker)
            self._say(
                "  deleted "
                + ", ".join(f"{n:,} {label}" for label, n in deleted.items() if n)
                + f" ({time.perf_counter() - started:.1f} s)"
            )
        others = [
            other
            for other in synthetic.SIZES
            if other != size
            and Person.objects.filter(address__startswith=synthetic.marker(other)).exists()
        ]
        if others:
            self._say(f"Note: synthetic data of size {', '.join(others)} is also present.")

        actor = system_user()
        taken = Person.objects.values_list("id_number", flat=True).iterator(chunk_size=20_000)
        generator = synthetic.Generator(
            rng=rng,
            districts=districts,
            today=timezone.localdate(),
            tz=timezone.get_current_timezone(),
            size=size,
            actor_id=actor.pk,
            allocator=synthetic.IdNumberAllocator(taken),
        )
        loader = CopyLoader() if connection.vendor == "postgresql" else BulkCreateLoader()
        self._say(
            f"Creating {total:,} synthetic people in {len(districts)} district(s) "
            f"({', '.join(d.code for d in districts[:6])}{'…' if len(districts) > 6 else ''}) "
            f"with {type(loader).__name__}…"
        )
        counts: Counter[str] = Counter()
        done = reported = 0
        load_started = time.perf_counter()
        for batch in generated_ahead(generator, total, options["chunk"]):
            counts.update(
                people=len(batch.people),
                certificates=len(batch.certificates),
                applications=len(batch.applications),
                events=len(batch.events),
            )
            with transaction.atomic():
                loader.load(batch)
            done += len(batch)
            if done == total or done - reported >= total / 20:  # about every 5 %
                reported = done
                elapsed = time.perf_counter() - load_started
                self._say(
                    f"  {done:>9,} / {total:,} people  {elapsed:7.1f} s  "
                    f"({done / elapsed:,.0f} people/s)"
                )
        if isinstance(loader, CopyLoader):
            step_started = time.perf_counter()
            if loader.verify_foreign_keys():
                self._say(
                    f"  verified the foreign keys in {time.perf_counter() - step_started:.1f} s"
                )
            step_started = time.perf_counter()
            analyze(vacuum=not connection.in_atomic_block)
            self._say(f"  analyzed the tables in {time.perf_counter() - step_started:.1f} s")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {counts['people']:,} people, {counts['certificates']:,} certificates, "
                f"{counts['applications']:,} applications, {counts['events']:,} certificate "
                f"events in {elapsed:.1f} s."
            )
        )
        if options["quota"]:
            self._quota(size, rng, options)

    def _quota(self, size: str, rng: random.Random, options) -> None:
        """The quota audit's employers and declarations (employment_quota/synthetic.py)."""
        quota = synthetic.further("quota")  # employment_quota/synthetic.py, registered
        started = time.perf_counter()
        if quota.delete_needed(size):
            if not options["replace"]:
                raise CommandError(
                    f"Synthetic quota data of size {size} already exists; use --replace."
                )
            self._say(f"Deleted the previous quota data: {quota.delete(size)}")
        with acting_as(None):
            made = quota.load(
                size=size,
                rng=rng,
                today=timezone.localdate(),
                actor=system_user(),
                say=self._say,
                counts=options["quota_counts"],
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {made['employers']:,} employers, {made['declarations']:,} "
                f"declarations, {made['lines']:,} employee lines in "
                f"{time.perf_counter() - started:.1f} s."
            )
        )

    def _say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)
            self.stdout.flush()

    def _districts(self, rng: random.Random, code: str) -> list[synthetic.District]:
        try:
            root = Region.objects.get(code=code)
        except Region.DoesNotExist as exc:
            raise CommandError(f"No region with code {code}.") from exc
        regions = Region.objects.filter(
            level=Region.Level.DISTRICT, code__startswith=root.scope_prefix
        ).order_by("code")
        if not regions:
            raise CommandError(f"No district-level region under {root}.")
        return [synthetic.District.build(rng, r.pk, r.code, r.name) for r in regions]


def system_user() -> User:
    """The account that received the synthetic applications and issued the certificates."""
    try:
        region = Region.objects.get(code=SYSTEM_REGION)
    except Region.DoesNotExist as exc:
        raise CommandError(f"The region {SYSTEM_REGION} is missing; run migrate.") from exc
    with acting_as(None):
        user, created = User.objects.get_or_create(
            username=SYSTEM_USERNAME,
            defaults={"display_name": "合成数据", "region": region},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not user.groups.filter(name=roles.OFFICE).exists():
            user.groups.add(Group.objects.get(name=roles.OFFICE))
    return user


def generated_ahead(
    generator: synthetic.Generator, total: int, chunk: int
) -> Iterator[synthetic.Batch]:
    """The batches, made by a background thread one or two ahead of the loader: the thread
    runs while the database parses, indexes and checks the previous batch (libpq releases
    the GIL while it waits), so on two cores Python and PostgreSQL work side by side."""
    ready: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            made = 0
            while made < total:
                batch = generator.batch(min(chunk, total - made))
                made += len(batch)
                if not put(batch):
                    return
            put(None)
        except BaseException as exc:  # handed to the loading thread, which raises it
            put(exc)

    thread = threading.Thread(target=produce, name="synthetic-generator", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


class CopyLoader:
    """PostgreSQL: ids drawn from the tables' sequences, then every row streamed with COPY.

    As a superuser, each chunk is loaded with session_replication_role = replica, which skips
    the per-row foreign-key triggers (as pg_restore --disable-triggers does): about a third of
    the server's work. The keys are then checked all at once by verify_foreign_keys().
    Unique and check constraints are enforced either way."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            self.bulk_key_checks: bool = cursor.fetchone()[0]

    def load(self, batch: synthetic.Batch) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")  # synthetic rows: no wait
            if self.bulk_key_checks:
                cursor.execute("SET LOCAL session_replication_role = replica")
            person_ids = bulk_load.next_ids(cursor, Person, len(batch.people))
            certificate_ids = bulk_load.next_ids(cursor, Certificate, len(batch.certificates))
            for row, pk in zip(batch.people, person_ids, strict=True):
                row["id"] = pk
            for row, pk in zip(batch.certificates, certificate_ids, strict=True):
                row["id"] = pk
                row["person_id"] = person_ids[row.pop("person")]
            for row in batch.applications:
                row["person_id"] = person_ids[row.pop("person")]
                row["certificate_id"] = certificate_ids[row.pop("certificate")]
            for row in batch.events:
                row["certificate_id"] = certificate_ids[row.pop("certificate")]
            bulk_load.copy_rows(cursor, Person, batch.people)
            bulk_load.copy_rows(
                cursor,
                NameGram,
                [
                    {"person_id": row["id"], "region_id": row["region_id"], "gram": gram}
                    for row in batch.people
                    for gram in names.bigrams(row["name"])
                ],
            )
            bulk_load.copy_rows(cursor, Certificate, batch.certificates)
            bulk_load.copy_rows(cursor, Application, batch.applications)
            bulk_load.copy_rows(cursor, CertificateEvent, batch.events)

    def verify_foreign_keys(self) -> bool:
        """With the per-row checks skipped: one anti-join per foreign key of the loaded
        tables. Returns whether it checked anything; raises CommandError on a dangling key."""
        if not self.bulk_key_checks:
            return False
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in LOADED_MODELS:
                for key in model._meta.concrete_fields:
                    if not isinstance(key, models.ForeignKey):
                        continue
                    parent = key.related_model._meta.db_table
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {qn(model._meta.db_table)} child "
                        f"WHERE child.{qn(key.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 "
                        f"FROM {qn(parent)} parent WHERE parent.{qn(key.target_field.column)} "
                        f"= child.{qn(key.column)})"
                    )
                    (dangling,) = cursor.fetchone()
                    if dangling:
                        raise CommandError(
                            f"{dangling} rows of {model._meta.db_table}.{key.column} point "
                            f"nowhere; delete the synthetic data with --replace."
                        )
        return True


class BulkCreateLoader:
    """Other databases (SQLite): bulk_create, which returns the new primary keys there.
    auto_now_add fields (Person.created_at, CertificateEvent.at) get the current time."""

    batch_size = 2_000

    def load(self, batch: synthetic.Batch) -> None:
        people = self._create(Person, (Person(**row) for row in batch.people))
        names.index_people(people)
        certificates = self._create(
            Certificate,
            (
                Certificate(person_id=people[row.pop("person")].pk, **row)
                for row in batch.certificates
            ),
        )
        self._create(
            Application,
            (
                Application(
                    person_id=people[row.pop("person")].pk,
                    certificate_id=certificates[row.pop("certificate")].pk,
                    **row,
                )
                for row in batch.applications
            ),
        )
        self._create(
            CertificateEvent,
            (
                CertificateEvent(certificate_id=certificates[row.pop("certificate")].pk, **row)
                for row in batch.events
            ),
        )

    def _create(self, model: type[models.Model], objects: Iterator[models.Model]) -> list:
        created = model.objects.bulk_create(list(objects), batch_size=self.batch_size)
        if created and created[0].pk is None:
            raise CommandError(
                f"This database ({connection.vendor}) does not return the keys of bulk-created "
                "rows; use PostgreSQL or SQLite."
            )
        return created


def delete_synthetic(marker: str) -> dict[str, int]:
    """Delete the people whose address starts with marker, and first every row referring to
    them (certificates, applications, events, assessments, notices…), in plain SQL: no
    signals, so no audit entry per deleted row. Returns the number of rows by model."""
    people = Person.objects.filter(address__startswith=marker).values("pk")
    sql, params = people.query.sql_with_params()
    counts: Counter[str] = Counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _delete_where(
            cursor, Person, f"{connection.ops.quote_name('id')} IN ({sql})", params, counts
        )
    return dict(counts)


def _delete_where(
    cursor, model: type[models.Model], where: str, params: list, counts: Counter, depth: int = 0
) -> None:
    """Delete model's rows matching `where` (a condition on its own columns) after the rows of
    every table with a foreign key to them; SET_NULL references are cleared instead."""
    if depth > 8:
        raise CommandError(f"Foreign keys to {model._meta.label} nest too deep to delete.")
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue  # a ManyToManyRel: its through table's foreign keys are handled
        foreign_key = relation.field
        child = relation.related_model
        condition = (
            f"{qn(foreign_key.column)} IN "
            f"(SELECT {qn(foreign_key.target_field.column)} FROM {table} WHERE {where})"
        )
        # a self-reference (a 迁入's 迁出) is cleared: both rows belong to the same holder
        if foreign_key.remote_field.on_delete is models.SET_NULL or child is model:
            cursor.execute(
                f"UPDATE {qn(child._meta.db_table)} SET {qn(foreign_key.column)} = NULL "
                f"WHERE {condition}",
                params,
            )
        else:
            _delete_where(cursor, child, condition, params, counts, depth + 1)
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
    counts[model._meta.model_name] += max(cursor.rowcount, 0)


def analyze(*, vacuum: bool) -> None:
    """Fresh planner statistics after a bulk load (cdpf/bulk_load.py)."""
    bulk_load.analyze(LOADED_MODELS, vacuum=vacuum)
