"""Every filter and page of the certificate list at province size, for a district office and
for the city supervisor: the list's two queries (count, page) under EXPLAIN ANALYZE and the
whole page in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_province \\
        .venv/bin/python benchmarks/list_filters_bench.py [--reps 3] [--pages 1,2,20,39]
        [--plans] [--only district|city]

A script, not a test; needs the province data in a PostgreSQL database whose name has
"bench" or "province". For each user × filter combination × page it prints the worst SQL
time of the count and the page query, the rows the plans read and threw away ("Rows Removed
by Filter", summed over the plan's nodes: the discarded rows issue 16 item 2 is about) and
the p95 of the whole page (middleware, view, SQL, template, `--reps` requests each). The
load average is printed beside the summary: the machine is shared.

Combinations: each status (the stored ones and "expired", which includes valid certificates
past their date), each category, each grade, "valid until" a date, each of the city's
districts for the supervisor; status × category and status × grade; with no filter at all.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DISTRICT, CITY = "130408", "130400"
TARGET_MS = 150.0


def configure(database_url: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="cdpf.settings",
        DEBUG="0",
        CDPF_HTTPS="0",
        CDPF_TESTING="1",  # the in-process client serves no static files: no manifest needed
        CONN_MAX_AGE="3600",
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("CDPF_ALLOW_INSECURE_KEY", "1")
    sys.path.insert(0, str(ROOT))


def combinations(city_regions: list[str]) -> list[dict]:
    statuses = ["valid", "expired", "lost", "replaced", "transferred", "cancelled"]
    categories = [str(c) for c in range(1, 8)]
    grades = [str(g) for g in range(1, 5)]
    soon = (datetime.date.today() + datetime.timedelta(days=180)).isoformat()
    combos: list[dict] = [{}]
    combos += [{"status": s} for s in statuses]
    combos += [{"category": c} for c in categories]
    combos += [{"grade": g} for g in grades]
    combos += [{"expires_before": soon}, {"status": "valid", "expires_before": soon}]
    combos += [{"status": s, "category": c} for s, c in itertools.product(statuses[:2], categories)]
    combos += [{"status": s, "grade": g} for s, g in itertools.product(statuses[:2], grades)]
    combos += [
        {"status": "expired", "category": "4", "grade": "3"},
        {"status": "valid", "category": "1", "grade": "1"},
    ]
    for code in city_regions:
        combos += [{"region": code}, {"region": code, "status": "expired"}]
    return combos


def plan_figures(sql: str, params) -> tuple[float, int]:
    """(execution ms, rows removed by filters) of one query under EXPLAIN ANALYZE."""
    from django.db import connection  # noqa: PLC0415  (after django.setup())

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        (raw,) = cursor.fetchone()
    plan = raw if isinstance(raw, list) else json.loads(raw)
    removed = 0

    def walk(node):
        nonlocal removed
        loops = node.get("Actual Loops", 1) or 1
        removed += (
            node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
        ) * loops
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return plan[0]["Execution Time"], removed


def text_plan(sql: str, params) -> str:
    from django.db import connection  # noqa: PLC0415  (after django.setup())

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(line for (line,) in cursor.fetchall())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--pages", default="1,2,20,39")
    parser.add_argument("--plans", action="store_true", help="print the slowest plans in full")
    parser.add_argument("--only", choices=("district", "city"))
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    name = urlsplit(database_url).path.lstrip("/")
    if not database_url.startswith("postgres") or not ("bench" in name or "province" in name):
        sys.exit("DATABASE_URL must name a PostgreSQL database whose name has bench/province.")
    configure(database_url)
    import django  # noqa: PLC0415  (after django.setup())

    django.setup()
    from django.test import Client  # noqa: PLC0415  (after django.setup())
    from django.urls import reverse  # noqa: PLC0415  (after django.setup())

    from benchmarks.sessions import account, verified  # noqa: PLC0415  (after django.setup())
    from cdpf import roles  # noqa: PLC0415  (after django.setup())
    from cdpf.audit import acting_as  # noqa: PLC0415  (after django.setup())
    from cdpf.models import Region  # noqa: PLC0415  (after django.setup())
    from cdpf.paginator import BoundedPaginator  # noqa: PLC0415  (after django.setup())
    from cdpf.selectors import scope_regions  # noqa: PLC0415  (after django.setup())
    from certificates.forms import SearchForm  # noqa: PLC0415  (after django.setup())
    from certificates.selectors import search_certificates  # noqa: PLC0415  (after django.setup())

    with acting_as(None):
        users = {
            "district": account("bench_office", Region.objects.get(code=DISTRICT), roles.OFFICE),
            "city": account("bench_city", Region.objects.get(code=CITY), roles.SUPERVISOR),
        }
    city_regions = list(
        Region.objects.filter(code__startswith=CITY[:4], level="district")
        .order_by("code")
        .values_list("code", flat=True)[:3]
    )
    pages = [int(p) for p in args.pages.split(",")]
    index = reverse("certificates:index")
    rows_out = []
    for who, user in users.items():
        if args.only and who != args.only:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        verified(client, user)
        combos = combinations(city_regions if who == "city" else [])
        for combo in combos:
            form = SearchForm(combo, regions=scope_regions(user))
            if not form.is_valid():
                raise SystemExit(f"{who} {combo}: {form.errors.as_text()}")
            qs = search_certificates(user, filters=form.cleaned_data)
            # the list's own count: at most BoundedPaginator's limit + 1 rows (decision 0260)
            limit = BoundedPaginator(qs, 25).limit
            count_qs = qs.order_by().values("pk")[: limit + 1]
            count_sql, count_params = count_qs.query.sql_with_params()
            count_sql = f"SELECT COUNT(*) FROM ({count_sql}) AS subquery"
            count_ms, count_removed = plan_figures(count_sql, count_params)
            for page in pages:
                page_qs = qs[(page - 1) * 25 : page * 25]
                sql, params = page_qs.query.sql_with_params()
                page_ms, page_removed = plan_figures(sql, params)
                url = f"{index}?{urlencode({**combo, 'page': page})}"
                times = []
                for _ in range(args.reps):
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                    if response.status_code not in (200, 404):
                        raise SystemExit(f"{who} {url}: HTTP {response.status_code}")
                rows_out.append(
                    {
                        "who": who,
                        "combo": combo,
                        "page": page,
                        "count_ms": count_ms,
                        "page_ms": page_ms,
                        "removed": count_removed + page_removed,
                        "worst_ms": max(times),
                        "times": times,
                        "sql": (sql, params),
                    }
                )
            print(
                f"{who:8} {urlencode(combo) or '(no filter)':52} count {count_ms:7.1f} ms "
                + " ".join(
                    f"p{r['page']} {r['page_ms']:6.1f}/{r['worst_ms']:6.1f}"
                    for r in rows_out
                    if r["combo"] is combo
                )
                + f"  removed {sum(r['removed'] for r in rows_out if r['combo'] is combo):,}",
                flush=True,
            )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average {load}")
    for who in users:
        mine = [r for r in rows_out if r["who"] == who]
        if not mine:
            continue
        everything = [t for r in mine for t in r["times"]]
        p95 = statistics.quantiles(everything, n=100, method="inclusive")[94]
        discarding = [r for r in mine if r["removed"] > 1000]
        print(
            f"{who:8}: {len(mine)} filter × page combinations, page p95 {p95:.0f} ms "
            f"(target < {TARGET_MS:.0f}: {'PASS' if p95 < TARGET_MS else 'FAIL'}), worst "
            f"{max(everything):.0f} ms; SQL worst count {max(r['count_ms'] for r in mine):.0f} "
            f"ms, page {max(r['page_ms'] for r in mine):.0f} ms; {len(discarding)} plans "
            f"discard over 1,000 rows (most {max(r['removed'] for r in mine):,})"
        )
    if args.plans:
        for r in sorted(rows_out, key=lambda r: -r["page_ms"])[:3]:
            print(f"\n--- {r['who']} {urlencode(r['combo'])} page {r['page']} ---")
            print(text_plan(*r["sql"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
