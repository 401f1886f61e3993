"""A local stand-in for Meta's Graph API and the X API, for the test suite and bench/publish.py.

It answers in the documented shapes (see clients/graph.py and clients/x.py), keeps what was posted,
and can be told to fail the ways the real platforms do: `fake.fail(route, fault, times=1)` with a
fault of "500" (refuse with a 5xx), "500_after" (act, then answer 500), "500_hidden" (Facebook: act, answer 500, and leave the post out of
the Page's listing for now), "slow_after" (act, then answer
after the client's timeout), "429" (too many requests), "190" (token expired), "dup" (X duplicate),
and `fake.container_steps` for the statuses an Instagram container goes through ("connect.node":
a GET of the Page or Instagram account node, as the connect flow reads the username);
X media (route "x.media", every fault above): `POST /2/media/upload` without `command` is the simple
upload; with `command` INIT / APPEND / FINALIZE, and `GET …?command=STATUS`, the chunked upload of
docs.x.com's guide. `fake.x_media[id]` keeps each upload (a chunked one: `segments`, the
(segment_index, bytes) in the order they came, and `content`, joined at FINALIZE, which refuses a size
other than INIT's `total_bytes`); `fake.x_uploads` lists the (command, id) calls in order. From
FINALIZE on a video goes through `fake.x_video_steps` (default pending, then succeeded; "failed"
gives `fake.x_video_error`), one step a STATUS, with `check_after_secs` `fake.x_check_after_secs`;
`POST /2/tweets` refuses a media id that is unknown or not yet processed.
`fake.stall(route, seconds)` holds the answers to a route (e.g. "ig.permalink", the read of a
published media's link) and sets `fake.stalled` when the first such call arrives.
For the inbox (warta.channels): `fake.add_media(bytes, mime_type)` makes a WhatsApp media id whose
`GET /{media-id}` (route "node") gives a download URL served here with the bearer token only
(route "wa.media_download", fault "500");
`fake.add_cdn_file(bytes)` an Instagram CDN link; `fake.ig_profiles` the usernames `GET /{igsid}`
answers; `fake.ig_sent` the messages sent through `POST /{ig-user-id}/messages`.
WhatsApp Cloud API: `POST /{version}/{fake.wa_phone_number_id}/messages` keeps each message in
`fake.wa_messages` ({"id": wamid, "payload": …}); its route "wa.messages" also takes the faults
"131026" (undeliverable), "131047" (outside the 24-hour window) and "429" (130429, throughput).
It also plays the consent pages of the "Hubungkan" flows (Facebook's login dialog and X's
authorize page answer a browser with a redirect, `fake.consent = "deny"` refuses) and the token
endpoints behind them; every token it hands out is listed in `fake.issued`.
Listens on 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

GRAPH_ERRORS = {
    "190": (
        400,
        {"message": "Error validating access token: Session has expired.", "type": "OAuthException", "code": 190},
    ),
    "429": (400, {"message": "Application request limit reached", "type": "OAuthException", "code": 4}),
    "500": (500, {"message": "An unexpected error has occurred. Please retry your request later.", "code": 2}),
}
# WhatsApp Cloud API refusals (Graph errors with `error_data.details`).
WA_ERRORS = {
    "131026": (400, 131026, "Message Undeliverable", "Unable to deliver message."),
    "131047": (
        400,
        131047,
        "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    ),
    "429": (400, 130429, "Rate limit hit", "Cloud API message throughput has been reached."),
    "100": (400, 100, "Invalid parameter", "The parameter is invalid."),
}


@dataclass
class Fake:
    token: str = "fake-token"  # noqa: S105 (the fake platform's own test token)
    ig_user_id: str = "17841400000000001"
    page_id: str = "100000000000001"
    x_user_id: str = "1500000000000000001"
    x_handle: str = "dinkominfopbg"
    wa_phone_number_id: str = "106540352242922"
    wa_messages: list[dict[str, Any]] = field(default_factory=list)
    slow_seconds: float = 2.0
    quota_total: int = 50
    containers: dict[str, dict[str, Any]] = field(default_factory=dict)
    ig_media: dict[str, dict[str, Any]] = field(default_factory=dict)
    fb_posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    x_media: dict[str, dict[str, Any]] = field(default_factory=dict)
    x_posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    # X media uploads: each (command, media id) in order ("UPLOAD": the simple upload); the states a
    # chunked upload goes through from FINALIZE on (STATUS moves one step, the last stays); the
    # seconds `check_after_secs` says; the reason a "failed" step gives.
    x_uploads: list[tuple[str, str]] = field(default_factory=list)
    x_video_steps: list[str] = field(default_factory=lambda: ["pending", "succeeded"])
    x_check_after_secs: int = 1
    x_video_error: str = "Unsupported video format"
    deleted: list[str] = field(default_factory=list)
    wa_media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    cdn_files: dict[str, bytes] = field(default_factory=dict)
    ig_profiles: dict[str, dict[str, str]] = field(default_factory=dict)
    ig_sent: list[dict[str, Any]] = field(default_factory=list)
    refresh_tokens: dict[str, bool] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)
    container_steps: list[str] = field(default_factory=lambda: ["FINISHED"])
    faults: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    stalls: dict[str, float] = field(default_factory=dict)
    stalled: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    # The "Hubungkan" flows: the apps' credentials, the person's answer, the Pages they manage.
    app_id: str = "warta-meta-app"
    app_secret: str = "warta-meta-app-secret"  # noqa: S105 (the fake app's own)
    x_client_id: str = "warta-x-client"
    x_client_secret: str = ""  # set: the token endpoint wants HTTP Basic client_id:client_secret
    ig_username: str = "dinkominfo.pbg"
    consent: str = "allow"  # or "deny"
    pages: list[dict[str, str]] | None = None  # [{"id", "name", "ig"}]; None: the one Page and its IG
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    user_tokens: dict[str, str] = field(default_factory=dict)  # token -> "short" | "long"
    accepted: set[str] = field(default_factory=set)  # tokens taken besides `token`
    issued: list[str] = field(default_factory=list)

    def fail(self, route: str, fault: str, times: int = 1) -> None:
        """The next `times` calls to `route` (e.g. "ig.media_publish", "x.tweets") meet `fault`."""
        with self.lock:
            self.faults[route].extend([fault] * times)

    def stall(self, route: str, seconds: float) -> None:
        """Hold each answer to `route` for `seconds` (0: answer at once again)."""
        self.stalled.clear()
        self.stalls[route] = seconds

    def _hold(self, route: str) -> None:
        seconds = self.stalls.get(route, 0)
        if seconds:
            self.stalled.set()
            time.sleep(seconds)

    def next_id(self) -> str:
        return str(next(self.ids))

    def add_media(self, content: bytes, mime_type: str) -> str:
        """A WhatsApp media id for these bytes (as a message's `image.id`, `audio.id`…)."""
        media_id = str(9_000_000_000_000_000 + int(self.next_id()))
        self.wa_media[media_id] = (content, mime_type)
        return media_id

    def add_cdn_file(self, content: bytes) -> str:
        """An Instagram CDN link (an attachment's `payload.url`) serving these bytes."""
        name = f"ig_{self.next_id()}.jpg"
        self.cdn_files[name] = content
        return f"{self.url}/ig-cdn/{name}?stp=dst-jpg&oh=fake"  # type: ignore[attr-defined]

    def _fault(self, route: str) -> str | None:
        with self.lock:
            pending = self.faults.get(route)
            return pending.pop(0) if pending else None

    def managed_pages(self) -> list[dict[str, str]]:
        if self.pages is not None:
            return self.pages
        return [{"id": self.page_id, "name": "Dinkominfo Purbalingga", "ig": self.ig_user_id}]

    def issue(self, prefix: str, *, accepted: bool = True) -> str:
        token = f"{prefix}-{self.next_id()}-{'s3cr3t' * 3}"
        with self.lock:
            self.issued.append(token)
            if accepted:
                self.accepted.add(token)
        return token


class _Handler(BaseHTTPRequestHandler):
    fake: Fake
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # answer at once: no 40 ms wait between the headers and the body

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    # --- plumbing --------------------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send_bytes(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _form(self, raw: bytes) -> dict[str, str]:
        kind = self.headers.get("Content-Type") or ""
        if kind.startswith("application/json"):
            return json.loads(raw or b"{}")
        if kind.startswith("multipart/form-data"):
            return _multipart(raw, kind)
        return {k: v[0] for k, v in parse_qs(raw.decode()).items()}

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization") or ""
        token = header.removeprefix("Bearer ")
        return header.startswith("Bearer ") and (token == self.fake.token or token in self.fake.accepted)

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        raw = self._body()
        self.fake.calls.append((method, path))
        if self._connect(method, path, query, raw):
            return
        if path.startswith("/whatsapp-media/"):
            self._whatsapp_download(path.rsplit("/", 1)[-1])
        elif path.startswith("/ig-cdn/"):
            found = self.fake.cdn_files.get(path.rsplit("/", 1)[-1])
            self._send_bytes(200, found, "image/jpeg") if found is not None else self._send(404, {})
        elif path.startswith("/2/"):
            self._x(method, path, query, raw)
        else:
            self._graph(method, path.split("/", 2)[-1] if path.count("/") >= 2 else "", query, raw)

    # --- WhatsApp media ----------------------------------------------------------------------------

    def _whatsapp_download(self, media_id: str) -> None:
        """The media link `GET /{media-id}` gave: fetched with the bearer token, as Meta's is."""
        if not self._authorised():
            return self._send(401, {"error": {"message": "Authentication required", "code": 190}})
        if self.fake._fault("wa.media_download") == "500":
            return self._send_bytes(503, b"Service Unavailable", "text/plain")
        found = self.fake.wa_media.get(media_id)
        if found is None:
            return self._send(404, {"error": {"message": "Media not found", "code": 100}})
        return self._send_bytes(200, found[0], found[1])

    # --- Graph -----------------------------------------------------------------------------------

    def _graph_error(self, fault: str) -> None:
        status, error = GRAPH_ERRORS[fault]
        self._send(status, {"error": {**error, "fbtrace_id": "AbCdEf"}})

    def _graph(self, method: str, path: str, query: dict[str, str], raw: bytes) -> None:
        fake = self.fake
        if not self._authorised():
            return self._graph_error("190")
        segments = path.strip("/").split("/")
        node, edge = segments[0], (segments[1] if len(segments) > 1 else "")
        form = self._form(raw) if method == "POST" else {}
        if node == fake.wa_phone_number_id and edge == "messages" and method == "POST":
            return self._wa_message(raw)
        route = f"ig.{edge}" if node == fake.ig_user_id and edge else f"fb.{edge}" if node == fake.page_id else "node"
        fault = fake._fault(route)
        if fault in ("500", "190", "429"):
            return self._graph_error(fault)
        if method == "POST" and node == fake.ig_user_id and edge == "media":
            cid = fake.next_id()
            with fake.lock:
                fake.containers[cid] = {"form": form, "steps": list(fake.container_steps), "media_id": None}
            return self._after(fault, {"id": cid})
        if method == "POST" and node == fake.ig_user_id and edge == "media_publish":
            container = fake.containers.get(form.get("creation_id", ""))
            if container is None:
                return self._send(400, {"error": {"message": "Invalid creation_id", "code": 100}})
            with fake.lock:
                if container["media_id"] is None:
                    mid = fake.next_id()
                    container["media_id"] = mid
                    fake.ig_media[mid] = {
                        "id": mid,
                        "caption": container["form"].get("caption", ""),
                        "permalink": f"https://www.instagram.com/p/W{mid}/",
                        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime()),
                    }
                mid = container["media_id"]
            return self._after(fault, {"id": mid})
        if method == "GET" and node == fake.ig_user_id and edge == "media":
            return self._send(200, {"data": list(reversed(list(fake.ig_media.values())))})
        if method == "GET" and node == fake.ig_user_id and edge == "content_publishing_limit":
            used = sum(1 for _ in fake.ig_media)
            return self._send(
                200,
                {"data": [{"quota_usage": used, "config": {"quota_total": fake.quota_total, "quota_duration": 86400}}]},
            )
        if method == "POST" and node == fake.page_id and edge in ("photos", "feed"):
            post_id = f"{fake.page_id}_{fake.next_id()}"
            with fake.lock:
                fake.fb_posts[post_id] = {
                    "id": post_id,
                    "message": form.get("message", ""),
                    "permalink_url": f"https://www.facebook.com/{post_id}",
                }
            answer = {"id": fake.next_id(), "post_id": post_id} if edge == "photos" else {"id": post_id}
            if fault == "500_hidden":  # acted, answered 500, and the listing does not show it yet
                fake.fb_posts[post_id]["hidden"] = True
                fault = "500_after"
            return self._after(fault, answer)
        if method == "GET" and node == fake.page_id and edge == "published_posts":
            shown = [p for p in fake.fb_posts.values() if not p.get("hidden")]
            return self._send(200, {"data": list(reversed(shown))})
        if method == "DELETE" and not edge:
            with fake.lock:
                fake.fb_posts.pop(node, None)
                fake.deleted.append(node)
            return self._send(200, {"success": True})
        if method == "POST" and node == fake.ig_user_id and edge == "messages":
            payload = json.loads(raw or b"{}")
            mid = f"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj{fake.next_id()}"
            with fake.lock:
                fake.ig_sent.append({**payload, "message_id": mid})
            return self._after(fault, {"recipient_id": payload.get("recipient", {}).get("id"), "message_id": mid})
        if method == "GET" and not edge:
            if node in fake.wa_media:
                content, mime_type = fake.wa_media[node]
                return self._send(
                    200,
                    {
                        "messaging_product": "whatsapp",
                        "url": f"{fake.url}/whatsapp-media/{node}",  # type: ignore[attr-defined]
                        "mime_type": mime_type,
                        "sha256": hashlib.sha256(content).hexdigest(),
                        "file_size": str(len(content)),
                        "id": node,
                    },
                )
            if node in fake.ig_profiles:
                return self._send(200, {**fake.ig_profiles[node], "id": node})
            if node == "me":
                return self._send(200, {"id": fake.page_id, "name": "Dinkominfo Pbg"})
            if node in fake.containers:
                container = fake.containers[node]
                with fake.lock:
                    status = container["steps"].pop(0) if len(container["steps"]) > 1 else container["steps"][0]
                    if container["media_id"]:
                        status = "PUBLISHED"
                return self._send(200, {"status_code": status, "id": node})
            if node in fake.ig_media:
                fake._hold("ig.permalink")
                return self._send(200, {"permalink": fake.ig_media[node]["permalink"], "id": node})
            if node in fake.fb_posts:
                return self._send(200, {"permalink_url": fake.fb_posts[node]["permalink_url"], "id": node})
        return self._send(400, {"error": {"message": f"Unsupported {method} request", "code": 100}})

    def _wa_error(self, fault: str) -> None:
        status, code, title, details = WA_ERRORS[fault]
        error = {
            "message": f"(#{code}) {title}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details},
            "fbtrace_id": "AbCdEf",
        }
        self._send(status, {"error": error})

    def _wa_message(self, raw: bytes) -> None:
        """`POST /{phone-number-id}/messages`: a text or template message, answered with its wamid."""
        fake = self.fake
        fault = fake._fault("wa.messages")
        if fault in ("500", "190"):
            return self._graph_error(fault)
        if fault in WA_ERRORS:
            return self._wa_error(fault)
        try:
            payload = json.loads(raw or b"{}")
        except ValueError:
            return self._wa_error("100")
        kind = payload.get("type")
        valid = (
            payload.get("messaging_product") == "whatsapp"
            and str(payload.get("to", "")).isdigit()
            and (
                (kind == "text" and bool((payload.get("text") or {}).get("body")))
                or (
                    kind == "template"
                    and bool((payload.get("template") or {}).get("name"))
                    and bool(((payload.get("template") or {}).get("language") or {}).get("code"))
                )
            )
        )
        if not valid:
            return self._wa_error("100")
        wamid = f"wamid.HBgN{fake.next_id()}"
        with fake.lock:
            fake.wa_messages.append({"id": wamid, "payload": payload})
        message: dict[str, Any] = {"id": wamid}
        if kind == "template":
            message["message_status"] = "accepted"
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
            "messages": [message],
        }
        return self._after(fault, answer)

    def _after(self, fault: str | None, answer: dict[str, Any]) -> None:
        """The platform acted; now answer — or lose the answer as asked."""
        if fault == "500_after":
            return self._send(500, {"error": {"message": "Service temporarily unavailable", "code": 2}})
        if fault == "slow_after":
            time.sleep(self.fake.slow_seconds)
        return self._send(200, answer)

    # --- X ---------------------------------------------------------------------------------------

    def _x(self, method: str, path: str, query: dict[str, str], raw: bytes) -> None:
        fake = self.fake
        if path == "/2/oauth2/token" and method == "POST":
            form = self._form(raw)
            token = form.get("refresh_token", "")
            if not fake.refresh_tokens.get(token):
                return self._send(
                    400, {"error": "invalid_request", "error_description": "Value passed for the token was invalid."}
                )
            fake.refresh_tokens[token] = False  # a refresh token works once
            new_refresh = f"refresh-{fake.next_id()}"
            fake.refresh_tokens[new_refresh] = True
            fake.token = f"access-{fake.next_id()}"
            return self._send(
                200,
                {
                    "token_type": "bearer",
                    "expires_in": 7200,
                    "access_token": fake.token,
                    "scope": "tweet.read tweet.write users.read media.write offline.access",
                    "refresh_token": new_refresh,
                },
            )
        if not self._authorised():
            return self._send(
                401, {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}
            )
        route = {"/2/media/upload": "x.media", "/2/tweets": "x.tweets"}.get(path, "x.other")
        fault = fake._fault(route)
        if fault == "429":
            reset = str(int(time.time()) + 1)
            return self._send(
                429,
                {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429},
                {"x-rate-limit-reset": reset},
            )
        if fault == "500":
            return self._send(503, {"title": "Service Unavailable", "status": 503})
        if fault == "190":
            return self._send(401, {"title": "Unauthorized", "status": 401, "detail": "Unauthorized"})
        if path == "/2/media/upload" and (method == "POST" or query.get("command") == "STATUS"):
            return self._x_upload(method, query, raw, fault)
        if method == "POST" and path == "/2/tweets":
            payload = json.loads(raw or b"{}")
            text = payload.get("text", "")
            if fault == "dup" or any(p["text"] == text for p in fake.x_posts.values()):
                return self._send(
                    403,
                    {
                        "detail": "You are not allowed to create a Tweet with duplicate content.",
                        "type": "about:blank",
                        "title": "Forbidden",
                        "status": 403,
                    },
                )
            media_ids = payload.get("media", {}).get("media_ids", [])
            if any(fake.x_media.get(m, {}).get("state", "") != "succeeded" for m in media_ids):
                return self._x_refuse("Your media IDs are invalid.")
            # X takes up to four pictures, or one video or GIF, in a post: never more, never both.
            videos = [m for m in media_ids if fake.x_media[m].get("category") != "tweet_image"]
            if len(media_ids) > 4 or (videos and len(media_ids) > 1):
                return self._x_refuse("Your media IDs are invalid.")
            pid = str(1_800_000_000_000_000_000 + int(fake.next_id()))
            fake.x_posts[pid] = {"id": pid, "text": text, "media": payload.get("media", {}).get("media_ids", [])}
            if fault == "500_after":
                return self._send(503, {"title": "Service Unavailable", "status": 503})
            if fault == "slow_after":
                time.sleep(fake.slow_seconds)
            return self._send(201, {"data": {"id": pid, "text": text}})
        if method == "GET" and path == f"/2/users/{fake.x_user_id}/tweets":
            posts = list(reversed(list(fake.x_posts.values())))
            return self._send(
                200, {"data": [{"id": p["id"], "text": p["text"]} for p in posts], "meta": {"result_count": len(posts)}}
            )
        if method == "DELETE" and path.startswith("/2/tweets/"):
            pid = path.rsplit("/", 1)[-1]
            existed = fake.x_posts.pop(pid, None) is not None
            fake.deleted.append(pid)
            return self._send(200, {"data": {"deleted": existed}})
        if method == "GET" and path == "/2/users/me":
            return self._send(
                200, {"data": {"id": fake.x_user_id, "name": "Dinkominfo Purbalingga", "username": fake.x_handle}}
            )
        return self._send(404, {"title": "Not Found Error", "status": 404, "detail": f"{method} {path}"})

    def _x_refuse(self, detail: str) -> None:
        self._send(400, {"title": "Invalid Request", "type": "about:blank", "status": 400, "detail": detail})

    def _x_upload(self, method: str, query: dict[str, str], raw: bytes, fault: str | None) -> None:
        """`/2/media/upload`: the simple upload (no `command`) or a chunked upload's INIT, APPEND,
        FINALIZE (multipart POST) and STATUS (GET), as docs.x.com's chunked upload guide shows."""
        fake = self.fake
        form = self._form(raw) if method == "POST" else query
        command = form.get("command")
        key = form.get("media_id", "")
        record = fake.x_media.get(key)
        if command is None:
            mid = fake.next_id()
            fake.x_media[mid] = {
                "category": form.get("media_category"),
                "media_type": form.get("media_type"),
                "size": len(form.get("media", b"")),
                "state": "succeeded",
            }
            fake.x_uploads.append(("UPLOAD", mid))
            return self._after(fault, {"data": {"id": mid, "media_key": f"3_{mid}", "expires_after_secs": 86400}})
        if command == "INIT":
            total = str(form.get("total_bytes", ""))
            if not total.isdigit() or not form.get("media_type"):
                return self._x_refuse("One or more parameters to your request was invalid.")
            mid = fake.next_id()
            fake.x_media[mid] = {
                "category": form.get("media_category"),
                "media_type": form.get("media_type"),
                "total_bytes": int(total),
                "segments": [],  # (segment_index, bytes) in the order they arrived
                "state": "",  # "" until FINALIZE; then the steps of `x_video_steps`
                "steps": [],
            }
            fake.x_uploads.append(("INIT", mid))
            return self._after(fault, {"data": {"id": mid, "media_key": f"7_{mid}", "expires_after_secs": 86400}})
        if record is None or "segments" not in record:
            return self._x_refuse("The media_id parameter is invalid.")
        fake.x_uploads.append((command, key))
        if command == "APPEND":
            index, chunk = str(form.get("segment_index", "")), form.get("media")
            if record["state"] or not index.isdigit() or not isinstance(chunk, bytes):
                return self._x_refuse("One or more parameters to your request was invalid.")
            record["segments"].append((int(index), chunk))
            return self._after(fault, {})
        if command == "FINALIZE":
            content = b"".join(chunk for _, chunk in sorted(record["segments"], key=lambda s: s[0]))
            if record["state"] or len(content) != record["total_bytes"]:
                return self._x_refuse("File size does not match the total_bytes given at INIT.")
            record["content"] = content
            record["steps"] = list(fake.x_video_steps) or ["succeeded"]
            data: dict[str, Any] = {"id": key, "media_key": f"7_{key}", "size": len(content)}
            data.update(self._x_processing(record))
            return self._after(fault, {"data": data})
        if command == "STATUS" and record["state"]:
            return self._after(fault, {"data": {"id": key, "media_key": f"7_{key}", **self._x_processing(record)}})
        return self._x_refuse("The media_id parameter is invalid.")

    def _x_processing(self, record: dict[str, Any]) -> dict[str, Any]:
        """The media's next processing step (the last one stays): `processing_info` while X works on
        it or when it failed; none when FINALIZE finds it ready at once."""
        steps = record["steps"]
        first = not record["state"]
        record["state"] = steps.pop(0) if len(steps) > 1 else steps[0]
        if first and record["state"] == "succeeded":
            return {}
        info: dict[str, Any] = {"state": record["state"]}
        if record["state"] in ("pending", "in_progress"):
            info["check_after_secs"] = self.fake.x_check_after_secs
        if record["state"] == "in_progress":
            info["progress_percent"] = 50
        if record["state"] == "failed":
            info["error"] = {"code": 1, "name": "InvalidMedia", "message": self.fake.x_video_error}
        return {"processing_info": info}

    # --- the "Hubungkan" flows (Facebook Login for Business, X OAuth 2.0 with PKCE) ------------------

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _oauth_error(self, message: str, code: int = 100, subcode: int | None = None) -> None:
        error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"}
        if subcode is not None:
            error["error_subcode"] = subcode
        self._send(400, {"error": error})

    def _connect(self, method: str, path: str, query: dict[str, str], raw: bytes) -> bool:
        """The consent pages and token endpoints; False: not one of theirs."""
        fake = self.fake
        parts = path.strip("/").split("/")
        graph = parts[1:] if parts and parts[0].startswith("v") and parts[0][1:2].isdigit() else None
        if method == "GET" and graph == ["dialog", "oauth"]:
            self._meta_dialog(query)
        elif method == "GET" and graph == ["oauth", "access_token"]:
            self._meta_token(query)
        elif method == "GET" and graph == ["me", "accounts"]:
            if fake.user_tokens.get((self.headers.get("Authorization") or "").removeprefix("Bearer ")) != "long":
                self._graph_error("190")
                return True
            data = []
            for page in fake.managed_pages():
                row: dict[str, Any] = {
                    "access_token": fake.issue("page-token"),
                    "category": "Government Organization",
                    "name": page["name"],
                    "id": page["id"],
                    "tasks": ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
                }
                if page.get("ig"):
                    row["instagram_business_account"] = {"id": page["ig"]}
                data.append(row)
            self._send(200, {"data": data, "paging": {"cursors": {"before": "QVFIUmJ", "after": "QVFIUmF"}}})
        elif method == "GET" and graph is not None and len(graph) == 1 and graph[0] in self._known_nodes():
            if not self._authorised():
                self._graph_error("190")
                return True
            if fake._fault("connect.node") == "500":
                self._graph_error("500")
                return True
            node = graph[0]
            names = {p["ig"]: fake.ig_username for p in fake.managed_pages() if p.get("ig")}
            names.update({p["id"]: p["name"] for p in fake.managed_pages()})
            answer = {"id": node}
            for name in (query.get("fields") or "id").split(","):
                if name == "username" and node in names:
                    answer["username"] = names[node]
                elif name == "name" and node in names:
                    answer["name"] = names[node]
            self._send(200, answer)
        elif method == "GET" and path == "/i/oauth2/authorize":
            self._x_authorize(query)
        elif method == "POST" and path == "/2/oauth2/token" and "grant_type=authorization_code" in raw.decode():
            self._x_token(self._form(raw))
        else:
            return False
        return True

    def _known_nodes(self) -> set[str]:
        fake = self.fake
        return (
            {fake.ig_user_id, fake.page_id}
            | {p["id"] for p in fake.managed_pages()}
            | {p["ig"] for p in fake.managed_pages() if p.get("ig")}
        )

    def _meta_dialog(self, query: dict[str, str]) -> None:
        fake = self.fake
        redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
        if query.get("client_id") != fake.app_id or not redirect_uri:
            return self._send(400, {"error": "invalid client_id or redirect_uri"})
        if fake.consent == "deny":
            answer = {
                "error": "access_denied",
                "error_code": "200",
                "error_description": "Permissions error",
                "error_reason": "user_denied",
                "state": state,
            }
            return self._redirect(f"{redirect_uri}?{urlencode(answer)}#_=_")
        code = f"fb-code-{fake.next_id()}"
        with fake.lock:
            fake.codes[code] = {"kind": "meta", "redirect_uri": redirect_uri, "scope": query.get("scope", "")}
        return self._redirect(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}#_=_")

    def _meta_token(self, query: dict[str, str]) -> None:
        fake = self.fake
        if query.get("client_id") != fake.app_id or query.get("client_secret") != fake.app_secret:
            return self._oauth_error("Error validating client secret.", code=1)
        if query.get("grant_type") == "fb_exchange_token":
            if fake.user_tokens.get(query.get("fb_exchange_token", "")) is None:
                return self._graph_error("190")
            token = fake.issue("fb-user-long")
            fake.user_tokens[token] = "long"
            return self._send(200, {"access_token": token, "token_type": "bearer", "expires_in": 5183944})
        with fake.lock:
            grant = fake.codes.pop(query.get("code", ""), None)
        if grant is None or grant["kind"] != "meta":
            return self._oauth_error("This authorization code has been used.", subcode=36009)
        if grant["redirect_uri"] != query.get("redirect_uri"):
            return self._oauth_error(
                "Error validating verification code. Please make sure your redirect_uri is identical to the one "
                "you used in the OAuth dialog request",
                subcode=36008,
            )
        token = fake.issue("fb-user-short")
        fake.user_tokens[token] = "short"
        return self._send(200, {"access_token": token, "token_type": "bearer", "expires_in": 5183944})

    def _x_authorize(self, query: dict[str, str]) -> None:
        fake = self.fake
        redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
        if (
            query.get("client_id") != fake.x_client_id
            or query.get("response_type") != "code"
            or query.get("code_challenge_method") != "S256"
            or not query.get("code_challenge")
            or not redirect_uri
        ):
            return self._send(400, {"error": "invalid_request"})
        if fake.consent == "deny":
            return self._redirect(f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': state})}")
        code = f"x-code-{fake.next_id()}"
        with fake.lock:
            fake.codes[code] = {
                "kind": "x",
                "redirect_uri": redirect_uri,
                "challenge": query["code_challenge"],
                "scope": query.get("scope", ""),
            }
        return self._redirect(f"{redirect_uri}?{urlencode({'state': state, 'code': code})}")

    def _x_token(self, form: dict[str, str]) -> None:
        fake = self.fake
        invalid = {
            "error": "invalid_request",
            "error_description": "Value passed for the authorization code was invalid.",
        }
        if fake.x_client_secret:
            expected = base64.b64encode(f"{fake.x_client_id}:{fake.x_client_secret}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                return self._send(
                    401, {"error": "unauthorized_client", "error_description": "Missing valid authorization header"}
                )
        elif form.get("client_id") != fake.x_client_id:
            return self._send(
                400, {"error": "invalid_request", "error_description": "Missing required parameter [client_id]."}
            )
        with fake.lock:
            grant = fake.codes.pop(form.get("code", ""), None)
        if grant is None or grant["kind"] != "x" or grant["redirect_uri"] != form.get("redirect_uri"):
            return self._send(400, invalid)
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return self._send(400, invalid)
        access = fake.issue("x-access")
        refresh = fake.issue("x-refresh", accepted=False)
        fake.refresh_tokens[refresh] = True
        return self._send(
            200,
            {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": access,
                "scope": grant["scope"],
                "refresh_token": refresh,
            },
        )


def _multipart(raw: bytes, content_type: str) -> dict[str, Any]:
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    fields: dict[str, Any] = {}
    for part in raw.split(b"--" + boundary):
        if b"\r\n\r\n" not in part:
            continue
        head, _, value = part.partition(b"\r\n\r\n")
        value = value.removesuffix(b"\r\n")  # the line break before the next boundary, nothing of the value
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode() if b'name="' in head else ""
        fields[name] = value if b"filename=" in head else value.decode()
    return fields


class FakePlatforms:
    """`with FakePlatforms() as fake:` serves on 127.0.0.1; `fake.url` is the base for both APIs."""

    def __init__(self) -> None:
        self.state = Fake()
        handler = type("Handler", (_Handler,), {"fake": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Fake:
        self.thread.start()
        self.state.url = self.url  # type: ignore[attr-defined]
        return self.state

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
