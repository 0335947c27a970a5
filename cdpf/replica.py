"""A read replica for dashboards, reports and exports (docs/decisions/0082).

When DATABASE_REPLICA_URL is set, the pages below read the records of the service apps from
the "replica" database (a PostgreSQL streaming standby); everything else, every write, and the
accounts and sessions (which must not lag behind a sign-in) stay on the primary."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.urls import Resolver404, resolve

REPLICA = "replica"
# The pages that only read, in bulk, and may be a second or so behind the primary.
REPORT_VIEWS = frozenset(
    {
        "employment_quota:dashboard",
        "employment_quota:dashboard_list",
        "employment_quota:employers_export",
        "duties:export",
        "massage_licensing:export",
        "certificates:renewals",
        "certificates:export",
        "supervision:dashboard",
    }
)
# Whose records are read from the replica on those pages.
REPLICA_APPS = frozenset(
    {
        "duties",
        "certificates",
        "employment_quota",
        "levy_relief",
        "massage_licensing",
        "supervision",
    }
)
_reading = ContextVar("cdpf_reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and getattr(settings, "REPLICA_READS", True)


@contextmanager
def reading_replica():
    """Read the service apps' records from the replica inside the block (when configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and model._meta.app_label in REPLICA_APPS and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read there may point to one here.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None if db != REPLICA else False  # the standby follows the primary


class ReplicaReadsMiddleware:
    """Runs the report pages (REPORT_VIEWS) inside `reading_replica`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = ""
        if name not in REPORT_VIEWS:
            return self.get_response(request)
        with reading_replica():
            return self.get_response(request)
