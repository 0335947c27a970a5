"""Structured logs and error reports (decision 61).

Every log line is one JSON object (python-json-logger) with the time, level, logger and
message, and the context of the work it belongs to: request id, user id and region for a
request (RequestLogMiddleware), task and job id for background work (cdpf.worker). Each
request ends with one line `"message": "request"` carrying method, path (never the query
string, which may hold an ID number), status, duration, the client's address (as our proxy
gave it) and the size of the body: the access log, written once (gunicorn's own is off unless
GUNICORN_ACCESS_LOG=1, decision 0310). The request id is sent back as
`X-Request-ID` and shown on the 500 page, so a user's reference finds the error's line.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from contextlib import contextmanager

from django.conf import settings
from pythonjsonlogger.json import JsonFormatter

request_logger = logging.getLogger("cdpf.request")
_context: contextvars.ContextVar[dict] = contextvars.ContextVar("cdpf_log_context", default=None)
CONTEXT_FIELDS = ("request_id", "user_id", "region", "task_id", "job_id")
_GOOD_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


@contextmanager
def log_context(**fields):
    """Add fields to every log line written inside the block (nested blocks add up)."""
    token = _context.set({**(_context.get() or {}), **fields})
    try:
        yield
    finally:
        _context.reset(token)


def current(field: str):
    return (_context.get() or {}).get(field)


class ContextFilter(logging.Filter):
    """Copies the current context onto each record (None where it does not apply)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get() or {}
        for name in CONTEXT_FIELDS:
            if not hasattr(record, name):
                setattr(record, name, context.get(name))
        return True


class JsonLineFormatter(JsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("json_ensure_ascii", False)
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s "
            + " ".join(f"%({name})s" for name in CONTEXT_FIELDS),
            *args,
            **kwargs,
        )


def client_ip(request) -> str | None:
    """The client's address; X-Forwarded-For counts only when our own proxy sent it (as the
    audit log takes it, cdpf.audit.client_ip)."""
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and remote in settings.TRUSTED_PROXIES:
        return forwarded.split(",")[-1].strip() or remote
    return remote


def request_id_for(request) -> str:
    """Our proxy's id (nginx $request_id) when it sent one, so both logs share it; only from
    TRUSTED_PROXIES, as for the audit log's client address."""
    remote = request.META.get("REMOTE_ADDR")
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if given and remote in settings.TRUSTED_PROXIES and _GOOD_ID.match(given):
        return given
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives the request its id, and writes its one line at the end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.request_id = request_id_for(request)
        with log_context(request_id=request.request_id):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            signed_in = user is not None and user.is_authenticated
            region = getattr(user, "region", None) if signed_in else None
            status = response.status_code
            level = logging.ERROR if status >= 500 else logging.INFO
            if request_logger.isEnabledFor(level):  # the line's values cost nothing unwritten
                request_logger.log(
                    level,
                    "request",
                    extra={
                        "user_id": user.pk if signed_in else None,
                        "region": region.code if region is not None else None,
                        "method": request.method,
                        "path": request.path,
                        "status": status,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                        "client": client_ip(request),
                        "bytes": None if response.streaming else len(response.content),
                    },
                )
        response["X-Request-ID"] = request.request_id
        return response


# Error reports ------------------------------------------------------------------------------

# Keys whose values never leave the server in an error report (on top of sentry's own list).
SCRUB_KEYS = {
    "id_number",
    "idnumber",
    "id_no",
    "certificate_number",
    "name",
    "display_name",
    "phone",
    "address",
    "username",
    "password",
    "csrfmiddlewaretoken",
    "sessionid",
    "csrftoken",
    "guardian",
    "birth_date",
    "email",
}


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Keeps only what finding the bug needs: no request body, query, cookies or headers but
    a few harmless ones, the user's id only, and no local variables."""
    request = event.get("request") or {}
    for key in ("data", "cookies", "query_string", "env"):
        request.pop(key, None)
    if "headers" in request:
        keep = {"Host", "User-Agent", "Content-Type", "X-Request-Id", "X-Request-ID"}
        request["headers"] = {k: v for k, v in request["headers"].items() if k in keep}
    if "url" in request:
        request["url"] = request["url"].split("?", 1)[0]
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb.pop("data", None)
    extra = event.get("extra") or {}
    for key in list(extra):
        if key.lower() in SCRUB_KEYS:
            extra[key] = "[Filtered]"
    request_id = current("request_id")
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_sentry(dsn: str, environment: str, release: str) -> None:
    """Error reporting to a Sentry-compatible server; only called when SENTRY_DSN is set."""
    import sentry_sdk  # noqa: PLC0415  (optional: Sentry loads only with SENTRY_DSN set)
    from sentry_sdk.integrations.django import DjangoIntegration  # noqa: PLC0415  (optional: Sentry loads only with SENTRY_DSN set)
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber  # noqa: PLC0415  (optional: Sentry loads only with SENTRY_DSN set)

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        event_scrubber=EventScrubber(denylist=DEFAULT_DENYLIST + sorted(SCRUB_KEYS)),
        before_send=scrub_event,
        traces_sample_rate=0.0,
    )
