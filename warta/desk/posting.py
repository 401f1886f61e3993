"""The desk's side of publishing through Warta: what a request sends (`content_of`), what each of
its target platforms shows (`posts_of`), and what the desk does when a post settles (`settled`,
registered with `warta.social.publishing.on_settled` in the desk's AppConfig).

`warta.social` knows posts by their subject (the request's number) and nothing of statuses; the
request's own moves (`post`, `confirm_post`, `take_down`, `publish`…) stay in transitions.py.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.desk.models import Attachment, PlatformPost, PublicationRequest, Status
from warta.desk.timeline import platform_label
from warta.social import publishing
from warta.social.models import Post, PostState
from warta.todos import services as todos
from warta.todos.models import Todo

log = logging.getLogger(__name__)

# The states a person may still act on with `publish` (a link, or why not).
OPEN_STATES = frozenset({PostState.MANUAL, PostState.FAILED, PostState.UNCONFIRMED})
SETTLED_STATES = frozenset({PostState.PUBLISHED, PostState.NOT_PUBLISHED})
BUSY_STATES = frozenset({PostState.QUEUED, PostState.PUBLISHING})

# The page polls a post due within this time (a retry after a short wait) as well as one under way.
LIVE_AHEAD = dt.timedelta(minutes=5)


@dataclass
class PostView:
    """One target platform of a request as the page and the API show it."""

    platform: str
    label: str
    state: str
    state_label: str
    url: str = ""
    error: str = ""
    attempts: int = 0
    scheduled_for: dt.datetime | None = None
    not_published_reason: str = ""
    taken_down_at: dt.datetime | None = None
    connected: bool = False  # Warta can post here (an account is connected)

    @property
    def busy(self) -> bool:
        return self.state in BUSY_STATES

    @property
    def waiting(self) -> bool:
        """Queued for a later time (a schedule, a retry after a wait): Warta posts it by itself then."""
        return self.state == PostState.QUEUED and self.scheduled_for is not None and self.scheduled_for > timezone.now()

    @property
    def live(self) -> bool:
        """Worth watching on the page: under way, or due within a few minutes."""
        return self.busy and (
            not self.waiting or (self.scheduled_for is not None and self.scheduled_for < timezone.now() + LIVE_AHEAD)
        )

    def as_api(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "state": self.state,
            "url": self.url,
            "error": self.error,
            "attempts": self.attempts,
            "scheduled_for": self.scheduled_for,
            "not_published_reason": self.not_published_reason,
            "taken_down_at": self.taken_down_at,
        }


def posts_of(req: PublicationRequest, *, connected: set[str] | None = None) -> list[PostView]:
    """Every target platform of the request, in the request's order: Warta's post when there is one,
    else what a person recorded (a link or a reason), else `manual`."""
    warta = publishing.posts_of(req.number)
    recorded = {p.platform: p for p in PlatformPost.objects.filter(request=req)}
    connected = publishing.connected_platforms() if connected is None else connected
    views = []
    for platform in req.platforms or []:
        post, record = warta.get(platform), recorded.get(platform)
        view = PostView(
            platform=platform,
            label=platform_label(platform),
            state=PostState.MANUAL,
            state_label="",
            connected=platform in connected,
        )
        if record is not None:
            view.url, view.scheduled_for = record.url, record.scheduled_for
            view.not_published_reason = record.not_published_reason
            if record.url:
                view.state = PostState.PUBLISHED
            elif record.not_published_reason:
                view.state = PostState.NOT_PUBLISHED
        if post is not None and (post.state != PostState.MANUAL or view.state == PostState.MANUAL):
            view.state = post.state
            view.url = view.url or post.url  # a correction after publication lives on the desk's record
            view.attempts = post.attempts
            view.taken_down_at = post.taken_down_at
            if post.state == PostState.QUEUED and post.run_after:
                view.scheduled_for = post.run_after
            if post.state == PostState.NOT_PUBLISHED:
                view.not_published_reason = view.not_published_reason or post.error
            elif post.state != PostState.PUBLISHED:
                view.error = post.error
        view.state_label = str(PostState(view.state).label)
        views.append(view)
    return views


# Moves shown on the request page only when there is something for them to act on.
_OFFERED = {
    "post": lambda v: v.connected and (v.state in (PostState.MANUAL, PostState.FAILED) or v.waiting),
    "confirm_post": lambda v: v.state == PostState.UNCONFIRMED,
    "take_down": lambda v: v.state == PostState.PUBLISHED and not v.taken_down_at,
}
# Moves still offered while Warta posts: they withdraw what is queued first.
_WHILE_BUSY = frozenset({"reject", "cancel"})


def offered(action: str, views: list[PostView]) -> bool:
    """Whether the request page offers `action` (the table allowing it) given the platforms' states."""
    if any(v.busy and not v.waiting for v in views) and action not in _WHILE_BUSY:
        return False
    wanted = _OFFERED.get(action)
    return wanted is None or any(wanted(v) for v in views)


