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
        taken = set(Person.objects.filter(id_number__in=batch).values_list("id_number", flat=True))
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
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
growth = (peak - rss_before) / 1024
print(json.dumps({"rows": rows, **times, "rss_mb": peak / 1024, "growth_mb": growth}))
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="10,10000")
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose code is run")
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
    print(f"code: {args.code}")
    print(
        f"{'rows':>6} {'dry run s':>9} {'apply s':>8} {'rows/s':>8} {'py cpu s':>8} "
        f"{'peak MB':>8}  load"
    )
    for rows in [int(r) for r in args.rows.split(",")]:
        out = (
            subprocess.run(
                [sys.executable, "-c", CHILD, args.code, str(rows)],
                cwd=args.code,
                env=env,
                check=True,
                capture_output=True,
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
