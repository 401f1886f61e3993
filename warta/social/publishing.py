"""Publishing: Warta posts a subject's content to each platform in the worker, once.

The desk (which knows requests) calls `queue()` inside its move and is told through `on_settled`
listeners when a platform's post settles; this module knows nothing of requests' statuses.

Exactly once: every id a platform gives (container, upload, post) is written to the Post row before
the next call. A call whose answer is lost (timeout, 5xx after the platform acted) is never simply
repeated: Warta looks first — the container's status and the account's recent media (Instagram), the
Page's recent posts (Facebook), the user's recent posts (X) — and marks the post `unconfirmed` for a
person when it cannot be sure. A worker killed half-way resumes from the stored ids.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from warta.social.clients.base import AnswerLost, PlatformError, backoff
from warta.social.clients.graph import CONTAINER_FAILED, CONTAINER_FINISHED, CONTAINER_PUBLISHED, GraphClient
from warta.social.clients.x import MediaProcessingFailed, XClient, post_url
from warta.social.models import Account, AccountStatus, Platform, Post, PostState, active_account
from warta.social.text import X_MAX_PICTURES, X_TEXT_LIMIT, x_length

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MEDIA_LINK_SALT = "warta.social.media"
MEDIA_LINK_SECONDS = 60 * 60
X_LIMIT = X_TEXT_LIMIT
IG_RATIO = (4 / 5, 1.91)


def claim_lease() -> dt.timedelta:
    """A claim older than the task queue's lease belongs to a worker that died (the queue hands its
    task out again then): the post is taken up again from its ids."""
    return dt.timedelta(seconds=settings.WARTA_TASK_LEASE_S)


# A due post that no task took within this time is handed over again by the timers' sweep.
SWEEP_GRACE = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class MediaFile:
    name: str  # the file's name in the uploads storage
    content_type: str
    alt_text: str = ""

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# Instagram and X take video as MP4 or MOV (Instagram's Reels: "MOV or MP4"; X: MP4, MOV); a 3GP
# from an older phone (WhatsApp) goes to neither, and staff post it by hand if they want it.
VIDEO_TYPES = frozenset({"video/mp4", "video/quicktime"})


def postable(media: list[MediaFile]) -> list[MediaFile]:
    """The files a platform that takes pictures and video accepts, in their order."""
    return [item for item in media if item.is_image or item.content_type in VIDEO_TYPES]


@dataclass(frozen=True)
class Content:
    captions: dict[str, str]  # platform -> the text for it
    media: list[MediaFile] = field(default_factory=list)
    collaborators: list[str] = field(default_factory=list)


_listeners: list[Callable[[str], None]] = []


def on_settled(listener: Callable[[str], None]) -> None:
    """`listener(subject)` runs after commit whenever one of the subject's posts settles or fails."""
    if listener not in _listeners:
        _listeners.append(listener)


def _settled(subject: str) -> None:
    for listener in _listeners:
        transaction.on_commit(partial(listener, subject))


# --- what the desk calls --------------------------------------------------------------------------


def posts_of(subject: str) -> dict[str, Post]:
    return {p.platform: p for p in Post.objects.filter(subject=subject)}


def connected_platforms() -> set[str]:
    return set(Account.objects.filter(is_active=True, status=AccountStatus.OK).values_list("platform", flat=True))


def queue(
    subject: str,
    platforms: list[str],
    content: Content,
    user: Any,
    *,
    run_after: dt.datetime | dict[str, dt.datetime] | None = None,
) -> list[Post]:
    """Queue the subject's post on each of `platforms` that has a connected account and is not yet
    settled (a failed one is tried again). Call inside the caller's transaction: the tasks are
    enqueued after commit. Returns the posts queued."""
    queued: list[Post] = []
    now = timezone.now()
    for platform in platforms:
        account = active_account(platform)
        post, _created = Post.objects.select_for_update().get_or_create(subject=subject, platform=platform)
        if post.state not in (PostState.MANUAL, PostState.FAILED) or account is None or not account.usable:
            continue  # settled or under way; without an account the platform stays manual
        when = run_after.get(platform) if isinstance(run_after, dict) else run_after
        post.account = account
        post.state = PostState.QUEUED
        post.caption = content.captions.get(platform, "")
        post.media = [m.__dict__ for m in content.media]
        post.collaborators = list(content.collaborators)[:3]
        post.error = ""
        post.started_by = user if getattr(user, "is_authenticated", False) else None
        post.run_after = when if when and when > now else None
        post.save()
        queued.append(post)
        transaction.on_commit(partial(_enqueue, post.pk, post.run_after))
    return queued


