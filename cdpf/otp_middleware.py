"""django-otp's middleware with the authenticator read in one plain query (issue 16 item 1:
it is read on every request; cdpf/plain_reads.py). Everything else is django-otp's own: the
device must belong to the signed-in user and be confirmed, or the session forgets it.

It also resolves ``request.user`` at once instead of leaving it behind two lazy proxies: every
staff page reads the user (the middleware after this one already do), and each of a page's
300-450 reads of ``request.user.…`` went through the proxy's indirection."""

import functools
from contextlib import suppress

from django.apps import apps
from django.utils.functional import SimpleLazyObject, empty
from django_otp import middleware
from django_otp.models import Device

from cdpf import plain_reads


class OTPMiddleware(middleware.OTPMiddleware):
    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        with suppress(ValueError, LookupError):
            model_label, device_id = persistent_id.rsplit("/", 1)
            device_class = apps.get_model(model_label)
            if issubclass(device_class, Device):
                found = plain_reads.rows(device_class, "t.id = %s", [int(device_id)])
                return found[0] if found else None
        return None

    def __call__(self, request):
        if self._is_async:
            return super().__call__(request)
        user = getattr(request, "user", None)
        if user is not None:
            if isinstance(user, SimpleLazyObject):
                if user._wrapped is empty:
                    user._setup()
                user = user._wrapped
            request.user = self._verify_user_sync(request, user)
        auser = getattr(request, "auser", None)
        if auser is not None:
            request.auser = functools.partial(
                self._verify_user_async_via_auser, request, auser
            )
        return self.get_response(request)
