from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

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
    marked sent is skipped, and a resend carries the Message-ID fixed at creation. A message the
    server refuses is marked failed and not tried again (the task fails with the error).
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
        _failed_for_good(message.pk)
        raise
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=OutgoingMessage.Status.SENT, sent_at=timezone.now(), error=""
    )
    return message.message_id


def _failed_for_good(message_pk: int) -> None:
    """A message that failed is not tried again: a WhatsApp message it was the fallback of goes
    on to its last fallback (a wa.me to-do for staff)."""
    from warta.notify import whatsapp

    try:
        whatsapp.fallback_failed(message_pk)
    except Exception:  # the e-mail's own failure is what the task reports
        logger.exception("Falling back after message %s failed", message_pk)


def given_up(tasks: Iterable[Any]) -> int:
    """Tasks the queue gave up on after their worker died each time (`warta.core.taskqueue.GivenUp`):
    an e-mail among them is marked failed, and goes on to its fallback. Returns how many."""
    count = 0
    for given in tasks:
        if given.task_path != deliver.module_path or not given.args:
            continue
        pk = given.args[0]
        error = f"The worker sending it stopped {given.attempts} times; given up."
        if (
            OutgoingMessage.objects.filter(pk=pk)
            .exclude(status=OutgoingMessage.Status.SENT)
            .update(status=OutgoingMessage.Status.FAILED, error=error)
        ):
            _failed_for_good(pk)
            count += 1
    return count


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
