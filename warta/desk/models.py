from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from warta.clock.models import SlaTracked
from warta.core import uploads
from warta.core.moves import MoveEvent
from warta.core.validators import validate_http_url, validate_http_url_list
from warta.social.text import X_TEXT_LIMIT, x_length


class Channel(models.TextChoices):
    WEB = "web", _("Portal web")
    LETTER = "letter", _("Surat resmi")
    WHATSAPP = "whatsapp", _("Chat WhatsApp")
    SOCIAL_DM = "social_dm", _("Chat media sosial (DM)")
    INSTAGRAM_COLLAB = "instagram_collab", _("Kolaborasi Instagram")
    IN_PERSON = "in_person", _("Tatap muka")
    API = "api", _("API")


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"


# The domains on which a post link of each platform may live.
PLATFORM_DOMAINS: dict[str, tuple[str, ...]] = {
    Platform.INSTAGRAM: ("instagram.com",),
    Platform.FACEBOOK: ("facebook.com", "fb.com", "fb.watch"),
    Platform.X: ("x.com", "twitter.com"),
    Platform.YOUTUBE: ("youtube.com", "youtu.be"),
    Platform.TIKTOK: ("tiktok.com",),
}
# X allows 280 characters per post, counted its own way (links 23, most emoji and CJK 2).
CAPTION_LIMITS: dict[str, int] = {Platform.X: X_TEXT_LIMIT, Platform.INSTAGRAM: 2200}


def caption_length(platform: str, text: str) -> int:
    """A caption's length as the platform counts it against CAPTION_LIMITS."""
    return x_length(text) if platform == Platform.X else len(text)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diterima")
    AT_DIVISION = "at_division", _("Didisposisi ke Bidang IKP")
    ASSIGNED = "assigned", _("Didisposisi ke Staf")
    NEEDS_COMPLETION = "needs_completion", _("Perlu Dilengkapi")
    SCHEDULED = "scheduled", _("Dijadwalkan")
    PUBLISHED = "published", _("Dipublikasikan")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


OPEN_STATUSES = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.AT_DIVISION,
    Status.ASSIGNED,
    Status.NEEDS_COMPLETION,
    Status.SCHEDULED,
)


class RejectReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Di luar lingkup layanan")
    AGAINST_RULES = "against_rules", _("Bertentangan dengan aturan media sosial pemerintah")
    DUPLICATE = "duplicate", _("Permohonan ganda")
    INCOMPLETE = "incomplete", _("Tidak pernah dilengkapi")
    OTHER = "other", _("Lainnya")


def new_tracking_code() -> str:
    # Unambiguous characters, easy to read out over the phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def hash_tracking_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


