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
