"""Request-level security controls of issue 15 (decisions 0121, 0123): every refusal (403) and
every not-found (404) is audited, and so is every request that searches by an ID number."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.cache import patch_cache_control

from cdpf import audit
from cdpf.models import AuditEntry

ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9A-Za-z])")
QUIET_PREFIXES = ("/favicon.ico", "/robots.txt")


def masked_id(number: str) -> str:
    """The form shown on masked pages: region code and the last four, the birth date hidden."""
    return number[:6] + "*" * 8 + number[-4:]


def ids_in(values) -> list[str]:
    found = []
    for value in values:
        found.extend(m.upper() for m in ID_NUMBER.findall(value or ""))
    return sorted(set(found))


class AuditRefusalsMiddleware:
    """Placed after authentication: the user (if any) is known when the response comes back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        if path.startswith(settings.STATIC_URL) or path.startswith(QUIET_PREFIXES):
            return response
        user = getattr(request, "user", None)
        user = user if user is not None and user.is_authenticated else None
        ip = audit.client_ip(request)
        if response.status_code in (403, 404):
            audit.record(
                action=AuditEntry.Action.DENIED,
                user=user,
                ip=ip,
                success=False,
                object_repr=path[:200],
                detail={"status": response.status_code, "method": request.method},
            )
        searched = ids_in(request.GET.values()) if user is not None else []
        if searched:
            audit.record(
                action=AuditEntry.Action.SEARCH_ID,
                user=user,
                ip=ip,
                object_repr=path[:200],
                detail={
                    "id_numbers": [masked_id(n) for n in searched],
                    "status": response.status_code,
                },
            )
        return response


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and `Cache-Control: no-store` on every response
    Django renders (pages, PDFs, spreadsheets): a shared office PC keeps no holder page or
    download in its cache. Static files are served before this middleware (WhiteNoise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Pragma", "no-cache")
        return response
