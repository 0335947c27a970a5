"""/healthz: whether this installation can do its work, for monitoring and compose's
healthchecks. No sign-in and no personal data: each check says only ok or not and why.

- database: reachable, and every migration of the code applied;
- worker: a background worker's heartbeat younger than 60 s (cdpf.worker);
- calendar: the holiday calendar has entries for every year of the next 12 months;
- storage: a file can be written and removed in PRIVATE_STORAGE_DIR;
- disk: free space there at least HEALTH_MIN_FREE_MB.

200 when every check passes, 503 otherwise. /healthz/web runs only the checks that concern a
web server itself (database, storage, disk): compose restarts a web container on those, not
because the worker or the calendar is behind.
"""

from __future__ import annotations

import datetime
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cdpf.models import CalendarDay, WorkerHeartbeat
from cdpf.permissions import public
from cdpf.worker import STALE_AFTER


def check_database() -> tuple[bool, str]:
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return False, f"unreachable ({type(error).__name__})"
    if pending:
        return False, f"{len(pending)} migrations not applied"
    return True, "reachable, migrations applied"


def check_worker() -> tuple[bool, str]:
    try:
        last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)[:1]
        last = last[0] if last else None
    except Exception as error:  # noqa: BLE001
        return False, f"unknown ({type(error).__name__})"
    if last is None:
        return False, "no worker has reported"
    age = (timezone.now() - last).total_seconds()
    if age > STALE_AFTER.total_seconds():
        return False, f"last heartbeat {int(age)} s ago"
    return True, f"last heartbeat {int(age)} s ago"


def check_calendar(today: datetime.date | None = None) -> tuple[bool, str]:
    today = today or timezone.localdate()
    years = range(today.year, (today + datetime.timedelta(days=365)).year + 1)
    try:
        entered = set(CalendarDay.objects.filter(date__year__in=list(years)).dates("date", "year"))
    except Exception as error:  # noqa: BLE001
        return False, f"unknown ({type(error).__name__})"
    missing = [year for year in years if datetime.date(year, 1, 1) not in entered]
    if missing:
        return False, "no holidays entered for " + ", ".join(map(str, missing))
    return True, "entered for " + ", ".join(map(str, years))


def check_storage() -> tuple[bool, str]:
    root = Path(settings.PRIVATE_STORAGE_DIR)
    probe = root / f".healthz-{uuid.uuid4().hex}"
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as error:
        return False, f"not writable ({type(error).__name__})"
    return True, "writable"


def check_disk() -> tuple[bool, str]:
    root = Path(settings.PRIVATE_STORAGE_DIR)
    try:
        free_mb = shutil.disk_usage(root if root.exists() else root.parent).free // 2**20
    except OSError as error:
        return False, f"unknown ({type(error).__name__})"
    minimum = settings.HEALTH_MIN_FREE_MB
    return free_mb >= minimum, f"{free_mb} MB free (at least {minimum} MB)"


ALL_CHECKS = {
    "database": check_database,
    "worker": check_worker,
    "calendar": check_calendar,
    "storage": check_storage,
    "disk": check_disk,
}
WEB_CHECKS = ("database", "storage", "disk")


def run_checks(names=tuple(ALL_CHECKS)) -> tuple[bool, dict]:
    results = {}
    for name in names:
        ok, detail = ALL_CHECKS[name]()
        results[name] = {"ok": ok, "detail": detail}
    return all(r["ok"] for r in results.values()), results


def _answer(names) -> JsonResponse:
    ok, results = run_checks(names)
    return JsonResponse(
        {"status": "ok" if ok else "failing", "checks": results},
        status=200 if ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )


@public
@never_cache
@require_GET
def healthz(request):
    """Every check; 200 when all pass, 503 otherwise."""
    return _answer(tuple(ALL_CHECKS))


@public
@never_cache
@require_GET
def healthz_web(request):
    """The checks about this web server only (compose's web healthcheck)."""
    return _answer(WEB_CHECKS)
