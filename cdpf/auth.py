"""Authentication rules of 等保 2.0: lockout after repeated failures, strong passwords."""

import datetime
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf.models import AuditEntry


def is_locked_out(username: str) -> bool:
    """True when the account has failed too often within the lockout window."""
    since = timezone.now() - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    last_success = (
        AuditEntry.objects.filter(username=username, action=AuditEntry.Action.LOGIN, at__gte=since)
        .values_list("at", flat=True)
        .first()
    )
    failures = AuditEntry.objects.filter(
        username=username, action=AuditEntry.Action.LOGIN_FAILED, at__gte=last_success or since
    )
    return failures.count() >= settings.LOGIN_FAILURE_LIMIT


class LockoutModelBackend(ModelBackend):
    """The model backend, refusing an account that is locked out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and is_locked_out(username):
            # PermissionDenied stops authentication and fires user_login_failed (audited).
            raise PermissionDenied("locked out")
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The signed-in user with their region, which every scoped page reads."""
        try:
            user = get_user_model()._default_manager.select_related("region").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class CharacterClassValidator:
    """A password must mix at least three of: lower case, upper case, digits, symbols."""

    def validate(self, password, user=None):
        classes = sum(
            bool(re.search(pattern, password))
            for pattern in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")
        )
        if classes < 3:
            raise ValidationError(
                _(
                    "The password must mix at least three of: lower case letters, upper case "
                    "letters, digits and symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("Mix at least three of: lower case letters, upper case letters, digits, symbols.")
