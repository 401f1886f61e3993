from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NoticeQuerySet(models.QuerySet):
    def live(self) -> "NoticeQuerySet":
        """Neither read nor resolved: what the home page lists."""
        return self.filter(read_at__isnull=True, resolved_at__isnull=True)


class Notice(models.Model):
    """A message shown on a person's home page (beside the e-mail they also get)."""

    class Level(models.TextChoices):
        INFO = "info", _("Info")
        WARNING = "warning", _("Peringatan")
        DANGER = "danger", _("Penting")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.INFO)
    # The message in Indonesian, as written (the admin's list and search read it).
    text = models.CharField(_("pesan"), max_length=500)
    # The same message as its msgid and parameters, translated when shown, in the reader's language.
    message = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # What the notice is about (e.g. "desk.request:42"): resolving the topic clears its notices.
    topic = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when what the notice asked for is done or is no one's to do any more (the step was taken).
    resolved_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["topic"], name="notify_notice_open_topic", condition=Q(resolved_at__isnull=True)),
        ]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        """The message in the active language (the reader's), from its msgid when it has one."""
        if not self.message:
            return self.text
        try:
            return gettext(self.message) % self.params
        except (KeyError, TypeError, ValueError):  # a catalogue entry that does not fit its parameters
            return self.text


class OutgoingMessage(models.Model):
    """One message to send, written in the same transaction as the change that causes it.

    Its Message-ID is fixed here, before the first try, and kept across retries: SMTP cannot be
    asked whether it took a message, so a worker killed between the server's acceptance and our
    commit sends it again on re-queue, once more and with the same Message-ID (receivers and
    their mail clients fold such duplicates). A message marked sent is never sent again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    channel = models.CharField(max_length=20, default="email")
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
