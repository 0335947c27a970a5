"""The duty register's spreadsheet round trip through its import-export resource: export the
region's work items, then import the file back (dry run, then apply) inside a transaction that
is rolled back. Decision 0240 compares it with the registers' checked openpyxl imports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_<x>_bench \\
        DJANGO_SETTINGS_MODULE=cdpf.settings DEBUG=0 CDPF_ALLOW_INSECURE_KEY=1 CDPF_TESTING=1 \\
        .venv/bin/python benchmarks/duty_import_bench.py [--region 130408]

A script, not a test; the database needs only its migrations (they load the seed's register).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from cdpf.models import Region  # noqa: E402
from duties.jobs import load_dataset  # noqa: E402
from duties.models import WorkItem  # noqa: E402
from duties.resources import WorkItemResource  # noqa: E402


class Rollback(Exception):
    pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", default="130408")
    args = parser.parse_args(argv)
    region = Region.objects.get(code=args.region)
    rows = WorkItem.objects.filter(duty__region=region).count()
    content = WorkItemResource(region=region).export().export("xlsx")
    figures = {}
    try:
        with transaction.atomic():
            for step, dry in (("dry run", True), ("apply", False)):
                started, cpu = time.perf_counter(), time.process_time()
                result = WorkItemResource(region=region).import_data(
                    load_dataset(content), dry_run=dry
                )
                figures[step] = (time.perf_counter() - started, time.process_time() - cpu)
                if result.has_errors() or result.has_validation_errors():
                    raise SystemExit(f"{step}: the file did not import back")
            raise Rollback
    except Rollback:
        pass
    print(f"{'rows':>5} {'dry run s':>9} {'apply s':>8} {'cpu s':>6}  load")
    print(
        f"{rows:5d} {figures['dry run'][0]:9.2f} {figures['apply'][0]:8.2f} "
        f"{figures['dry run'][1] + figures['apply'][1]:6.2f}  "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
