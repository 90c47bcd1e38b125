"""Demo data for the embedded default (idempotent: running it twice changes nothing).

One organization with two workspaces, a member for every role, posts in every state (some with
claims and privacy findings), consent records, a claims library and a month of calendar entries.
Everything goes through the services, so the audit chain tells the demo's story too.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carepost.studio.claims.models import Claim
from carepost.studio.claims.services import claim_create
from carepost.studio.consent.models import Consent
from carepost.studio.consent.services import consent_create, consent_revoke
from carepost.studio.posts.models import Post, PostStatus
from carepost.studio.posts.services import (
    post_archive,
    post_create,
    post_mark_failed,
    post_mark_published,
    post_schedule,
)
from carepost.studio.reviews.routing import post_blocking_findings
from carepost.studio.reviews.services import (
    post_comment_add,
    post_review_approve,
    post_review_request_changes,
    post_submit,
    post_waiver_record,
)
from carepost.studio.workspaces.models import Organization, Role, Workspace
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.services import (
    membership_add,
    organization_create,
    workspace_create,
    workspace_settings_update,
)

__all__ = [
    "CALENDAR_TEXTS",
    "DEMO_POLICY",
    "DENTAL_POLICY",
    "MIX",
    "PEOPLE",
    "seed_demo",
]

DEMO_POLICY = """
[organization]
name = "Riverside Family Clinic"
aliases = ["Riverside Clinic"]
phone = "(555) 010-2000"
address = "120 Main Street, Springfield"

[staff]
names = ["Dr. Amara Okafor", "Brooke Lee"]
"""

DENTAL_POLICY = """
[organization]
name = "Riverside Dental"
phone = "(555) 010-3000"

