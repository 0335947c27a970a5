"""Server time of the certificate register's pages on province-size synthetic data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_bench \\
        .venv/bin/python benchmarks/certificates_bench.py [--reps 100] [--explain]

A script, not a test. It works only on a separate PostgreSQL database whose name contains
"bench" (default cdpf_bench): creates it if missing, migrates it, and loads the province-size
synthetic data (2,000,000 people, see certificates/management/commands/make_synthetic_data.py)
unless already there. Then it times each page in-process with Django's test Client (the whole
middleware stack, view, SQL, template rendering and the session save; no network, no web
server) and prints p50/p95 against the targets. Settings are production-like: DEBUG off (no
query log), persistent database connection.

The record page writes an audit entry per view (《残疾人证》 data is sensitive): that INSERT is
part of its measured time, as it is for real users.

The Django admin comparison registers a plain ModelAdmin for Certificate in this process only
(none is registered in the project), scoped like the app to the signed-in user's region: a
superuser of 永年区 sees that district's certificates, as the office user of 永年区 (130408)
does on the list page (until issue 16 it saw the whole province, which flattered the ratio).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cdpf_bench"
FORBIDDEN_DATABASES = {"cdpf", "test_cdpf", "postgres", "template0", "template1"}
DISTRICT = "130408"  # 永年区
CITY = "130400"  # 邯郸市
WARM_UP = 10
ADMIN_WARM_UP = 3  # admin pages take seconds each: fewer warm-up requests

# Targets (ms, p95) and the admin ratio; PASS/FAIL is printed against them.
LOOKUP_P95_MS = 20.0
NAME_SEARCH_P95_MS = 100.0
LIST_P95_MS = 150.0
ADMIN_RATIO = 5.0

# Full names and parts of names people type into the search box (two characters or more;
# one character is refused by the form).
NAME_QUERIES = ("王秀", "秀英", "建国", "浩然", "王喆", "张建国", "李建华", "欧阳")


def configure_environment(database_url: str) -> None:
    """Production-like settings for this process, before Django is imported."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cdpf.settings"
    os.environ["DEBUG"] = "0"  # no query log, no debug template engine
    os.environ.setdefault("CDPF_ALLOW_INSECURE_KEY", "1")
    os.environ["CDPF_HTTPS"] = "0"  # no redirect to https for the in-process client
    os.environ["CDPF_TESTING"] = "1"  # plain static storage: no collectstatic manifest needed
    os.environ["CONN_MAX_AGE"] = "3600"  # one connection throughout, as a busy worker has
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))


def ensure_database(database_url: str) -> str:
    """Create the benchmark database if missing; refuse any database not meant for it."""
    import psycopg  # noqa: PLC0415  (after django.setup())
    from psycopg import sql  # noqa: PLC0415  (after django.setup())

    parts = urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…/cdpf_bench).")
    name = parts.path.lstrip("/")
    if not name or name in FORBIDDEN_DATABASES or not ("bench" in name or "province" in name):
        sys.exit(f"Refusing to use the database {name!r}: its name must contain 'bench'.")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating the database {name}…")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def prepare_data(size: str) -> None:
    """Migrate, and load the synthetic data of this size unless it is complete already."""
    from django.core.management import call_command  # noqa: PLC0415  (after django.setup())

    from certificates import synthetic  # noqa: PLC0415  (after django.setup())
    from certificates.models import Person  # noqa: PLC0415  (after django.setup())

    call_command("migrate", interactive=False, verbosity=0)
    present = Person.objects.filter(address__startswith=synthetic.marker(size)).count()
    if present == synthetic.SIZES[size]:
        print(f"Synthetic {size} data present: {present:,} people.")
        return
    if present:
        print(f"Only {present:,} synthetic {size} people (an interrupted load?): reloading.")
    call_command("make_synthetic_data", size=size, force=True, replace=bool(present))


def register_certificate_admin() -> None:
    """A plain ModelAdmin for Certificate, as a developer would first write it."""
    from django.contrib import admin  # noqa: PLC0415  (after django.setup())

    from certificates.models import Certificate  # noqa: PLC0415  (after django.setup())

    class BenchCertificateAdmin(admin.ModelAdmin):
        list_display = ("number", "person", "category", "grade", "status", "expiry_date")
        # the number is encrypted (decision 0200): the admin's icontains cannot search it
        search_fields = ("person__name",)
        list_filter = ("category", "status")

        def get_queryset(self, request):
            # The same scope as the app's page (issue 16 item 5): the signed-in user's
            # district, not the whole province a superuser would otherwise see.
            from cdpf.selectors import scope_to_user  # noqa: PLC0415  (after django.setup())

            return scope_to_user(super().get_queryset(request), request.user)

    if admin.site.is_registered(Certificate):
        print("Note: Certificate already has a ModelAdmin; replaced by the plain one here.")
        admin.site.unregister(Certificate)
    admin.site.register(Certificate, BenchCertificateAdmin)


