"""The exactly-once publishing engine (writes). Selectors (reads) live in ``selectors.py``.

Lifecycle of one post variant on one platform::

    post scheduled_at due ──materialize──▶ PublishJob(scheduled) ──dispatch──▶ django.tasks task
      task ──claim lease──▶ publishing ──rules──▶ pause | stop | (reconcile?) ──attempt──▶ platform
      success ─▶ published (+ post_mark_published, payload, remote id/url, first comment)
      rate-limited / temporary ─▶ scheduled again at reset time / backoff with jitter
      no answer / 5xx after send / duplicate ─▶ scheduled again; the next run RECONCILES first
      token dead ─▶ needs_reconnect (+ account flagged, owners told)
      refused (media, permission, validation) ─▶ failed with the platform's reason and what to do

Exactly once rests on three things: (1) the conditional-UPDATE lease on the job row, the only
way to work on a job, with every later write fenced by the lease token; (2) a committed attempt
row before every platform call; (3) reconciliation (``find_published``) before any new attempt
when an earlier one may have reached the platform.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import random
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from carepost.publishing import (
    CannotVerify,
    Duplicate,
    MediaItem,
    OutcomeUnknown,
    PlatformClient,
    PlatformError,
    Published,
    PublishRequest,
    RateLimited,
    Temporary,
    TokenDead,
)
from carepost.studio.audit.services import audit_log
from carepost.studio.posts.models import Post, PostStatus, PostVariant
from carepost.studio.workspaces import timezones

from .accounts import (
    account_fresh_token,
    account_mark_needs_reconnect,
    account_renewer,
    accounts_keep_alive,
)
from .choices import choice_options
from .clients import client_for
from .conf import app_limits, conf
from .models import (
    AccountStatus,
    AttemptState,
    ConnectedAccount,
    JobState,
    ManualPost,
    PublishAttempt,
    PublishJob,
)
from .notify import notify_owners
from .rules import publish_verdict

log = logging.getLogger("carepost.publishing")

MAX_DUPLICATES = 3


class LeaseLost(Exception):
    """Another worker took the job over (our lease expired): stop touching it."""


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# ============================================================================ time zones
# Wall-clock conversion lives with the workspace (its zone): the scheduling form and the
# calendar use the same functions.
local_to_utc = timezones.local_to_utc
utc_to_local = timezones.utc_to_local


# ============================================================================ lease
@dataclass
class Lease:
    job_id: int
    token: str
    state: dict[str, Any] = field(default_factory=dict)

    def update(self, **fields: Any) -> None:
        n = PublishJob.objects.filter(pk=self.job_id, lease_token=self.token).update(
            updated_at=timezone.now(), **fields
        )
        if not n:
            raise LeaseLost(f"job {self.job_id}: lease lost")

    def extend(self) -> None:
        self.update(lease_expires_at=timezone.now() + timedelta(seconds=conf("LEASE_SECONDS")))

    def checkpoint(self, data: dict[str, Any]) -> None:
        """Commit client progress before the client takes its next step."""
        self.state.update(data)
        self.update(
            checkpoint=dict(self.state),
            lease_expires_at=timezone.now() + timedelta(seconds=conf("LEASE_SECONDS")),
        )

    def release(self, **fields: Any) -> None:
        self.update(lease_token="", lease_owner="", lease_expires_at=None, **fields)


def _claim(job_id: int, worker: str) -> Lease | None:
    now = timezone.now()
    token = uuid.uuid4().hex
    claimable = Q(state=JobState.SCHEDULED, next_attempt_at__lte=now) | Q(
        state=JobState.PUBLISHING, lease_expires_at__lt=now
    )
    n = (
        PublishJob.objects.filter(pk=job_id)
        .filter(claimable)
        .update(
            state=JobState.PUBLISHING,
            lease_token=token,
            lease_owner=worker[:120],
            lease_expires_at=now + timedelta(seconds=conf("LEASE_SECONDS")),
            enqueued_at=None,  # the task was consumed; a later run needs a new one
            updated_at=now,
        )
    )
    return Lease(job_id, token) if n else None


def backoff(attempt: int, *, base: float | None = None) -> timedelta:
    base = conf("BACKOFF_BASE") if base is None else base
    delay = min(conf("BACKOFF_MAX"), base * 2 ** max(0, attempt - 1))
    return timedelta(seconds=delay * random.uniform(0.5, 1.5))


# ============================================================================ requests
def _media_url(name: str, url: str) -> str | None:
    base = getattr(settings, "CAREPOST_PUBLIC_MEDIA_BASE_URL", "") or os.environ.get(
        "CAREPOST_PUBLIC_MEDIA_BASE_URL", ""
    )
    return f"{base.rstrip('/')}/{url.lstrip('/')}" if base else None


def build_request(job: PublishJob) -> PublishRequest:
    """Exactly the approved content for this platform: the variant text (or the master text),
    the post's media in order, and the job's first comment. Internal fields (title, pillar,
    campaign) are not approved content and are never sent."""
    post = job.post
    variant = next((v for v in post.variants.all() if v.platform == job.platform), None)
    text = variant.text if variant is not None and variant.text else post.text
    media = []
    for m in post.media.all().order_by("position", "pk"):
        mime = mimetypes.guess_type(m.file.name)[0] or (
            "video/mp4" if m.kind == "video" else "image/jpeg"
        )
        try:
            path = m.file.path
        except NotImplementedError:
            path = None
        media.append(
            MediaItem(
                kind="video" if m.kind == "video" else "image",
                mime=mime,
                url=_media_url(m.file.name, m.file.url),
                path=path,
                alt_text=m.alt_text,
                sha256=m.sha256,
            )
        )
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return PublishRequest(
        text=text,
        media=tuple(media),
        first_comment=job.first_comment,
        title=first_line[:100],
        idempotency_key=job.idempotency_key,
        options={**choice_options(job), "scheduled_at": job.publish_at.isoformat()},
    )


# ============================================================================ materialize
def _active_account(workspace_id: int, platform: str, cache: dict) -> ConnectedAccount | None:
    key = (workspace_id, platform)
    if key not in cache:
        cache[key] = (
            ConnectedAccount.objects.filter(
                workspace_id=workspace_id, platform=platform, status=AccountStatus.ACTIVE
            )
            .order_by("pk")
            .first()
            or ConnectedAccount.objects.filter(workspace_id=workspace_id, platform=platform)
            .order_by("pk")
            .first()
        )
    return cache[key]


def jobs_materialize(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Create one job per variant of every due scheduled post that has none yet. Safe to run
    from every worker at once: (post, platform) is unique."""
    now = now or timezone.now()
    variants = list(
        PostVariant.objects.filter(post__status=PostStatus.SCHEDULED, post__scheduled_at__lte=now)
        .filter(
            ~Exists(PublishJob.objects.filter(post=OuterRef("post"), platform=OuterRef("platform")))
        )
        .select_related("post")
        .order_by("post__scheduled_at", "pk")[:limit]
    )
    cache: dict = {}
    connected: list[PublishJob] = []
    manual: list[PublishJob] = []
    for v in variants:
        account = _active_account(v.post.workspace_id, v.platform, cache)
        job = PublishJob(
            workspace_id=v.post.workspace_id,
            post_id=v.post_id,
            platform=v.platform,
            account=account,
            state=JobState.SCHEDULED if account else JobState.MANUAL,
            publish_at=v.post.scheduled_at,
            next_attempt_at=v.post.scheduled_at,
            idempotency_key=f"cp-{uuid.uuid4().hex}",
        )
        (connected if account else manual).append(job)
    PublishJob.objects.bulk_create(connected, ignore_conflicts=True, batch_size=500)
    for job in manual:
        with transaction.atomic():
            if PublishJob.objects.filter(post_id=job.post_id, platform=job.platform).exists():
                continue
            job.save()
            ManualPost.objects.create(job=job, reminded_at=now)
            audit_log(
                event="publishing.job.create",
                workspace=job.workspace,
                target=job,
                data={"platform": job.platform, "manual": True, "post": job.post_id},
            )
            notify_owners(
                workspace=job.workspace,
                subject=f"Time to post by hand on {job.get_platform_display()}",
                body=(
                    f"Post #{job.post_id} is due on {job.get_platform_display()}, which has no "
                    "connected account. Download the copy-ready package from the post's publishing "
                    "page, post it, then mark it posted with the live URL."
                ),
            )
    return len(connected) + len(manual)