def page_context(req: PublicationRequest, views: list[PostView], actions: set[str]) -> dict[str, Any]:
    """What desk/_posts.html reads: the rows, whether to poll, and which per-row moves to offer."""
    return {
        "posts": views,
        "posts_live": any(v.live for v in views),
        # Nothing to show while every platform is still to be posted by a person and nobody can post.
        "posts_shown": "post" in actions or any(v.state != PostState.MANUAL or v.scheduled_for for v in views),
        "may_post": "post" in actions,
        "may_confirm": "confirm_post" in actions,
        "may_publish": "publish" in actions,
    }


def busy(req: PublicationRequest) -> list[str]:
    """The target platforms Warta is working on now (other moves wait until they settle)."""
    return [p for p in publishing.busy(req.number) if p in (req.platforms or [])]


def content_of(req: PublicationRequest) -> publishing.Content:
    """What Warta sends for this request: each platform's caption, the content files, the collaborator."""
    media = [
        publishing.MediaFile(name=str(a.file.name), content_type=a.content_type, alt_text=a.alt_text)
        for a in req.attachments.filter(kind=Attachment.Kind.CONTENT).order_by("uploaded_at", "pk")
        if a.content_type.startswith(("image/", "video/"))
    ]
    collaborators = [req.collaborator.strip()] if req.collaborator.strip() else []
    return publishing.Content(
        captions={p: req.caption_for(p) for p in req.platforms or []}, media=media, collaborators=collaborators
    )


# --- to-dos --------------------------------------------------------------------------------------


def by_hand(req: PublicationRequest) -> list[str]:
    """The target platforms a person posts by hand: Warta's post for them is `manual` (or there is
    none). The others Warta posts itself (queued, under way) or has settled."""
    by_warta = {p for p, post in publishing.posts_of(req.number).items() if post.state != PostState.MANUAL}
    return [p for p in req.platforms if p not in by_warta]


def by_hand_reminder(req: PublicationRequest) -> dt.datetime | None:
    """When the assignee of a scheduled request is reminded to post and record the link: the earliest
    scheduled time of a platform posted by hand; None when Warta posts every scheduled platform."""
    times = [
        moment
        for moment in PlatformPost.objects.filter(request=req, platform__in=by_hand(req)).values_list(
            "scheduled_for", flat=True
        )
        if moment is not None
    ]
    return min(times, default=None)


def confirm_key(req: PublicationRequest, platform: str) -> str:
    return f"desk.post:{req.number}:{platform}:confirm"


def take_down_key(req: PublicationRequest, platform: str) -> str:
    return f"desk.post:{req.number}:{platform}:take_down"


def _page(req: PublicationRequest) -> str:
    return req.get_absolute_url()


def add_confirm_todo(req: PublicationRequest, post: Post) -> Todo:
    return todos.add(
        confirm_key(req, post.platform),
        kind=Todo.Kind.CONFIRM_POST,
        title=_("Pastikan unggahan %(platform)s untuk %(number)s")
        % {"platform": platform_label(post.platform), "number": req.number},
        url=_page(req),
        detail=post.error,
        assignee=req.assignee or post.started_by,
    )


def add_take_down_todo(req: PublicationRequest, platform: str, url: str, note: str, user: Any) -> Todo:
    return todos.add(
        take_down_key(req, platform),
        kind=Todo.Kind.TAKE_DOWN,
        title=_("Tarik unggahan %(platform)s untuk %(number)s secara manual")
        % {"platform": platform_label(platform), "number": req.number},
        url=url or _page(req),
        detail=note,
        assignee=req.assignee or (user if getattr(user, "is_authenticated", False) else None),
    )


# --- when a post settles ---------------------------------------------------------------------


def complete(req: PublicationRequest, views: list[PostView] | None = None) -> bool:
    """Every target platform is published or not published, and at least one is published."""
    views = posts_of(req) if views is None else views
    return (
        bool(views)
        and all(v.state in SETTLED_STATES for v in views)
        and any(v.state == PostState.PUBLISHED for v in views)
    )


def settled(subject: str) -> None:
    """A post of `subject` settled or failed (called after its commit): a to-do for an unconfirmed
    post, a notice for a failed one, and when every platform is done the request becomes published
    through `perform()` as the software, on behalf of the assignee who started it."""
    from warta.desk import notifications, transitions

    req = PublicationRequest.objects.select_related("assignee").filter(number=subject).first()
    if req is None or req.status not in (Status.ASSIGNED, Status.SCHEDULED):
        return
    warta = publishing.posts_of(subject)
    for platform in req.platforms or []:
        post = warta.get(platform)
        if post is None:
            continue
        if post.state == PostState.UNCONFIRMED:
            add_confirm_todo(req, post)
        elif post.state == PostState.FAILED:
            notifications.post_failed(req, post)
    if not complete(req):
        return
    starter = next((p.started_by for p in warta.values() if p.started_by_id), None) or req.assignee
    on_behalf = _("a.n. %(name)s") % {"name": starter.display_name} if starter else ""
    try:
        with transaction.atomic():
            transitions.perform(
                req, "publish", None, {}, system=True, actor_label=_("melalui Warta"), on_behalf=on_behalf
            )
    except transitions.TransitionError as exc:  # another settle published it first, or a person did
        log.info("%s not published by Warta: %s", subject, exc.message)


def register() -> None:
    publishing.on_settled(settled)
