"""Builders shared by every app's tests: users by role and region, ID numbers, certificate
holders. Fixtures live in tests/conftest.py (the standing users) and each app's conftest; plain
functions that tests call live here, so that no test imports another test module."""

from __future__ import annotations

from django.contrib.auth.models import Group

from cdpf import roles
from cdpf.models import Region, User

PASSWORD = "Test-pass-2026!"


def make_user(username: str, region_code: str | None, *role_names: str, **extra) -> User:
    region = Region.objects.get(code=region_code) if region_code else None
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        region=region,
        is_staff=bool(set(role_names) & set(roles.ADMIN_ROLES)),
        **extra,
    )
    user.groups.set(Group.objects.filter(name__in=role_names))
    return user