# ============================================================================ dispatch
def _enqueue(job_ids: list[int]) -> None:
    from .tasks import publish_job_task

    now = timezone.now()
    for job_id in job_ids:
        result = publish_job_task.enqueue(job_id)
        PublishJob.objects.filter(pk=job_id).update(enqueued_at=now, task_id=str(result.id))


def _lock(qs: Any) -> Any:
    from django.db import connection

    if connection.vendor == "postgresql":
        return qs.select_for_update(skip_locked=True, of=("self",))
    return qs


def jobs_resume_after_crisis(*, now: datetime | None = None) -> int:
    """Paused jobs whose workspace is no longer in crisis: back in order, or — when more than
    the grace period late — held for the owner to decide (never silently late)."""
    from carepost.studio.workspaces.selectors import workspace_publishing_paused

    now = now or timezone.now()
    grace = timedelta(seconds=conf("LATE_GRACE_SECONDS"))
    moved = 0
    paused = PublishJob.objects.filter(state=JobState.PAUSED).select_related(
        "workspace__organization"
    )
    checked: dict[int, bool] = {}
    for job in paused.order_by("publish_at", "pk"):
        if job.workspace_id not in checked:
            checked[job.workspace_id] = workspace_publishing_paused(workspace=job.workspace)
        if checked[job.workspace_id]:
            continue
        with transaction.atomic():
            if now - job.publish_at > grace:
                n = PublishJob.objects.filter(pk=job.pk, state=JobState.PAUSED).update(
                    state=JobState.HELD,
                    error_kind="late",
                    error_message="It was due during crisis mode and is now past due.",
                    error_action="Publish it now, reschedule it, or unschedule it.",
                    updated_at=now,
                )
                if n:
                    audit_log(
                        event="publishing.job.hold",
                        workspace=job.workspace,
                        target=job,
                        data={"reason": "late after crisis"},
                    )
                    notify_owners(
                        workspace=job.workspace,
                        subject="A post held after crisis mode needs your decision",
                        body=f"Post #{job.post_id} on {job.get_platform_display()} was due during crisis mode. Decide in the studio: publish now, reschedule or unschedule.",
                    )
            else:
                n = PublishJob.objects.filter(pk=job.pk, state=JobState.PAUSED).update(
                    state=JobState.SCHEDULED, next_attempt_at=now, updated_at=now
                )
            moved += n
    return moved


