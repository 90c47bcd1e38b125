from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run a task worker plus the publishing dispatcher (run as many as you like on PostgreSQL)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--queue-name", default=None, help="only this queue (default: all)")
        parser.add_argument(
            "--interval", type=float, default=0.2, help="seconds between polls when idle"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from carepost.studio.publishing.worker import run_worker

        run_worker(queue=options["queue_name"], interval=options["interval"])