def _enqueue(post_id: int, when: dt.datetime | None) -> None:
    """Hand the post to the worker now, or at `when`; a queue that cannot wait leaves it to `sweep()`."""
    if when and when > timezone.now():
        if publish_post.get_backend().supports_defer:
            publish_post.using(run_after=when).enqueue(post_id)
        return
    publish_post.enqueue(post_id)


def sweep() -> int:
    """Run by the timers: hand over posts whose time came without a task (a queue that cannot
    defer, an enqueue lost in a crash) and posts whose worker died mid-publish. A second task for
    the same post is harmless: only one claims it."""
    now = timezone.now()
    overdue = Q(state=PostState.QUEUED) & (
        Q(run_after__lte=now - SWEEP_GRACE) | Q(run_after__isnull=True, updated_at__lte=now - SWEEP_GRACE)
    )
    stale = Q(state=PostState.PUBLISHING, claimed_at__lt=now - claim_lease())
    ids = list(Post.objects.filter(overdue | stale).values_list("pk", flat=True)[:100])
    for post_id in ids:
        publish_post.enqueue(post_id)
    return len(ids)


def withdraw(subject: str, platforms: list[str] | None = None) -> list[str]:
    """Withdraw what is still queued (not yet started): back to manual. Returns the platforms."""
    qs = Post.objects.filter(subject=subject, state=PostState.QUEUED)
    if platforms is not None:
        qs = qs.filter(platform__in=platforms)
    withdrawn = list(qs.values_list("platform", flat=True))
    qs.update(state=PostState.MANUAL, run_after=None, error="")
    return withdrawn


def busy(subject: str) -> list[str]:
    """The platforms Warta is still working on (other moves wait until they settle)."""
    return list(
        Post.objects.filter(subject=subject, state__in=(PostState.QUEUED, PostState.PUBLISHING))
        .exclude(state=PostState.QUEUED, run_after__gt=timezone.now())
        .values_list("platform", flat=True)
    )


def confirm(subject: str, platform: str, url: str) -> Post:
    """A person saw the post: it is published at `url`."""
    post = Post.objects.select_for_update().get(subject=subject, platform=platform, state=PostState.UNCONFIRMED)
    post.state, post.url, post.error, post.published_at = PostState.PUBLISHED, url, "", timezone.now()
    post.save()
    _settled(subject)
    return post


def release(subject: str, platform: str) -> Post:
    """A person checked that nothing went out: one more attempt is allowed."""
    post = Post.objects.select_for_update().get(subject=subject, platform=platform, state=PostState.UNCONFIRMED)
    post.state, post.error = PostState.FAILED, _("Dipastikan belum terbit; boleh dicoba lagi.")
    post.container_id, post.container_ids, post.upload_ids = "", [], []
    post.save()
    return post


def record_manual(subject: str, platform: str, *, url: str = "", reason: str = "") -> None:
    """A link or a reason given by a person for a platform Warta did not post to."""
    state = PostState.PUBLISHED if url else PostState.NOT_PUBLISHED
    Post.objects.update_or_create(
        subject=subject,
        platform=platform,
        defaults={"state": state, "url": url, "error": reason, "published_at": timezone.now() if url else None},
    )


def take_down(post: Post) -> bool:
    """Withdraw a published post through the API (Facebook, X). False when it takes a person (Instagram)."""
    if post.platform == Platform.INSTAGRAM or not post.external_id or post.account is None:
        return False
    if post.platform == Platform.FACEBOOK:
        with GraphClient(post.account.access_token) as graph:
            graph.delete(post.external_id)
    else:
        with XClient(_x_token(post.account)) as x:
            x.delete_post(post.external_id)
    Post.objects.filter(pk=post.pk).update(taken_down_at=timezone.now())
    return True