def jobs_dispatch(*, now: datetime | None = None) -> int:
    """Enqueue every job that is due, whose lease expired, or whose task was lost."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    batch = int(conf("DISPATCH_BATCH"))
    stale = now - timedelta(seconds=conf("ENQUEUE_TIMEOUT"))
    total = 0
    while True:
        with transaction.atomic():
            due = (
                PublishJob.objects.filter(state=JobState.SCHEDULED, next_attempt_at__lte=now)
                .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=F("next_attempt_at")))
                .order_by("next_attempt_at", "publish_at", "pk")
            )
            ids = list(_lock(due).values_list("pk", flat=True)[:batch])
            expired = PublishJob.objects.filter(
                state=JobState.PUBLISHING, lease_expires_at__lt=now
            ).filter(enqueued_at__isnull=True)
            ids += list(_lock(expired).values_list("pk", flat=True)[:batch])
            # Enqueued long ago and still not claimed: was its task lost with a dead worker?
            old = list(
                _lock(
                    PublishJob.objects.filter(
                        state=JobState.SCHEDULED, next_attempt_at__lte=now, enqueued_at__lt=stale
                    )
                ).values_list("pk", "task_id")[:batch]
            )
            if old:
                ready = set(
                    DBTaskResult.objects.filter(
                        id__in=[t for _, t in old if t], status="READY"
                    ).values_list("id", flat=True)
                )
                ready_ids = {str(r) for r in ready}
                ids += [pk for pk, t in old if not t or t not in ready_ids]
            ids = list(dict.fromkeys(ids))
            _enqueue(ids)
        total += len(ids)
        if len(ids) < batch:
            return total


def dispatch_tick(*, now: datetime | None = None) -> dict[str, int]:
    """One scheduler pass; every worker runs it every TICK_SECONDS."""
    now = now or timezone.now()
    # Tokens first: a busy database that fails a later step must not let one die.
    renewed = accounts_keep_alive(http=shared_http(), now=now)
    return {
        "materialized": jobs_materialize(now=now),
        "resumed": jobs_resume_after_crisis(now=now),
        "enqueued": jobs_dispatch(now=now),
        "tokens_renewed": renewed,
    }


# ============================================================================ run one job
_HTTP: dict[float, httpx.Client] = {}


def shared_http() -> httpx.Client:
    """One connection pool per process (building a client loads the CA bundle: ~50 ms)."""
    timeout = conf("HTTP_TIMEOUT")
    client = _HTTP.get(timeout)
    if client is None:
        client = _HTTP[timeout] = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
        )
    return client


def job_run(*, job_id: int, worker: str | None = None, http: httpx.Client | None = None) -> str:
    """The task body. Returns what happened (for the task result and the tests)."""
    lease = _claim(job_id, worker or worker_id())
    if lease is None:
        return "skipped"
    try:
        return _run(lease, http or shared_http())
    except LeaseLost:
        log.warning("job %s: lease lost; another worker continues", job_id)
        return "lease-lost"
    except Exception as exc:
        # A bug or a database error: give the job back; the next run reconciles first.
        log.exception("job %s: internal error", job_id)
        try:
            lease.release(
                state=JobState.SCHEDULED,
                next_attempt_at=timezone.now() + backoff(1),
                error_kind="internal",
                error_message=f"internal error ({type(exc).__name__}); retrying",
            )
        except Exception:
            log.exception("job %s: could not release the lease", job_id)
        raise


def _run(lease: Lease, http: httpx.Client) -> str:
    job = PublishJob.objects.select_related(
        "post__workspace__organization", "account", "workspace"
    ).get(pk=lease.job_id)
    lease.state = dict(job.checkpoint or {})
    post = job.post
    verdict = publish_verdict(post=post, platform=job.platform)
    if verdict.outcome == "pause":
        with transaction.atomic():
            lease.release(
                state=JobState.PAUSED,
                error_kind="paused",
                error_message=verdict.reason,
                error_action="Lift crisis mode to resume.",
            )
            audit_log(
                event="publishing.job.pause",
                workspace=job.workspace,
                target=job,
                data={"platform": job.platform},
            )
        return "paused"
    if verdict.outcome == "stop":
        _stop(job, lease, verdict.reason)
        return "stopped"
    account = job.account
    now = timezone.now()
    if account is None or account.status != AccountStatus.ACTIVE:
        lease.release(
            state=JobState.NEEDS_RECONNECT,
            error_kind="token_dead",
            error_message="The account is not connected.",
            error_action="Reconnect the account in Settings → Connected accounts, then retry.",
        )
        return "needs-reconnect"
    if account.rate_limited_until and account.rate_limited_until > now:
        lease.release(state=JobState.SCHEDULED, next_attempt_at=account.rate_limited_until)
        return "deferred"
    request = build_request(job)
    client = _client(job, lease, account, http)
    if isinstance(client, str):
        return client
    try:
        return _publish(job, lease, client, request, verdict.content_hash, now)
    finally:
        _slow_down(account, client)


def _client(
    job: PublishJob, lease: Lease, account: ConnectedAccount, http: httpx.Client
) -> PlatformClient | str:
    """The account's client with a token that is valid now, renewing it first when it is about
    to expire; the client renews it again (once per refusal) if the platform refuses it."""
    renew = account_renewer(account, http=http)
    try:
        token = account_fresh_token(account_id=account.pk, renew=renew)
    except TokenDead as exc:
        _needs_reconnect(job, lease, exc)
        return "needs-reconnect"
    except PlatformError as exc:
        lease.release(
            state=JobState.SCHEDULED,
            next_attempt_at=timezone.now() + backoff(job.attempts + 1),
            error_kind=exc.kind,
            error_message=f"could not renew the account's token: {exc.message}",
            error_action="Nothing to do: carepost retries.",
        )
        return "retry"
    client = client_for(account, http=http, access_token=token)
    client.heartbeat = lease.extend
    client.renew_token = lambda refused: account_fresh_token(
        account_id=account.pk, renew=renew, refused=refused
    )
    return client


def _slow_down(account: ConnectedAccount, client: PlatformClient) -> None:
    """The platform's usage headers said we are close to its limit: pause this account."""
    until = client.slow_down_until
    if until and until > timezone.now():
        ConnectedAccount.objects.filter(pk=account.pk).filter(
            Q(rate_limited_until__isnull=True) | Q(rate_limited_until__lt=until)
        ).update(rate_limited_until=until)


