"""Publishing pages: the queue per account, a job's history with what to do, retry, and the
copy-ready package for platforms posted by hand. Thin: parse, call a service, render."""

from __future__ import annotations

import io
import zipfile

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from carepost.publishing.oauth import PROVIDERS
from carepost.studio.errors import NotFound
from carepost.studio.posts.models import Post
from carepost.studio.workspaces.models import PLATFORMS
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access
from carepost.studio.workspaces.timezones import format_local

from . import actions, services
from .choices import creator_info_for, publish_choice_set
from .conf import oauth_credentials
from .models import PublishJob
from .selectors import jobs_for_post, queue_for_workspace


def _job(request: HttpRequest, ws: int, pk: int) -> tuple[object, PublishJob]:
    access = workspace_access(user=request.user, workspace=ws)
    job = (
        PublishJob.objects.filter(workspace=access.workspace, pk=pk)
        .select_related("post", "account")
        .first()
    )
    if job is None:
        raise NotFound("no such publish job")
    return access, job


@login_required
@require_GET
def queue_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    context = {
        "access": access,
        "ws": access.workspace,
        **queue_for_workspace(workspace=access.workspace),
        "retryable": actions.RETRYABLE,
        # platforms whose app credentials are configured: the Connect buttons
        "connectable": [
            (key, label)
            for key, label in PLATFORMS
            if key in PROVIDERS and oauth_credentials(key)[0]
        ],
    }
    return render(request, "publishing/queue.html", context)


@login_required
@require_GET
def post_publishing_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    post = Post.objects.filter(workspace=access.workspace, pk=pk).first()
    if post is None:
        raise NotFound("no such post")
    return render(
        request,
        "publishing/post.html",
        {
            "access": access,
            "ws": access.workspace,
            "post": post,
            "jobs": jobs_for_post(post=post),
            "retryable": actions.RETRYABLE,
            "tiktok": creator_info_for(post=post),
        },
    )


@login_required
@require_POST
def tiktok_choice_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    """The user's TikTok choice, checked against what creator_info offers right now."""
    access = workspace_access(user=request.user, workspace=ws)
    post = Post.objects.filter(workspace=access.workspace, pk=pk).first()
    if post is None:
        raise NotFound("no such post")
    offer = creator_info_for(post=post)
    publish_choice_set(
        actor=request.user,
        post=post,
        platform="tiktok",
        privacy_level=request.POST.get("privacy_level", ""),
        switches={opt: request.POST.get(opt) == "on" for opt, _f, _l in offer.get("switches", ())},
        offered=offer.get("offered", []),
        locked=offer.get("locked", {}),
    )
    return redirect("publishing_post", ws=ws, pk=pk)


@login_required
@require_POST
def job_confirm_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access, job = _job(request, ws, pk)
    access.require(Cap.SCHEDULE)  # type: ignore[attr-defined]
    actions.job_confirm(
        actor=request.user,
        job=job,
        live=request.POST.get("live") == "yes",
        url=request.POST.get("url", "").strip(),
    )
    return redirect("publishing_job", ws=ws, pk=pk)


@login_required
@require_GET
def job_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access, job = _job(request, ws, pk)
    attempts = job.attempt_rows.order_by("number")
    return render(
        request,
        "publishing/job.html",
        {
            "access": access,
            "ws": job.workspace,
            "job": job,
            "attempts": attempts,
            "retryable": actions.RETRYABLE,
        },
    )


@login_required
@require_POST
def job_retry_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access, job = _job(request, ws, pk)
    access.require(Cap.SCHEDULE)  # type: ignore[attr-defined]
    actions.job_retry(actor=request.user, job=job)
    return redirect("publishing_job", ws=ws, pk=pk)


@login_required
@require_POST
def manual_posted_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    access, job = _job(request, ws, pk)
    access.require(Cap.SCHEDULE)  # type: ignore[attr-defined]
    actions.job_mark_manual_posted(
        actor=request.user, job=job, url=request.POST.get("url", "").strip()
    )
    return redirect("publishing_job", ws=ws, pk=pk)


@login_required
@require_GET
def manual_package_view(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    """A zip with the exact approved text for this platform, the first comment, the media files
    and a short README — everything needed to post by hand."""
    access, job = _job(request, ws, pk)
    access.require(Cap.SCHEDULE)  # type: ignore[attr-defined]
    request_ = services.build_request(job)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("text.txt", request_.text)
        if request_.first_comment:
            zf.writestr("first-comment.txt", request_.first_comment)
        for n, m in enumerate(job.post.media.all().order_by("position", "pk"), start=1):
            name = m.file.name.rsplit("/", 1)[-1]
            with m.file.open("rb") as fh:
                zf.writestr(f"media/{n:02d}-{name}", fh.read())
            if m.alt_text:
                zf.writestr(f"media/{n:02d}-alt-text.txt", m.alt_text)
        zf.writestr(
            "README.txt",
            f"Post #{job.post_id} for {job.get_platform_display()}, due "
            f"{format_local(job.publish_at, job.workspace)} ({job.workspace.timezone}).\n"
            "1. Post text.txt exactly as written (it is the approved text), with the media in order.\n"
            "2. Add first-comment.txt as the first comment, if present.\n"
            "3. In carepost, open the job and mark it posted with the live URL.\n",
        )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="post-{job.post_id}-{job.platform}.zip"'
    )
    return response
