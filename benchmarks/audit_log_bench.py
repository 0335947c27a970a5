"""The audit log's date filters at 301,644 rows (issue 19 item 15: 1.4–5.0 s before).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_screens \
        .venv/bin/python benchmarks/audit_log_bench.py

Fills the log to 301,644 rows (two years, seven districts) when it holds fewer, then times the
audit log page in-process as 永年区's administrator, filtered by a month and by one day, with
the old filter (each row's time cast to a local date) and the new one (a range on `at`).
Prints median milliseconds of 20 runs after warm-up; target under 300 ms."""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdpf.settings")
os.environ.setdefault("CDPF_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from cdpf import roles  # noqa: E402
from cdpf.models import AuditEntry, Region, User  # noqa: E402

TARGET_ROWS = 301_644
REGIONS = ["130408", "130402", "130403", "130404", "130406", "130423", "130424"]


def fill():
    have = AuditEntry.objects.count()
    if have >= TARGET_ROWS:
        return
    rng = random.Random(19)
    start = timezone.make_aware(datetime.datetime(2025, 1, 1))
    span = 2 * 365 * 24 * 3600
    actions = ["create", "update", "view", "login", "export", "print"]
    types = ["certificates.person", "certificates.application", "employment_quota.declaration"]
    batch = []
    for n in range(TARGET_ROWS - have):
        batch.append(
            AuditEntry(
                username=f"user{n % 40}",
                action=rng.choice(actions),
                object_type=rng.choice(types),
                object_id=str(n),
                object_repr=f"记录 {n}",
                region_code=rng.choice(REGIONS),
                detail={"changes": {"state": ["submitted", "approved"]}},
            )
        )
        if len(batch) == 10_000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        AuditEntry.objects.bulk_create(batch)
    # spread the rows over two years (auto_now_add set them all to now)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cdpf_auditentry SET at = %s + (random() * %s) * interval '1 second'",
            [start, span],
        )
        cursor.execute("ANALYZE cdpf_auditentry")


def timed(client, params, runs=20):
    for _ in range(3):
        client.get("/audit/", params)
    samples = []
    for _ in range(runs):
        begin = time.perf_counter()
        response = client.get("/audit/", params)
        samples.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
    return statistics.median(samples)


def main():
    call_command("migrate", verbosity=0)
    fill()
    user, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"region": Region.objects.get(code="130408")}
    )
    from django.contrib.auth.models import Group  # noqa: PLC0415  (after django.setup())

    user.groups.set(Group.objects.filter(name=roles.ADMIN))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    print(f"rows: {AuditEntry.objects.count():,}")
    cases = {
        "no filter": {},
        "one month": {"date_from": "2026-03-01", "date_to": "2026-03-31"},
        "one day": {"date_from": "2026-03-15", "date_to": "2026-03-15"},
        "from a day on": {"date_from": "2026-10-01"},
        "month + type": {
            "date_from": "2026-03-01",
            "date_to": "2026-03-31",
            "object_type": "certificates.person",
        },
    }
    worst = 0.0
    for label, params in cases.items():
        ms = timed(client, params)
        worst = max(worst, ms)
        print(f"{label:>14}: {ms:7.1f} ms  (load {os.getloadavg()[0]:.2f})")
    print("PASS" if worst < 300 else "FAIL", f"(worst {worst:.1f} ms, target 300 ms)")


if __name__ == "__main__":
    main()
