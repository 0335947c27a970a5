"""Default-deny access: every view declares who may use it; undeclared views are refused."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

ACCESS_ATTR = "cdpf_access"


def public(view):
    """Open to anyone, signed in or not (the login page, the language switch)."""
    setattr(view, ACCESS_ATTR, ("public",))
    return view


def require_roles(*roles: str):
    """Signed-in staff holding at least one of `roles`; others get 403, anonymous go to login."""
    if not roles:
        raise ValueError("require_roles needs at least one role")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_active or user.region_id is None or not user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, tuple(roles))
        return wrapper

    return decorator


def declared_access(view) -> tuple[str, ...] | None:
    """The roles a view declared, looking through class-based view wrappers."""
    access = getattr(view, ACCESS_ATTR, None)
    if access is None and hasattr(view, "view_class"):
        access = getattr(view.view_class, ACCESS_ATTR, None)
    return access


def is_province_admin(user) -> bool:
    """A superuser, or an account of a province-level region (the province's calendar and
    parameters are theirs)."""
    return user.is_superuser or (
        user.region is not None and user.region.level == user.region.Level.PROVINCE
    )