[staff]
names = ["Dr. Sam Patel"]
"""

MIX = {
    "education": 35,
    "public_health": 15,
    "team_culture": 15,
    "qa": 10,
    "behind_the_scenes": 10,
    "testimonial": 5,
    "promotion": 5,
    "event": 5,
}

# (email, roles) — every demo account signs in with CAREPOST_DEMO_PASSWORD.
PEOPLE = [
    ("author@carepost.example", [Role.AUTHOR]),
    ("clinical@carepost.example", [Role.CLINICAL_REVIEWER]),
    ("privacy@carepost.example", [Role.PRIVACY_OFFICER]),
    ("analyst@carepost.example", [Role.ANALYST]),
]

CALENDAR_TEXTS = [
    (
        "education",
        "Hand-washing for 20 seconds removes more germs than a quick rinse. Sing happy birthday twice!",
    ),
    (
        "public_health",
        "Flu season is here. Flu shots are available every weekday at our clinic; walk in or book online.",
    ),
    (
        "team_culture",
        "Meet Brooke Lee, our front-desk lead, who has welcomed families here for nine years.",
    ),
    (
        "qa",
        "Q&A: How often should adults get a blood pressure check? At least once a year, more often if advised.",
    ),
    (
        "behind_the_scenes",
        "Behind the scenes: our team restocking the vaccine fridge before the weekend clinic.",
    ),
    (
        "event",
        "Join our free community health fair on Saturday, 10am-2pm, at the Main Street parking lot.",
    ),
    (
        "education",
        "Sunscreen is not just for summer. Use SPF 30 or higher whenever you spend time outside.",
    ),
    ("promotion", "New evening hours: we are now open until 7pm on Tuesdays and Thursdays."),
    (
        "education",
        "Drinking water through the day helps your body regulate temperature and stay energized.",
    ),
    ("public_health", "Reminder: keep a list of your medicines and bring it to every appointment."),
    ("team_culture", "Happy birthday to Dr. Amara Okafor from the whole Riverside team!"),
    (
        "qa",
        "Q&A: Can kids get a flu shot and other vaccines on the same day? Ask us at your next visit.",
    ),
]


def _user(email: str):
    user_model = get_user_model()
    username = "demo" if email == settings.CAREPOST_DEMO_EMAIL else email
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_password(settings.CAREPOST_DEMO_PASSWORD)
        user.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def _workspace(org: Organization, slug: str, name: str, policy: str, owner) -> Workspace:
    ws = Workspace.objects.filter(organization=org, slug=slug).first()
    if ws is None:
        ws = workspace_create(
            actor=None, organization=org, name=name, slug=slug, policy_toml=policy
        )
    membership_add(actor=None, workspace=ws, user=owner, role=Role.OWNER)
    workspace_settings_update(
        actor=None, workspace=ws, target_pillar_mix=MIX, review_target_hours=24
    )
    return ws


def _local(ws: Workspace, day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), ZoneInfo(ws.timezone))


def _post(ws, author, title, text, pillar, **kw) -> Post | None:
    """Create the post unless it exists (idempotency by title)."""
    if Post.objects.filter(workspace=ws, title=title).exists():
        return None
    return post_create(actor=author, workspace=ws, title=title, text=text, pillar=pillar, **kw)


def _approved(post: Post, people: dict) -> Post:
    post_submit(actor=people["author"], post=post)
    post.refresh_from_db()
    for step in post.review_steps.all():
        reviewer = {
            Cap.REVIEW_CLINICAL: people["clinical"],
            Cap.REVIEW_PRIVACY: people["privacy"],
        }.get(Cap(step.cap), people["owner"])
        for code in sorted({f["code"] for f in post_blocking_findings(post)}):
            post_waiver_record(
                actor=people["privacy"],
                post=post,
                code=code,
                reason="Demo: reviewed with the clinic's compliance lead",
            )
        post_review_approve(actor=reviewer, post=post, step_id=step.pk)
    post.refresh_from_db()
    return post


@transaction.atomic
def seed_demo(*, calendar: bool = True) -> str:
    """Seed (or complete) the demo; ``calendar=False`` skips the month of calendar posts
    (tests that only need the organization, its people and a post in every state)."""
    owner = _user(settings.CAREPOST_DEMO_EMAIL)
    people = {"owner": owner}
    org = Organization.objects.filter(slug="riverside-health").first() or organization_create(
        actor=None, name="Riverside Health (demo)", slug="riverside-health"
    )
    clinic = _workspace(org, "family-clinic", "Riverside Family Clinic", DEMO_POLICY, owner)
    dental = _workspace(org, "dental", "Riverside Dental", DENTAL_POLICY, owner)
    for email, roles in PEOPLE:
        user = _user(email)
        key = email.split("@")[0]
        people[key] = user
        for ws in (clinic, dental):
            for role in roles:
                membership_add(actor=None, workspace=ws, user=user, role=role)
    made = 0
    for ws in (clinic, dental):
        made += _seed_workspace(ws, people, calendar=calendar)
    return f"demo organization ready ({made} new posts)"


def _seed_workspace(ws: Workspace, people: dict, *, calendar: bool) -> int:
    author, privacy = people["author"], people["privacy"]
    today = timezone.now().astimezone(ZoneInfo(ws.timezone)).date()
    made = 0
    # consent registry
    if not Consent.objects.filter(workspace=ws).exists():
        for person, days, revoke in [
            ("Maria Lopez", 365, False),
            ("James Carter", 20, False),
            ("Ana Silva", 200, True),
        ]:
            consent = consent_create(
                actor=privacy,
                workspace=ws,
                person_name=person,
                information="First name, photo and a quote about the patient's experience",
                discloser=ws.name,
                recipient="The public, through the practice's social media accounts",
                purpose="Patient testimonial for marketing",
                signed_on=today - timedelta(days=30),
                expires_on=today + timedelta(days=days),
                right_to_revoke_acknowledged=True,
                scope_platforms=["facebook", "instagram"],
                scope_uses="Testimonial posts",
            )
            if revoke:
                consent_revoke(actor=privacy, consent=consent, reason="Patient asked to withdraw")
    consent = Consent.objects.filter(workspace=ws, person_name="Maria Lopez").first()
    # claims library
    if not Claim.objects.filter(workspace=ws).exists():
        claim_create(
            actor=people["clinical"],
            workspace=ws,
            text="Getting a flu vaccine reduces your risk of flu-related hospitalization.",
            references=["https://www.cdc.gov/flu/vaccines-work/", "PMID:31145758"],
            expires_on=today + timedelta(days=300),
        )
        claim_create(
            actor=people["clinical"],
            workspace=ws,
            text="Regular physical activity lowers the risk of heart disease.",
            references=[
                "https://health.gov/our-work/nutrition-physical-activity/physical-activity-guidelines"
            ],
        )
    claim = Claim.objects.filter(workspace=ws).order_by("id").first()

    # posts in every state
    p = _post(
        ws, author, "Idea: spring allergy tips", "Allergy season tips coming soon.", "education"
    )
    made += p is not None
    p = _post(
        ws,
        author,
        "Miracle migraine therapy",
        "Our new migraine therapy cures headaches for good, guaranteed with no side effects!",
        "promotion",
    )
    if p:
        made += 1
        post_submit(actor=author, post=p)
    p = _post(
        ws,
        author,
        "Patient story (needs consent review)",
        "Thank you to our patient Maria Lopez, who shared her recovery story after knee surgery "
        "at our clinic last month.",
        "testimonial",
        consent_ids=[consent.pk] if consent else [],
        variants={"facebook": "", "instagram": ""},
    )
    if p:
        made += 1
        post_submit(actor=author, post=p)
        post_comment_add(actor=privacy, post=p, body="Checking the authorization covers Instagram.")
    p = _post(
        ws, author, "Vitamin D post", "Vitamin D helps with everything. Take lots!", "education"
    )
    if p:
        made += 1
        post_submit(actor=author, post=p)
        p.refresh_from_db()
        if p.review_steps.filter(cap=Cap.REVIEW_CLINICAL).exists():
            post_review_request_changes(
                actor=people["clinical"], post=p, note="Add a source and a dosage caveat."
            )
        else:
            post_review_request_changes(actor=people["owner"], post=p, note="Add a source.")
    p = _post(
        ws,
        author,
        "Flu vaccine works",
        "Getting a flu vaccine reduces your risk of flu-related hospitalization. Book today.",
        "public_health",
        claim_ids=[claim.pk] if claim else [],
        sources=["https://www.cdc.gov/flu/vaccines-work/"],
        variants={"facebook": "", "x": ""},
    )
    if p:
        made += 1
        _approved(p, people)
    p = _post(ws, author, "Old promo (archived)", "Summer hours are over.", "promotion")
    if p:
        made += 1
        post_archive(actor=author, post=p)
    # a month of calendar entries: published in the past two weeks, scheduled for the next four
    for i, (pillar, text) in enumerate(CALENDAR_TEXTS if calendar else []):
        title = f"{ws.name.split()[-1]} · {text.split('.')[0][:50]}"
        day = today + timedelta(days=-14 + i * 3)
        p = _post(ws, author, title, text, pillar, variants={"facebook": ""})
        if p is None:
            continue
        made += 1
        p = _approved(p, people)
        if p.status != PostStatus.APPROVED:
            continue
        at = _local(ws, day, 9 + i % 6)
        # the history entries are scheduled as on the day before they went out
        post_schedule(
            actor=author, post=p, at=at, now=at - timedelta(days=1) if day < today else None
        )
        if day < today:
            if i == 1:
                post_mark_failed(post=p, reason="Facebook: the page token expired (demo)")
            else:
                post_mark_published(
                    post=p,
                    platform="facebook",
                    remote_id=f"demo-{ws.pk}-{i}",
                    published_at=_local(ws, day, 9 + i % 6),
                )
    return made
