"""The quarterly police-file match at province size: a 100,000-row file against the
2,000,000-person certificate register, through the job's own code path.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_bench \\
        .venv/bin/python benchmarks/supervision_police_match.py [--rows 100000] [--xlsx]

A script, not a test. It needs the province-size synthetic register already loaded in a
database whose name contains "bench" (see certificates_bench.py) and supervision's tables
migrated there (`manage.py migrate supervision`). Everything it writes (a user, the job, the
police file and its 100,000 rows) is inside one transaction that is rolled back at the end:
the benchmark proposes matches and cancels nothing, and the register is left as it was.

The file: `--overlap` ID numbers sampled from the register (people with and without a valid
certificate, as a real police file of deaths holds a few per cent of certificate holders), the
rest fresh ID numbers with valid check characters from Hebei's districts. It is a UTF-8 CSV
by default, the .xlsx template format with --xlsx. The job (supervision.jobs) reads and checks
every row, matches the ID numbers in chunks against the unique index on the holders' ID
number, and stores one row per record with its proposal; its wall time is the figure.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cdpf_bench"
TARGET_SECONDS = 60.0


class Rollback(Exception):
    """Raised at the end so that nothing the benchmark wrote stays in the database."""


def configure_environment(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cdpf.settings"
    os.environ["DEBUG"] = "0"  # no query log
    os.environ.setdefault("CDPF_ALLOW_INSECURE_KEY", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def fresh_id_numbers(
    rng: random.Random, count: int, districts: list[str], known: set[str]
) -> list[str]:
    from certificates.rules import check_character  # noqa: PLC0415  (after django.setup())

    numbers: set[str] = set()
    first, span = (
        datetime.date(1925, 1, 1),
        (datetime.date(2010, 12, 31) - datetime.date(1925, 1, 1)).days,
    )
    while len(numbers) < count:
        birth = first + datetime.timedelta(days=rng.randrange(span))
        first17 = f"{rng.choice(districts)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        number = first17 + check_character(first17)
        if number not in known:
            numbers.add(number)
    return sorted(numbers)


def make_file(rows: int, overlap: int, seed: int, xlsx: bool) -> tuple[bytes, str, int]:
    from django.db import connection  # noqa: PLC0415  (after django.setup())

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        # a sample of the register: holders with and without a valid certificate
        cursor.execute(
            "SELECT id FROM certificates_person TABLESAMPLE SYSTEM (1) REPEATABLE (%s) "
            "LIMIT %s",
            [seed, overlap],
        )
        sampled = [r[0] for r in cursor.fetchall()]
        # the column is encrypted (decision 0160): read the numbers through the model
        from certificates.models import Person  # noqa: PLC0415  (after django.setup())

        known = list(Person.objects.filter(id__in=sampled).values_list("id_number", flat=True))
        cursor.execute("SELECT code FROM cdpf_region WHERE code LIKE '13%%' AND level = 'district'")
        districts = [r[0] for r in cursor.fetchall()] or ["130408"]
    fresh = fresh_id_numbers(rng, rows - len(known), districts, set(known))
    numbers = known + fresh
    rng.shuffle(numbers)
    header = ["身份证号码", "姓名", "事件类型", "事件日期", "派出所"]
    start = datetime.date(2026, 7, 1)
    lines = [
        [
            number,
            rng.choice("王李张刘赵杨陈") + rng.choice(("建国", "秀英", "伟", "芳", "桂兰")),
            "死亡" if rng.random() < 0.8 else "户籍注销",
            f"{start + datetime.timedelta(days=rng.randrange(90)):%Y-%m-%d}",
            "某某县公安局某某派出所",
        ]
        for number in numbers
    ]
    if xlsx:
        from openpyxl import Workbook  # noqa: PLC0415  (after django.setup())

        book = Workbook(write_only=True)
        sheet = book.create_sheet("公安数据")
        sheet.append(header)
        for line in lines:
            sheet.append(line)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue(), "police-2026Q3.xlsx", len(known)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8"), "police-2026Q3.csv", len(known)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--overlap", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--xlsx", action="store_true", help="an .xlsx file instead of CSV")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    name = urlsplit(database_url).path.lstrip("/")
    if "bench" not in name:
        print(f"Refusing to run on {name!r}: the database name must contain 'bench'.")
        return 2
    configure_environment(database_url)
    import django  # noqa: PLC0415  (after django.setup())

    django.setup()
    from django.contrib.auth.models import Group  # noqa: PLC0415  (after django.setup())
    from django.db import connection, transaction  # noqa: PLC0415  (after django.setup())

    from cdpf import jobs, roles  # noqa: PLC0415  (after django.setup())
    from cdpf.models import Job, Region, User  # noqa: PLC0415  (after django.setup())
    from certificates.models import Certificate  # noqa: PLC0415  (after django.setup())
    from supervision import rules, selectors  # noqa: PLC0415  (after django.setup())
    from supervision.jobs import POLICE_KIND  # noqa: PLC0415  (after django.setup())
    from supervision.models import PoliceRecord  # noqa: PLC0415  (after django.setup())

    people = Certificate.objects.count()
    if people < 1_000_000:
        print(f"Only {people} certificates: load the province data first (certificates_bench.py).")
        return 2
    print(f"Database {name}: {people:,} certificates")
    t0 = time.perf_counter()
    content, file_name, overlap = make_file(args.rows, args.overlap, args.seed, args.xlsx)
    print(
        f"File {file_name}: {args.rows:,} rows, {len(content) / 1048576:.1f} MB, {overlap:,} ID "
        f"numbers sampled from the register (made in {time.perf_counter() - t0:.1f} s)"
    )
    figures = {}
    try:
        with transaction.atomic():
            valid_before = Certificate.objects.filter(status="valid").count()
            province = Region.objects.get(code="130000")
            actor = User.objects.create(username="bench-police-office", region=province)
            actor.groups.set(Group.objects.filter(name=roles.OFFICE))
            job = Job.objects.create(
                kind=POLICE_KIND,
                title="benchmark",
                params={"year": 2026, "quarter": 3},
                input_file=content,
                input_name=file_name,
                created_by=actor,
                region=province,
            )
            # the parts, timed alone (the job below repeats them: its time is the figure)
            t = time.perf_counter()
            check = rules.read_police_file(content, name=file_name, today=datetime.date.today())
            figures["read and check"] = time.perf_counter() - t
            t = time.perf_counter()
            matches = selectors.match_id_numbers(
                [r.id_number for r in check.rows], region_prefix=province.scope_prefix
            )
            figures["match"] = time.perf_counter() - t
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = '300s'")
            t = time.perf_counter()
            jobs.run(job.pk)  # the job's code path: read, check, match, store proposals
            figures["job (wall)"] = time.perf_counter() - t
            job.refresh_from_db()
            stored = PoliceRecord.objects.filter(police_file__job=job)
            by_match = dict(
                stored.values_list("match").annotate(n=django.db.models.Count("id")).order_by()
            )
            valid_after = Certificate.objects.filter(status="valid").count()
            figures.update(
                status=job.status,
                message=job.message,
                errors=len(job.errors or []),
                first_errors=(job.errors or [])[:3],
                matched=sum(1 for v in matches.values() if v[1] is not None),
                by_match=by_match,
                unchanged=valid_before == valid_after,
            )
            raise Rollback
    except Rollback:
        pass
    wall = figures["job (wall)"]
    print(f"read and check alone: {figures['read and check']:.1f} s")
    print(
        f"match alone ({args.rows:,} ID numbers, chunks of {selectors.MATCH_CHUNK}): "
        f"{figures['match']:.1f} s"
    )
    print(f"job status: {figures['status']} {figures['message']} ({figures['errors']} row errors)")
    if figures["errors"]:
        print(f"first errors: {figures['first_errors']}")
    print(f"proposals stored: {figures['by_match']}")
    print(f"valid certificates unchanged: {figures['unchanged']}; everything rolled back")
    verdict = "PASS" if wall < TARGET_SECONDS and figures["status"] == "succeeded" else "FAIL"
    print(
        f"police-file job: {wall:.1f} s wall, {args.rows / wall:,.0f} rows/s "
        f"(target < {TARGET_SECONDS:.0f} s) {verdict}; load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
