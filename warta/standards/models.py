from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """A published service standard (e.g. "Standar Publikasi Konten Media Sosial")."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    number = models.PositiveSmallIntegerField(_("nomor"), null=True, blank=True)
    title = models.CharField(_("judul"), max_length=250)
    around_the_clock = models.BooleanField(
        _("dihitung 24 jam"),
        default=False,
        help_text=_("Jika aktif, tenggat layanan dihitung dengan jam kalender, bukan jam kerja."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number", "title"]
        verbose_name = _("layanan (standar pelayanan)")
        verbose_name_plural = _("layanan (standar pelayanan)")

    def __str__(self) -> str:
        return self.title


class Part(models.TextChoices):
    SERVICE_DELIVERY = "service_delivery", _("Penyampaian Pelayanan (Service Delivery)")
    MANUFACTURING = "manufacturing", _("Pengelolaan Pelayanan (Manufacturing)")


class ValueKey(models.TextChoices):
    COMPLETION_TIME = "completion_time", _("Jangka waktu penyelesaian")
    FEE = "fee", _("Biaya/tarif (rupiah)")
    COMPLAINT_TIERS = "complaint_tiers", _("Jangka waktu penyelesaian pengaduan")
    EXECUTORS = "executors", _("Jumlah pelaksana")
    COMPLAINT_CHANNELS = "complaint_channels", _("Saluran pengaduan")


class Component(models.Model):
    """One of the 14 components of the standard (PermenPANRB 15/2014), as published."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="components")
    part = models.CharField(_("bagian"), max_length=20, choices=Part.choices)
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama komponen"), max_length=250)
    body = models.TextField(
        _("isi"),
        blank=True,
        help_text=_("HTML yang sudah dibersihkan (paragraf, daftar, tautan). Alur disimpan terpisah."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    source_line = models.PositiveIntegerField(_("baris di berkas"), default=0)

    class Meta:
        ordering = ["service", "position"]
        constraints = [
            models.UniqueConstraint(fields=["service", "part", "number"], name="standards_component_unique_number")
        ]
        verbose_name = _("komponen standar")
        verbose_name_plural = _("komponen standar")

    def __str__(self) -> str:
        return f"{self.get_part_display()} {self.number}. {self.name}"

    def save(self, *args, **kwargs) -> None:
        from warta.standards.parser import sanitize_body

        self.body = sanitize_body(self.body)  # an admin's edit is held to the same rules as an import
        super().save(*args, **kwargs)


class Flow(models.Model):
    """A flow drawn in the standard (the procedure, the complaint handling)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="flows")
    component = models.ForeignKey(Component, on_delete=models.SET_NULL, null=True, blank=True, related_name="flows")
    key = models.SlugField(_("kunci"), max_length=60)
    title = models.CharField(_("judul"), max_length=200)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["service", "position"]
        constraints = [models.UniqueConstraint(fields=["service", "key"], name="standards_flow_unique_key")]
        verbose_name = _("alur")
        verbose_name_plural = _("alur")

    def __str__(self) -> str:
        return self.title


class FlowNode(models.Model):
    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="nodes")
    key = models.CharField(_("kunci"), max_length=60)
    label = models.CharField(_("label"), max_length=300)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["flow", "position"]
        constraints = [models.UniqueConstraint(fields=["flow", "key"], name="standards_flownode_unique_key")]
        verbose_name = _("simpul alur")
        verbose_name_plural = _("simpul alur")

    def __str__(self) -> str:
        return f"{self.key}: {self.label}"


class FlowEdge(models.Model):
    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="edges")
    source = models.ForeignKey(FlowNode, on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(FlowNode, on_delete=models.CASCADE, related_name="incoming")
    label = models.CharField(_("label"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["flow", "position"]
        verbose_name = _("panah alur")
        verbose_name_plural = _("panah alur")

    def __str__(self) -> str:
        return f"{self.source.key} → {self.target.key}"


class ServiceValue(models.Model):
    """A value that configures the service, read from the standard, with the text it came from.

    An admin may correct it; the correction stands until the source text changes in a later
    import, when the newly read value is taken and the value is flagged for review.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(_("kunci"), max_length=40, choices=ValueKey.choices)
    extracted = models.JSONField(_("nilai terbaca"), null=True, blank=True)
    source_text = models.TextField(_("teks sumber"), blank=True)
    correction = models.JSONField(
        _("koreksi"),
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk memakai nilai terbaca. Format JSON yang sama dengan nilai terbaca."),
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    needs_review = models.BooleanField(_("perlu ditinjau"), default=False)
    review_note = models.TextField(_("catatan tinjauan"), blank=True)
    dropped_correction = models.JSONField(_("koreksi yang dibuang"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service", "key"]
        constraints = [models.UniqueConstraint(fields=["service", "key"], name="standards_value_unique_key")]
        verbose_name = _("nilai layanan")
        verbose_name_plural = _("nilai layanan")

    def __str__(self) -> str:
        return f"{self.service}: {self.get_key_display()}"

    @property
    def effective(self) -> Any:
        return self.correction if self.correction is not None else self.extracted

    @property
    def is_corrected(self) -> bool:
        return self.correction is not None

    def clean(self) -> None:
        from warta.standards.extract import validate_value

        if self.correction is not None:
            errors = validate_value(self.key, self.correction)
            if errors:
                raise ValidationError({"correction": errors})


class StandardImport(models.Model):
    """One run of `import_standard`: what was read, and what could not be."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(_("berkas"), max_length=300)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("waktu impor"), auto_now_add=True)
    component_count = models.PositiveSmallIntegerField(_("jumlah komponen"), default=0)
    flow_count = models.PositiveSmallIntegerField(_("jumlah alur"), default=0)
    problems = models.JSONField(_("bagian yang tidak terbaca"), default=list, blank=True)
    dropped_corrections = models.JSONField(_("koreksi yang dibuang"), default=list, blank=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("impor standar")
        verbose_name_plural = _("impor standar")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
