from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles


class Organization(models.Model):
    """An OPD (perangkat daerah) or an UPT under one."""

    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        RSUD = "rsud", _("Rumah Sakit Daerah")
        UPT = "upt", _("UPT")
        BUMD = "bumd", _("BUMD")
        LAINNYA = "lainnya", _("Lainnya")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.DINAS)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasi (OPD/UPT)")
        verbose_name_plural = _("organisasi (OPD/UPT)")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Organisasi tidak bisa menjadi induk dirinya sendiri.")})
        if self.parent and self.parent.parent_id:
            raise ValidationError({"parent": _("Induk harus OPD, bukan UPT dari OPD lain.")})


class User(AbstractUser):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("Untuk operator OPD/UPT (pemohon)."),
    )
    phone = models.CharField(_("nomor WhatsApp"), max_length=30, blank=True)
    position = models.CharField(_("jabatan"), max_length=120, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def visible_organization_ids(self) -> list[int]:
        """The organisations whose requests this operator sees: their own, and its UPTs."""
        if not self.organization_id:
            return []
        ids = [self.organization_id]
        ids += list(Organization.objects.filter(parent_id=self.organization_id).values_list("pk", flat=True))
        return ids


class Delegation(models.Model):
    """Someone acts for a role for a period (Plt/Plh, leave); their actions show "a.n."."""

    class Kind(models.TextChoices):
        PLT = "plt", _("Plt (Pelaksana Tugas)")
        PLH = "plh", _("Plh (Pelaksana Harian)")
        CUTI = "cuti", _("Menggantikan yang cuti")

    delegate = models.ForeignKey(
        User, verbose_name=_("yang menjalankan"), on_delete=models.CASCADE, related_name="delegations_received"
    )
    role = models.CharField(_("peran"), max_length=30, choices=roles.ROLE_CHOICES)
    on_behalf_of = models.ForeignKey(
        User,
        verbose_name=_("atas nama"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations_given",
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.PLH)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("sampai"))
    note = models.CharField(_("dasar/keterangan"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("pelimpahan wewenang")
        verbose_name_plural = _("pelimpahan wewenang")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_role_display()}: {self.delegate}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Tanggal selesai sebelum tanggal mulai.")})

    @property
    def label(self) -> str:
        """How the timeline shows it: "a.n. Kepala Dinas (Plh)"."""
        whom = self.on_behalf_of.display_name if self.on_behalf_of else str(roles.ROLE_LABELS[self.role])
        return f"a.n. {whom} ({self.get_kind_display()})"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple[ApiToken, str]:
        raw = "wrt_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:10], key_hash=_hash_token(raw))
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = cls.objects.active().select_related("user").filter(key_hash=_hash_token(raw)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