def _publish(
    job: PublishJob,
    lease: Lease,
    client: PlatformClient,
    request: PublishRequest,
    content_hash: str,
    now: datetime,
) -> str:
    attempts = list(job.attempt_rows.order_by("number"))
    if attempts and attempts[-1].state in (
        AttemptState.SENDING,
        AttemptState.UNKNOWN,
        AttemptState.DUPLICATE,
    ):
        outcome = _reconcile(job, lease, client, request, attempts, content_hash)
        if outcome:
            return outcome

    limit = app_limits().get(job.platform)
    if limit:
        calls, window = limit
        used = PublishAttempt.objects.filter(
            platform=job.platform, started_at__gte=now - timedelta(seconds=window)
        ).count()
        if used >= calls:
            lease.release(
                state=JobState.SCHEDULED,
                next_attempt_at=now + timedelta(seconds=window / 24),
                error_kind="rate_limited",
                error_message="carepost's app-wide limit for this platform is reached",
                error_action="Nothing to do: it goes out when the limit allows.",
            )
            return "deferred"
    if type(client).quota is not PlatformClient.quota:
        try:
            quota = client.quota()
        except PlatformError:
            quota = None
        if quota is not None and quota.remaining <= 0:
            lease.release(
                state=JobState.SCHEDULED,
                next_attempt_at=now + timedelta(hours=1),
                error_kind="rate_limited",
                error_message=f"the account used its {quota.total} posts for the last {quota.window_seconds // 3600} h",
                error_action="Nothing to do: it goes out when the quota frees up.",
            )
            return "deferred"

    tries = job.attempts + 1  # since the last retry by a person (the give-up limit)
    # The row number keeps counting across retries: the history stays whole.
    number = (attempts[-1].number if attempts else 0) + 1
    if tries > conf("MAX_ATTEMPTS"):
        last = attempts[-1] if attempts else None
        _fail(
            job,
            lease,
            kind=last.error_kind if last else "temporary",
            message=f"gave up after {job.attempts} attempts; last error: {last.error_message if last else 'none'}",
            action="Check the account and the platform's status, then retry.",
        )
        return "failed"
    with transaction.atomic():
        attempt = PublishAttempt.objects.create(
            job=job,
            platform=job.platform,
            number=number,
            idempotency_key=job.idempotency_key,
            state=AttemptState.SENDING,
            may_have_published=True,
            worker=lease_owner(),
            started_at=timezone.now(),
        )
        lease.update(
            attempts=tries,
            lease_expires_at=timezone.now() + timedelta(seconds=conf("LEASE_SECONDS")),
        )
    try:
        published = client.publish(request, state=lease.state, checkpoint=lease.checkpoint)
    except LeaseLost:
        raise
    except PlatformError as exc:
        return _handle_error(job, lease, attempt, exc, number)
    _succeed(
        job,
        lease,
        client,
        request,
        published,
        attempt,
        content_hash,
        AttemptState.SUCCEEDED,
    )
    return "published"


