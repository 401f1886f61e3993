"""The X API v2: media upload, posts, the user's recent posts, deleting, and the OAuth 2.0 token refresh.

Calls as documented (docs.x.com): `POST /2/media/upload` (multipart: `media`, `media_category`),
`POST /2/tweets` `{"text", "media": {"media_ids": [...]}}`, `GET /2/users/{id}/tweets`,
`DELETE /2/tweets/{id}`, `GET /2/users/me`, `POST /2/oauth2/token` (grant_type=refresh_token).
A 429 carries `x-rate-limit-reset` (epoch seconds).

Images go in one multipart `POST /2/media/upload` (the simple upload). Videos and GIFs go in the
chunked upload of https://docs.x.com/x-api/media/quickstart/media-upload-chunked, in its `command`
form on the same endpoint: `POST /2/media/upload` multipart `command=INIT` (`media_type`,
`total_bytes`, `media_category`) -> `{"data": {"id", "media_key", "expires_after_secs"}}`;
`command=APPEND` (`media_id`, `segment_index` from 0, `media`: one chunk) for each chunk;
`command=FINALIZE` (`media_id`) -> `data`, with `processing_info` `{"state": pending | in_progress
| succeeded | failed, "check_after_secs", "error": {"code", "name", "message"}}` while X processes
the file; then `GET /2/media/upload?command=STATUS&media_id=...` -> the same `processing_info`
until `succeeded` (the media id may be posted only then) or `failed`. X's reference also lists
dedicated endpoints (`/2/media/upload/initialize`, `/2/media/upload/{id}/append`,
`/2/media/upload/{id}/finalize`); Warta keeps to the quickstart's `command` form throughout because
that is the one the guide documents step by step, STATUS included, and it is the endpoint the simple
upload already uses.
"""

from __future__ import annotations

import time
from time import monotonic, sleep
from typing import Any

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from warta.social.clients.base import Client, PlatformError

# The chunked upload's chunk (X takes at most 5 MB a chunk).
CHUNK_BYTES = 4 * 1024 * 1024
# How long a worker waits for X to process a video before leaving it for a later attempt.
PROCESSING_WAIT_S = 60.0
# Seconds between STATUS calls when X does not say (`check_after_secs`).
DEFAULT_CHECK_AFTER_S = 5.0


class MediaProcessingFailed(PlatformError):
    """X could not process the uploaded media (`processing_info.state` "failed"): `message` is X's
    reason. Never retryable: the same file would fail again; the media id is spent."""