# --- media reachable by Meta ----------------------------------------------------------------------


def media_link(media: MediaFile) -> str:
    """An expiring signed link to one file, for Meta to fetch (an hour; nothing else is public)."""
    token = signing.dumps({"n": media.name, "t": media.content_type}, salt=MEDIA_LINK_SALT, compress=True)
    return settings.SITE_URL + reverse("social-media", kwargs={"token": token})


def media_from_link(token: str) -> MediaFile | None:
    try:
        data = signing.loads(token, salt=MEDIA_LINK_SALT, max_age=MEDIA_LINK_SECONDS)
    except signing.BadSignature:
        return None
    return MediaFile(name=str(data["n"]), content_type=str(data["t"]))


def storage():
    from warta.core.uploads import private_storage

    return private_storage()


def _read(media: MediaFile) -> bytes:
    with storage().open(media.name, "rb") as handle:
        return handle.read()


def instagram_jpeg(media: MediaFile) -> MediaFile:
    """Instagram takes JPEG only, between 4:5 and 1.91:1: a checked JPEG rendition of the image."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(_read(media))) as opened:
        image = ImageOps.exif_transpose(opened)
        ratio = image.width / image.height
        if not IG_RATIO[0] - 0.005 <= ratio <= IG_RATIO[1] + 0.005:
            raise PublishRefused(
                _(
                    "Instagram hanya menerima gambar dengan rasio 4:5 (tegak) sampai 1,91:1 (mendatar); "
                    "gambar ini %(w)d×%(h)d piksel. Potong gambarnya lalu unggah ulang."
                )
                % {"w": image.width, "h": image.height}
            )
        if media.content_type == "image/jpeg":
            return media
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="JPEG", quality=90)
    from django.core.files.base import ContentFile

    from warta.core.uploads import random_name

    name = storage().save(random_name("jpg", "renditions"), ContentFile(buffer.getvalue()))
    return MediaFile(name=name, content_type="image/jpeg", alt_text=media.alt_text)


class PublishRefused(Exception):
    """Warta will not send this (a wrong image ratio, a caption too long): a sentence for the staff."""


# --- the worker -----------------------------------------------------------------------------------


def _claim(post_id: int) -> Post | None:
    now = timezone.now()
    fresh = Q(state=PostState.QUEUED) & (Q(run_after__isnull=True) | Q(run_after__lte=now))
    stale = Q(state=PostState.PUBLISHING, claimed_at__lt=now - claim_lease())
    claimed = Post.objects.filter(Q(pk=post_id) & (fresh | stale)).update(
        state=PostState.PUBLISHING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return Post.objects.select_related("account").get(pk=post_id)


def _save(post: Post, **fields: Any) -> None:
    """Store what the platform just gave before the next call."""
    for name, value in fields.items():
        setattr(post, name, value)
    Post.objects.filter(pk=post.pk).update(**fields, updated_at=timezone.now())


@task()
def publish_post(post_id: int) -> None:
    post = _claim(post_id)
    if post is None:
        return
    try:
        if post.account is None or not post.account.usable:
            raise PublishRefused(_("Akun platform ini belum terhubung atau perlu dihubungkan ulang."))
        url = PUBLISHERS[post.platform](post)
    except PublishRefused as exc:
        _finish(post, PostState.FAILED, error=str(exc))
    except _Unconfirmed as exc:
        _finish(post, PostState.UNCONFIRMED, error=str(exc))
    except PlatformError as exc:
        _platform_error(post, exc)
    else:
        _finish(post, PostState.PUBLISHED, url=url, published_at=timezone.now())


class _Unconfirmed(Exception):
    pass


def _finish(post: Post, state: str, **fields: Any) -> None:
    with transaction.atomic():
        _save(post, state=state, claimed_at=None, **fields)
        _settled(post.subject)


def _platform_error(post: Post, exc: PlatformError) -> None:
    if exc.token_invalid and post.account is not None:
        from warta.social.accounts import mark_needs_reconnect

        mark_needs_reconnect(post.account, str(exc))
        _finish(
            post,
            PostState.FAILED,
            error=_("Akun %(platform)s perlu dihubungkan ulang oleh admin.")
            % {"platform": post.account.get_platform_display()},
        )
        return
    if exc.retryable and post.attempts < MAX_ATTEMPTS:
        wait = exc.retry_after if exc.retry_after is not None else backoff(post.attempts)
        when = timezone.now() + dt.timedelta(seconds=wait)
        _save(post, state=PostState.QUEUED, claimed_at=None, run_after=when, error=_("Dicoba lagi: %(e)s") % {"e": exc})
        transaction.on_commit(partial(_enqueue, post.pk, when))
        return
    _finish(post, PostState.FAILED, error=str(exc))


# --- Instagram --------------------------------------------------------------------------------


def _poll_container(graph: GraphClient, container_id: str) -> str:
    """Wait for a container: every 2 s at first, backing off to 30 s, for at most 5 minutes."""
    wait, deadline = settings.WARTA_SOCIAL_POLL_S, time.monotonic() + settings.WARTA_SOCIAL_POLL_MAX_S
    while True:
        status = graph.ig_container_status(container_id)
        if status != "IN_PROGRESS" or time.monotonic() > deadline:
            return status
        time.sleep(wait)
        wait = min(wait * 2, 30)


def _publish_instagram(post: Post) -> str:
    account = post.account
    assert account is not None
    media = postable([MediaFile(**m) for m in post.media])
    if not media:
        raise PublishRefused(_("Instagram memerlukan gambar atau video (MP4/MOV)."))
    with GraphClient(account.access_token) as graph:
        if not post.container_id:
            used, total = graph.ig_publishing_limit(account.account_id)
            if total and used >= total:
                raise PlatformError(
                    "instagram",
                    _("Kuota unggahan harian Instagram (%(n)d) sudah habis; diunggah saat kuota pulih.") % {"n": total},
                    retryable=True,
                    retry_after=60 * 60,
                )
            try:
                _save(post, container_id=_make_container(graph, post, account.account_id, media))
            except AnswerLost as exc:  # a container posts nothing: making another is safe
                raise PlatformError("instagram", str(exc), retryable=True) from None
        status = _poll_container(graph, post.container_id)
        if status in CONTAINER_FAILED:
            _save(post, container_id="", container_ids=[])
            raise PublishRefused(_("Instagram menolak berkas ini (status %(s)s).") % {"s": status})
        if status == "IN_PROGRESS":
            raise PlatformError("instagram", _("Instagram masih memproses berkas."), retryable=True)
        if not post.external_id and status == CONTAINER_FINISHED:
            try:
                _save(post, external_id=graph.ig_publish(account.account_id, post.container_id))
            except AnswerLost:
                status = graph.ig_container_status(post.container_id)
                if status != CONTAINER_PUBLISHED:
                    raise PlatformError(
                        "instagram", _("Jawaban Instagram hilang; belum terbit."), retryable=True
                    ) from None
        if not post.external_id:  # the container says PUBLISHED: find the media it became
            found = _find(graph.ig_recent_media(account.account_id), "caption", post.caption)
            if found is None:
                raise _Unconfirmed(
                    _("Instagram menyatakan sudah terbit, tetapi unggahannya belum ditemukan. Periksa akun.")
                )
            _save(post, external_id=str(found["id"]))
            return str(found.get("permalink") or graph.ig_permalink(post.external_id))
        return graph.ig_permalink(post.external_id)


def _make_container(graph: GraphClient, post: Post, ig_user_id: str, media: list[MediaFile]) -> str:
    videos = [m for m in media if not m.is_image]
    if videos:
        return graph.ig_video_container(
            ig_user_id, media_link(videos[0]), caption=post.caption, collaborators=post.collaborators
        )
    images = [instagram_jpeg(m) for m in media[:10]]
    if len(images) == 1:
        return graph.ig_image_container(
            ig_user_id,
            media_link(images[0]),
            caption=post.caption,
            alt_text=images[0].alt_text,
            collaborators=post.collaborators,
        )
    children = list(post.container_ids)
    for image in images[len(children) :]:
        children.append(
            graph.ig_image_container(ig_user_id, media_link(image), alt_text=image.alt_text, carousel_item=True)
        )
        _save(post, container_ids=children)
    return graph.ig_carousel_container(ig_user_id, children, caption=post.caption, collaborators=post.collaborators)


def _find(items: list[dict[str, Any]], key: str, text: str) -> dict[str, Any] | None:
    for item in items:
        if (item.get(key) or "").strip() == text.strip():
            return item
    return None


# --- Facebook Page ----------------------------------------------------------------------------


def _publish_facebook(post: Post) -> str:
    account = post.account
    assert account is not None
    images = [MediaFile(**m) for m in post.media if str(m.get("content_type", "")).startswith("image/")]
    with GraphClient(account.access_token) as graph:
        if not post.external_id:
            try:
                if images:
                    post_id = graph.fb_photo(account.account_id, media_link(images[0]), post.caption)
                else:
                    post_id = graph.fb_feed(account.account_id, post.caption)
            except AnswerLost:
                found = _find(graph.fb_recent_posts(account.account_id), "message", post.caption)
                if found is None:
                    raise _Unconfirmed(
                        _("Jawaban Facebook hilang dan unggahannya tidak ditemukan. Periksa Halaman.")
                    ) from None
                _save(post, external_id=str(found["id"]))
                return str(found.get("permalink_url") or graph.fb_permalink(post.external_id))
            _save(post, external_id=post_id)
        return graph.fb_permalink(post.external_id) or f"https://www.facebook.com/{post.external_id}"


# --- X ----------------------------------------------------------------------------------------


def _x_token(account: Account) -> str:
    from warta.social.accounts import fresh_x_token

    return fresh_x_token(account)


def x_media(media: list[MediaFile]) -> list[MediaFile]:
    """What X takes in one post: up to four pictures, or one video (never both). The first file
    decides, in the applicant's order: a picture first posts the pictures, a video first posts it."""
    if media and not media[0].is_image:
        return media[:1]
    return [item for item in media if item.is_image][:X_MAX_PICTURES]


