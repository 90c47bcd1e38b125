"""Typed, namespaced audit events. Every event a service writes is registered with a label —
here for the apps below posts, by each app's ``AppConfig.ready`` for the others (posts,
reviews, publishing); writing an unregistered event type is a programming error (KeyError at
the call site's test)."""

from __future__ import annotations

EVENTS: dict[str, str] = {}


def register_event(name: str, label: str) -> str:
    parts = name.split(".")
    if len(parts) < 2 or not all(p and p.replace("_", "").isalnum() for p in parts):
        raise ValueError(
            f"audit event {name!r}: expected dotted lowercase names like post.review.approve"
        )
    EVENTS[name] = label
    return name


def event_label(name: str) -> str:
    return EVENTS.get(name, name)


for _name, _label in [
    ("organization.create", "Organization created"),
    ("workspace.create", "Workspace created"),
    ("workspace.settings.update", "Workspace settings changed"),
    ("membership.add", "Member added"),
    ("membership.remove", "Member removed"),
    ("membership.invite", "Member invited"),
    ("membership.invite.accept", "Invitation accepted"),
    ("crisis.start", "Crisis mode started"),
    ("crisis.lift", "Crisis mode lifted"),
    ("consent.create", "Consent recorded"),
    ("consent.view", "Consent record viewed"),
    ("consent.revoke", "Consent revoked"),
    ("consent.expire", "Consent expired"),
    ("claim.create", "Approved claim added"),
    ("claim.retire", "Claim retired"),
    ("claim.expire", "Claim expired"),
    ("auth.login", "Signed in"),
    ("auth.login.fail", "Failed sign-in"),
    ("auth.logout", "Signed out"),
    ("audit.export", "Audit trail exported"),
]:
    register_event(_name, _label)
