"""Conversations arriving through the webhook, as the inbox tests start them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from warta.channels import testing
from warta.channels.models import Conversation


def whatsapp_arrives(
    post: Any,
    *,
    text: str = "Mohon dipublikasikan: posyandu balita di Desa Bojongsari",
    at: dt.datetime | None = None,
    phone: str = "6281234567890",
    name: str = "Sri Rahayu",
    image: str = "",
) -> Conversation:
    """One text (and, with `image`, a photo) from a contact, posted signed to the webhook."""
    stamp = int((at or dt.datetime.now(dt.UTC)).timestamp())
    messages = [testing.wa_message(text=text, phone=phone, timestamp=stamp)]
    if image:
        messages.append(
            testing.wa_message("image", phone=phone, media_id=image, mime_type="image/jpeg", timestamp=stamp + 5)
        )
    payload = testing.wa_payload(testing.wa_value(messages, contacts=[testing.wa_contact(name, phone)]))
    assert post("/webhooks/whatsapp/", payload).status_code == 200
    return Conversation.objects.get(platform="whatsapp", contact_key=phone)
