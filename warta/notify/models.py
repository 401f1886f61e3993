from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """A message shown on a person's home page (beside the e-mail they also get)."""

    class Level(models.TextChoices):
        INFO = "info", _("Info")
        WARNING = "warning", _("Peringatan")
        DANGER = "danger", _("Penting")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.INFO)
    text = models.CharField(_("pesan"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")

    def __str__(self) -> str:
        return self.text
