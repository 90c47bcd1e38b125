"""The review route and who may act on each step (issue 13: routing, capabilities)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from carepost.checks import rule as rule_module
from carepost.checks.model import Category, Finding, Level, Span
from carepost.checks.rule import Rule
from carepost.studio.errors import ApprovalBlocked, PermissionDenied
from carepost.studio.posts import checking
from carepost.studio.posts.services import post_create
from carepost.studio.reviews.routing import post_review_route, step_eligible_user_ids
from carepost.studio.reviews.services import (
    post_review_approve,
    post_submit,
    workspace_review_step_add,
)
from carepost.studio.workspaces.models import Role
from carepost.studio.workspaces.permissions import REVIEW_STEP_CAPS, ROLE_CAPS
from tests.studio.factories import make_workspace, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("studio_rules", "staff_note_rule")]


class _StaffNote(Rule):
    """Test double of PHI004: a person considered and judged not a patient (a note)."""

    code = "TST903"
    name = "test-staff-considered"
    category = Category.PRIVACY
    level = Level.NOTE

    def check(self, ctx) -> Iterator[Finding]:
        for m in re.finditer(r"[Nn]urse ([A-Z][a-z]+)", ctx.text):
            yield Finding(
                code=self.code,
                name=self.name,
                category=self.category,
                level=self.level,
                message="staff, not a patient",
                span=Span(m.start(1), m.end(1)),
            )


@pytest.fixture
def staff_note_rule() -> Iterator[None]:
    rule_module.all_rules()
    rule_module._REGISTRY["TST903"] = _StaffNote
    checking._engine.cache_clear()
    yield
    rule_module._REGISTRY.pop("TST903", None)
    checking._engine.cache_clear()


@pytest.fixture
def ws():
    return make_workspace()


def _submitted(actor, ws, text, **kw):
    post = post_create(actor=actor, workspace=ws, title="t", text=text, **kw)
    post_submit(actor=actor, post=post)
    post.refresh_from_db()
    return post


def test_notes_never_add_a_review_step(ws):
    author = member(ws, "author")
    post = _submitted(author, ws, "Happy birthday to nurse Brooke from the whole team!")
    findings = post.versions.get().reports["master"]["findings"]
    assert [f["code"] for f in findings] == ["TST903"]  # the note is there, on the post
    assert [s.kind for s in post.review_steps.all()] == ["marketing"]


def test_route_of_notes_alone_is_marketing_only():
    note = {"code": "PHI004", "category": "privacy", "level": "note"}
    warning = {"code": "CLM001", "category": "claims", "level": "warning"}
    assert [s.kind for s in post_review_route(findings=[note], in_crisis=False)] == ["marketing"]
    assert [s.kind for s in post_review_route(findings=[note, warning], in_crisis=False)] == [
        "clinical",
        "marketing",
    ]


@pytest.mark.parametrize("cap", sorted(REVIEW_STEP_CAPS))
def test_who_may_act_on_a_step_is_whoever_holds_its_capability(ws, cap):
    owner = member(ws, "owner")
    author = member(ws, "author")
    people = {role: member(ws, role) for role in Role.values}
    workspace_review_step_add(actor=owner, workspace=ws, name="Extra", cap=cap, mode="any")
    post = _submitted(author, ws, "Flu shots are here.")
    step = post.review_steps.get(name="Extra")
    expected = {u.pk for role, u in people.items() if cap in ROLE_CAPS[role]}
    if cap in ROLE_CAPS["owner"]:
        expected.add(owner.pk)
    if cap in ROLE_CAPS["author"]:
        pass  # the author wrote the post: segregation of duties leaves them out
    assert step_eligible_user_ids(step) == expected


def test_owner_does_not_stand_in_for_a_clinical_workspace_step(ws):
    owner = member(ws, "owner")
    author = member(ws, "author")
    clinical = member(ws, "clinical_reviewer")
    workspace_review_step_add(
        actor=owner, workspace=ws, name="Medical board", cap="review_clinical", mode="any"
    )
    post = _submitted(author, ws, "Flu shots are here.")
    post_review_approve(actor=owner, post=post)  # marketing
    with pytest.raises(PermissionDenied, match="no pending review step"):
        post_review_approve(actor=owner, post=post)
    post_review_approve(actor=clinical, post=post)
    post.refresh_from_db()
    assert post.status == "approved"


def test_blocked_message_names_each_code_once(ws):
    author = member(ws, "author")
    owner = member(ws, "owner")
    post = _submitted(
        author,
        ws,
        "Thank you patient Maria Lopez and patient Ann Smith!",
        variants={"x": "", "facebook": ""},
    )
    with pytest.raises(ApprovalBlocked) as caught:
        post_review_approve(actor=owner, post=post)
    message = caught.value.message
    assert message.count("TST901") == 1  # six findings (2 names x 3 texts), one code
    assert "TST901 test-patient-named" in message
