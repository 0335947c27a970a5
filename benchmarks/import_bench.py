"""The registry import (certificates) at province size: 10 and 10,000 rows, dry run and
apply, end to end through the job's own code path, with the peak memory of each run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_province \\
        .venv/bin/python benchmarks/import_bench.py [--rows 10,10000] [--code DIR]

A script, not a test; needs the province data in a PostgreSQL database whose name has
"bench" or "province". Each case runs in a child process of its own (so its peak RSS is its
own): the workbook is built first (fresh valid ID numbers of 永年区 that are not in the
register, untimed), then the dry-run job and the apply job are run with `cdpf.jobs.run`
inside one transaction that is rolled back: nothing stays in the database. `--code DIR` runs
the same cases with another checkout's code (e.g. the commit before issue 16) for a before /
after comparison in the same sitting. The load average is printed beside each figure.

`--via import-export` (issue 18 item 5, decision 0240) runs the same workbook through a
django-import-export `ModelResource` instead: the way the duty register imports. The resource
does the least the register needs (a Person per row with its sex, birth date and region from the
ID number, model validation, the Certificate beside it, the same duplicate lookups per row), a
lower bound of what a resource with every per-row check of `certificates.spreadsheets` costs.

Targets (issue 16 item 3): 10 rows well under a second; 10,000 rows at ≥ 2,000 rows/s end to
end; memory that does not depend on the register's size. `py cpu s` is the CPU time of the
job's Python process (the wall time includes waiting for a core on a shared machine and the
database's own time).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import io, json, random, resource, sys, time
sys.path.insert(0, sys.argv[1])
import django
django.setup()
import openpyxl
from django.contrib.auth.models import Group
from django.db import transaction
from cdpf import jobs, roles
from cdpf.audit import acting_as
from cdpf.models import Job, Region, User
from certificates.lookups import existing_id_numbers
from certificates.models import Person
from certificates.rules import check_character

rows = int(sys.argv[2])
region = Region.objects.get(code="130408")
rng = random.Random(rows)

def fresh_ids(n):
    found = []
    while len(found) < n:
        batch = []
        for _ in range(n * 2):
            birth = f"{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            first17 = f"130408{birth}{rng.randint(0, 999):03d}"
            batch.append(first17 + check_character(first17))
        taken = existing_id_numbers(batch)  # the ID number is encrypted: its blind index
        found += [b for b in dict.fromkeys(batch) if b not in taken and b not in found]
    return found[:n]

book = openpyxl.Workbook()
sheet = book.active
sheet.append(
    ["身份证号", "姓名", "村（社区）", "住址", "残疾人证号", "发证日期", "有效期至", "联系电话"]
)
for number in fresh_ids(rows):
    card = number + f"{rng.randint(1, 7)}{rng.randint(1, 4)}"
    name = "王" + rng.choice("明华强丽军芳")
    sheet.append([number, name, "东街村", "东街村1号", card, "2020-05-08", "2030-05-08", ""])
buffer = io.BytesIO()
book.save(buffer)
content = buffer.getvalue()
with acting_as(None):
    user, _ = User.objects.get_or_create(username="bench_import", defaults={"region": region})
    user.groups.set(Group.objects.filter(name=roles.OFFICE))
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = {}

class Rollback(Exception):
    pass

RUN
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
growth = (peak - rss_before) / 1024
print(json.dumps({"rows": rows, **times, "rss_mb": peak / 1024, "growth_mb": growth}))
"""

JOB_RUN = r"""
try:
    with transaction.atomic():
        for step, dry in (("dry run", True), ("apply", False)):
            job = Job.objects.create(kind="certificates.import_registry", title="bench",
                                     params={"dry_run": dry}, input_file=content,
                                     input_name="bench.xlsx", created_by=user, region=region)
            started, cpu = time.perf_counter(), time.process_time()
            status = jobs.run(job.pk)
            times[step] = time.perf_counter() - started
            times[step + " cpu"] = time.process_time() - cpu
            job.refresh_from_db()
            if status != "succeeded":
                raise SystemExit(f"{step}: {status} {job.message} {job.errors[:3]}")
        raise Rollback
except Rollback:
    pass
"""

