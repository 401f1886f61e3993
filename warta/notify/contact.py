"""Telling an applicant or a complainant of a step: the one place that picks the channel.

By WhatsApp when it is configured and the contact left a number (a free-form text inside an open
24-hour window, else the admin's template for the notice; the e-mail then serves as its fallback),
otherwise by e-mail as before. Callers give both the WhatsApp notice and the e-mail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation

from warta.notify import send, whatsapp


def tell(
    *,
    phone: str,
    email: str,
    key: str,
    event: str,
    values: Mapping[str, Any],
    text: str,
    subject: str,
    email_template: str,
    email_context: dict,
    about: str = "",
    role: str = "",
    url: str = "",
) -> str:
    """Queue the notice (sent after commit); returns the channel used: "whatsapp", "email" or "".
    The e-mail is rendered once: sent as is, or kept as the WhatsApp message's fallback."""
    mail = send.render_email(email, subject, email_template, email_context) if email else None
    if phone and whatsapp.is_configured() and len(send.normalize_phone(phone)) >= 8:
        message = whatsapp.send_notice(
            phone,
            event,
            values,
            text,
            key=key,
            subject=about,
            fallback_mail=mail,
            role=role,
            url=url,
        )
        if message is not None:
            return "whatsapp"
    if mail is not None:
        send.send_message(mail)
        return "email"
    return ""


def render_text(template: str, context: dict, language: str = "id") -> str:
    """A notice's plain text from the e-mail's .txt template, in the language e-mails go in."""
    from django.template.loader import render_to_string

    with translation.override(language):
        return render_to_string(f"{template}.txt", context).strip()
