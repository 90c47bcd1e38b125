"""The REST API (django-ninja, OpenAPI schema at /api/openapi.json): the same engine the CLI uses."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema, Status
from ninja.security import django_auth

from carepost.checks import CheckError, CheckInput, Engine, Policy, all_rules, get_rule
from carepost.checks.docs import render_rule_markdown
from carepost.studio.workspaces.selectors import workspace_list_for_user

# No Swagger page: it loads its assets from a CDN. The schema is at /api/openapi.json.
api = NinjaAPI(title="carepost API", version="1", urls_namespace="api", docs_url=None)


class CheckBody(Schema):
    text: str
    kind: Literal["post", "reply"] = "post"
    platform: str | None = None
    in_reply_to: str | None = None
    id: str | None = None
    workspace: int | None = None
    media: list[dict[str, Any]] = []
    consents: list[dict[str, Any]] = []
    approved_claims: list[dict[str, Any]] = []
    sources: list[str] = []


class ErrorOut(Schema):
    error: str
    code: str


@api.exception_handler(CheckError)
def _check_error(request: HttpRequest, exc: CheckError):
    return api.create_response(request, {"error": str(exc), "code": "input_error"}, status=422)


@api.post("/v1/check", auth=django_auth, response={200: dict, 422: ErrorOut, 404: ErrorOut})
def check(request: HttpRequest, body: CheckBody):
    """Check one text. With ``workspace``, the workspace's policy applies (members only)."""
    policy = Policy()
    if body.workspace is not None:
        workspace = get_object_or_404(workspace_list_for_user(user=request.user), pk=body.workspace)
        if workspace.policy_toml:
            policy = Policy.from_toml(workspace.policy_toml, path=f"workspace:{workspace.slug}")
    payload = body.dict(exclude={"workspace"})
    item = CheckInput.from_dict(payload)
    return Engine(policy).check(item).to_dict()


@api.get("/v1/rules", response=list[dict])
def rules(request: HttpRequest):
    """Every rule with its metadata and documentation sections."""
    return [r.metadata() for r in all_rules()]


@api.get("/v1/rules/{code}", response={200: dict, 404: ErrorOut})
def rule(request: HttpRequest, code: str):
    try:
        found = get_rule(code)
    except CheckError as exc:
        return Status(404, {"error": str(exc), "code": "unknown_rule"})
    return {**found.metadata(), "markdown": render_rule_markdown(found)}
