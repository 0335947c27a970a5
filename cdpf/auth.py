"""Authentication rules of 等保 2.0: throttled sign-ins, strong passwords."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.utils.translation import gettext as _

from cdpf import audit, plain_reads
from cdpf.management.commands.load_demo import ACCOUNTS, DEMO_PASSWORD
from cdpf.selectors import prime_scope_regions, scope_regions_sql
from cdpf.signin import signin_state


def is_locked_out(username: str, ip: str | None = None) -> bool:
    """True when the account (or the address) must wait, or the account is locked."""
    return signin_state(username, ip).refused


def is_demo_credential(username: str | None, password: str | None) -> bool:
    return password == DEMO_PASSWORD and username in {account[0] for account in ACCOUNTS}


class LockoutModelBackend(ModelBackend):
    """The model backend, refusing an attempt that must wait or an account that is locked,
    before the password is even checked (cdpf.signin)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEBUG and is_demo_credential(username, password):
            # README publishes these: never a way in outside development (decision 0123)
            raise PermissionDenied("demo account")
        if username:
            state = signin_state(username, audit.client_ip(request) if request else None)
            if state.refused:
                if request is not None:
                    request.cdpf_signin_refused = state
                # PermissionDenied stops authentication and fires user_login_failed (audited).
                raise PermissionDenied("throttled")
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The signed-in user with their region, which every scoped page reads."""
        # one plain query on every request (cdpf/plain_reads.py)
        model = get_user_model()
        pk = model._meta.pk.column
        values = ()
        if connections[router.db_for_read(model)].vendor == "postgresql":
            # …with their roles and the regions in their scope, which every staff page reads
            # next: one query instead of three.
            values = (f"ARRAY({model.role_names_sql(f't.{pk}')})", scope_regions_sql("r"))
        found = plain_reads.rows_with(
            model, f"t.{pk} = %s", [user_id], related="region", values=values
        )
        if not found:
            return None
        user, extra = found[0]
        if extra:
            user._role_names = set(extra[0])
            prime_scope_regions(user, extra[1])
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
