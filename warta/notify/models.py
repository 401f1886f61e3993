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


class WhatsAppMessage(models.Model):
    """One message to send by the WhatsApp Cloud API, and what became of it (warta/notify/whatsapp.py).

    Written once per `key` (asking again returns the same record), sent once by the worker after
    commit. Before the call it reads `unknown` and the `wamid` is stored the moment the answer comes:
    a lost answer (timeout, 5xx, a worker killed mid-call) leaves it `unknown`, never sent again,
    for a person to check. Statuses from the webhooks only move it forward: sent → delivered → read.
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("Teks bebas")
        TEMPLATE = "template", _("Templat")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENT = "sent", _("Terkirim")
        DELIVERED = "delivered", _("Sampai")
        READ = "read", _("Dibaca")
        FAILED = "failed", _("Gagal")
        UNKNOWN = "unknown", _("Belum pasti")

    key = models.CharField(_("kunci"), max_length=200, unique=True)
    to = models.CharField(_("nomor tujuan"), max_length=32)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    template_name = models.CharField(_("nama templat"), max_length=512, blank=True)
    template_language = models.CharField(_("bahasa templat"), max_length=15, blank=True)
    template_params = models.JSONField(_("parameter templat"), default=list, blank=True)
    # The free-form text sent; for a template, the same notice written out (for the fallbacks).
    body = models.TextField(_("isi"), blank=True)
    wamid = models.CharField(max_length=255, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("galat"), blank=True)
    error_code = models.IntegerField(_("kode galat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # What the message is about, e.g. "request:PUB-2026-00012" (the request page lists its messages).
    subject = models.CharField(_("perihal"), max_length=100, blank=True, db_index=True)
    # Where a failure goes: an e-mail to this address first, else (or when that e-mail fails too)
    # a wa.me to-do for this role.
    fallback_email = models.EmailField(_("e-mail cadangan"), blank=True)
    fallback_subject = models.CharField(_("subjek e-mail cadangan"), max_length=300, blank=True)
    # The e-mail the contact would have had (its text and HTML parts) when the caller gave it;
    # otherwise the fallback e-mail is `body`.
    fallback_body = models.TextField(_("isi e-mail cadangan"), blank=True)
    fallback_html = models.TextField(_("HTML e-mail cadangan"), blank=True)
    # The fallback e-mail once sent: should it fail for good, a wa.me to-do follows.
    fallback_message = models.OneToOneField(
        OutgoingMessage,
        verbose_name=_("e-mail cadangan terkirim"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="whatsapp_fallback_of",
    )
    staff_role = models.CharField(_("peran petugas"), max_length=40, blank=True)
    staff_url = models.CharField(_("tautan petugas"), max_length=300, blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)
    # When a failure's fallback or a lost answer's to-do was made (once).
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("sampai pada"), null=True, blank=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gagal pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="notify_wa_status_updated")]
        verbose_name = _("pesan WhatsApp")
        verbose_name_plural = _("pesan WhatsApp")

    def __str__(self) -> str:
        what = self.template_name if self.kind == self.Kind.TEMPLATE else self.body[:60]
        return f"{self.to}: {what}"


class WhatsAppTemplate(models.Model):
    """The approved WhatsApp template a notice goes as, set by the admin: its name and language as
    approved in WhatsApp Manager, and which of the notice's values fill {{1}}, {{2}}… in order.
    A notice without a row uses the default in `warta.notify.whatsapp.DEFAULT_TEMPLATES`; a row
    switched off sends that notice by e-mail (or a wa.me to-do) instead."""

    class Event(models.TextChoices):
        RECEIVED = "received", _("Permohonan diterima")
        COMPLETION = "completion", _("Permohonan perlu dilengkapi")
        PUBLISHED = "published", _("Permohonan dipublikasikan")
        REJECTED = "rejected", _("Permohonan ditolak")
        SURVEY = "survey", _("Undangan survei kepuasan (SKM)")
        COMPLAINT_ANSWER = "complaint_answer", _("Jawaban pengaduan")

    event = models.CharField(_("pemberitahuan"), max_length=30, choices=Event.choices, unique=True)
    name = models.CharField(_("nama templat"), max_length=512)
    language = models.CharField(_("kode bahasa"), max_length=15, default="id")
    params = models.JSONField(
        _("parameter"),
        default=list,
        blank=True,
        help_text=_("Daftar JSON nama nilai untuk {{1}}, {{2}}, … berurutan (lihat docs/whatsapp.md)."),
    )
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["event"]
        verbose_name = _("templat WhatsApp")
        verbose_name_plural = _("templat WhatsApp")

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.name} ({self.language})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from warta.notify.whatsapp import TEMPLATE_VALUES

        offered = TEMPLATE_VALUES.get(self.event, frozenset())
        params = self.params if isinstance(self.params, list) else None
        unknown = [str(p) for p in params or [] if p not in offered]
        if params is None or unknown:
            raise ValidationError(
                {
                    "params": gettext("Nilai yang tersedia untuk pemberitahuan ini: %(names)s.")
                    % {"names": ", ".join(sorted(offered))}
                }
            )