def lease_owner() -> str:
    return worker_id()


def _reconcile(
    job: PublishJob,
    lease: Lease,
    client: PlatformClient,
    request: PublishRequest,
    attempts: list[PublishAttempt],
    content_hash: str,
) -> str | None:
    """Ask the platform whether an earlier attempt went through. Returns an outcome when the job
    is settled (published or rescheduled), None when it is certainly not there (publish again)."""
    risky = [a for a in attempts if a.may_have_published]
    since = min(a.started_at for a in risky) - timedelta(minutes=2) if risky else None
    last = attempts[-1]
    try:
        found = client.find_published(request, state=lease.state, since=since)
    except LeaseLost:
        raise
    except TokenDead as exc:
        _needs_reconnect(job, lease, exc)
        return "needs-reconnect"
    except CannotVerify as exc:
        _needs_person(job, lease, exc.message, hint=exc.hint_id)
        return "needs-person"
    except PlatformError as exc:
        # Cannot tell yet: never publish blind; look again later — but not forever.
        first = min((a.started_at for a in risky), default=last.started_at)
        if timezone.now() - first > timedelta(seconds=conf("CONFIRM_AFTER_SECONDS")):
            _needs_person(
                job,
                lease,
                f"still no answer from the platform {int(conf('CONFIRM_AFTER_SECONDS') // 60)} "
                f"minutes after the attempt: {exc.message}",
            )
            return "needs-person"
        delay = (
            exc.reset_at
            if isinstance(exc, RateLimited) and exc.reset_at
            else timezone.now() + backoff(len(attempts), base=conf("RECONCILE_DELAY"))
        )
        lease.release(
            state=JobState.SCHEDULED,
            next_attempt_at=delay,
            error_kind="outcome_unknown",
            error_message=f"checking whether the post is live: {exc.message}",
            error_action="Nothing to do: carepost keeps checking.",
        )
        return "reconcile-later"
    if found:
        _succeed(job, lease, client, request, found, last, content_hash, AttemptState.RECONCILED)
        return "reconciled"
    dupes = sum(1 for a in attempts[-MAX_DUPLICATES:] if a.state == AttemptState.DUPLICATE)
    if last.state == AttemptState.DUPLICATE and dupes >= MAX_DUPLICATES:
        _fail(
            job,
            lease,
            kind="duplicate",
            message="The platform refuses this text as a duplicate, and no post of ours with it was found.",
            action="The account already has a post with the same text: edit the text (it needs re-approval) or delete the older post, then retry.",
        )
        return "failed"
    PublishAttempt.objects.filter(
        pk=last.pk, state__in=[AttemptState.SENDING, AttemptState.UNKNOWN]
    ).update(
        state=AttemptState.FAILED,
        error_message=(last.error_message + " — not found on the platform").strip(" —"),
        finished_at=timezone.now(),
    )
    return None


