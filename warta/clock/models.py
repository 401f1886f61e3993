from django.db import models
from django.utils.translation import gettext_lazy as _


class SlaOutcome(models.TextChoices):
    MET = "met", _("Tepat waktu")
    MISSED = "missed", _("Terlambat")
    VOID = "void", _("Tanpa tenggat")


class SlaTracked(models.Model):
    """The clock's stored columns on a watched item (a publication request, later a complaint).

    The item's owner app fills them through the clock's functions (start, pause, resume, close);
    the timers and the dashboards read them with plain indexed queries.
    """

    sla_started_at = models.DateTimeField(_("jam mulai dihitung"), null=True, blank=True)
    sla_allowed_seconds = models.PositiveIntegerField(_("waktu yang diberikan (detik kerja)"), null=True, blank=True)
    due_at = models.DateTimeField(_("tenggat"), null=True, blank=True, db_index=True)
    half_at = models.DateTimeField(_("50% waktu"), null=True, blank=True)
    at_risk_at = models.DateTimeField(_("80% waktu"), null=True, blank=True)
    paused_at = models.DateTimeField(_("dijeda sejak"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("total jeda (detik kerja)"), default=0)
    sla_closed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    sla_outcome = models.CharField(_("hasil tenggat"), max_length=10, choices=SlaOutcome.choices, blank=True)
    half_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    at_risk_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
