"""The per-post evidence bundle: every version, every check report, approvals, waivers,
consent ids and publications, plus the post's audit events."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from carepost.studio.audit.models import AuditEvent
from carepost.studio.audit.services import audit_log
from carepost.studio.posts.models import Post

__all__ = ["post_evidence"]


@transaction.atomic
def post_evidence(*, post: Post, actor: Any) -> dict[str, Any]:
    """Build the evidence bundle (and record that it was exported)."""
    audit_log(event="post.evidence.export", actor=actor, workspace=post.workspace, target=post)
    events = AuditEvent.objects.filter(target_type="posts.post", target_id=str(post.pk)).order_by(
        "id"
    )
    return {
        "post": {
            "id": post.pk,
            "workspace": post.workspace.name,
            "title": post.title,
            "status": post.status,
            "pillar": post.pillar,
            "campaign": post.campaign,
            "content_hash": post.content_hash,
            "scheduled_at": post.scheduled_at.isoformat() if post.scheduled_at else None,
            "published_at": post.published_at.isoformat() if post.published_at else None,
        },
        "versions": [
            {
                "number": v.number,
                "created_at": v.created_at.isoformat(),
                "created_by": v.created_by.email if v.created_by else None,
                "content_hash": v.content_hash,
                "content": v.content,
                "reports": v.reports,
            }
            for v in post.versions.select_related("created_by").order_by("number")
        ],
        "review_steps": [
            {"name": s.name, "cap": s.cap, "mode": s.mode, "reason": s.reason}
            for s in post.review_steps.all()
        ],
        "approvals": [
            {
                "step": a.step.name,
                "decision": a.decision,
                "by": a.actor_label,
                "at": a.created_at.isoformat(),
                "content_hash": a.content_hash,
                "reset_at": a.reset_at.isoformat() if a.reset_at else None,
                "note": a.note,
            }
            for a in post.approvals.select_related("step")
        ],
        "waivers": [
            {
                "code": w.code,
                "reason": w.reason,
                "by": w.actor_label,
                "at": w.created_at.isoformat(),
                "content_hash": w.content_hash,
            }
            for w in post.waivers.all()
        ],
        "consents": [
            {
                "id": c.reference,
                "status": c.status,
                "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            }
            for c in post.consents.all()
        ],
        "claims": [
            {"id": f"K-{c.pk}", "status": c.status, "references": c.references}
            for c in post.claims.all()
        ],
        "publications": [
            {
                "platform": p.platform,
                "remote_id": p.remote_id,
                "url": p.url,
                "published_at": p.published_at.isoformat(),
                "content_hash": p.content_hash,
            }
            for p in post.publications.all()
        ],
        "audit": [
            {
                "id": e.pk,
                "at": e.created_at.isoformat(),
                "event": e.event_type,
                "actor": e.actor_label,
                "data": e.data,
                "hash": e.hash,
            }
            for e in events
        ],
    }