def _handle_error(
    job: PublishJob, lease: Lease, attempt: PublishAttempt, exc: PlatformError, number: int
) -> str:
    now = timezone.now()
    fields: dict[str, Any] = {
        "finished_at": now,
        "error_kind": exc.kind,
        "error_code": exc.full_code[:120],
        "error_message": exc.message[:2000],
        "may_have_published": exc.may_have_published,
    }
    if isinstance(exc, Duplicate):
        fields["state"] = AttemptState.DUPLICATE
    elif isinstance(exc, OutcomeUnknown) or exc.may_have_published:
        fields["state"] = AttemptState.UNKNOWN
    else:
        fields["state"] = AttemptState.FAILED
    PublishAttempt.objects.filter(pk=attempt.pk).update(**fields)
    job_fields = {
        "error_kind": exc.kind,
        "error_message": exc.message[:2000],
        "error_action": exc.action,
    }
    if isinstance(exc, Duplicate) and exc.existing_id:
        lease.checkpoint({"duplicate_of": exc.existing_id})  # what the platform pointed at
    if exc.may_have_published:
        lease.release(
            state=JobState.SCHEDULED,
            next_attempt_at=now + backoff(number, base=conf("RECONCILE_DELAY")),
            **job_fields,
        )
        return "unknown"
    if isinstance(exc, RateLimited):
        until = exc.reset_at if exc.reset_at and exc.reset_at > now else now + backoff(number)
        ConnectedAccount.objects.filter(pk=job.account_id).update(rate_limited_until=until)
        lease.release(state=JobState.SCHEDULED, next_attempt_at=until, **job_fields)
        return "rate-limited"
    if isinstance(exc, Temporary):
        lease.release(state=JobState.SCHEDULED, next_attempt_at=now + backoff(number), **job_fields)
        return "retry"
    if isinstance(exc, TokenDead):
        _needs_reconnect(job, lease, exc)
        return "needs-reconnect"
    _fail(job, lease, kind=exc.kind, message=exc.message, action=exc.action)
    return "failed"


