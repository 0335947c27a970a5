"""Password rules of 等保 2.0 beyond Django's (decision 0125): a common password in disguise is
refused, the last passwords may not be reused, and a password expires after a number of days
(policy parameters security.password_*)."""

from __future__ import annotations

import datetime
import gzip
import re
from pathlib import Path

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf.models import PasswordHistory, User
from cdpf.params import get_param

LEET = str.maketrans(
    {"0": "o", "@": "a", "4": "a", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"}
)
# Words every guesser tries first that Django's list may miss in Chinese offices.
LOCAL_WORDS = {"password", "passwd", "admin", "administrator", "qwerty", "welcome", "cdpf",
               "canlian", "yongnian", "handan", "hebei", "woaini", "abc", "iloveyou"}  # fmt: skip


def _django_common() -> set[str]:
    path = Path(password_validation.__file__).parent / "common-passwords.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {line.strip() for line in handle}


_COMMON: set[str] | None = None


def core_word(password: str) -> str:
    """The word under the disguise: lower case, the digits and symbols stuck to either end (a
    year, "!!", "123") removed, then look-alike digits and symbols read as letters."""
    text = password.lower()
    text = re.sub(r"^[^a-z]+|[^a-z]+$", "", text) or text
    return text.translate(LEET)


class CommonPasswordVariantValidator:
    """Refuses Passw0rd!!, P@ssw0rd2026 and the like: a common password with letters swapped
    for look-alike digits and a year or symbols added."""

    def validate(self, password, user=None):
        global _COMMON
        if _COMMON is None:
            _COMMON = _django_common() | LOCAL_WORDS
        word = core_word(password)
        plain = re.sub(r"[^a-z]", "", password.lower().translate(LEET))
        if word in _COMMON or plain in _COMMON or password.lower() in _COMMON:
            raise ValidationError(
                _("This password is a common password in disguise; choose another."),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Not a common password, even with letters swapped for digits or a year added.")


def _history_count() -> int:
    return get_param("security.password_history_count", on=timezone.localdate(), region=None)


class PasswordHistoryValidator:
    """Refuses the current password and the ones before it; records every new one."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return

        earlier = PasswordHistory.objects.filter(user=user).order_by("-changed_at", "-id")
        hashes = [user.password] + list(
            earlier.values_list("password", flat=True)[: _history_count()]
        )
        if any(h and check_password(password, h) for h in hashes):
            raise ValidationError(
                _("This password was used recently; choose one not among the last %(n)s.")
                % {"n": _history_count()},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return

        PasswordHistory.objects.create(user=user, password=make_password(password))
        user.password_changed_at = timezone.now()
        User.objects.filter(pk=user.pk).update(password_changed_at=user.password_changed_at)
        keep = PasswordHistory.objects.filter(user=user).order_by("-changed_at", "-id")
        stale = list(keep.values_list("id", flat=True)[_history_count() :])
        PasswordHistory.objects.filter(id__in=stale).delete()

    def get_help_text(self):
        return _("Not one of your recent passwords.")


def password_expired(user, now: datetime.datetime | None = None) -> bool:
    """True when the password is older than security.password_max_age_days."""
    now = now or timezone.now()
    changed = user.password_changed_at or user.date_joined
    days = get_param("security.password_max_age_days", on=timezone.localdate(now), region=None)
    return now - changed > datetime.timedelta(days=days)
