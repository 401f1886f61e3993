"""Meta's Graph API: Instagram content publishing and a Facebook Page's posts.

Calls as documented (developers.facebook.com, Graph API v25.0): an IG container from
`POST /{ig-user-id}/media`, its `status_code`, `POST /{ig-user-id}/media_publish`, the media's
`permalink`, `GET /{ig-user-id}/content_publishing_limit`, `GET /{ig-user-id}/media` (recent media);
`POST /{page-id}/photos` and `/{page-id}/feed`, a post's `permalink_url`, `GET /{page-id}/published_posts`,
`DELETE /{post-id}`. The token goes in the Authorization header, never in a URL.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings

from warta.core.outside import Client, PlatformError, graph_error

DUPLICATE_CODE = 506

CONTAINER_FINISHED = "FINISHED"
CONTAINER_PUBLISHED = "PUBLISHED"
CONTAINER_IN_PROGRESS = "IN_PROGRESS"
CONTAINER_FAILED = frozenset({"ERROR", "EXPIRED"})


class GraphClient(Client):
    platform = "graph"

    def __init__(self, token: str, *, transport: httpx.BaseTransport | None = None) -> None:
        base = f"{settings.WARTA_META_GRAPH_URL}/{settings.WARTA_META_GRAPH_VERSION}"
        super().__init__(base, token, transport=transport)

    def error(self, response: httpx.Response, body: dict[str, Any]) -> PlatformError:
        return graph_error(self.platform, response, body)

    # --- reading -----------------------------------------------------------------------------------

    def node(self, node_id: str, fields: str) -> dict[str, Any]:
        return self.call("GET", f"/{node_id}", params={"fields": fields})

    # --- Instagram ---------------------------------------------------------------------------------

    def ig_image_container(
        self,
        ig_user_id: str,
        image_url: str,
        *,
        caption: str = "",
        alt_text: str = "",
        collaborators: list[str] | None = None,
        carousel_item: bool = False,
    ) -> str:
        data: dict[str, Any] = {"image_url": image_url}
        if carousel_item:
            data["is_carousel_item"] = "true"
        else:
            data["caption"] = caption
            if collaborators:
                data["collaborators"] = _json_list(collaborators[:3])
        if alt_text:
            data["alt_text"] = alt_text[:1000]
        return str(self.call("POST", f"/{ig_user_id}/media", data=data, changes=True)["id"])

    def ig_video_container(
        self, ig_user_id: str, video_url: str, *, caption: str = "", collaborators: list[str] | None = None
    ) -> str:
        data: dict[str, Any] = {"media_type": "REELS", "video_url": video_url, "caption": caption}
        if collaborators:
            data["collaborators"] = _json_list(collaborators[:3])
        return str(self.call("POST", f"/{ig_user_id}/media", data=data, changes=True)["id"])

    def ig_carousel_container(
        self, ig_user_id: str, children: list[str], *, caption: str = "", collaborators: list[str] | None = None
    ) -> str:
        data: dict[str, Any] = {"media_type": "CAROUSEL", "children": ",".join(children), "caption": caption}
        if collaborators:
            data["collaborators"] = _json_list(collaborators[:3])
        return str(self.call("POST", f"/{ig_user_id}/media", data=data, changes=True)["id"])

    def ig_container_status(self, container_id: str) -> str:
        return str(self.node(container_id, "status_code").get("status_code") or "")

    def ig_publish(self, ig_user_id: str, container_id: str) -> str:
        body = self.call("POST", f"/{ig_user_id}/media_publish", data={"creation_id": container_id}, changes=True)
        return str(body["id"])

    def ig_permalink(self, media_id: str) -> str:
        return str(self.node(media_id, "permalink").get("permalink") or "")

    def ig_recent_media(self, ig_user_id: str, limit: int = 25) -> list[dict[str, Any]]:
        body = self.call(
            "GET", f"/{ig_user_id}/media", params={"fields": "id,caption,permalink,timestamp", "limit": limit}
        )
        return list(body.get("data") or [])

    def ig_publishing_limit(self, ig_user_id: str) -> tuple[int, int]:
        """(posts used, posts allowed) in the rolling window, as the account's quota says."""
        body = self.call("GET", f"/{ig_user_id}/content_publishing_limit", params={"fields": "quota_usage,config"})
        rows = body.get("data") or [{}]
        row = rows[0] if rows else {}
        return int(row.get("quota_usage") or 0), int((row.get("config") or {}).get("quota_total") or 0)

    # --- messaging (the inbox: warta.channels) -------------------------------------------------

    def media_url(self, media_id: str) -> dict[str, Any]:
        """WhatsApp Cloud API `GET /{media-id}`: `url` (valid for minutes), `mime_type`, `sha256`,
        `file_size`, `id`."""
        return self.call("GET", f"/{media_id}")

    def ig_user_profile(self, igsid: str) -> dict[str, Any]:
        """An Instagram user who messaged the account (User Profile API): `username`, `name`."""
        return self.node(igsid, "username,name")

    def ig_send_text(self, ig_user_id: str, igsid: str, text: str) -> str:
        """`POST /{ig-user-id}/messages` with `recipient.id` (the IGSID) and `message.text`;
        returns the message's id (`message_id`)."""
        body = self.call(
            "POST",
            f"/{ig_user_id}/messages",
            json={"recipient": {"id": igsid}, "message": {"text": text}},
            changes=True,
        )
        return str(body.get("message_id") or "")

    # --- Facebook Page -----------------------------------------------------------------------------

    def fb_photo(self, page_id: str, image_url: str, message: str) -> str:
        """A photo post on the Page; returns the post's id (`post_id`, else the photo's `id`)."""
        body = self.call("POST", f"/{page_id}/photos", data={"url": image_url, "message": message}, changes=True)
        return str(body.get("post_id") or body["id"])

    def fb_feed(self, page_id: str, message: str, link: str = "") -> str:
        data = {"message": message}
        if link:
            data["link"] = link
        return str(self.call("POST", f"/{page_id}/feed", data=data, changes=True)["id"])

    def fb_permalink(self, post_id: str) -> str:
        return str(self.node(post_id, "permalink_url").get("permalink_url") or "")

    def fb_recent_posts(self, page_id: str, limit: int = 25) -> list[dict[str, Any]]:
        body = self.call(
            "GET",
            f"/{page_id}/published_posts",
            params={"fields": "id,message,permalink_url,created_time", "limit": limit},
        )
        return list(body.get("data") or [])

    def delete(self, object_id: str) -> bool:
        return bool(self.call("DELETE", f"/{object_id}").get("success", True))


def _json_list(values: list[str]) -> str:
    import json

    return json.dumps([v.lstrip("@") for v in values if v])
