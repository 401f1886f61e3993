from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from warta.notify.models import OutgoingMessage

logger = logging.getLogger(__name__)


@task()
def deliver(message_pk: int) -> str:
    """Sends one stored message through the configured backend (SMTP in production).

    Safe to run again after the worker died (the queue's lease re-queues it): a message already
    marked sent is skipped, and a resend carries the Message-ID fixed at creation.
    """
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_pk).first()
        if message is None or message.status == OutgoingMessage.Status.SENT:
            return "skipped"
        message.status = OutgoingMessage.Status.SENDING
        message.attempts += 1
        message.save(update_fields=["status", "attempts"])
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers={"Message-ID": message.message_id},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    try:
        email.send()
    except Exception as exc:
        OutgoingMessage.objects.filter(pk=message.pk).update(
            status=OutgoingMessage.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        logger.warning("Message %s to %s failed: %s", message.message_id, message.to, exc)
        raise
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=OutgoingMessage.Status.SENT, sent_at=timezone.now(), error=""
    )
    return message.message_id


@task()
def send_whatsapp(message_pk: int) -> str:
    """Sends one stored WhatsApp message, at most once (see `warta.notify.whatsapp.deliver`)."""
    from warta.notify import whatsapp

    return whatsapp.deliver(message_pk)


@task()
def send_email(
    to: list[str], subject: str, body: str, html: str | None = None, reply_to: list[str] | None = None
) -> int:
    """Sends one e-mail given in full. Kept for tasks queued before messages were stored as rows;
    new code calls `warta.notify.send.email()` or `send_message()`."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
