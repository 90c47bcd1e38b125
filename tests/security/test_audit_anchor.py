"""Finding 9 (Low): the audit chain.

At 6fad124 the chain was ``sha256(event ‖ prev_hash)`` with nothing held outside the database:
deleting the last N rows, or rewriting a row and recomputing every later hash, left a chain
that ``carepost audit verify`` called intact; and SQLite accepted UPDATE and DELETE. Now every
hash is an HMAC with a key the database never holds, signed checkpoints anchor the head outside
the database, and SQLite refuses UPDATE and DELETE like PostgreSQL.

At 6fad124 this module cannot even be imported (no ``audit.chain``, no checkpoints, no
``key_id``); the same attacks replayed there by hand on SQLite: ``UPDATE audit_auditevent`` was
accepted; after deleting the last 3 of 8 events, ``carepost audit verify`` said "audit chain
intact: 5 events verified" (exit 0); after rewriting event 4 and recomputing events 4-5 with
SHA-256, again "intact" (exit 0). Each test below fails on those answers.
"""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.db import DatabaseError, connection, transaction

from carepost import cli
from carepost.studio.audit.chain import canonical
from carepost.studio.audit.models import AuditEvent
from carepost.studio.audit.services import audit_log
from tests.studio.factories import make_workspace
from tests.support.audit import as_database_admin

pytestmark = pytest.mark.django_db


def _cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["audit", *args], out=out)
    return code, out.getvalue()


@pytest.fixture
def chain():
    ws = make_workspace()
    for i in range(8):
        audit_log(event="post.comment.add", workspace=ws, data={"comment": i})
    return list(AuditEvent.objects.order_by("id"))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET data = '{}'",
        "DELETE FROM audit_auditevent WHERE id = (SELECT MAX(id) FROM audit_auditevent)",
    ],
)
def test_sqlite_and_postgresql_refuse_update_and_delete(chain, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.count() == len(chain)


def test_deleting_the_tail_is_detected_given_a_checkpoint(chain, tmp_path):
    code, text = _cli("checkpoint", "--dir", str(tmp_path))
    assert code == 0 and "checkpoint written" in text
    assert _cli("verify", "--dir", str(tmp_path))[0] == 0
    with as_database_admin(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [chain[4].pk])
    code, text = _cli("verify", "--dir", str(tmp_path))
    assert code == 1 and f"#{chain[-1].pk}" in text and "deleted" in text


def _recompute_from(start: int, *, keep_key_ids: bool) -> None:
    """The attacker's rewrite: change event ``start`` and recompute every later hash the way a
    chain without a secret is computed (they do not have the audit key)."""
    rows = list(AuditEvent.objects.order_by("id"))
    prev = rows[start - 1].hash if start else "0" * 64
    with as_database_admin(), connection.cursor() as cursor:
        for event in rows[start:]:
            if event.pk == rows[start].pk:
                event.data = {"comment": "rewritten"}
            body = canonical(
                created_at=event.created_at.isoformat(),
                event_type=event.event_type,
                actor_id=event.actor_id,
                actor_label=event.actor_label,
                organization_id=event.organization_id,
                workspace_id=event.workspace_id,
                target_type=event.target_type,
                target_id=event.target_id,
                data=event.data,
            )
            digest = hashlib.sha256(body + prev.encode()).hexdigest()
            cursor.execute(
                "UPDATE audit_auditevent SET data = %s, prev_hash = %s, hash = %s, key_id = %s "
                "WHERE id = %s",
                [
                    json.dumps(event.data),
                    prev,
                    digest,
                    event.key_id if keep_key_ids else None,
                    event.pk,
                ],
            )
            prev = digest


def test_rewriting_a_row_and_recomputing_the_rest_is_detected(chain):
    _recompute_from(3, keep_key_ids=True)
    code, text = _cli("verify")
    assert code == 1 and f"#{chain[3].pk}" in text


def test_rewriting_the_whole_chain_as_unkeyed_is_detected_given_a_checkpoint(chain, tmp_path):
    assert _cli("checkpoint", "--dir", str(tmp_path))[0] == 0
    _recompute_from(0, keep_key_ids=False)
    code, text = _cli("verify", "--dir", str(tmp_path))
    assert code == 1 and "checkpoint" in text


def test_a_forged_checkpoint_is_refused(chain, tmp_path):
    assert _cli("checkpoint", "--dir", str(tmp_path))[0] == 0
    path = next(tmp_path.glob("checkpoint-*.json"))
    record = json.loads(path.read_text())
    record["count"] += 1
    path.write_text(json.dumps(record))
    code, text = _cli("verify", "--checkpoint", str(path))
    assert code == 1 and "bad signature" in text


def test_the_key_is_not_in_the_database(chain, settings, tmp_path):
    """With another key configured, the same rows no longer verify: the key decides."""
    assert _cli("verify")[0] == 0
    settings.CAREPOST_AUDIT_KEY = "another-key-" + "9" * 40
    code, text = _cli("verify")
    assert code == 1 and "unknown audit key" in text
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent")
        dump = repr(cursor.fetchall())
    from carepost.studio.audit.keys import audit_keys

    settings.CAREPOST_AUDIT_KEY = None
    assert audit_keys()[0].secret.decode() not in dump


def test_housekeeping_exports_a_signed_checkpoint(chain, settings, tmp_path):
    from carepost.studio.reviews.tasks import housekeeping_enqueue

    settings.CAREPOST_AUDIT_CHECKPOINT_DIR = tmp_path / "anchors"
    housekeeping_enqueue()  # the immediate task backend runs it now
    files = list((tmp_path / "anchors").glob("checkpoint-*.json"))
    assert len(files) == 1
    record = json.loads(files[0].read_text())
    assert record["event_id"] >= chain[-1].pk and len(record["signature"]) == 64


def test_whole_second_timestamps_verify_on_every_database():
    """The fast walk reads timestamps as text; a time without microseconds must hash like
    ``datetime.isoformat()`` (which drops ".000000")."""
    import time_machine

    from carepost.studio.audit.services import audit_verify

    ws = make_workspace()
    with time_machine.travel("2026-03-01 12:00:00Z", tick=False):
        audit_log(event="post.comment.add", workspace=ws, data={"comment": 1})
    assert AuditEvent.objects.last().created_at.microsecond == 0
    assert audit_verify()[1] is None