class PublicationRequest(SlaTracked):
    """A request to publish content on the office's social-media accounts."""

    number = models.CharField(_("nomor registrasi"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    service = models.ForeignKey("standards.Service", on_delete=models.PROTECT, related_name="requests", null=True)
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisasi pemohon"), on_delete=models.PROTECT, related_name="requests"
    )
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    received_at = models.DateTimeField(_("diterima pada"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_before_completion = models.CharField(max_length=20, choices=Status.choices, blank=True, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaksana"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )

    # Content
    title = models.CharField(_("judul"), max_length=200)
    caption = models.TextField(_("keterangan/caption"), blank=True)
    captions = models.JSONField(_("caption per platform"), default=dict, blank=True)
    platforms = models.JSONField(_("platform tujuan"), default=list)
    publish_at = models.DateTimeField(_("waktu tayang yang diinginkan"), null=True, blank=True)
    collaborator = models.CharField(_("kolaborator Instagram"), max_length=100, blank=True)
    links = models.JSONField(_("tautan"), default=list, blank=True, validators=[validate_http_url_list])

    # Contact person of the requesting organisation
    contact_name = models.CharField(_("nama narahubung"), max_length=150)
    contact_phone = models.CharField(_("nomor WhatsApp narahubung"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail narahubung"), blank=True)

    # Official letter (channel "letter")
    letter_number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    letter_date = models.DateField(_("tanggal surat"), null=True, blank=True)
    letter_signatory = models.CharField(_("penanda tangan"), max_length=150, blank=True)
    letter_signed = models.BooleanField(_("ditandatangani"), default=False)
    letter_stamped = models.BooleanField(_("dibubuhi cap/stempel"), default=False)
    agenda_number = models.CharField(_("nomor agenda surat masuk"), max_length=50, blank=True)

    tracking_code_hash = models.CharField(max_length=64, editable=False, blank=True, default="")
    published_at = models.DateTimeField(_("dipublikasikan pada"), null=True, blank=True)
    # The moment the assigned staff is reminded to confirm a scheduled post.
    remind_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    reject_reason = models.CharField(_("alasan penolakan"), max_length=20, choices=RejectReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("permohonan publikasi")
        verbose_name_plural = _("permohonan publikasi")
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="desk_request_year_sequence")]
        indexes = [
            models.Index(fields=["status", "due_at"], name="desk_req_status_due"),
            models.Index(fields=["received_at"], name="desk_req_received"),
            models.Index(fields=["organization", "status"], name="desk_req_org_status"),
            models.Index(fields=["assignee", "status"], name="desk_req_assignee_status"),
            models.Index(
                fields=["due_at"],
                name="desk_req_open_due",
                condition=Q(sla_closed_at__isnull=True, paused_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("request-detail", kwargs={"number": self.number})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def check_tracking_code(self, code: str) -> bool:
        return secrets.compare_digest(self.tracking_code_hash, hash_tracking_code(code or ""))

    def sla_around_the_clock(self) -> bool:
        return bool(self.service and self.service.around_the_clock)

    def caption_for(self, platform: str) -> str:
        return (self.captions or {}).get(platform) or self.caption


class Attachment(models.Model):
    class Kind(models.TextChoices):
        CONTENT = "content", _("Materi konten")
        LETTER_SCAN = "letter_scan", _("Pindaian surat")
        EVIDENCE = "evidence", _("Bukti permohonan (tangkapan layar chat, dsb.)")

    request = models.ForeignKey(PublicationRequest, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.CONTENT)
    # Private storage under a random name (warta.core.uploads.store_upload); served only by the
    # access-checked views, never by a URL of its own.
    file = models.FileField(_("berkas"), upload_to=uploads.upload_to, storage=uploads.private_storage, max_length=255)
    thumbnail = models.FileField(
        _("gambar kecil"), upload_to=uploads.upload_to, storage=uploads.private_storage, max_length=255, blank=True
    )
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField()
    alt_text = models.CharField(_("teks alternatif"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""

    @property
    def is_image(self) -> bool:
        return uploads.is_image(self.content_type)


class Event(MoveEvent):
    """One step in a request's append-only timeline (the Lembar Disposisi and the audit trail)."""

    request = models.ForeignKey(PublicationRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # The time the request spent in `from_status`, from the previous step (the first step: from the
    # time of receipt), in working minutes of the office calendar; the stretch the clock stood paused
    # (waiting for the applicant) counts as paused instead. Written with the event (desk.sla.step_fields)
    # so that the evaluation sums and ranks them in the database.
    working_minutes = models.PositiveIntegerField(_("menit kerja sejak langkah sebelumnya"), default=0)
    paused_minutes = models.PositiveIntegerField(_("menit kerja terjeda sejak langkah sebelumnya"), default=0)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["request", "at"]),
            # The evaluation's sums per request and status read only this index (no table rows).
            models.Index(
                fields=["request", "from_status", "action", "working_minutes", "paused_minutes"],
                name="desk_event_step_minutes",
            ),
        ]
        verbose_name = _("riwayat")
        verbose_name_plural = _("riwayat")

    def __str__(self) -> str:
        return f"{self.request_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class PlatformPost(models.Model):
    """What happened on one target platform: its scheduled time, its post link, or why not."""

    request = models.ForeignKey(PublicationRequest, on_delete=models.CASCADE, related_name="posts")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    scheduled_for = models.DateTimeField(_("dijadwalkan"), null=True, blank=True)
    url = models.URLField(_("tautan unggahan"), max_length=500, blank=True, validators=[validate_http_url])
    published_at = models.DateTimeField(null=True, blank=True)
    not_published_reason = models.CharField(_("alasan tidak dipublikasikan"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "platform"], name="desk_post_request_platform")]
        ordering = ["platform"]
        verbose_name = _("unggahan per platform")
        verbose_name_plural = _("unggahan per platform")

    def __str__(self) -> str:
        return f"{self.request_id} {self.platform}"


class StandingDisposition(models.Model):
    """Pimpinan's standing order: requests from these channels or organisations go to Bidang IKP at once."""

    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisasi"), on_delete=models.CASCADE, null=True, blank=True
    )
    note = models.CharField(_("catatan disposisi"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disposisi tetap")
        verbose_name_plural = _("disposisi tetap")

    def __str__(self) -> str:
        target = self.organization or self.get_channel_display() or "-"
        return f"{_('Disposisi tetap')}: {target}"


class YearSequence(models.Model):
    """The last registration number given in a year (PUB-YYYY-NNNNN)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("urutan nomor registrasi")
        verbose_name_plural = _("urutan nomor registrasi")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class FormKey(models.Model):
    """The one-use key of a filled-in intake form: the request it made, so that a second POST of the
    same form (Back, then send again) shows that request instead of making another."""

    key = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(PublicationRequest, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "user"], name="desk_form_key_user")]
        indexes = [models.Index(fields=["created_at"], name="desk_form_key_created")]

    def __str__(self) -> str:
        return f"{self.key[:8]}… → {self.request_id}"


class PendingUpload(models.Model):
    """A file that passed its checks on an intake form that had another error: kept, tied to the
    form's one-use key and its user, until the form is sent (it becomes an attachment) or abandoned
    (removed after a day by `manage.py clean_pending_uploads`)."""

    key = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    slot = models.CharField(max_length=30)  # the form's file field: "media_1", "evidence"...
    # Stored by `uploads.store_upload` like every upload: sending the form hands these very files
    # (the file and its thumbnail) to the attachment.
    stored_name = models.CharField(max_length=255)
    thumbnail = models.CharField(max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "user", "slot"], name="desk_pending_upload_slot")]
        indexes = [models.Index(fields=["created_at"], name="desk_pending_upload_created")]

    def __str__(self) -> str:
        return self.original_name

    def as_stored(self) -> uploads.StoredUpload:
        return uploads.StoredUpload(
            name=self.stored_name,
            original_name=self.original_name,
            content_type=self.content_type,
            size=self.size,
            thumbnail=self.thumbnail,
        )


class IdempotencyKey(models.Model):
    """The first answer to POST /api/v1/requests sent with an `Idempotency-Key` header, kept a day:
    the same key from the same user gets that answer again instead of a second request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text=_("SHA-256 isi permintaan pertama."))
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="desk_idempotency_user_key")]
        verbose_name = _("kunci idempoten API")
        verbose_name_plural = _("kunci idempoten API")

    def __str__(self) -> str:
        return f"{self.user_id} {self.key}"
