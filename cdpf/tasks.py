"""Tasks handed to django-tasks; the database backend's worker (`manage.py worker`) runs them."""

from django_tasks import task

from cdpf import job_runs
from cdpf.models import Job


@task(takes_context=True)
def run_job(context, job_id: int) -> dict:
    """Run the job; the task fails when its job fails, so the task table tells the truth."""
    result = context.task_result
    status = job_runs.run(job_id, task_id=str(result.id), worker_id=(result.worker_ids or [""])[-1])
    if status == Job.Status.FAILED:
        raise job_runs.JobFailed(f"job {job_id} failed; its message is on the job's page")
    return {"job": job_id, "status": status}
