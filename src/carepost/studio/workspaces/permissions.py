"""What each role may do. Actions (services) check these first and raise PermissionDenied."""

from __future__ import annotations

from enum import StrEnum

# Keys are Role values (see models.Role).


class Cap(StrEnum):
    VIEW = "view"  # posts, calendar, comments
    EDIT_POST = "edit_post"
    SUBMIT_POST = "submit_post"
    COMMENT = "comment"
    REVIEW_MARKETING = "review_marketing"
    REVIEW_CLINICAL = "review_clinical"
    REVIEW_PRIVACY = "review_privacy"
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
    # Owners administer; accepting an error-level finding (a waiver) is the privacy/compliance
    # officer's call. An owner who is also the privacy officer holds both roles.
    "owner": _ALL - {Cap.RECORD_WAIVER},
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

# Roles that can see consent records (ePHI): they must have MFA.
MFA_REQUIRED_ROLES = frozenset(r for r, caps in ROLE_CAPS.items() if Cap.VIEW_CONSENT in caps)


def caps_for_roles(roles: set[str] | frozenset[str]) -> frozenset[Cap]:
    out: set[Cap] = set()
    for role in roles:
        out |= ROLE_CAPS.get(role, frozenset())
    return frozenset(out)
