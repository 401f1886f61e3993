"""The conversations' personal data (UU 27/2022): who wrote (name, number, user id, Instagram
account) and what they wrote and sent.

Registered with warta.core.privacy in ChannelsConfig.ready(). Anonymising a conversation whose last
message is older than the cut-off replaces the contact, empties the messages' text and removes the
media files; the rows stay (counts and the links to requests and complaints)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from warta.channels.models import Conversation, Media, Message
from warta.core.privacy import ANONYMISED, Person, iso
from warta.core.uploads import private_storage
from warta.notify.send import normalize_phone


def conversations_of(person: Person) -> QuerySet[Conversation]:
    if not person.phone:
        return Conversation.objects.none()
    wanted = normalize_phone(person.phone)
    rows = Conversation.objects.exclude(contact_phone="").values_list("pk", "contact_phone")
    return Conversation.objects.filter(
        Q(pk__in=[pk for pk, phone in rows.iterator() if normalize_phone(phone) == wanted])
    )


class ConversationContacts:
    name = "channels.conversations"

    def export(self, person: Person) -> list[dict[str, Any]]:
        found = conversations_of(person).prefetch_related("messages__media", "conversions").order_by("pk")
        return [
            {
                "platform": c.platform,
                "contact": {
                    "name": c.contact_name,
                    "phone": c.contact_phone,
                    "user_id": c.contact_user_id,
                    "handle": c.contact_handle,
                },
                "made_into": [conversion.number for conversion in c.conversions.all()],
                "messages": [
                    {
                        "direction": m.direction,
                        "type": m.type,
                        "text": m.text,
                        "at": iso(m.at),
                        "status": m.status,
                        "media": [
                            {"name": media.original_name, "content_type": media.content_type, "size": media.size}
                            for media in m.media.all()
                        ],
                    }
                    for m in c.messages.all()
                ],
            }
            for c in found
        ]

    def anonymise(self, closed_before: dt.datetime, dry_run: bool = False) -> int:
        due = list(
            Conversation.objects.filter(last_message_at__lt=closed_before)
            .exclude(contact_name=ANONYMISED, contact_phone="", contact_user_id="", contact_handle="")
            .values_list("pk", flat=True)
        )
        if dry_run:
            return len(due)
        storage = private_storage()
        for media in Media.objects.filter(message__conversation__in=due).exclude(file=""):
            for name in (media.file.name, media.thumbnail.name):
                if name:
                    storage.delete(name)
        Media.objects.filter(message__conversation__in=due).update(
            file="", thumbnail="", original_name="", caption="", source_url=""
        )
        Message.objects.filter(conversation__in=due).update(text="")
        for pk in due:
            Conversation.objects.filter(pk=pk).update(
                contact_key=f"anon-{pk}",
                contact_name=ANONYMISED,
                contact_phone="",
                contact_user_id="",
                contact_handle="",
            )
        return len(due)
