"""The quota audit at province size: the supervisor dashboard, and every levy of one year
computed by the background job against a naive per-employer ORM loop.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_bench \\
        .venv/bin/python benchmarks/quota_bench.py [--reps 50] [--naive-sample 1000]

A script, not a test; only on a PostgreSQL database whose name contains "bench". It migrates
the database, expects the province-size synthetic people (loaded by certificates_bench.py or
`make_synthetic_data --size province`) and adds the quota data on top if missing
(`make_synthetic_data --size province --quota-only`: 150,000 employers, ~382,000
declarations, ~300,000 employee lines over three years). The certificate data is only read.

1. Dashboard: the page in-process (middleware, view, SQL, template, session) as supervisors
   of the province (every declaration), of 邯郸市 and of 永年区; p50/p95 against 500 ms.
   Also the drill-down list behind a figure.
2. Yearly levy job: the stored results of every approved declaration of the latest year are
   cleared (untimed), then the background job (cdpf.jobs.run, the worker's entry point) of a
   province user computes and writes them all again (set-based, employment_quota/levies.py);
   target < 60 s. The results are checked against the ones cleared (same total, per row).
3. The naive way for comparison: per declaration, load it and its employees, read the policy
   parameters, compute, save() (with the audit signals; the dashboard-figures refresh that a
   save also triggers in this app is switched off for the loop, so the baseline is plain).
   Timed on a random sample of --naive-sample declarations inside a transaction that is
   rolled back, and extrapolated to the year's count: the ratio printed is naive
   (extrapolated) / job.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.certificates_bench import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    Scenario,
    client_for,
    configure_environment,
    count_queries,
    ensure_database,
    run,
)

DASHBOARD_P95_MS = 500.0
JOB_SECONDS = 60.0
PROVINCE, CITY, DISTRICT = "130000", "130400", "130408"


def prepare() -> None:
    from django.core.management import call_command  # noqa: PLC0415  (after django.setup())

    from certificates import synthetic  # noqa: PLC0415  (after django.setup())
    from certificates.models import Person  # noqa: PLC0415  (after django.setup())
    from employment_quota import synthetic as quota  # noqa: PLC0415  (after django.setup())

    call_command("migrate", interactive=False, verbosity=0)
    people = Person.objects.filter(address__startswith=synthetic.marker("province")).count()
    if people != synthetic.SIZES["province"]:
        sys.exit(
            f"{people:,} synthetic province people: load them first "
            "(benchmarks/certificates_bench.py or make_synthetic_data --size province)."
        )
    if quota.delete_needed("province"):
        from employment_quota.models import Employer  # noqa: PLC0415  (after django.setup())

        print(f"Synthetic quota data present: {Employer.objects.count():,} employers.")
        return
    call_command("make_synthetic_data", size="province", force=True, quota_only=True)


def users():
    from django.contrib.auth.models import Group  # noqa: PLC0415  (after django.setup())

    from cdpf import roles  # noqa: PLC0415  (after django.setup())
    from cdpf.audit import acting_as  # noqa: PLC0415  (after django.setup())
    from cdpf.models import Region, User  # noqa: PLC0415  (after django.setup())

    def user(username, region, role):
        account, created = User.objects.get_or_create(
            username=username, defaults={"region": Region.objects.get(code=region)}
        )
        if created:
            account.set_unusable_password()
            account.save()
        account.groups.set(Group.objects.filter(name=role))
        return account

    with acting_as(None):
        return {
            "province": user("bench_quota_province", PROVINCE, roles.SUPERVISOR),
            "city": user("bench_quota_city", CITY, roles.SUPERVISOR),
            "district": user("bench_quota_district", DISTRICT, roles.SUPERVISOR),
            "centre": user("bench_quota_centre", PROVINCE, roles.LABOUR_SERVICE),
        }


def latest_year() -> int:
    from employment_quota.models import Declaration  # noqa: PLC0415  (after django.setup())

    return (
        Declaration.objects.filter(state="approved")
        .order_by("-audit_year__year")
        .values_list("audit_year__year", flat=True)
        .first()
    )


def bench_dashboard(accounts, year: int, reps: int) -> list[Scenario]:
    from django.urls import reverse  # noqa: PLC0415  (after django.setup())

    dashboard = f"{reverse('employment_quota:dashboard')}?year={year}"
    drill = f"{reverse('employment_quota:dashboard_list')}?year={year}&rate=0.90"
    scenarios = [
        Scenario(f"dashboard, {label} supervisor", client_for(accounts[label]), [dashboard])
        for label in ("province", "city", "district")
    ]
    scenarios.append(
        Scenario("drill-down list (90 % band), province", client_for(accounts["province"]), [drill])
    )
    for scenario in scenarios:
        run(scenario, reps)
        queries, sql_ms = count_queries(scenario)
        verdict = ""
        if scenario.name.startswith("dashboard"):
            verdict = "PASS" if scenario.p(95) < DASHBOARD_P95_MS else "FAIL"
        print(
            f"  {scenario.name:<42} p50 {scenario.p(50):7.1f} ms  p95 {scenario.p(95):7.1f} ms"
            f"  ({queries} queries, {sql_ms:.0f} ms SQL)  {verdict}"
        )
    return scenarios


RESULTS = ("required", "counted", "shortfall", "average_wage", "rate", "amount_due")


def bench_job(accounts, year: int) -> tuple[float, int]:
    from django.db import connection  # noqa: PLC0415  (after django.setup())

    from cdpf.jobs import run as run_job  # noqa: PLC0415  (after django.setup())
    from cdpf.models import Job, Region  # noqa: PLC0415  (after django.setup())
    from employment_quota.jobs import LEVY_KIND  # noqa: PLC0415  (after django.setup())
    from employment_quota.models import Declaration  # noqa: PLC0415  (after django.setup())

    approved = Declaration.objects.filter(audit_year__year=year, state="approved")
    before = dict(approved.values_list("pk", "amount_due"))
    table = Declaration._meta.db_table
    with connection.cursor() as cursor:  # untimed: every levy of the year is to be computed
        cursor.execute(
            f'UPDATE "{table}" SET required = NULL, counted = NULL, shortfall = NULL, '
            "average_wage = NULL, rate = NULL, amount_due = NULL, explanation = '[]' "
            f'WHERE id IN (SELECT d.id FROM "{table}" d JOIN employment_quota_audityear a '
            "ON a.id = d.audit_year_id WHERE a.year = %s AND d.state = 'approved')",
            [year],
        )
        cursor.execute(f'VACUUM ANALYZE "{table}"')
    job = Job.objects.create(
        kind=LEVY_KIND,
        title=f"benchmark: every levy of {year}",
        params={"year": year},
        created_by=accounts["centre"],
        region=Region.objects.get(code=PROVINCE),
    )
    started = time.perf_counter()
    run_job(job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != Job.Status.SUCCEEDED:
        sys.exit(f"The levy job failed: {job.message}")
    after = dict(approved.values_list("pk", "amount_due"))
    wrong = sum(1 for pk, amount in before.items() if after.get(pk) != amount)
    print(
        f"  levy job: {job.result['declarations']:,} declarations, {job.result['changed']:,} "
        f"written in {seconds:.1f} s  {'PASS' if seconds < JOB_SECONDS else 'FAIL'} "
        f"(target < {JOB_SECONDS:.0f} s); results equal to those cleared: "
        f"{'yes' if not wrong else f'NO, {wrong} differ'}"
    )
    return seconds, len(before)


def naive_loop(accounts, year: int, sample: int, total: int) -> float:
    """Per declaration: the ORM, one by one, as a first version would do it."""
    from django.db import transaction  # noqa: PLC0415  (after django.setup())

    from cdpf.audit import acting_as  # noqa: PLC0415  (after django.setup())
    from employment_quota import rules  # noqa: PLC0415  (after django.setup())
    from employment_quota.models import Declaration  # noqa: PLC0415  (after django.setup())
    from employment_quota.services import policy_for  # noqa: PLC0415  (after django.setup())

    ids = list(
        Declaration.objects.filter(audit_year__year=year, state="approved").values_list(
            "pk", flat=True
        )
    )
    chosen = random.Random(2026).sample(ids, min(sample, len(ids)))
    # the plain ORM loop as first written: model saves with their audit signals, but without
    # this app's refresh of the dashboard figures on each save (which would add ~half again)
    from django.db.models.signals import post_save  # noqa: PLC0415  (after django.setup())

    from employment_quota.figures import declaration_changed  # noqa: PLC0415  (after django.setup())

    post_save.disconnect(declaration_changed, sender=Declaration, dispatch_uid="quota_figures")
    started = time.perf_counter()
    with transaction.atomic(), acting_as(accounts["centre"]):
        for pk in chosen:
            declaration = Declaration.objects.select_related(
                "employer", "audit_year", "region"
            ).get(pk=pk)
            lines = [
                {
                    "grade": e.certificate.grade,
                    "months": len(e.counted_months),
                    "qualifies": e.qualifies,
                    "name": e.certificate.person.name,
                    "reason": e.reason,
                }
                for e in declaration.employees.select_related("certificate__person")
            ]
            result = rules.calculate_levy(
                year=year,
                employer_type=declaration.employer.employer_type,
                staff=declaration.staff,
                wage_bill=declaration.wage_bill,
                local_average_wage=declaration.audit_year.local_average_wage,
                employees=lines,
                filed_on_time=not declaration.late,
                policy=policy_for(declaration.region, year),
            )
            for name in (*RESULTS, "explanation"):
                setattr(declaration, name, getattr(result, name))
            declaration.save()
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    post_save.connect(declaration_changed, sender=Declaration, dispatch_uid="quota_figures")
    per_row = seconds / len(chosen)
    print(
        f"  naive loop: {len(chosen):,} declarations in {seconds:.1f} s ({per_row * 1000:.1f} "
        f"ms each), extrapolated to {total:,}: {per_row * total:.0f} s"
    )
    return per_row * total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--naive-sample", type=int, default=1000)
    parser.add_argument("--skip-job", action="store_true", help="only the dashboard")
    parser.add_argument("--skip-dashboard", action="store_true", help="only the levy job")
    args = parser.parse_args(argv)

    url = args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    ensure_database(url)
    configure_environment(url)
    import django  # noqa: PLC0415  (after django.setup())

    django.setup()
    prepare()
    accounts = users()
    year = latest_year()
    if year is None:
        sys.exit("No approved declaration: the quota data is missing.")
    if not args.skip_dashboard:
        print(f"Dashboard of {year} ({args.reps} requests each after warm-up):")
        bench_dashboard(accounts, year, args.reps)
    if args.skip_job:
        return 0
    print(f"Every levy of {year} in the province:")
    seconds, total = bench_job(accounts, year)
    naive = naive_loop(accounts, year, args.naive_sample, total)
    print(f"  ratio naive / job: {naive / seconds:.1f}×")
    print("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