def _publish_x(post: Post) -> str:
    account = post.account
    assert account is not None
    if x_length(post.caption) > X_LIMIT:
        raise PublishRefused(
            _("Teks untuk X %(n)d karakter; paling banyak %(limit)d.") % {"n": x_length(post.caption), "limit": X_LIMIT}
        )
    media = x_media(postable([MediaFile(**m) for m in post.media]))
    with XClient(_x_token(account)) as x:
        if not post.external_id:
            uploads = list(post.upload_ids)
            # Videos X may still be processing: media id -> FINALIZE's processing_info, or None for a
            # video uploaded by an earlier attempt (STATUS is asked first).
            processing: dict[str, dict[str, Any] | None] = {
                media_id: None for item, media_id in zip(media, uploads, strict=False) if not item.is_image
            }
            for item in media[len(uploads) :]:
                try:
                    if item.is_image:
                        uploads.append(x.upload_media(_read(item), item.content_type, category="tweet_image"))
                    else:
                        media_id, info = x.upload_chunked(_read(item), item.content_type, category="tweet_video")
                        uploads.append(media_id)
                        if info:
                            processing[media_id] = info
                except AnswerLost as exc:  # an upload posts nothing: it may simply be sent again
                    raise PlatformError("x", str(exc), retryable=True) from None
                _save(post, upload_ids=uploads)
            for media_id, info in processing.items():
                try:
                    x.wait_processed(media_id, info, started=info is not None)
                except MediaProcessingFailed as exc:  # the media id is spent: upload afresh next time
                    _save(post, upload_ids=uploads[: uploads.index(media_id)])
                    raise PublishRefused(
                        _("X gagal memproses video ini: %(reason)s") % {"reason": exc.message}
                    ) from None
            try:
                _save(post, external_id=x.create_post(post.caption, uploads))
            except AnswerLost:
                found = _find(x.recent_posts(account.account_id), "text", post.caption)
                if found is None:
                    raise _Unconfirmed(_("Jawaban X hilang dan unggahannya tidak ditemukan. Periksa akun.")) from None
                _save(post, external_id=str(found["id"]))
        return post_url(account.handle, post.external_id)


PUBLISHERS: dict[str, Callable[[Post], str]] = {
    Platform.INSTAGRAM: _publish_instagram,
    Platform.FACEBOOK: _publish_facebook,
    Platform.X: _publish_x,
}
