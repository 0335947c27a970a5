"""django-otp's middleware with the authenticator read in one plain query (issue 16 item 1:
it is read on every request; cdpf/plain_reads.py). Everything else is django-otp's own: the
device must belong to the signed-in user and be confirmed, or the session forgets it."""

from contextlib import suppress

from django.apps import apps
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
