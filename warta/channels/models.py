"""Messages that reach the office on WhatsApp and Instagram: the raw deliveries of the platforms'
webhooks, the conversations they make (one per contact and platform), their messages and media,
and the delivery statuses of what the office sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from warta.core import uploads

# Free-form replies are allowed for this long after the contact's last message (WhatsApp and
# Instagram both); after it WhatsApp takes only approved templates.
REPLY_WINDOW = dt.timedelta(hours=24)


class Platform(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    INSTAGRAM = "instagram", "Instagram"


class Queue(models.TextChoices):
    """Whose inbox shows a conversation: the desk's office staff, or the complaints officers once a
    conversation became a complaint."""

    DESK = "desk", _("Kotak masuk layanan publikasi")
    COMPLAINTS = "complaints", _("Kotak masuk pengaduan")


class Delivery(models.Model):
    """One webhook POST exactly as it arrived (its signature checked), waiting for the worker."""

    platform = models.CharField(max_length=20, choices=Platform.choices)
    body = models.BinaryField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # When a worker took it (processing.claim): another worker leaves it alone for the lease.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("kiriman webhook")
        verbose_name_plural = _("kiriman webhook")
        indexes = [
            models.Index(fields=["received_at"], name="ch_delivery_pending", condition=Q(processed_at__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.received_at:%Y-%m-%d %H:%M:%S}"


class Conversation(models.Model):
    """Everything one contact wrote to the office on one platform."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    # The contact's id on the platform: the WhatsApp number (digits), else the business-scoped user
    # id; the Instagram-scoped id (IGSID).
    contact_key = models.CharField(max_length=128)
    contact_name = models.CharField(_("nama"), max_length=150, blank=True)
    contact_phone = models.CharField(_("nomor WhatsApp"), max_length=30, blank=True)
    contact_user_id = models.CharField(_("ID pengguna WhatsApp"), max_length=128, blank=True)
    contact_handle = models.CharField(_("akun Instagram"), max_length=100, blank=True)
    queue = models.CharField(max_length=20, choices=Queue.choices, default=Queue.DESK)
    last_message_at = models.DateTimeField(_("pesan terakhir"), null=True, blank=True)
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    unread = models.PositiveIntegerField(_("belum dibaca"), default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditangani oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("percakapan")
        verbose_name_plural = _("percakapan")
        constraints = [
            models.UniqueConstraint(fields=["platform", "contact_key"], name="ch_conversation_contact"),
        ]
        indexes = [models.Index(fields=["queue", "-last_message_at"], name="ch_conversation_queue")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.contact_label}"

    @property
    def contact_label(self) -> str:
        handle = f"@{self.contact_handle}" if self.contact_handle else ""
        return self.contact_name or handle or self.contact_phone or self.contact_key

    @property
    def window_ends_at(self) -> dt.datetime | None:
        return self.last_inbound_at + REPLY_WINDOW if self.last_inbound_at else None

    def window_open(self, now: dt.datetime) -> bool:
        ends = self.window_ends_at
        return ends is not None and now < ends

    def window_minutes_left(self, now: dt.datetime) -> float:
        """Minutes until the 24-hour window closes (0 when it is closed)."""
        ends = self.window_ends_at
        return max(0.0, (ends - now).total_seconds() / 60) if ends else 0.0


class Conversion(models.Model):
    """Messages of a conversation made into a request or a complaint (its number)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="conversions")
    kind = models.CharField(max_length=20)  # a registered converter's kind: "request", "complaint"
    number = models.CharField(max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["number"], name="ch_conversion_number")]

    def __str__(self) -> str:
        return f"{self.conversation_id} → {self.number}"


class Direction(models.TextChoices):
    IN = "in", _("Masuk")
    OUT = "out", _("Keluar")


class MessageStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    SENT = "sent", _("Terkirim")
    DELIVERED = "delivered", _("Sampai")
    READ = "read", _("Dibaca")
    FAILED = "failed", _("Gagal")
    UNKNOWN = "unknown", _("Belum pasti")


# A status only moves forward: a late "sent" never hides "read".
STATUS_RANK = {
    MessageStatus.UNKNOWN: 0,
    MessageStatus.SENT: 1,
    MessageStatus.DELIVERED: 2,
    MessageStatus.READ: 3,
    MessageStatus.FAILED: 4,
    MessageStatus.RECEIVED: 0,
}


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    # The platform's id: "wamid.…" on WhatsApp, the `mid` on Instagram. A message delivered twice
    # is kept once.
    external_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    type = models.CharField(max_length=20)  # text, image, document, video, audio, story_mention, template
    text = models.TextField(blank=True)
    at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.RECEIVED)
    error = models.CharField(max_length=500, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conversion = models.ForeignKey(
        Conversion, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    # A WhatsApp reply: the sender's record (warta.notify.whatsapp), which holds its wamid and status.
    whatsapp = models.ForeignKey(
        "notify.WhatsAppMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["conversation", "at"], name="ch_message_conversation_at")]

    def __str__(self) -> str:
        return self.external_id or f"{self.direction} {self.at:%Y-%m-%d %H:%M}"

    @property
    def delivery_status(self) -> str:
        """received, sent, delivered, read, failed or unknown: a WhatsApp reply's as its sender
        record reads (one still queued is not known to have gone yet: unknown)."""
        if self.whatsapp is not None:
            status = self.whatsapp.status
            return status if status in MessageStatus.values else MessageStatus.UNKNOWN
        return self.status

    @property
    def delivery_label(self) -> str:
        if self.whatsapp is not None:
            return str(self.whatsapp.get_status_display())
        return str(self.get_status_display())


class Media(models.Model):
    """A picture, document, video or voice note of a message: fetched by the worker at once (the
    platform's link lasts minutes), checked like every upload, kept in private storage."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="media")
    source_id = models.CharField(max_length=255, blank=True)  # WhatsApp's media id
    source_url = models.URLField(max_length=2000, blank=True)  # Instagram's CDN link
    declared_type = models.CharField(max_length=100, blank=True)  # what the platform said it is
    caption = models.TextField(blank=True)
    file = models.FileField(upload_to=uploads.upload_to, storage=uploads.private_storage, max_length=255, blank=True)
    thumbnail = models.FileField(
        upload_to=uploads.upload_to, storage=uploads.private_storage, max_length=255, blank=True
    )
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A fetch the platform failed for a while (5xx, 429, a cut connection) is tried again then by
    # the timer; empty when it is kept, or refused for good (a file that is not what it claims).
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("berkas pesan")
        verbose_name_plural = _("berkas pesan")

    def __str__(self) -> str:
        return self.original_name or self.source_id or str(self.pk)

    @property
    def is_image(self) -> bool:
        return uploads.is_image(self.content_type)


class StatusUpdate(models.Model):
    """A delivery status the platform reported for a message the office sent (kept once per
    message and status, however often Meta repeats it)."""

    message_external_id = models.CharField(max_length=255)
    status = models.CharField(max_length=20)
    at = models.DateTimeField()
    error = models.CharField(max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message_external_id", "status"], name="ch_status_message_status"),
        ]

    def __str__(self) -> str:
        return f"{self.message_external_id} {self.status}"
