from __future__ import annotations

import hmac
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event

from carepost.studio.errors import NotFound, ValidationFailed
from carepost.studio.posts.models import Post
from carepost.studio.posts.selectors import post_get
from carepost.studio.posts.services import post_schedule
from carepost.studio.workspaces.models import Workspace
from carepost.studio.workspaces.permissions import Cap
from carepost.studio.workspaces.selectors import workspace_access, workspace_list_for_user
from carepost.studio.workspaces.timezones import (
    format_local,
    local_to_utc,
    utc_to_local,
    wall_time_note,
)

from .observances import observances_between
from .selectors import calendar_grid, calendar_posts, period_bounds, pillar_mix


def _period(request: HttpRequest, tz: str) -> tuple[str, date, date]:
    try:
        return period_bounds(
            month=request.GET.get("month"),
            week=request.GET.get("week"),
            today=timezone.now().astimezone(ZoneInfo(tz)).date(),
        )
    except ValueError as exc:
        raise ValidationFailed("month must be YYYY-MM and week YYYY-MM-DD", field="month") from exc


def _render(
    request: HttpRequest, *, workspaces: list[Workspace], tz: str, ws=None, access=None
) -> HttpResponse:
    kind, first, last = _period(request, tz)
    posts = list(calendar_posts(workspaces=workspaces, first=first, last=last, tz=tz))
    prev_first = (
        (first - timedelta(days=1)).replace(day=1) if kind == "month" else first - timedelta(days=7)
    )
    next_first = last + timedelta(days=1)
    return render(
        request,
        "calendar/calendar.html",
        {
            "ws": ws,
            "access": access,
            "kind": kind,
            "first": first,
            "last": last,
            "weeks": calendar_grid(posts=posts, kind=kind, first=first, last=last, tz=tz),
            "months": [o for o in observances_between(first, last) if o.observance.kind == "month"],
            "mix": pillar_mix(posts=posts, target=ws.target_pillar_mix if ws else {}),
            "prev": prev_first.strftime("%Y-%m") if kind == "month" else prev_first.isoformat(),
            "next": next_first.strftime("%Y-%m") if kind == "month" else next_first.isoformat(),
            "can_drag": access is not None and access.can(Cap.SCHEDULE),
            "tz": tz,
        },
    )


@login_required
@require_GET
def calendar_view(request: HttpRequest, ws: int) -> HttpResponse:
    access = workspace_access(user=request.user, workspace=ws)
    access.require(Cap.VIEW)
    return _render(
        request,
        workspaces=[access.workspace],
        tz=access.workspace.timezone,
        ws=access.workspace,
        access=access,
    )


@login_required
@require_GET
def calendar_all(request: HttpRequest) -> HttpResponse:
    workspaces = list(workspace_list_for_user(user=request.user))
    tz = workspaces[0].timezone if workspaces else "UTC"
    return _render(request, workspaces=workspaces, tz=tz)


@login_required
@require_POST
def post_reschedule(request: HttpRequest, ws: int, pk: int) -> HttpResponse:
    """Drag and drop on the calendar: move to another day, keeping the local time of day."""
    access, post = post_get(user=request.user, workspace_id=ws, post_id=pk, cap=Cap.SCHEDULE)
    try:
        day = date.fromisoformat(request.POST.get("date", ""))
    except ValueError as exc:
        raise ValidationFailed("date must be YYYY-MM-DD", field="date") from exc
    tz = access.workspace.timezone
    current = utc_to_local(post.scheduled_at or timezone.now(), tz)
    wall = datetime.combine(day, time(current.hour, current.minute))
    at = local_to_utc(wall, tz)
    post_schedule(actor=request.user, post=post, at=at)
    note = wall_time_note(wall, tz)
    messages.info(request, note or f"Moved to {format_local(at, access.workspace)}.")
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@require_GET
def calendar_ics(request: HttpRequest, ws: int) -> HttpResponse:
    """The workspace's ICS feed; the secret token in the URL is the credential (titles and
    status only, never post text)."""
    workspace = Workspace.objects.filter(pk=ws).first()
    token = request.GET.get("token", "")
    if (
        workspace is None
        or not workspace.ics_token
        or not hmac.compare_digest(token, workspace.ics_token)
    ):
        raise NotFound("no such calendar")
    today = timezone.now().date()
    posts = calendar_posts(
        workspaces=[workspace],
        first=today - timedelta(days=90),
        last=today + timedelta(days=365),
        tz="UTC",
    )
    cal = Calendar()
    cal.add("prodid", "-//carepost//studio//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"carepost · {workspace.name}")
    for post in posts:
        when = post.scheduled_at or post.published_at
        event = Event()
        event.add("uid", f"post-{post.pk}@carepost")
        event.add("summary", f"[{post.get_status_display()}] {post.title}")
        event.add("dtstart", when)
        event.add("dtend", when + timedelta(minutes=15))
        event.add("dtstamp", timezone.now())
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="carepost-{workspace.pk}.ics"'
    return response


__all__ = ["Post", "calendar_all", "calendar_ics", "calendar_view", "post_reschedule"]
