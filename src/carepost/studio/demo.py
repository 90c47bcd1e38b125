"""Demo data for the embedded default (idempotent: running it twice changes nothing)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from carepost.studio.posts.models import Post
from carepost.studio.posts.services import post_create
from carepost.studio.workspaces.models import Membership, Organization, Role, Workspace

DEMO_POLICY = """
[organization]
name = "Riverside Family Clinic"
aliases = ["Riverside Clinic"]
phone = "(555) 010-2000"
address = "120 Main Street, Springfield"

[staff]
names = ["Dr. Amara Okafor", "Brooke Lee"]
"""

DEMO_POSTS = [
    (
        "Flu shot clinic",
        "Flu shots are available at Riverside Family Clinic every weekday this month. "
        "Walk in or book online. #FluSeason",
    ),
    (
        "Welcome Dr. Okafor",
        "Please welcome Dr. Amara Okafor to our family medicine team! "
        "She joins us from Springfield General and loves helping families stay healthy.",
    ),
    (
        "Heart month tip",
        "February is American Heart Month. Moving for 150 minutes a week lowers "
        "your risk of heart disease, according to the CDC.",
    ),
]


@transaction.atomic
def seed_demo() -> str:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username="demo", defaults={"email": settings.CAREPOST_DEMO_EMAIL}
    )
    if created:
        user.set_password(settings.CAREPOST_DEMO_PASSWORD)
        user.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user,
            email=settings.CAREPOST_DEMO_EMAIL,
            defaults={"verified": True, "primary": True},
        )
    org, _ = Organization.objects.get_or_create(
        slug="riverside-health", defaults={"name": "Riverside Health (demo)"}
    )
    ws, _ = Workspace.objects.get_or_create(
        organization=org,
        slug="family-clinic",
        defaults={"name": "Riverside Family Clinic", "policy_toml": DEMO_POLICY},
    )
    Membership.objects.get_or_create(user=user, workspace=ws, role=Role.OWNER)
    made = 0
    for title, text in DEMO_POSTS:
        if not Post.objects.filter(workspace=ws, title=title).exists():
            post_create(actor=None, workspace=ws, title=title, text=text)
            made += 1
    return f"demo organization ready ({made} new posts)"
