"""gunicorn settings for production (the image's CMD and docker-compose use them).
The access log goes to stdout, one JSON line per request, beside the app's own JSON lines."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Printing a long PDF can take a while; nginx waits as long (deploy/nginx.conf).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The client's address as the proxy saw it (%({x-forwarded-for}i)s), the request id the app
# gave the request (its X-Request-ID response header) and the duration in microseconds.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", '
    '"forwarded_for": "%({x-forwarded-for}i)s", "request_id": "%({x-request-id}o)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": "%(s)s", "bytes": "%(B)s", '
    '"duration_us": "%(D)s"}'
)