def _succeed(
    job: PublishJob,
    lease: Lease,
    client: PlatformClient,
    request: PublishRequest,
    published: Published,
    attempt: PublishAttempt,
    content_hash: str,
    attempt_state: Any,
) -> None:
    from carepost.studio.posts.services import post_mark_published

    now = timezone.now()
    with transaction.atomic():
        lease.release(
            state=JobState.PUBLISHED,
            remote_id=published.remote_id[:255],
            remote_url=published.url[:1000],
            reconciled=published.reconciled,
            payload=request.to_payload(),
            content_hash=content_hash,
            published_at=now,
            error_kind="",
            error_message="",
            error_action="",
        )
        PublishAttempt.objects.filter(pk=attempt.pk).update(
            state=attempt_state, remote_id=published.remote_id[:255], finished_at=now
        )
        post = Post.objects.get(pk=job.post_id)
        if post.status in (PostStatus.SCHEDULED, PostStatus.PUBLISHED, PostStatus.FAILED):
            post_mark_published(
                post=post,
                platform=job.platform,
                remote_id=published.remote_id,
                url=published.url,
                published_at=now,
            )
    if request.first_comment and client.supports_first_comment:
        try:
            comment_id = client.comment(published.remote_id, request.first_comment)
        except PlatformError as exc:
            PublishJob.objects.filter(pk=job.pk).update(
                error_kind="first_comment",
                error_message=f"Published, but the first comment failed: {exc.message}",
                error_action="Add the comment by hand on the platform.",
            )
        else:
            PublishJob.objects.filter(pk=job.pk).update(comment_id=comment_id[:255])


def _fail(job: PublishJob, lease: Lease, *, kind: str, message: str, action: str) -> None:
    from carepost.studio.posts.services import post_mark_failed

    with transaction.atomic():
        lease.release(
            state=JobState.FAILED,
            error_kind=kind,
            error_message=message[:2000],
            error_action=action,
        )
        audit_log(
            event="publishing.job.fail",
            workspace=job.workspace,
            target=job,
            data={"platform": job.platform, "kind": kind},
        )
        post = Post.objects.get(pk=job.post_id)
        if post.status == PostStatus.SCHEDULED:
            post_mark_failed(post=post, reason=f"{job.get_platform_display()}: {message}"[:1000])
        notify_owners(
            workspace=job.workspace,
            subject=f"Publishing to {job.get_platform_display()} failed",
            body=f"Post #{job.post_id} could not be published to {job.get_platform_display()}.\nWhat to do: {action}",
        )


def _stop(job: PublishJob, lease: Lease, reason: str) -> None:
    from carepost.studio.reviews.services import post_review_reopen

    with transaction.atomic():
        lease.release(
            state=JobState.STOPPED,
            error_kind="rule",
            error_message=reason,
            error_action="Fix the post and get it approved again; it will be scheduled anew.",
        )
        audit_log(
            event="publishing.job.stop",
            workspace=job.workspace,
            target=job,
            data={"platform": job.platform, "reason": reason},
        )
        post = Post.objects.get(pk=job.post_id)
        if post.status == PostStatus.SCHEDULED and "consent" in reason:
            post_review_reopen(post=post, reason=reason)


def _needs_person(job: PublishJob, lease: Lease, reason: str, *, hint: str = "") -> None:
    """An earlier attempt may have published and nothing carepost may read can tell: stop, and
    ask a person to look (never publish blind, never check forever)."""
    with transaction.atomic():
        lease.release(
            state=JobState.NEEDS_CONFIRMATION,
            error_kind="cannot_verify",
            error_message=reason[:2000],
            error_action=(
                "Look at the account on the platform. If the post is there, confirm it with its "
                "link; if it is not, choose “Not there: publish again”."
            ),
        )
        audit_log(
            event="publishing.job.needs_confirmation",
            workspace=job.workspace,
            target=job,
            data={"platform": job.platform, "hint": hint},
        )
        notify_owners(
            workspace=job.workspace,
            subject=f"Is post #{job.post_id} live on {job.get_platform_display()}?",
            body=(
                f"carepost sent post #{job.post_id} to {job.get_platform_display()} but the answer "
                "was lost, and the platform offers no way for carepost to check. Open the job in "
                "the studio and confirm whether the post is live."
            ),
        )


def _needs_reconnect(job: PublishJob, lease: Lease, exc: PlatformError) -> None:
    with transaction.atomic():
        lease.release(
            state=JobState.NEEDS_RECONNECT,
            error_kind=exc.kind,
            error_message=exc.message[:2000],
            error_action=exc.action,
        )
        if job.account_id:
            account_mark_needs_reconnect(
                account=ConnectedAccount.objects.get(pk=job.account_id), reason=exc.message
            )
