"""`manage.py healthcheck web|worker`: the containers' healthchecks (docker-compose.yml).

- web: GET http://127.0.0.1:8000/healthz/web on this container (gunicorn answers, the
  database is reachable and migrated, private storage writable, disk space);
- worker: this container's worker process wrote its heartbeat less than 60 s ago.
Exit 0 when healthy, 1 otherwise, with the reason on stdout."""

import http.client
import json
import socket

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cdpf.models import WorkerHeartbeat
from cdpf.worker import STALE_AFTER


class Command(BaseCommand):
    help = "Container healthcheck: exit 0 when this web server or worker is healthy"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["web", "worker"])
        parser.add_argument("--address", default="127.0.0.1:8000")

    def handle(self, *args, what, address, **options):
        ok, detail = self.web(address) if what == "web" else self.worker()
        self.stdout.write(detail)
        if not ok:
            raise CommandError(f"{what} unhealthy: {detail}")

    def web(self, address: str) -> tuple[bool, str]:
        host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
        try:
            conn = http.client.HTTPConnection(address, timeout=10)
            conn.request("GET", "/healthz/web", headers={"Host": host.lstrip(".")})
            response = conn.getresponse()
            body = response.read().decode()
        except OSError as error:
            return False, f"no answer from {address} ({error})"
        try:
            checks = json.loads(body).get("checks", {})
        except ValueError:
            checks = {}
        failing = [f"{n}: {c['detail']}" for n, c in checks.items() if not c.get("ok")]
        if response.status != 200:
            return False, f"HTTP {response.status} " + "; ".join(failing)
        return True, "ok"

    def worker(self) -> tuple[bool, str]:
        last = (
            WorkerHeartbeat.objects.filter(hostname=socket.gethostname()[:255])
            .order_by("-beat_at")
            .values_list("beat_at", flat=True)
            .first()
        )
        if last is None:
            return False, f"no heartbeat from {socket.gethostname()}"
        age = (timezone.now() - last).total_seconds()
        return age <= STALE_AFTER.total_seconds(), f"last heartbeat {int(age)} s ago"
