"""Project system checks run by `manage.py check --deploy`: production must not start with the
placeholder SECRET_KEY of .env.example, nor with the demo accounts (and their published
password) in its database."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError

from cdpf.management.commands.load_demo import ACCOUNTS, DEMO_PASSWORD
from cdpf.models import User

PLACEHOLDER_KEYS = {
    "build-only",
    "insecure-development-key-do-not-use-in-production-0123456789",
}


def _is_placeholder(key: str) -> bool:
    return key in PLACEHOLDER_KEYS or "change-me" in key.lower()


@register(deploy=True)
def secret_key_is_not_a_placeholder(app_configs=None, **kwargs):
    if _is_placeholder(settings.SECRET_KEY):
        return [
            Error(
                "SECRET_KEY is the placeholder of .env.example (or a build/development key).",
                hint='Set a random one: python3 -c "import secrets; '
                'print(secrets.token_urlsafe(50))"',
                id="cdpf.E001",
            )
        ]
    return []


def demo_accounts_present() -> list[str]:
    """Active demo accounts (README's usernames) that still have the published password."""
    usernames = [account[0] for account in ACCOUNTS]
    return [
        user.username
        for user in User.objects.filter(username__in=usernames, is_active=True)
        if user.check_password(DEMO_PASSWORD)
    ]


@register(deploy=True)
def no_demo_accounts_in_production(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    try:
        present = demo_accounts_present()
    except DatabaseError:
        return []  # no database yet (e.g. before the first migrate): nothing to refuse
    if present:
        return [
            Error(
                "Demo accounts with the published password exist: " + ", ".join(present) + ".",
                hint="Deactivate or delete them in Django admin (or set a new password).",
                id="cdpf.E002",
            )
        ]
    return []


@register(deploy=True)
def second_factor_required_in_production(app_configs=None, **kwargs):
    """等保 level 3 asks two factors of every staff sign-in (decision 0150)."""
    if settings.DEBUG or getattr(settings, "OTP_REQUIRED", True):
        return []
    return [
        Error(
            "OTP_REQUIRED is off: staff would sign in with a password alone.",
            hint="Remove OTP_REQUIRED=0 from the environment.",
            id="cdpf.E140",
        )
    ]
