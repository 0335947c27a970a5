"""Throttling sign-ins instead of locking accounts at once (decision 0121).

After a few failures each further attempt must wait, the wait doubling with every failure up to
a cap, per account name and per client address. Only after many failures is a known account
locked, and then only an administrator unlocks it. The counts come from the audit log (every
failure is a LOGIN_FAILED entry), so a refusal needs no extra table. The numbers are national
policy parameters (security.signin_*).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone

from cdpf import audit
from cdpf.models import AuditEntry, User
from cdpf.params import get_param


@dataclass(frozen=True)
class SigninState:
    wait_seconds: int  # 0 when an attempt may be made now
    locked: bool

    @property
    def refused(self) -> bool:
        return self.locked or self.wait_seconds > 0


def _param(name: str, now: datetime.datetime) -> int:
    return get_param(f"security.signin_{name}", on=timezone.localdate(now), region=None)


def delay_after(failures: int, free: int, cap: int) -> int:
    """Seconds to wait after `failures` failures: none for the first `free`, then 2, 4, 8 …"""
    if failures < free:
        return 0
    return min(cap, 2 ** min(failures - free + 1, 30))


def _failures(qs, since):
    return qs.filter(action=AuditEntry.Action.LOGIN_FAILED, at__gte=since).aggregate(
        count=Count("id"), last=Max("at")
    )


def account_failures(username: str, now: datetime.datetime) -> tuple[int, datetime.datetime | None]:
    """Failures of this name since the window began, its last success, or its last unlock."""
    window = now - datetime.timedelta(hours=_param("failure_window_hours", now))
    user = User.objects.filter(username=username).only("signin_unlocked_at").first()
    since = window
    if user is not None and user.signin_unlocked_at and user.signin_unlocked_at > since:
        since = user.signin_unlocked_at
    last_success = (
        AuditEntry.objects.filter(username=username, action=AuditEntry.Action.LOGIN, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    found = _failures(AuditEntry.objects.filter(username=username), last_success or since)
    return found["count"], found["last"]


def address_failures(ip: str | None, now: datetime.datetime):
    if not ip:
        return 0, None
    window = now - datetime.timedelta(hours=_param("failure_window_hours", now))
    found = _failures(AuditEntry.objects.filter(ip=ip), window)
    return found["count"], found["last"]


def signin_state(username: str, ip: str | None = None) -> SigninState:
    """Whether a sign-in (or a signature by password) may be attempted now."""
    now = timezone.now()
    cap = _param("delay_cap_seconds", now)
    count, last = account_failures(username, now)
    locked = (
        count >= _param("lock_failures", now)
        or User.objects.filter(username=username, signin_locked_at__isnull=False).exists()
    )
    wait = 0
    if last is not None:
        delay = delay_after(count, _param("free_failures", now), cap)
        wait = max(wait, delay - int((now - last).total_seconds()))
    ip_count, ip_last = address_failures(ip, now)
    if ip_last is not None:
        delay = delay_after(ip_count, _param("address_free_failures", now), cap)
        wait = max(wait, delay - int((now - ip_last).total_seconds()))
    return SigninState(wait_seconds=max(wait, 0), locked=locked)


def note_failure(username: str) -> None:
    """After a failure: lock a known account that has now failed too often."""
    now = timezone.now()
    user = User.objects.filter(username=username, signin_locked_at__isnull=True).first()
    if user is None:
        return
    count, _last = account_failures(username, now)
    if count >= _param("lock_failures", now):
        user.signin_locked_at = now
        user.save(update_fields=["signin_locked_at"])


def account_unlock(*, actor, user: User) -> None:
    """An administrator lifts the lock; the failures before it no longer count (audited as a
    change of the account, by whoever is acting)."""
    with audit.acting_as(actor, audit.current_actor().ip if audit.current_actor() else None):
        user.signin_locked_at = None
        user.signin_unlocked_at = timezone.now()
        user.save(update_fields=["signin_locked_at", "signin_unlocked_at"])
