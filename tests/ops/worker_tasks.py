"""A task for the worker test (tasks must be importable module-level functions)."""

from django_tasks import task

seen: list = []


@task()
def note(value: int) -> int:
    from cdpf.models import WorkerHeartbeat

    row = WorkerHeartbeat.objects.get(worker_id="task-worker")
    seen.append((value, row.running_task))
    return value
