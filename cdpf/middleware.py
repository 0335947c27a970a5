"""Request-wide guards: who is acting (for the audit log) and default-deny on views."""

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied

from cdpf import audit
from cdpf.permissions import declared_access

# Django admin checks is_staff and model permissions on every view itself.
EXEMPT_NAMESPACES = {"admin"}


class ChineseByDefaultMiddleware:
    """Simplified Chinese unless the user chose another language with the switch (a cookie):
    the browser's Accept-Language header is ignored, so an English-language browser on an
    office PC still gets the Chinese interface."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with audit.acting_as(user, audit.client_ip(request)):
            return self.get_response(request)


class DefaultDenyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and EXEMPT_NAMESPACES.intersection(match.namespaces):
            return None
        if declared_access(view_func) is None:
            raise PermissionDenied("This page does not declare who may use it.")
        return None


class IdleTimeoutMiddleware:
    """Keeps a signed-in session alive while it is used: the session (and its cookie's
    expiry, SESSION_COOKIE_AGE) is written again when the last write is older than
    SESSION_REFRESH_SECONDS, instead of on every request. The idle timeout is then
    SESSION_COOKIE_AGE minus at most the refresh interval, and a page costs no write."""

    KEY = "_cdpf_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved with a new expiry
        return response
