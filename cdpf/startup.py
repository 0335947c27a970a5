"""Production refuses to start while a project deploy check fails (decision 0123): the WSGI
application runs the `cdpf.*` deploy checks (the demo accounts with their published password,
the placeholder SECRET_KEY) and raises instead of serving."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def refuse_unsafe_start() -> None:
    if settings.DEBUG:
        return
    errors = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.is_serious() and (message.id or "").startswith("cdpf.")
    ]
    if errors:
        raise ImproperlyConfigured(
            "Refusing to start: " + " ".join(f"{e.id}: {e.msg}" for e in errors)
        )
