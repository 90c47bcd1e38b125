from __future__ import annotations

import io
import itertools

import pytest
from django.db import DatabaseError, connection, transaction

from carepost import cli
from carepost.studio.audit.events import EVENTS
from carepost.studio.audit.models import AuditEvent
from carepost.studio.audit.services import GENESIS, audit_log, audit_verify
from carepost.studio.workspaces.services import crisis_start
from tests.support.audit import as_database_admin

from .factories import make_workspace, member

pytestmark = pytest.mark.django_db


def _verify_cli() -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["audit", "verify"], out=out)
    return code, out.getvalue()


def test_chain_links_and_cli_reports_intact():
    ws = make_workspace()
    user = member(ws, "privacy_officer")
    crisis_start(actor=user, workspace=ws, reason="outbreak")
    events = list(AuditEvent.objects.order_by("id"))
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    crisis = events[-1]
    assert crisis.event_type == "crisis.start" and crisis.actor_label == user.email
    assert crisis.data["reason"] == "outbreak"
    code, text = _verify_cli()
    assert code == 0 and f"{len(events)} events verified" in text


def test_unregistered_event_is_refused():
    with pytest.raises(KeyError):
        audit_log(event="post.made_up")
    assert "post.review.approve" in EVENTS


def test_events_outlive_deleted_users():
    ws = make_workspace()
    user = member(ws, "owner")
    audit_log(event="post.comment.add", actor=user, workspace=ws, data={"comment": 1})
    email = user.email
    user.delete()
    event = AuditEvent.objects.filter(event_type="post.comment.add").get()
    assert event.actor_label == email
    assert audit_verify()[1] is None


@pytest.mark.parametrize("mutation", ["edit", "delete", "backdate"])
def test_tampering_is_reported_at_the_first_broken_link(mutation):
    ws = make_workspace()
    for i in range(5):
        audit_log(event="post.comment.add", workspace=ws, data={"comment": i})
    events = list(AuditEvent.objects.order_by("id"))
    target = events[2]
    with as_database_admin(), connection.cursor() as cursor:
        if mutation == "edit":
            cursor.execute(
                "UPDATE audit_auditevent SET data = %s WHERE id = %s",
                ['{"comment": 99}', target.pk],
            )
        elif mutation == "delete":
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
        else:
            cursor.execute(
                "UPDATE audit_auditevent SET created_at = %s WHERE id = %s",
                [events[3].created_at, target.pk],
            )
    checked, broken = audit_verify()
    expected = events[3].pk if mutation == "delete" else target.pk
    assert broken is not None and broken.event_id == expected
    code, text = _verify_cli()
    assert code == 1 and f"#{expected}" in text


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditevent SET data = '{}'", "DELETE FROM audit_auditevent"]
)
def test_the_database_rejects_update_and_delete(sql):
    ws = make_workspace()
    audit_log(event="post.comment.add", workspace=ws)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"actor_id": None, "actor_label": "system", "organization_id": None, "workspace_id": None},
        {"actor_id": 7, "actor_label": 'a "quoted" é\u2028 label', "organization_id": 3},
        {"actor_id": 10**12, "actor_label": "", "workspace_id": 0, "organization_id": 1},
    ],
)
def test_fast_canonical_form_equals_its_definition(fields):
    from carepost.studio.audit.chain import canonical, canonical_reference

    event = {
        "created_at": "2026-03-01T12:00:00.123456+00:00",
        "event_type": "post.review.approve",
        "organization_id": None,
        "workspace_id": 5,
        "target_type": "posts.post",
        "target_id": "42",
        "data": {"b": [1, 2.5, None, True], "a": {"z": "ü", "y": "\x00"}, "old": "x"},
        **fields,
    }
    assert canonical(**event) == canonical_reference(**event)
