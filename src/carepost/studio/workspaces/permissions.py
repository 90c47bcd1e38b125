"""What each role may do. Actions (services) check these first and raise PermissionDenied;
nothing outside this module decides by a role's name."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CAP_ACTIONS",
    "MFA_REQUIRED_ROLES",
    "REVIEW_STEP_CAPS",
    "ROLE_CAPS",
    "Cap",
    "caps_for_roles",
    "denied_message",
    "roles_with",
]

# Keys are Role values (see models.Role).


class Cap(StrEnum):
    VIEW = "view"  # posts, calendar, comments
    EDIT_POST = "edit_post"
    SUBMIT_POST = "submit_post"
    COMMENT = "comment"
    REVIEW_MARKETING = "review_marketing"
    REVIEW_CLINICAL = "review_clinical"
    REVIEW_PRIVACY = "review_privacy"
    # Sign off a workspace's own review step that asks for the owners (custom steps only).
    SIGN_OFF = "sign_off"
    RECORD_WAIVER = "record_waiver"
    SCHEDULE = "schedule"
    VIEW_CONSENT = "view_consent"
    # Link a consent record to a post, and so have it applied when a text is checked. Whoever
    # holds it learns whether a consent covers a name (the check's findings change): never
    # given to roles that must not learn anything about consent.
    LINK_CONSENT = "link_consent"
    EDIT_CONSENT = "edit_consent"
    EDIT_CLAIMS = "edit_claims"
    MANAGE_MEMBERS = "manage_members"
    CRISIS = "crisis"
    VIEW_AUDIT = "view_audit"
    EXPORT_EVIDENCE = "export_evidence"


_ALL = frozenset(Cap)
ROLE_CAPS: dict[str, frozenset[Cap]] = {
    # Owners administer and may give the marketing approval; accepting an error-level finding
    # (a waiver) and the clinical and privacy reviews need that expertise: the privacy/compliance
    # officer's and the clinical reviewer's call. An owner who is also the privacy officer holds
    # both roles.
    "owner": _ALL - {Cap.RECORD_WAIVER, Cap.REVIEW_CLINICAL, Cap.REVIEW_PRIVACY},
    "author": frozenset(
        {
            Cap.VIEW,
            Cap.EDIT_POST,
            Cap.SUBMIT_POST,
            Cap.COMMENT,
            Cap.REVIEW_MARKETING,
            Cap.SCHEDULE,
            Cap.LINK_CONSENT,
        }
    ),
    "clinical_reviewer": frozenset(
        {Cap.VIEW, Cap.COMMENT, Cap.REVIEW_CLINICAL, Cap.EDIT_CLAIMS, Cap.EXPORT_EVIDENCE}
    ),
    "privacy_officer": frozenset(
        {
            Cap.VIEW,
            Cap.COMMENT,
            Cap.REVIEW_PRIVACY,
            Cap.RECORD_WAIVER,
            Cap.VIEW_CONSENT,
            Cap.LINK_CONSENT,
            Cap.EDIT_CONSENT,
            Cap.CRISIS,
            Cap.VIEW_AUDIT,
            Cap.EXPORT_EVIDENCE,
        }
    ),
    "analyst": frozenset({Cap.VIEW}),
}

#: The capabilities a review step can ask for (who may act on it), with how the studio names them.
REVIEW_STEP_CAPS: dict[Cap, str] = {
    Cap.REVIEW_MARKETING: "Marketing approvers",
    Cap.REVIEW_CLINICAL: "Clinical reviewers",
    Cap.REVIEW_PRIVACY: "Privacy / compliance officers",
    Cap.SIGN_OFF: "Owners",
}

# Roles that can see consent records (ePHI): they must have MFA.
MFA_REQUIRED_ROLES = frozenset(r for r, caps in ROLE_CAPS.items() if Cap.VIEW_CONSENT in caps)


def roles_with(cap: Cap) -> frozenset[str]:
    """The roles that hold ``cap``."""
    return frozenset(role for role, caps in ROLE_CAPS.items() if cap in caps)


def caps_for_roles(roles: set[str] | frozenset[str]) -> frozenset[Cap]:
    out: set[Cap] = set()
    for role in roles:
        out |= ROLE_CAPS.get(role, frozenset())
    return frozenset(out)


#: What each capability lets someone do, as the 403 page says it ("Only … can <action>.").
CAP_ACTIONS: dict[Cap, str] = {
    Cap.VIEW: "see this workspace",
    Cap.EDIT_POST: "write and edit posts",
    Cap.SUBMIT_POST: "submit posts for review or send them to a client",
    Cap.COMMENT: "comment on posts",
    Cap.REVIEW_MARKETING: "give the marketing approval",
    Cap.REVIEW_CLINICAL: "give the clinical review",
    Cap.REVIEW_PRIVACY: "give the privacy review",
    Cap.SIGN_OFF: "sign off for the owners",
    Cap.RECORD_WAIVER: "waive a finding",
    Cap.SCHEDULE: "schedule and publish posts",
    Cap.VIEW_CONSENT: "open consent forms",
    Cap.LINK_CONSENT: "link consent forms to posts",
    Cap.EDIT_CONSENT: "record or revoke consent forms",
    Cap.EDIT_CLAIMS: "add or retire approved claims",
    Cap.MANAGE_MEMBERS: "manage members and connected accounts",
    Cap.CRISIS: "start or lift crisis mode",
    Cap.VIEW_AUDIT: "open the audit trail",
    Cap.EXPORT_EVIDENCE: "export a post's evidence",
}

#: How the 403 page names the people in each role.
_ROLE_PLURALS = {
    "owner": "owners",
    "author": "authors",
    "clinical_reviewer": "clinical reviewers",
    "privacy_officer": "privacy officers",
    "analyst": "analysts",
}


def denied_message(cap: Cap) -> str:
    """The plain sentence a person sees when their role lacks ``cap``: "Only owners and
    privacy officers can open consent forms." (derived from ROLE_CAPS, so it stays true)."""
    names = [
        _ROLE_PLURALS.get(r, r.replace("_", " ") + "s") for r in ROLE_CAPS if r in roles_with(cap)
    ]
    action = CAP_ACTIONS.get(cap, cap.value.replace("_", " "))
    if not names:
        return f"Nobody in this workspace can {action}."
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Only {who} can {action}."
