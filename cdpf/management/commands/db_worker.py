"""`manage.py db_worker`: django-tasks-db's worker command, running cdpf.worker's loop with
the per-process heartbeat. cdpf is listed before django_tasks_db in INSTALLED_APPS so this
command is the one `db_worker` runs."""

from django_tasks_db.management.commands import db_worker

from cdpf.worker import HeartbeatWorker


class Command(db_worker.Command):
    help = "Run the background worker (with its heartbeat for /healthz)"

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = HeartbeatWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
