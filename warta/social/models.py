"""The office's accounts on the platforms, with their tokens encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from warta.core.crypto import EncryptedTextField


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X"


class AccountStatus(models.TextChoices):
    OK = "ok", _("Terhubung")
    NEEDS_RECONNECT = "needs_reconnect", _("Perlu dihubungkan ulang")


class Account(models.Model):
    """One of the office's accounts: an Instagram professional account, a Facebook Page, an X user."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    account_id = models.CharField(
        _("ID akun di platform"), max_length=64, help_text=_("ID pengguna IG, ID Halaman Facebook, atau ID pengguna X.")
    )
    handle = models.CharField(_("nama akun"), max_length=100)
    access_token = EncryptedTextField(_("token akses"), blank=True)
    refresh_token = EncryptedTextField(_("token penyegar"), blank=True)
    expires_at = models.DateTimeField(_("token berlaku sampai"), null=True, blank=True)
    scopes = models.CharField(_("cakupan izin"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.OK)
    status_note = models.CharField(_("keterangan status"), max_length=300, blank=True)
    last_checked_at = models.DateTimeField(_("terakhir diperiksa"), null=True, blank=True)
    reconnect_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    connected_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("akun media sosial")
        verbose_name_plural = _("akun media sosial")
        constraints = [
            # One active account per platform: the office posts to one Page, one IG account, one X user.
            models.UniqueConstraint(fields=["platform"], condition=Q(is_active=True), name="social_one_active_account"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"

    @property
    def usable(self) -> bool:
        return self.is_active and self.status == AccountStatus.OK and bool(self.access_token)


def active_account(platform: str) -> Account | None:
    return Account.objects.filter(platform=platform, is_active=True).first()


class PostState(models.TextChoices):
    MANUAL = "manual", _("Manual")
    QUEUED = "queued", _("Dalam antrean")
    PUBLISHING = "publishing", _("Sedang diunggah")
    PUBLISHED = "published", _("Terbit")
    FAILED = "failed", _("Gagal")
    UNCONFIRMED = "unconfirmed", _("Belum pasti")
    NOT_PUBLISHED = "not_published", _("Tidak dipublikasikan")


# States in which Warta is still working on a post: other moves wait until it settles.
BUSY_STATES = (PostState.QUEUED, PostState.PUBLISHING)
SETTLED_STATES = (PostState.PUBLISHED, PostState.NOT_PUBLISHED)


class Post(models.Model):
    """One platform's post of one subject (a request's number): what Warta sends, where it is, and
    every id the platform gave, each stored before the next call so that nothing goes out twice."""

    subject = models.CharField(_("permohonan"), max_length=40)
    platform = models.CharField(_("platform"), max_length=20)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, null=True, blank=True, related_name="posts")
    state = models.CharField(_("keadaan"), max_length=20, choices=PostState.choices, default=PostState.MANUAL)
    caption = models.TextField(_("teks"), blank=True)
    media = models.JSONField(_("berkas"), default=list, blank=True)
    collaborators = models.JSONField(default=list, blank=True)
    # The platform's ids, in the order they are made: containers and uploads, then the post.
    container_ids = models.JSONField(default=list, blank=True)
    container_id = models.CharField(max_length=64, blank=True)
    upload_ids = models.JSONField(default=list, blank=True)
    external_id = models.CharField(_("ID unggahan"), max_length=64, blank=True)
    url = models.URLField(_("tautan"), max_length=500, blank=True)
    error = models.CharField(_("keterangan"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    run_after = models.DateTimeField(_("tayang pada"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    taken_down_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["subject", "platform"]
        verbose_name = _("unggahan")
        verbose_name_plural = _("unggahan")
        constraints = [models.UniqueConstraint(fields=["subject", "platform"], name="social_post_subject_platform")]
        indexes = [models.Index(fields=["state", "run_after"], name="social_post_state_run")]

    def __str__(self) -> str:
        return f"{self.subject} {self.platform} ({self.state})"
