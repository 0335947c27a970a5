"""Tasks handed to django-tasks; the database backend's worker (`db_worker`) runs them."""

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from cdpf import jobs

    jobs.run(job_id)
