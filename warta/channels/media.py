"""Fetching what a message carries, in the worker, as soon as it arrives.

WhatsApp: `GET /{media-id}` (Graph, with the WhatsApp token) gives a `url` valid for minutes, which
is fetched with the same bearer token. Instagram: the attachment's CDN link, fetched as it is.
Either way the bytes go through `store_upload` like every upload (checked by content, cleaned,
kept in private storage under a random name); a file that fails the checks is not kept and the
media row says why. A fetch the platform failed for a while (5xx, 429, a cut connection) is tried
again by the timer (`retry_due`), a few times over the next half hour; a refusal (4xx, a file that
is not what it claims) is not.
"""

from __future__ import annotations

import datetime as dt
import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from warta.channels.models import Conversation, Media, Platform
from warta.core.outside import PlatformError
from warta.core.uploads import max_upload_bytes, store_upload
from warta.social.clients.graph import GraphClient

log = logging.getLogger(__name__)


def whatsapp_token() -> str:
    return str(settings.WARTA_WHATSAPP_TOKEN or "")


# How often a fetch is tried in all, and how long the platform keeps a message's media ("Media IDs
# in webhooks expire after 7 days", WhatsApp Cloud API, Media).
MAX_ATTEMPTS = 5
KEPT_FOR = dt.timedelta(days=7)


def fetch(media_pk: int) -> bool:
    """Fetch and keep one media file; False (with the reason on the row) when it could not be."""
    media = Media.objects.select_related("message__conversation").filter(pk=media_pk).first()
    if media is None or media.fetched_at is not None:
        return False
    platform = media.message.conversation.platform
    attempts = media.attempts + 1
    Media.objects.filter(pk=media.pk).update(attempts=attempts, retry_at=None)
    try:
        data = _download(media, platform)
        stored = store_upload(io.BytesIO(data), name=media.original_name)
    except PlatformError as exc:
        again = exc.retryable and attempts < MAX_ATTEMPTS and media.message.at > timezone.now() - KEPT_FOR
        return _failed(media, str(exc), retry_in=_retry_delay(attempts) if again else None)
    except ValidationError as exc:
        return _failed(media, " ".join(exc.messages))
    extension = stored.name.rsplit(".", 1)[-1]
    name = media.original_name or f"{platform}-{media.message.at:%Y%m%d-%H%M%S}.{extension}"
    Media.objects.filter(pk=media.pk).update(
        file=stored.name,
        thumbnail=stored.thumbnail,
        content_type=stored.content_type,
        size=stored.size,
        original_name=name[:255],
        error="",
        fetched_at=timezone.now(),
    )
    return True


def _download(media: Media, platform: str) -> bytes:
    limit = max_upload_bytes()
    if platform == Platform.WHATSAPP:
        token = whatsapp_token()
        if not token:
            raise PlatformError("whatsapp", "WhatsApp belum dikonfigurasi (WARTA_WHATSAPP_TOKEN)")
        with GraphClient(token) as graph:
            info = graph.media_url(media.source_id)
            url = str(info.get("url") or "")
            data, _type = graph.download(url, max_bytes=limit)
        return data
    with GraphClient("") as graph:
        data, _type = graph.download(media.source_url, max_bytes=limit, authorised=False)
    return data


def _retry_delay(attempts: int) -> dt.timedelta:
    """2, 4, 8, 16 minutes after the 1st, 2nd, 3rd, 4th failed try (the timer looks every 5)."""
    return dt.timedelta(minutes=2**attempts)


def _failed(media: Media, reason: str, retry_in: dt.timedelta | None = None) -> bool:
    log.warning("Media %s of message %s not kept: %s", media.pk, media.message_id, reason)
    retry_at = timezone.now() + retry_in if retry_in is not None else None
    Media.objects.filter(pk=media.pk).update(error=reason[:500], retry_at=retry_at)
    return False


def retry_due(limit: int = 100) -> int:
    """Fetch again the media whose retry time has come; how many are kept now."""
    due = Media.objects.filter(retry_at__lte=timezone.now(), fetched_at__isnull=True).order_by("retry_at")
    return sum(fetch(pk) for pk in list(due.values_list("pk", flat=True)[:limit]))


def complete_instagram_profile(conversation_pk: int) -> None:
    """The username (and name) of an Instagram contact whose messages carry only their IGSID, asked
    of the Graph with the office's Instagram account token."""
    from warta.social.models import active_account

    conversation = Conversation.objects.filter(pk=conversation_pk, platform=Platform.INSTAGRAM).first()
    if conversation is None or conversation.contact_handle:
        return
    account = active_account("instagram")
    if account is None or not account.usable:
        return
    try:
        with GraphClient(str(account.access_token)) as graph:
            profile = graph.ig_user_profile(conversation.contact_key)
    except PlatformError as exc:
        log.warning("Instagram profile of %s not read: %s", conversation.contact_key, exc)
        return
    updates = {"contact_handle": str(profile.get("username") or "")[:100]}
    if profile.get("name") and not conversation.contact_name:
        updates["contact_name"] = str(profile["name"])[:150]
    Conversation.objects.filter(pk=conversation.pk).update(**updates)
