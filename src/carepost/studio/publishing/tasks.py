"""The publish task, run by any ``django.tasks`` worker. It receives an id and fetches."""

from __future__ import annotations

from django_tasks import task

from .services import job_run


@task()
def publish_job_task(job_id: int) -> str:
    return job_run(job_id=job_id)
