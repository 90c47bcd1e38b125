from __future__ import annotations

import json

import pytest

from carepost.studio.workspaces.models import Organization, Workspace

pytestmark = pytest.mark.django_db

LONG = "Flu shots are here. " * 15


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_check_requires_login(client):
    assert post_json(client, "/api/v1/check", {"text": "hi"}).status_code == 401


def test_check_returns_the_report_contract(client, demo):
    client.force_login(demo)
    response = post_json(client, "/api/v1/check", {"text": LONG, "platform": "x", "id": "p1"})
    assert response.status_code == 200
    report = response.json()
    assert report["id"] == "p1" and report["blocking"] is True
    assert report["platform"]["remaining"] == -20
    assert report["findings"][0]["code"] == "PLT001"


def test_check_bad_input_is_422_with_reason(client, demo):
    client.force_login(demo)
    response = post_json(client, "/api/v1/check", {"text": "hi", "platform": "myspace"})
    assert response.status_code == 422
    assert response.json()["error"] == "input_error"
    assert "unknown platform 'myspace'" in response.json()["message"]
    response = post_json(client, "/api/v1/check", {"text": "   "})
    assert response.status_code == 422 and "empty" in response.json()["message"]


def test_workspace_policy_applies_only_to_members(client, demo):
    client.force_login(demo)
    mine = Workspace.objects.get(slug="family-clinic")
    mine.policy_toml = '[rules]\nlevels = { PLT001 = "warning" }\n'
    mine.save()
    response = post_json(
        client, "/api/v1/check", {"text": LONG, "platform": "x", "workspace": mine.pk}
    )
    assert response.json()["blocking"] is False
    other = Workspace.objects.create(
        organization=Organization.objects.create(name="O", slug="o"), name="Other", slug="other"
    )
    response = post_json(
        client, "/api/v1/check", {"text": LONG, "platform": "x", "workspace": other.pk}
    )
    assert response.status_code == 404


def test_rules_endpoints(client):
    rules = client.get("/api/v1/rules").json()
    assert any(r["code"] == "PLT001" for r in rules)
    one = client.get("/api/v1/rules/plt001").json()
    assert one["name"] == "text-over-limit" and "## Why it matters" in one["markdown"]
    assert client.get("/api/v1/rules/ZZZ999").status_code == 404


def test_openapi_schema_is_served(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/check" in schema["paths"]
