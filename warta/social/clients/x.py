"""The X API v2: media upload, posts, the user's recent posts, deleting, and the OAuth 2.0 token refresh.

Calls as documented (docs.x.com): `POST /2/media/upload` (multipart: `media`, `media_category`),
`POST /2/tweets` `{"text", "media": {"media_ids": [...]}}`, `GET /2/users/{id}/tweets`,
`DELETE /2/tweets/{id}`, `GET /2/users/me`, `POST /2/oauth2/token` (grant_type=refresh_token).
A 429 carries `x-rate-limit-reset` (epoch seconds).
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from django.conf import settings

from warta.social.clients.base import Client, PlatformError

CATEGORIES = {"image": "tweet_image", "video": "tweet_video", "gif": "tweet_gif"}


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
        body = self.call(
            "POST",
            "/2/media/upload",
            data={"media_category": category, "media_type": content_type},
            files={"media": ("media", content, content_type)},
            changes=True,
        )
        data = body.get("data") or {}
        return str(data.get("id") or data.get("media_id_string") or data.get("media_id"))

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


def post_url(handle: str, post_id: str) -> str:
    return f"https://x.com/{handle.lstrip('@') or 'i'}/status/{post_id}"
