"""Webhook deliveries in Meta's documented shapes, signed as Meta signs them: for the test suite,
bench/webhooks.py and the browser test.

WhatsApp Cloud API: `{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"field":
"messages", "value": {"messaging_product", "metadata", "contacts", "messages" | "statuses"}}]}]}`.
Instagram messaging: `{"object": "instagram", "entry": [{"id", "time", "messaging": [{"sender",
"recipient", "timestamp", "message": {"mid", "text", "attachments"}}]}]}`.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from warta.channels.webhooks import SIGNATURE_HEADER, signature_of

WABA_ID = "102290129340398"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "6281100000000"
IG_ACCOUNT_ID = "17841400000000001"

_ids = itertools.count(1)


def wamid() -> str:
    return f"wamid.HBgNNjI4MTIzNDU2Nzg5FQIAEhggQTE{next(_ids):012d}AA=="


def ig_mid() -> str:
    return f"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw{next(_ids):012d}"


def wa_message(
    kind: str = "text",
    *,
    phone: str | None = "6281234567890",
    user_id: str = "",
    text: str = "Mohon dipublikasikan",
    media_id: str = "",
    mime_type: str = "",
    caption: str = "",
    filename: str = "",
    message_id: str = "",
    timestamp: int | None = None,
) -> dict[str, Any]:
    """One entry of `value.messages[]`."""
    message: dict[str, Any] = {
        "id": message_id or wamid(),
        "timestamp": str(timestamp or int(time.time())),
        "type": kind,
    }
    if phone:
        message["from"] = phone
    if user_id:
        message["from_user_id"] = user_id
    if kind == "text":
        message["text"] = {"body": text}
    else:
        body: dict[str, Any] = {"id": media_id, "mime_type": mime_type, "sha256": "c2hhMjU2"}
        if caption:
            body["caption"] = caption
        if filename:
            body["filename"] = filename
        if kind == "audio":
            body["voice"] = True
        message[kind] = body
    return message


def wa_contact(name: str = "Sri Rahayu", phone: str | None = "6281234567890", user_id: str = "") -> dict[str, Any]:
    contact: dict[str, Any] = {"profile": {"name": name}}
    if phone:
        contact["wa_id"] = phone
    if user_id:
        contact["user_id"] = user_id
    return contact


def wa_value(
    messages: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    statuses: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": PHONE_NUMBER_ID},
    }
    if messages is not None:
        value["contacts"] = contacts if contacts is not None else [wa_contact()]
        value["messages"] = messages
    if statuses is not None:
        value["statuses"] = statuses
    return value


def wa_payload(*values: dict[str, Any], entries: int = 1) -> dict[str, Any]:
    """A delivery: each value a change of the (first) entry; `entries` > 1 repeats the entry."""
    entry = {"id": WABA_ID, "changes": [{"field": "messages", "value": value} for value in values]}
    return {"object": "whatsapp_business_account", "entry": [entry] * entries}


def wa_status(message_id: str, status: str, *, timestamp: int | None = None, error_code: int = 0) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": message_id,
        "status": status,
        "timestamp": str(timestamp or int(time.time())),
        "recipient_id": "6281234567890",
    }
    if status != "failed":
        body["conversation"] = {"id": "CONVERSATION_ID", "origin": {"type": "utility"}}
        body["pricing"] = {"billable": True, "pricing_model": "PMP", "category": "utility"}
    else:
        body["errors"] = [
            {
                "code": error_code or 131047,
                "title": "Re-engagement message",
                "message": "Re-engagement message",
                "error_data": {"details": "Message failed to send because more than 24 hours have passed."},
            }
        ]
    return body


def ig_event(
    *,
    sender: str = "1234567890123456",
    text: str = "",
    attachments: list[dict[str, Any]] | None = None,
    mid: str = "",
    timestamp_ms: int | None = None,
    echo: bool = False,
) -> dict[str, Any]:
    message: dict[str, Any] = {"mid": mid or ig_mid()}
    if text:
        message["text"] = text
    if attachments:
        message["attachments"] = attachments
    if echo:
        message["is_echo"] = True
    return {
        "sender": {"id": IG_ACCOUNT_ID if echo else sender},
        "recipient": {"id": sender if echo else IG_ACCOUNT_ID},
        "timestamp": timestamp_ms or int(time.time() * 1000),
        "message": message,
    }


def ig_payload(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "object": "instagram",
        "entry": [{"id": IG_ACCOUNT_ID, "time": int(time.time() * 1000), "messaging": list(events)}],
    }


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


def signed_headers(body: bytes, secret: str) -> dict[str, str]:
    return {SIGNATURE_HEADER: signature_of(body, secret), "Content-Type": "application/json"}


def post(client: Any, path: str, payload: dict[str, Any] | bytes, secret: str, **extra: Any) -> Any:
    """POST a delivery signed with `secret` through a Django test client."""
    body = payload if isinstance(payload, bytes) else encode(payload)
    return client.post(
        path,
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature_of(body, secret)},
        **extra,
    )
