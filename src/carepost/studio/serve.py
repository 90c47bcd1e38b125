"""``carepost serve``: migrate, seed the demo, run the web server and an in-process worker."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.management import call_command


def _start_worker() -> threading.Thread:
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"embedded-{get_random_string(8)}",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="carepost-worker", daemon=True)
    thread.start()
    from carepost.studio.publishing.worker import start_dispatcher

    start_dispatcher()  # due posts → publish jobs → tasks for the worker above
    return thread


def _start_housekeeping(interval: float = 3600.0) -> threading.Thread:
    """Enqueue the studio's periodic tasks (reminders, expiry sweeps) every ``interval`` s."""
    import logging

    from carepost.studio.reviews.tasks import housekeeping_enqueue

    def loop() -> None:
        pause, never = 5.0, threading.Event()  # first sweep shortly after start-up
        while not never.wait(pause):
            pause = interval
            try:
                housekeeping_enqueue()
            except Exception:  # a failed sweep must not stop the next one
                logging.getLogger(__name__).exception("housekeeping enqueue failed")

    thread = threading.Thread(target=loop, name="carepost-housekeeping", daemon=True)
    thread.start()
    return thread


def serve(*, host: str, port: int, worker: bool, seed: bool) -> int:
    call_command("migrate", interactive=False, verbosity=0)
    if seed:
        from carepost.studio.demo.seed import seed_demo

        print(seed_demo())
    if worker:
        _start_worker()
        _start_housekeeping()
    url = f"http://{host}:{port}/"
    print(f"carepost studio: {url}")
    if seed:
        print(f"demo login: {settings.CAREPOST_DEMO_EMAIL} / {settings.CAREPOST_DEMO_PASSWORD}")
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
    return 0
