"""gunicorn settings for production (the image's CMD and docker-compose use them).
Every request is logged once, by the app's own JSON line (cdpf.observability: request id, user,
region, method, path, status, duration, client, bytes). gunicorn's access log repeated it and
cost 3 % of a worker's time (decision 0310): GUNICORN_ACCESS_LOG=1 turns it back on."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Printing a long PDF can take a while; nginx waits as long (deploy/nginx.conf).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "0") == "1" else None
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


def post_worker_init(worker):
    """Once the app is loaded in a worker, its objects (modules, settings, URL patterns,
    compiled templates) move out of the garbage collector's sight: every collection walked
    them again, 2.6 % of a worker's CPU under load, 1.6 % after (decision 0310)."""
    gc.collect()
    gc.freeze()
