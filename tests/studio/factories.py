"""Small factories for studio tests (plain functions; they go through the services)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from carepost.studio.consent.services import consent_create
from carepost.studio.workspaces.models import Organization, Workspace
from carepost.studio.workspaces.services import membership_add, workspace_create

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-9"


def make_user(email: str | None = None):
    n = next(_seq)
    email = email or f"user{n}@example.test"
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def enable_totp(user) -> str:
    """Give the user a TOTP authenticator; returns the base32 secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def fast_policy() -> str:
    """A workspace policy that runs only the platform length rule and, when the
    ``studio_rules`` fixture is active, its two test rules: these tests are about the studio,
    not the checker, and the full rule set (spaCy) costs ~0.1 s per check."""
    from carepost.checks.rule import _REGISTRY, all_rules

    all_rules()
    select = ["PLT001", "TST"] if "TST901" in _REGISTRY else ["PLT001"]
    return "[rules]\nselect = [" + ", ".join(f'"{s}"' for s in select) + "]\n"


def make_workspace(
    name: str = "Clinic", org: Organization | None = None, policy_toml: str | None = None
) -> Workspace:
    n = next(_seq)
    org = org or Organization.objects.create(name=f"Org {n}", slug=f"org-{n}")
    return workspace_create(
        actor=None,
        organization=org,
        name=name,
        slug=f"ws-{n}",
        policy_toml=fast_policy() if policy_toml is None else policy_toml,
    )


def member(workspace: Workspace, *roles: str, email: str | None = None, mfa: bool = True):
    """A user holding ``roles`` in ``workspace`` (with TOTP set up unless ``mfa=False``)."""
    user = make_user(email)
    if mfa:
        enable_totp(user)
    for role in roles:
        membership_add(actor=None, workspace=workspace, user=user, role=role)
    return user


def make_consent(workspace: Workspace, actor, person: str = "Maria Lopez", **kw):
    return consent_create(
        actor=actor,
        workspace=workspace,
        person_name=person,
        information="Photo and first name in a testimonial",
        discloser="Riverside Family Clinic",
        recipient="The public via the clinic's social media",
        purpose="Marketing testimonial",
        signed_on=date.today() - timedelta(days=3),
        expires_on=kw.pop("expires_on", date.today() + timedelta(days=365)),
        right_to_revoke_acknowledged=True,
        **kw,
    )