class XClient(Client):
    platform = "x"

    def __init__(self, token: str = "", *, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(settings.WARTA_X_API_URL, token, transport=transport)

    def error(self, response: httpx.Response, body: dict[str, Any]) -> PlatformError:
        # The API answers `detail`/`title` or `errors[]`; the OAuth 2.0 token endpoint `error_description`/`error`.
        detail = body.get("detail") or body.get("title") or body.get("error_description") or body.get("error") or ""
        errors = body.get("errors")
        if not detail and isinstance(errors, list) and errors and isinstance(errors[0], dict):
            detail = errors[0].get("message") or errors[0].get("detail") or ""
        retry_after = None
        if response.status_code == 429:
            reset = response.headers.get("x-rate-limit-reset")
            if reset and reset.isdigit():
                retry_after = max(0.0, int(reset) - time.time())
        return PlatformError(
            self.platform,
            str(detail or f"HTTP {response.status_code}")[:300],
            status=response.status_code,
            retryable=response.status_code == 429,
            token_invalid=response.status_code == 401,
            retry_after=retry_after,
        )

    def upload_media(self, content: bytes, content_type: str, *, category: str = "tweet_image") -> str:
        """The media id of an uploaded file, ready to post: an image in the simple upload; a video or
        GIF in the chunked upload, waiting for X to process it (see `wait_processed`)."""
        if category == "tweet_image" and content_type.startswith("image/"):
            return self.upload_simple(content, content_type, category=category)
        media_id, processing = self.upload_chunked(content, content_type, category=category)
        self.wait_processed(media_id, processing, started=True)
        return media_id

    def upload_simple(self, content: bytes, content_type: str, *, category: str = "tweet_image") -> str:
        body = self.call(
            "POST",
            "/2/media/upload",
            data={"media_category": category, "media_type": content_type},
            files={"media": ("media", content, content_type)},
            changes=True,
        )
        return _media_id(body)

    def upload_chunked(
        self, content: bytes, content_type: str, *, category: str = "tweet_video"
    ) -> tuple[str, dict[str, Any] | None]:
        """INIT, APPEND each chunk in order, FINALIZE: the media id and FINALIZE's `processing_info`
        (None: the media is ready at once). Nothing is posted by an upload, so a lost answer
        (AnswerLost) may be met by uploading again."""
        # The fields go as multipart parts, as in the guide (httpx sends `data` alone url-encoded).
        init = {
            "command": (None, "INIT"),
            "media_type": (None, content_type),
            "total_bytes": (None, str(len(content))),
            "media_category": (None, category),
        }
        media_id = _media_id(self.call("POST", "/2/media/upload", files=init, changes=True))
        for index, start in enumerate(range(0, len(content), CHUNK_BYTES)):
            chunk = content[start : start + CHUNK_BYTES]
            self.call(
                "POST",
                "/2/media/upload",
                data={"command": "APPEND", "media_id": media_id, "segment_index": str(index)},
                files={"media": ("media", chunk, "application/octet-stream")},
                changes=True,
            )
        finalize = {"command": (None, "FINALIZE"), "media_id": (None, media_id)}
        body = self.call("POST", "/2/media/upload", files=finalize, changes=True)
        return media_id, (body.get("data") or {}).get("processing_info") or None

    def media_status(self, media_id: str) -> dict[str, Any] | None:
        """STATUS: the media's `processing_info` (None: X reports none, the media is ready)."""
        body = self.call("GET", "/2/media/upload", params={"command": "STATUS", "media_id": media_id})
        return (body.get("data") or {}).get("processing_info") or None

    def wait_processed(
        self,
        media_id: str,
        processing: dict[str, Any] | None = None,
        *,
        started: bool = False,
        max_wait: float = PROCESSING_WAIT_S,
    ) -> None:
        """Return once X has processed the media, asking STATUS after each `check_after_secs`, for at
        most `max_wait` seconds. `processing`: what FINALIZE said, when `started` (None then: ready);
        otherwise STATUS is asked first. Raises MediaProcessingFailed when processing failed, and a
        retryable PlatformError when it is still going when the wait ends."""
        deadline = monotonic() + max_wait
        info = processing if started else self.media_status(media_id)
        while info:
            state = info.get("state")
            if state == "succeeded":
                return
            if state == "failed":
                error = info.get("error") or {}
                reason = error.get("message") or error.get("name") or _("alasan tidak disebutkan")
                raise MediaProcessingFailed(self.platform, str(reason)[:300], code=error.get("code"))
            check_after = float(info.get("check_after_secs") or DEFAULT_CHECK_AFTER_S)
            remaining = deadline - monotonic()
            if remaining <= 0:
                raise PlatformError(
                    self.platform, _("X masih memproses video."), retryable=True, retry_after=check_after
                )
            sleep(min(check_after, remaining))
            info = self.media_status(media_id)

    def create_post(self, text: str, media_ids: list[str] | None = None) -> str:
        payload: dict[str, Any] = {"text": text}
        if media_ids:
            payload["media"] = {"media_ids": media_ids}
        return str(self.call("POST", "/2/tweets", json=payload, changes=True)["data"]["id"])

    def recent_posts(self, user_id: str, limit: int = 20) -> list[dict[str, Any]]:
        body = self.call(
            "GET", f"/2/users/{user_id}/tweets", params={"max_results": max(5, limit), "tweet.fields": "created_at"}
        )
        return list(body.get("data") or [])

    def delete_post(self, post_id: str) -> bool:
        return bool((self.call("DELETE", f"/2/tweets/{post_id}").get("data") or {}).get("deleted"))

    def me(self) -> dict[str, Any]:
        return dict(self.call("GET", "/2/users/me").get("data") or {})

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        """A new token pair (access, refresh: the old refresh token is then spent). A refused refresh
        token (X answers 400 `invalid_request`) means the account must be connected again."""
        data = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": settings.WARTA_X_CLIENT_ID}
        auth = (
            httpx.BasicAuth(settings.WARTA_X_CLIENT_ID, settings.WARTA_X_CLIENT_SECRET)
            if settings.WARTA_X_CLIENT_SECRET
            else None
        )
        kwargs: dict[str, Any] = {"data": data}
        if auth is not None:
            kwargs["auth"] = auth
        try:
            return self.call("POST", "/2/oauth2/token", changes=True, **kwargs)
        except PlatformError as exc:
            if exc.status == 400:
                exc.token_invalid = True
            raise


def _media_id(body: dict[str, Any]) -> str:
    data = body.get("data") or {}
    return str(data.get("id") or data.get("media_id_string") or data.get("media_id"))


def post_url(handle: str, post_id: str) -> str:
    return f"https://x.com/{handle.lstrip('@') or 'i'}/status/{post_id}"
