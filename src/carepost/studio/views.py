from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static

from carepost.studio.posts.models import Post
from carepost.studio.workspaces.selectors import workspace_list_for_user


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    workspaces = list(workspace_list_for_user(user=request.user))
    posts = (
        Post.objects.filter(workspace__in=workspaces)
        .select_related("workspace")
        .order_by("-updated_at")[:20]
    )
    return render(request, "studio/dashboard.html", {"workspaces": workspaces, "posts": posts})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name none (downloads, JSON): the vendored
    icon under static/ (never fetched from elsewhere)."""
    return HttpResponsePermanentRedirect(static("carepost/favicon.ico"))