def bench_users():
    """An office user of 永年区, a supervisor of 邯郸市, and a superuser for the admin."""
    from django.contrib.auth.models import Group  # noqa: PLC0415  (after django.setup())

    from cdpf import roles  # noqa: PLC0415  (after django.setup())
    from cdpf.audit import acting_as  # noqa: PLC0415  (after django.setup())
    from cdpf.models import Region, User  # noqa: PLC0415  (after django.setup())

    def user(username: str, region: str, role: str, **extra) -> User:
        account, created = User.objects.get_or_create(
            username=username,
            defaults={"region": Region.objects.get(code=region), **extra},
        )
        if created:
            account.set_unusable_password()
            account.save()
        account.groups.set(Group.objects.filter(name=role))
        return account

    with acting_as(None):
        return (
            user("bench_office", DISTRICT, roles.OFFICE),
            user("bench_city", CITY, roles.SUPERVISOR),
            user("bench_admin", DISTRICT, roles.ADMIN, is_staff=True, is_superuser=True),
        )


@dataclass
class Scenario:
    name: str
    client: object
    urls: Sequence[str]
    target_ms: float | None = None
    check: Callable[[object], bool] | None = None
    reps: int | None = None  # default: --reps
    warm_up: int = WARM_UP
    times_ms: list[float] = field(default_factory=list)
    by_url: dict[str, list[float]] = field(default_factory=dict)

    def p(self, q: int) -> float:
        return percentile(self.times_ms, q)


