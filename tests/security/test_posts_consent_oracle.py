"""Issue 11, finding 7: an analyst could learn who a consent record names.

At 6fad124 the live check applied any consent id of the workspace, whoever asked: an analyst
(read-only, no access to consent records) sending a text that names a person plus
``consents=<id>`` saw the findings change ("covered by consent C-1") and so learned whose
consent it is. Now consent ids are applied only for members holding ``Cap.LINK_CONSENT`` (those
who attach consent to posts: owners, authors, privacy officers) and only for records of the
workspace; for everyone else they are ignored, and the answer is byte for byte the answer
without them. Real privacy and consent rules, so the oracle is the real one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carepost.studio.workspaces.models import Role
from carepost.studio.workspaces.permissions import ROLE_CAPS, Cap
from tests.studio.factories import make_consent, make_workspace, member

pytestmark = pytest.mark.django_db

TEXT = "Thank you, Maria Lopez, for sharing your knee replacement recovery story with us!"
POLICY = '[rules]\nselect = ["PHI001", "CNS001", "CNS002"]\n'


@pytest.mark.parametrize("role", Role.values)
def test_a_consent_id_changes_nothing_for_roles_that_may_not_use_consent(client, role):
    ws = make_workspace(policy_toml=POLICY)
    own = make_consent(ws, member(ws, "privacy_officer"), person="Maria Lopez")
    elsewhere = make_workspace(policy_toml=POLICY)
    foreign = make_consent(elsewhere, member(elsewhere, "privacy_officer"), person="Maria Lopez")
    client.force_login(member(ws, role))
    url = reverse("live_check", args=[ws.pk])

    def live(*consent_ids: int) -> str:
        response = client.post(url, {"text": TEXT, "consents": [str(i) for i in consent_ids]})
        assert response.status_code == 200
        return response.content.decode()

    without = live()
    assert "CNS001" in without  # a named patient story without consent
    # another workspace's record and an id that does not exist: never applied, for anyone
    assert live(foreign.pk) == without
    assert live(own.pk + foreign.pk + 1000) == without
    with_own = live(own.pk)
    if Cap.LINK_CONSENT in ROLE_CAPS[role]:
        assert "covered by consent" in with_own  # the consent is applied for its users
    else:
        assert with_own == without  # ignored: whose consent it is stays unknown
        assert own.reference not in with_own and "covered by consent" not in with_own
