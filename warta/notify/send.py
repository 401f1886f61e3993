"""Sending a message by a channel. Knows nothing of requests: callers give text and addresses.

Everything leaves through the task worker after the current transaction commits, never inside a
web request. Each e-mail is first written as an `OutgoingMessage` row with its Message-ID, in the
caller's transaction, so a rollback sends nothing and a retry sends the same message. WhatsApp: staff get a one-click wa.me link with the message written out; the
WhatsApp Cloud API can plug in as another Channel (see `CHANNELS`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import make_msgid, parseaddr
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from warta.notify.models import Notice, OutgoingMessage


@dataclass
class Message:
    subject: str
    body: str
    html: str | None = None
    to_emails: list[str] = field(default_factory=list)


def normalize_phone(phone: str) -> str:
    """An Indonesian number as WhatsApp wants it: digits only, 62 instead of the leading 0."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits


def wa_link(phone: str, text: str = "") -> str:
    number = normalize_phone(phone)
    link = f"https://wa.me/{number}"
    if text:
        link += "?text=" + quote(text)
    return link


def render_email(to: list[str] | str, subject: str, template: str, context: dict, language: str = "id") -> Message:
    """The e-mail `template` makes (.txt, and .html where it exists), not yet sent."""
    recipients = [to] if isinstance(to, str) else [a for a in to if a]
    with translation.override(language):
        body = render_to_string(f"{template}.txt", context)
        try:
            html: str | None = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:  # the HTML part is optional
            html = None
    return Message(subject=subject, body=body, html=html, to_emails=recipients)


def email(to: list[str] | str, subject: str, template: str, context: dict, language: str = "id") -> None:
    """Render `template` (.txt, and .html where it exists) and send it after commit."""
    recipients = [to] if isinstance(to, str) else [a for a in to if a]
    if not recipients:
        return
    send_message(render_email(recipients, subject, template, context, language))


def new_message_id() -> str:
    """A Message-ID in the sender's domain, fixed when the message is written."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or DNS_NAME.get_fqdn()
    return make_msgid(domain=domain)


def send_message(message: Message) -> OutgoingMessage | None:
    """Write the message (with its Message-ID) in the current transaction; send it after commit."""
    from warta.notify.tasks import deliver

    if not message.to_emails:
        return None
    outgoing = OutgoingMessage.objects.create(
        to=list(message.to_emails),
        subject=message.subject,
        body=message.body,
        html=message.html or "",
        message_id=new_message_id(),
    )
    transaction.on_commit(lambda: deliver.enqueue(outgoing.pk))
    return outgoing


SENT_KEEP_DAYS = 30


def prune_sent(now=None, keep_days: int = SENT_KEEP_DAYS) -> int:
    """Deletes messages sent more than `keep_days` ago: their Message-ID has done its work, and the
    addresses and text in them are personal data kept no longer than needed."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days)
    deleted, _ = OutgoingMessage.objects.filter(status=OutgoingMessage.Status.SENT, sent_at__lt=cutoff).delete()
    return deleted


def email_admins(subject: str, template: str, context: dict) -> int:
    """E-mail every active administrator (superusers and the admin role); returns how many."""
    from django.db.models import Q

    from warta.accounts import roles
    from warta.accounts.models import User

    admins = list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=roles.ADMIN))
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    if admins:
        email(admins, subject, template, context)
    return len(admins)


def notice(
    recipient,
    text: str = "",
    url: str = "",
    level: str = Notice.Level.INFO,
    *,
    message: str = "",
    params: dict | None = None,
    topic: str = "",
) -> Notice:
    """A home-page notice. Give `message` (an Indonesian msgid, marked with gettext_noop) and its
    `params` to have it shown in the reader's language; `topic` lets `resolve()` clear it."""
    params = dict(params or {})
    if message:
        text = message % params  # the msgid is the Indonesian text
    return Notice.objects.create(
        recipient=recipient,
        text=text[:500],
        message=message,
        params=params,
        url=url,
        level=level,
        topic=topic,
    )


def resolve(topic: str, *, keep: Iterable[Any] = (), now: dt.datetime | None = None) -> int:
    """Mark every open notice about `topic` resolved, except those of the people in `keep`."""
    if not topic:
        return 0
    open_notices = Notice.objects.filter(topic=topic, resolved_at__isnull=True)
    kept = [getattr(person, "pk", person) for person in keep]
    if kept:
        open_notices = open_notices.exclude(recipient__in=kept)
    return open_notices.update(resolved_at=now or timezone.now())