def percentile(values: Sequence[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def client_for(user):
    from django.test import Client  # noqa: PLC0415  (after django.setup())

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def run(scenario: Scenario, reps: int) -> None:
    for i in range(scenario.warm_up):
        url = scenario.urls[i % len(scenario.urls)]
        response = scenario.client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{scenario.name}: HTTP {response.status_code} for {url}")
        if scenario.check and not scenario.check(response):
            raise SystemExit(f"{scenario.name}: unexpected page for {url}")
    for i in range(reps):
        url = scenario.urls[i % len(scenario.urls)]
        started = time.perf_counter()
        response = scenario.client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{scenario.name}: HTTP {response.status_code} for {url}")
        if scenario.check and not scenario.check(response):  # after the clock stopped
            raise SystemExit(f"{scenario.name}: unexpected page for {url}")
        scenario.times_ms.append(elapsed)
        scenario.by_url.setdefault(url, []).append(elapsed)


def count_queries(scenario: Scenario) -> tuple[int, float]:
    """SQL statements and their total time for one request of the scenario (not timed)."""
    from django.db import connection  # noqa: PLC0415  (after django.setup())
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415  (after django.setup())

    with CaptureQueriesContext(connection) as captured:
        scenario.client.get(scenario.urls[0])
    return len(captured), sum(float(q["time"]) for q in captured.captured_queries) * 1000


def explain(office) -> None:
    """EXPLAIN ANALYZE of the list page's two queries (count, first page) per list scenario."""
    from django.db import connection  # noqa: PLC0415  (after django.setup())

    from certificates.selectors import search_certificates  # noqa: PLC0415  (after django.setup())

    cases = {
        "filtered list": {"category": 4, "status": "valid"},
        "name search 王": {"q": "王"},
        "name search 秀英": {"q": "秀英"},
        "whole list": {},
    }
    for label, filters in cases.items():
        qs = search_certificates(office, filters=filters)
        sql, params = qs.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:  # the paginator's count, as PostgreSQL plans it
            cursor.execute(f"EXPLAIN ANALYZE SELECT COUNT(*) FROM ({sql}) AS page", params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        print(f"\n--- {label}: COUNT ---\n{plan}")
        print(f"\n--- {label}: first page ---\n" + qs[:25].explain(analyze=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=100, help="timed requests per scenario")
    parser.add_argument(
        "--admin-reps", type=int, default=50, help="timed requests per admin scenario"
    )
    parser.add_argument("--size", default="province", choices=("district", "city", "province"))
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument("--skip-admin", action="store_true", help="leave out the admin pages")
    args = parser.parse_args(argv)
    if min(args.reps, args.admin_reps) < 50:
        parser.error("--reps and --admin-reps must be at least 50")

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    configure_environment(database_url)
    name = ensure_database(database_url)

    import django  # noqa: PLC0415  (after django.setup())

    django.setup()
    register_certificate_admin()  # before the URLconf (and so admin.site.urls) is loaded
    from django.urls import reverse  # noqa: PLC0415  (after django.setup())

    from certificates.models import Certificate  # noqa: PLC0415  (after django.setup())

    print(f"Database {name}; preparing…")
    prepare_data(args.size)
    office, city, superuser = bench_users()

    sample = list(
        Certificate.objects.filter(region__code=DISTRICT, status="valid")
        .select_related("person")
        .order_by("?")[:200]
    )
    if len(sample) < 50:
        raise SystemExit("Too few certificates in 130408 to benchmark.")
    index = reverse("certificates:index")
    admin_list = reverse("admin:certificates_certificate_changelist")

    person_link = reverse("certificates:person", args=[1]).removesuffix("1/").encode()

    def rows(response) -> int:
        return response.content.count(b'href="' + person_link)

    def shows_one_row(response) -> bool:
        return rows(response) == 1

    def shows_the_holder(response) -> bool:  # a lost card and its B1 replacement: two rows
        return rows(response) in (1, 2)

    office_client, city_client = client_for(office), client_for(city)
    admin_client = client_for(superuser)
    filtered = {"category": 4, "status": "valid"}
    scenarios = [
        Scenario(
            "lookup by ID number",
            office_client,
            [f"{index}?{urlencode({'q': c.person.id_number})}" for c in sample],
            LOOKUP_P95_MS,
            check=shows_the_holder,
        ),
        Scenario(
            "lookup by certificate number",
            office_client,
            [f"{index}?{urlencode({'q': c.number})}" for c in sample],
            LOOKUP_P95_MS,
            check=shows_one_row,
        ),
        Scenario(
            "name search in 永年区",
            office_client,
            [f"{index}?{urlencode({'q': q})}" for q in NAME_QUERIES],
            NAME_SEARCH_P95_MS,
        ),
        Scenario(
            "filtered list (physical, valid)",
            office_client,
            [f"{index}?{urlencode(filtered)}"],
            LIST_P95_MS,
        ),
        Scenario("whole list, 永年区 (info)", office_client, [index]),
        Scenario(
            "filtered list, 邯郸市 supervisor (info)",
            city_client,
            [f"{index}?{urlencode(filtered)}"],
        ),
        Scenario(
            "record page (writes an audit row)",
            office_client,
            [reverse("certificates:person", args=[c.person_id]) for c in sample],
        ),
    ]
    if not args.skip_admin:
        scenarios += [
            Scenario(
                "admin changelist, filtered",
                admin_client,
                [f"{admin_list}?category__exact=4&status__exact=valid"],
                reps=args.admin_reps,
                warm_up=ADMIN_WARM_UP,
            ),
            Scenario(
                "admin changelist, name search",
                admin_client,
                [f"{admin_list}?{urlencode({'q': q})}" for q in NAME_QUERIES],
                reps=args.admin_reps,
                warm_up=ADMIN_WARM_UP,
            ),
        ]

    print(
        f"\n{args.reps} timed requests per scenario after {WARM_UP} warm-up requests "
        f"(admin: {args.admin_reps} after {ADMIN_WARM_UP}).\n"
    )
    header = f"{'scenario':42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'SQL':>4} {'SQL ms':>7}"
    print(header + "  target")
    print("-" * (len(header) + 22))
    failures = 0
    for scenario in scenarios:
        run(scenario, scenario.reps or args.reps)
        queries, sql_ms = count_queries(scenario)
        verdict = ""
        if scenario.target_ms is not None:
            ok = scenario.p(95) < scenario.target_ms
            failures += not ok
            verdict = f"p95 < {scenario.target_ms:.0f} ms  {'PASS' if ok else 'FAIL'}"
        print(
            f"{scenario.name:42} {scenario.p(50):8.1f} {scenario.p(95):8.1f} "
            f"{max(scenario.times_ms):8.1f} {queries:4d} {sql_ms:7.1f}  {verdict}"
            f"  (load {os.getloadavg()[0]:.2f})",
            flush=True,
        )
        if len(scenario.by_url) > 1 and len(scenario.by_url) <= len(NAME_QUERIES):
            for url, times in scenario.by_url.items():
                query = unquote(url.split("?", 1)[1])
                print(f"    {query:38} p50 {statistics.median(times):7.1f} ms")

    by_name = {s.name: s for s in scenarios}
    if not args.skip_admin:
        print()
        pairs = [  # (admin scenario, list scenario, counts toward the verdict)
            ("admin changelist, filtered", "filtered list (physical, valid)", True),
            ("admin changelist, name search", "name search in 永年区", False),
        ]
        for admin_name, list_name, counts in pairs:
            ratio = by_name[admin_name].p(95) / by_name[list_name].p(95)
            ok = ratio >= ADMIN_RATIO
            failures += counts and not ok
            target = f"target ≥ {ADMIN_RATIO:.0f}x" + ("" if counts else ", info only")
            print(
                f"admin_p95 / list_p95 ({list_name}): {ratio:5.1f}x  ({target})  "
                f"{'PASS' if ok else 'FAIL'}"
            )
    if args.explain:
        explain(office)
    print(f"\n{'All targets met.' if not failures else f'{failures} target(s) missed.'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
