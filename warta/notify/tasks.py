from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    to: list[str], subject: str, body: str, html: str | None = None, reply_to: list[str] | None = None
) -> int:
    """Sends one e-mail through the configured backend (SMTP in production)."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to or None
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
