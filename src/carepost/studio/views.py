from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

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