IE_RUN = r"""
import datetime

import tablib
from import_export import fields, resources
from certificates import lookups, rules
from certificates.models import Certificate


class RegisterResource(resources.ModelResource):
    id_number = fields.Field(attribute="id_number", column_name="身份证号")
    name = fields.Field(attribute="name", column_name="姓名")
    community = fields.Field(attribute="community", column_name="村（社区）")
    address = fields.Field(attribute="address", column_name="住址")
    phone = fields.Field(attribute="phone", column_name="联系电话")

    class Meta:
        model = Person
        fields = ("id_number", "name", "community", "address", "phone")
        import_id_fields = ("id_number",)
        clean_model_instances = True
        use_transactions = True

    def get_instance(self, instance_loader, row):
        # the ID number is encrypted: found through its blind index, one row at a time
        found = lookups.people_by_id_number([str(row["身份证号"])])
        return Person.objects.get(pk=next(iter(found.values()))) if found else None

    def before_import_row(self, row, **kwargs):
        ident = rules.parse_id_number(str(row["身份证号"]))
        number = rules.parse_certificate_number(str(row["残疾人证号"]))
        if number.id_number.number != ident.number:
            raise ValueError("certificate number does not belong to the ID number")
        if lookups.valid_certificate_numbers([str(number)]):
            raise ValueError("certificate number already valid")
        row["_ident"], row["_number"] = ident, number
        row["联系电话"] = row["联系电话"] or ""

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.region = region
        instance.sex, instance.birth_date = row["_ident"].sex, row["_ident"].birth_date

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        number = row["_number"]
        Certificate.objects.create(
            person=instance, region=region, number=str(number), category=number.category,
            grade=number.grade, parts=[[number.category, number.grade]],
            replacement=number.replacement,
            issue_date=datetime.date.fromisoformat(str(row["发证日期"])[:10]),
            expiry_date=datetime.date.fromisoformat(str(row["有效期至"])[:10]),
            status=Certificate.Status.VALID, print_status=Certificate.PrintStatus.HANDED_OVER,
        )


try:
    with transaction.atomic(), acting_as(user):
        for step, dry in (("dry run", True), ("apply", False)):
            started, cpu = time.perf_counter(), time.process_time()
            dataset = tablib.Dataset().load(content, format="xlsx")
            result = RegisterResource().import_data(dataset, dry_run=dry, raise_errors=False)
            times[step] = time.perf_counter() - started
            times[step + " cpu"] = time.process_time() - cpu
            if result.has_errors() or result.has_validation_errors():
                bad = result.row_errors()[:1] or result.invalid_rows[:1]
                raise SystemExit(f"{step}: {bad}")
        assert Certificate.objects.filter(person__region=region).count() >= rows
        raise Rollback
except Rollback:
    pass
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="10,10000")
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose code is run")
    parser.add_argument(
        "--via",
        choices=("job", "import-export"),
        default="job",
        help="the checked-import job (default) or a django-import-export resource",
    )
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    name = urlsplit(database_url).path.lstrip("/")
    if not database_url.startswith("postgres") or not ("bench" in name or "province" in name):
        sys.exit("DATABASE_URL must name a PostgreSQL database whose name has bench/province.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cdpf.settings",
        "DEBUG": "0",
        "CDPF_ALLOW_INSECURE_KEY": "1",
        "CDPF_TESTING": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": args.code,
    }
    print(f"code: {args.code}  via: {args.via}")
    child = CHILD.replace("RUN\n", JOB_RUN if args.via == "job" else IE_RUN)
    print(
        f"{'rows':>6} {'dry run s':>9} {'apply s':>8} {'rows/s':>8} {'py cpu s':>8} "
        f"{'peak MB':>8}  load"
    )
    for rows in [int(r) for r in args.rows.split(",")]:
        out = (
            subprocess.run(
                [sys.executable, "-c", child, args.code, str(rows)],
                cwd=args.code,
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        figures = json.loads(out)
        total = figures["dry run"] + figures["apply"]
        print(
            f"{rows:6d} {figures['dry run']:9.2f} {figures['apply']:8.2f} "
            f"{rows / total:8,.0f} {figures['dry run cpu'] + figures['apply cpu']:8.2f} "
            f"{figures['rss_mb']:8.0f}  " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
