"""Complaints' side of the inbox (warta.channels): a conversation's messages made a complaint,
suggestion or appreciation. The conversation then leaves the desk's inbox for the complaints
officers'. Registered in ComplaintsConfig.ready(); the channels never import complaints."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.channels import converters
from warta.channels.models import Conversation, Platform, Queue
from warta.complaints import intake
from warta.complaints.models import Channel, Complaint, Kind

TITLE_MAX = Complaint._meta.get_field("title").max_length or 200


class ComplaintFromConversationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=Kind.choices, initial=Kind.COMPLAINT)
    title = forms.CharField(label=_("Pokok pengaduan"), max_length=TITLE_MAX)


class ComplaintConverter:
    kind: str = "complaint"
    label = _("Jadikan pengaduan")
    queue: str = Queue.COMPLAINTS

    def may_convert(self, user: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return user.is_superuser or roles.is_office_staff(user) or roles.has_role(user, roles.PENGELOLA_PENGADUAN)

    def form(self, conversation: Conversation, data: Any = None) -> forms.Form:
        return ComplaintFromConversationForm(data) if data is not None else ComplaintFromConversationForm()

    def convert(self, material: converters.Material, user: Any, cleaned: dict[str, Any]) -> str:
        uploads = [intake.Upload(file=item.copy(), name=item.name) for item in material.files]
        complaint = intake.create_complaint(
            user=user,
            kind=cleaned["kind"],
            channel=Channel.WHATSAPP if material.platform == Platform.WHATSAPP else Channel.INSTAGRAM,
            received_at=material.first_at,
            fields={
                "title": cleaned["title"],
                "body": material.text or cleaned["title"],
                "contact_name": material.contact_name,
                "contact_phone": material.contact_phone,
                "contact_handle": material.contact_handle,
            },
            uploads=uploads,
            public=True,  # received from the complainant, on their channel
        )
        return complaint.number

    def url(self, number: str) -> str:
        return reverse("complaint-detail", kwargs={"number": number})


def register() -> None:
    converters.register(ComplaintConverter())
