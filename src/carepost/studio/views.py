from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static

from carepost.studio.posts.models import Post
from carepost.studio.reviews.selectors import notifications_unread, review_queue_for_user
from carepost.studio.workspaces.selectors import workspace_list_for_user

__all__ = [
    "dashboard",
    "favicon",
    "healthz",
]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    workspaces = list(workspace_list_for_user(user=request.user))
    posts = (
        Post.objects.filter(workspace__in=workspaces)
        .select_related("workspace")
        .order_by("-updated_at")[:20]
    )
    queue = review_queue_for_user(user=request.user)
    per_workspace: dict[int, int] = {}
    for entry in queue:
        per_workspace[entry.post.workspace_id] = per_workspace.get(entry.post.workspace_id, 0) + 1
    return render(
        request,
        "studio/dashboard.html",
        {
            "workspaces": workspaces,
            "posts": posts,
            "queue": queue,
            "queue_counts": [(w, per_workspace[w.pk]) for w in workspaces if w.pk in per_workspace],
            "notifications": notifications_unread(user=request.user),
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name none (downloads, JSON): the vendored
    icon under static/ (never fetched from elsewhere)."""
    return HttpResponsePermanentRedirect(static("carepost/favicon.ico"))
