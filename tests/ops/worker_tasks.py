"""A task for the worker test (tasks must be importable module-level functions)."""

from django_tasks import task

from cdpf.models import WorkerHeartbeat

seen: list = []


@task()
def note(value: int) -> int:
    row = WorkerHeartbeat.objects.get(worker_id="task-worker")
    seen.append((value, row.running_task))
    return value
