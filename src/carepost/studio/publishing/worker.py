"""The scheduler loop every worker runs next to its task loop.

``carepost worker`` = django-tasks-db's worker (executes publish tasks) + this dispatcher thread
(materializes due posts into jobs, resumes after crisis, enqueues due/expired/lost jobs). Every
worker runs both; they coordinate only through the database (unique constraints, conditional
updates, SKIP LOCKED on PostgreSQL), so any number can run and any can die.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections

from .conf import conf

log = logging.getLogger("carepost.publishing")


def dispatcher_loop(stop: threading.Event) -> None:
    from django.db.utils import OperationalError

    from .services import dispatch_tick

    while not stop.is_set():
        close_old_connections()
        try:
            dispatch_tick()
        except OperationalError as exc:  # SQLite busy, PostgreSQL restart: try next tick
            log.warning("dispatcher: database busy (%s); retrying", type(exc).__name__)
        except Exception:
            log.exception("dispatcher tick failed; retrying")
        stop.wait(conf("TICK_SECONDS"))
    close_old_connections()


def start_dispatcher() -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(
        target=dispatcher_loop, args=(stop,), name="carepost-dispatcher", daemon=True
    )
    thread.start()
    return thread, stop


def run_worker(*, queue: str | None = None, interval: float = 0.2, worker_name: str = "") -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    from .services import worker_id

    start_dispatcher()
    worker = Worker(
        queue_names=[queue] if queue else ["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=(worker_name or worker_id())[:64],
        excluded_queue_names=[],
    )
    worker.configure_signals()
    while True:
        try:
            worker.run()
            return
        except Exception:  # e.g. "database is locked" beyond the busy timeout on SQLite
            log.exception("worker loop error; restarting in 1 s")
            time.sleep(1)
