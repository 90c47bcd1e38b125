from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    """One append-only, hash-chained audit event.

    No foreign keys: an event must outlive the user, workspace or post it mentions (and on
    PostgreSQL a trigger rejects UPDATE, so ``ON DELETE SET NULL`` could never run anyway).
    ``hash = HMAC(key, canonical(event) + prev_hash)``; see ``carepost.studio.audit.chain``.
    """

    created_at = models.DateTimeField()
    event_type = models.CharField(max_length=80, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=254, blank=True, default="")
    organization_id = models.BigIntegerField(null=True, blank=True)
    workspace_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    target_type = models.CharField(max_length=64, blank=True, default="")
    target_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Which HMAC key signed ``hash`` (``audit.keys``); NULL: written before the chain was keyed
    # (nullable so adding it is a plain ALTER TABLE, not a table copy).
    key_id = models.CharField(max_length=16, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event_type}"
