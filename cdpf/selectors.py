"""Reads shared by every app: region scoping and the lists of the shared core."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cdpf import plain_reads
from cdpf.models import SCOPE_PREFIX_LENGTH, AuditEntry, Job, Region


def scope_regions(user) -> list[Region]:
    """The user's region and every region below it, read once per request (cached on the
    user object), in code order."""
    region = getattr(user, "region", None)
    if region is None:
        return []
    cached = getattr(user, "_scope_regions", None)
    if cached is None or cached[0] != region.scope_prefix:
        cached = (region.scope_prefix, _regions_under(region.scope_prefix))
        user._scope_regions = cached
    return cached[1]


def _regions_under(prefix: str) -> list[Region]:
    """Every region whose code starts with `prefix`, in code order: what
    ``Region.objects.filter(code__startswith=prefix)`` returns, in one plain query (read on
    every page: cdpf/plain_reads.py)."""
    if not prefix.isdigit():
        return list(Region.objects.filter(code__startswith=prefix))
    return plain_reads.rows(Region, "t.code LIKE %s", [f"{prefix}%"], order_by="t.code")


def scope_regions_sql(region: str) -> str:
    """A PostgreSQL expression for ``scope_regions`` of a user whose region row is the table
    alias `region`: a JSON list of the regions' columns in code order, NULL without a region.
    Codes are six digits (constraint region_code_six_digits), so LIKE finds no wildcard in them.
    The signed-in user's read carries it (cdpf.auth) so that the scope costs no query of its
    own; ``prime_scope_regions`` takes it."""
    table = Region._meta.db_table
    columns = ", ".join(f"s.{c}" for c in plain_reads.model_columns(Region))
    lengths = " ".join(
        f"WHEN '{level}' THEN substr({region}.code, 1, {n})"
        for level, n in SCOPE_PREFIX_LENGTH.items()
    )
    return (
        f"(SELECT json_agg(json_build_array({columns}) ORDER BY s.code) FROM {table} s "
        f"WHERE s.code LIKE (CASE {region}.level {lengths} ELSE {region}.code END) || '%%')"
    )


def prime_scope_regions(user, found) -> None:
    """Keep on `user` the regions read by ``scope_regions_sql`` (nothing when it read none),
    as ``scope_regions`` keeps what it reads."""
    region = getattr(user, "region", None)
    if found is None or region is None:
        return
    user._scope_regions = (region.scope_prefix, plain_reads.instances(Region, found))


def scope_region_ids(user) -> list[int]:
    """Ids of the user's region and every region below it.

    Lists filter on these ids rather than on a JOIN with ``code LIKE '1304%'``: the planner
    cannot estimate the LIKE and scanned whole tables at province size (benchmarks/README.md).
    """
    return [r.pk for r in scope_regions(user)]


def scope_to_user(qs: QuerySet, user, *, field: str = "region") -> QuerySet:
    """Only records of the user's region and the regions below it; nothing without a region."""
    if getattr(user, "region", None) is None:
        return qs.none()
    path = f"{field}__in" if field else "id__in"
    return qs.filter(**{path: scope_region_ids(user)})


def get_scoped_or_404(qs: QuerySet, user, *, field: str = "region", **lookup):
    """One record the user may see; another region's record is indistinguishable from none."""
    try:
        return scope_to_user(qs, user, field=field).get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise Http404 from exc


def regions_visible_to(user) -> QuerySet:
    region = getattr(user, "region", None)
    if region is None:
        return Region.objects.none()
    return Region.objects.filter(code__startswith=region.scope_prefix)


def audit_range_filter(date_from, date_to) -> dict:
    """Local calendar days as a range on the time column itself (no cast of each row to a
    date), so the index on `at` serves the filter at any size of log."""

    def start_of(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    lookup = {}
    if date_from:
        lookup["at__gte"] = start_of(date_from)
    if date_to:
        lookup["at__lt"] = start_of(date_to + datetime.timedelta(days=1))
    return lookup


def audit_entries_for(user, *, filters: dict) -> QuerySet:
    """The audit log as the user may browse it: their region and below, newest first, and the
    failed sign-ins under names that belong to no account (they have no region)."""
    region = user.region
    unknown_names = Q(
        region_code="",
        action__in=[AuditEntry.Action.LOGIN_FAILED, AuditEntry.Action.LOGIN_REFUSED],
    )
    qs = AuditEntry.objects.filter(Q(region_code__startswith=region.scope_prefix) | unknown_names)
    if filters.get("username"):
        qs = qs.filter(username__icontains=filters["username"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    qs = qs.filter(**audit_range_filter(filters.get("date_from"), filters.get("date_to")))
    if filters.get("success") in {"yes", "no"}:
        qs = qs.filter(success=filters["success"] == "yes")
    return qs.order_by("-at", "-id")


def jobs_for(user) -> QuerySet:
    return scope_to_user(Job.objects.select_related("created_by"), user)
