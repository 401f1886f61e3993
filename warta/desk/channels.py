"""The desk's side of the inbox (warta.channels): "Jadikan permohonan" makes a draft request of a
conversation's messages, and the request page shows the messages that came after. Registered in
DeskConfig.ready(); the channels never import the desk."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.accounts.models import Organization
from warta.channels import converters
from warta.channels.models import Conversation, Direction, Queue
from warta.channels.models import Platform as ChannelPlatform
from warta.core.privacy import Person
from warta.desk import intake
from warta.desk.models import Attachment, Channel, Platform, PublicationRequest

TITLE_MAX = PublicationRequest._meta.get_field("title").max_length or 200


def guess_organization(conversation: Conversation) -> Organization | None:
    """The organisation of this contact's latest request (same number however typed), if any."""
    from warta.desk.privacy import requests_of

    if not conversation.contact_phone:
        return None
    latest = (
        requests_of(Person(phone=conversation.contact_phone))
        .filter(organization__is_active=True)
        .select_related("organization")
        .order_by("-received_at")
        .first()
    )
    return latest.organization if latest else None


class RequestFromConversationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisasi pemohon"),
        queryset=Organization.objects.filter(is_active=True).order_by("name"),
        to_field_name="code",
        error_messages={"invalid_choice": _("Kode organisasi tidak dikenal.")},
    )
    title = forms.CharField(label=_("Judul"), max_length=TITLE_MAX, required=False)
    platforms = forms.MultipleChoiceField(
        label=_("Platform tujuan"), choices=Platform.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def _title_from(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:TITLE_MAX]


class RequestConverter:
    kind: str = "request"
    label = _("Jadikan permohonan")
    queue: str = Queue.DESK

    def may_convert(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or roles.is_office_staff(user))

    def form(self, conversation: Conversation, data: Any = None) -> forms.Form:
        if data is not None:
            return RequestFromConversationForm(data)
        guessed = guess_organization(conversation)
        first = (
            conversation.messages.filter(direction=Direction.IN, conversion__isnull=True)
            .exclude(text="")
            .order_by("at")
            .first()
        )
        return RequestFromConversationForm(
            initial={
                "organization": guessed.code if guessed else None,
                "title": _title_from(first.text) if first else "",
            }
        )

    def convert(self, material: converters.Material, user: Any, cleaned: dict[str, Any]) -> str:
        uploads = [
            intake.Upload(file=item.copy(), kind=Attachment.Kind.CONTENT, name=item.name) for item in material.files
        ]
        req = intake.create_request(
            user=user,
            organization=cleaned["organization"],
            channel=Channel.WHATSAPP if material.platform == ChannelPlatform.WHATSAPP else Channel.SOCIAL_DM,
            received_at=material.first_at,
            fields={
                "title": cleaned.get("title") or _title_from(material.text),
                "caption": material.text,
                "platforms": list(cleaned.get("platforms") or []),
                "contact_name": material.contact_name,
                "contact_phone": material.contact_phone,
            },
            uploads=uploads,
            submit=False,
        )
        return req.number

    def url(self, number: str) -> str:
        return reverse("request-detail", kwargs={"number": number})


def later_messages_panel(http_request: HttpRequest, req: PublicationRequest, staff: bool) -> SafeString | None:
    """On the request page, for office staff: the conversation's messages after the request was made."""
    from warta.channels.services import conversions_of, messages_after

    if not staff:
        return None
    found = conversions_of(req.number)
    if not found:
        return None
    context = {"conversation": found[0].conversation, "messages_list": messages_after(req.number)}
    return SafeString(render_to_string("channels/_later_messages.html", context, request=http_request))


def register() -> None:
    from warta.desk.panels import register_panel

    converters.register(RequestConverter())
    register_panel("channel-messages", later_messages_panel)
