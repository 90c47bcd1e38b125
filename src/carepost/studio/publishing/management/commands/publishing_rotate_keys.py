from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored platform token with the first key of CAREPOST_TOKEN_KEYS. "
        "Put the new key first, run this, then remove the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from carepost.studio.publishing.accounts import tokens_rotate

        count = tokens_rotate()
        self.stdout.write(f"re-encrypted {count} account(s)")
