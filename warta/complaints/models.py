"""Complaints, suggestions and appreciation (Pengaduan, Saran, Masukan/Apresiasi)."""

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


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Pengaduan")
    SUGGESTION = "suggestion", _("Saran/masukan")
    APPRECIATION = "appreciation", _("Apresiasi")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Tatap muka")
    COMPLAINT_BOX = "complaint_box", _("Kotak pengaduan")
    WHATSAPP = "whatsapp", "WhatsApp"
    PHONE = "phone", _("Telepon")
    EMAIL = "email", _("E-mail")
    SP4N_LAPOR = "sp4n_lapor", "SP4N-LAPOR!"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    WEB = "web", _("Formulir web")


# The standard's extracted complaint-channel keys (warta.standards.extract.CHANNEL_KEYS, and the
# platforms under "social") → the channel codes here. The public page lists the standard's channels.
STANDARD_CHANNELS: dict[str, str] = {
    "face_to_face": Channel.IN_PERSON,
    "complaint_box": Channel.COMPLAINT_BOX,
    "whatsapp": Channel.WHATSAPP,
    "telephone": Channel.PHONE,
    "email": Channel.EMAIL,
    "lapor": Channel.SP4N_LAPOR,
    "instagram": Channel.INSTAGRAM,
    "x": Channel.X,
    "facebook": Channel.FACEBOOK,
}


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    CLASSIFIED = "classified", _("Diklasifikasi")
    IN_PROGRESS = "in_progress", _("Ditangani tim")
    NEEDS_INFO = "needs_info", _("Menunggu keterangan pengadu")
    AWAITING_APPROVAL = "awaiting_approval", _("Menunggu persetujuan jawaban")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Selesai")
    FORWARDED = "forwarded", _("Diteruskan ke instansi lain")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.CLASSIFIED,
    Status.IN_PROGRESS,
    Status.NEEDS_INFO,
    Status.AWAITING_APPROVAL,
)


class Tier(models.TextChoices):
    """The standard's four tiers; their times come from the clock's policies (`get_policy`)."""

    LIGHT = "light", _("Ringan")
    NORMATIVE = "normative", _("Bersifat normatif")
    NO_SUPERVISION = "no_supervision", _("Tidak berkadar pengawasan")
    INVESTIGATION = "investigation", _("Berkadar pengawasan, perlu pemeriksaan")


class Delivery(models.TextChoices):
    """How the answer reaches the complainant."""

    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", "WhatsApp"
    LETTER = "letter", _("Surat (dicetak)")
    IN_PERSON = "in_person", _("Tatap muka")
    PHONE = "phone", _("Telepon")
    LAPOR = "lapor", "SP4N-LAPOR!"


class Category(models.Model):
    """A category of complaint; the admin manages the codes."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    label = models.CharField(_("nama"), max_length=120)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")

    def __str__(self) -> str:
        return self.label


def new_tracking_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def hash_tracking_code(code: str) -> str:
    return hashlib.sha256(("complaint:" + code.strip().upper()).encode()).hexdigest()


class Complaint(SlaTracked):
    number = models.CharField(_("nomor"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    service = models.ForeignKey("standards.Service", on_delete=models.PROTECT, related_name="complaints", null=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.COMPLAINT)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    received_at = models.DateTimeField(_("diterima pada"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    tier = models.CharField(_("tingkat"), max_length=20, choices=Tier.choices, blank=True)
    tier_provisional = models.BooleanField(_("tingkat sementara"), default=True)
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))

    # The complainant (all optional: anonymous complaints are allowed).
    confidential = models.BooleanField(_("rahasiakan identitas"), default=False)
    contact_name = models.CharField(_("nama"), max_length=150, blank=True)
    contact_phone = models.CharField(_("nomor telepon/WhatsApp"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_handle = models.CharField(_("akun media sosial"), max_length=100, blank=True)

    lapor_tracking_id = models.CharField(_("nomor tiket SP4N-LAPOR"), max_length=40, blank=True)
    related_request = models.ForeignKey(
        "desk.PublicationRequest",
        verbose_name=_("permohonan terkait"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anggota tim"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
    )
    consulted = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staf yang dimintai keterangan"), blank=True, related_name="+"
    )
    answer = models.TextField(_("jawaban"), blank=True)
    answer_approved_at = models.DateTimeField(_("jawaban disetujui pada"), null=True, blank=True)
    delivered_via = models.CharField(_("disampaikan melalui"), max_length=20, choices=Delivery.choices, blank=True)
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    # Minutes from receipt to the answer, kept with the answer for the public figures' median.
    answer_minutes = models.PositiveIntegerField(_("menit sampai dijawab"), null=True, blank=True, editable=False)
    reopen_until = models.DateTimeField(_("dapat dibuka kembali sampai"), null=True, blank=True)
    forwarded_to = models.CharField(_("diteruskan kepada"), max_length=200, blank=True)
    tracking_code_hash = models.CharField(max_length=64, editable=False, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="complaints_year_sequence"),
            models.UniqueConstraint(
                fields=["lapor_tracking_id"], condition=~Q(lapor_tracking_id=""), name="complaints_lapor_id"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="complaints_status_due"),
            models.Index(fields=["received_at"], name="complaints_received"),
            models.Index(fields=["assignee", "status"], name="complaints_assignee_status"),
            # The public figures count by these alone (covering indexes: the rows are not read).
            models.Index(fields=["year", "answer_minutes"], name="complaints_year_answer"),
            models.Index(fields=["year", "channel", "kind"], name="complaints_year_channel_kind"),
            models.Index(fields=["year", "answered_at", "tier", "sla_outcome"], name="complaints_year_tier"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("complaint-detail", kwargs={"number": self.number})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def anonymous(self) -> bool:
        return not (self.contact_name or self.contact_phone or self.contact_email or self.contact_handle)

    def check_tracking_code(self, code: str) -> bool:
        return bool(self.tracking_code_hash) and secrets.compare_digest(
            self.tracking_code_hash, hash_tracking_code(code or "")
        )

    def sla_around_the_clock(self) -> bool:
        return bool(self.service and self.service.around_the_clock)


class ComplaintEvent(MoveEvent):
    """One step in a complaint's append-only timeline."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaints_event_at")]
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=uploads.upload_to, storage=uploads.private_storage, max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""


class YearSequence(models.Model):
    """The last complaint number given in a year (ADU-YYYY-NNNNN)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
