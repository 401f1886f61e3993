from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.clock.policy import UNIT_CHOICES, Unit

if TYPE_CHECKING:
    from warta.clock.calendar import WorkCalendar
    from warta.clock.policy import Policy


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

    # --- the clock's methods (they change the columns; the caller saves) ---------------------

    def sla_around_the_clock(self) -> bool:
        """Whether this item's time counts around the clock; models override (e.g. per service)."""
        return False

    def sla_calendar(self, around_the_clock: bool | None = None) -> WorkCalendar:
        from warta.clock.services import get_calendar

        return get_calendar(self.sla_around_the_clock() if around_the_clock is None else around_the_clock)

    def start_sla(self, policy: Policy, start: dt.datetime, *, around_the_clock: bool = False) -> None:
        """Deadline and warning moments of `policy` from `start` (a clock_* policy counts 24 h)."""
        from warta.clock import sla

        whole_day = around_the_clock or policy.is_clock or self.sla_around_the_clock()
        sla.start(self, self.sla_calendar(whole_day), policy, start)

    def pause_sla(self, at: dt.datetime) -> None:
        from warta.clock import sla

        sla.pause(self, at)

    def resume_sla(self, at: dt.datetime) -> dt.timedelta:
        from warta.clock import sla

        return sla.resume(self, self.sla_calendar(), at)

    def close_sla(self, at: dt.datetime, met: bool | None) -> None:
        from warta.clock import sla

        sla.close(self, self.sla_calendar(), at, met)

    def sla(self, now: dt.datetime | None = None) -> dict:
        """{state, used_minutes, left_minutes} (working minutes) for pages and the API."""
        from warta.clock import sla

        return sla.summary(self, self.sla_calendar(), now or timezone.now())

    def sla_state(self, now: dt.datetime | None = None) -> str:
        from warta.clock import sla

        return sla.state(self, now or timezone.now())


class WeeklyWindow(models.Model):
    """Regular office hours: one row per window, several a day (e.g. 07:30–12:00 and 13:00–16:00)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Senin")
        TUESDAY = 1, _("Selasa")
        WEDNESDAY = 2, _("Rabu")
        THURSDAY = 3, _("Kamis")
        FRIDAY = 4, _("Jumat")
        SATURDAY = 5, _("Sabtu")
        SUNDAY = 6, _("Minggu")

    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    start = models.TimeField(_("mulai"))
    end = models.TimeField(_("selesai"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("jam kerja mingguan")
        verbose_name_plural = _("jam kerja mingguan")
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="clock_weekly_end")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class ChangeStamped(models.Model):
    """Who last changed a row of the office calendar, and when (shown on the calendar page)."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        abstract = True


class HoursOverride(ChangeStamped):
    """Other hours for a date range (e.g. Ramadan) or a single day (first day = last day)."""

    name = models.CharField(_("nama"), max_length=120)
    first_day = models.DateField(_("tanggal mulai"))
    last_day = models.DateField(_("tanggal selesai"))
    reason = models.CharField(_("alasan"), max_length=250, blank=True)

    class Meta:
        ordering = ["first_day", "last_day"]
        verbose_name = _("jam kerja khusus")
        verbose_name_plural = _("jam kerja khusus")
        constraints = [
            models.CheckConstraint(condition=models.Q(last_day__gte=models.F("first_day")), name="clock_override_range")
        ]

    def __str__(self) -> str:
        if self.first_day == self.last_day:
            return f"{self.name} ({self.first_day:%Y-%m-%d})"
        return f"{self.name} ({self.first_day:%Y-%m-%d} – {self.last_day:%Y-%m-%d})"


class OverrideWindow(models.Model):
    """A window of an override: on one weekday of the range, or on every day of it (no weekday)."""

    override = models.ForeignKey(HoursOverride, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(
        _("hari"),
        choices=WeeklyWindow.Weekday.choices,
        null=True,
        blank=True,
        help_text=_("Kosongkan untuk setiap hari dalam rentang (mis. untuk satu tanggal)."),
    )
    start = models.TimeField(_("mulai"))
    end = models.TimeField(_("selesai"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("jam pada jam kerja khusus")
        verbose_name_plural = _("jam pada jam kerja khusus")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="clock_override_window_end")
        ]

    def __str__(self) -> str:
        day = self.get_weekday_display() if self.weekday is not None else _("setiap hari")
        return f"{day} {self.start:%H:%M}–{self.end:%H:%M}"


class ClosedDay(ChangeStamped):
    """A day an admin closed (e.g. a new cuti bersama) or opened (a holiday moved by a new SKB)."""

    class Action(models.TextChoices):
        CLOSE = "close", _("Libur (ditambahkan)")
        OPEN = "open", _("Hari kerja (libur dihapus)")

    date = models.DateField(_("tanggal"), unique=True)
    action = models.CharField(_("perubahan"), max_length=5, choices=Action.choices, default=Action.CLOSE)
    name = models.CharField(_("nama hari"), max_length=120, blank=True, help_text=_("Mis. Cuti Bersama Idul Fitri."))
    reason = models.CharField(_("alasan / dasar"), max_length=250, help_text=_("Mis. nomor SKB atau surat edaran."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("perubahan hari libur")
        verbose_name_plural = _("perubahan hari libur")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_action_display()}: {self.name or self.reason}"


class SlaPolicy(models.Model):
    """An admin's service level for a key, taking precedence over the value from the standard."""

    class Key(models.TextChoices):
        PUBLICATION = "publication", _("Publikasi konten")
        COMPLAINT_LIGHT = "complaint_light", _("Pengaduan ringan")
        COMPLAINT_NORMATIVE = "complaint_normative", _("Pengaduan bersifat normatif")
        COMPLAINT_NO_SUPERVISION = "complaint_no_supervision", _("Pengaduan tidak berkadar pengawasan")
        COMPLAINT_INVESTIGATION = "complaint_investigation", _("Pengaduan berkadar pengawasan (pemeriksaan)")

    service = models.ForeignKey(
        "standards.Service",
        verbose_name=_("layanan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Kosongkan untuk semua layanan."),
    )
    key = models.CharField(_("jenis tenggat"), max_length=40, choices=Key.choices)
    amount = models.PositiveIntegerField(_("jumlah"))
    unit = models.CharField(_("satuan"), max_length=20, choices=UNIT_CHOICES, default=Unit.working_hours.value)

    class Meta:
        verbose_name = _("kebijakan tenggat")
        verbose_name_plural = _("kebijakan tenggat")
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="clock_policy_unique"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(service__isnull=True), name="clock_policy_unique_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.amount} {Unit(self.unit).label}"


class Breach(models.Model):
    """A missed deadline: the item, the step, who held it when time ran out, and how late.

    Kept ready for the monthly evaluation and sanctions: `month` indexes the month of the deadline
    (office time), `justified` marks a breach a supervisor excused, with the note.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    item = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("item"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    step = models.CharField(_("tahap"), max_length=120, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemegang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="breaches",
    )
    holder_role = models.CharField(_("peran pemegang"), max_length=40, blank=True)
    due_at = models.DateTimeField(_("tenggat"))
    detected_at = models.DateTimeField(_("terdeteksi"))
    around_the_clock = models.BooleanField(default=False, editable=False)
    late_seconds = models.PositiveIntegerField(
        _("keterlambatan (detik kerja)"), null=True, blank=True, help_text=_("Diisi saat item selesai.")
    )
    settled_at = models.DateTimeField(_("item selesai"), null=True, blank=True)
    month = models.DateField(_("bulan"), db_index=True)
    justified = models.BooleanField(_("dapat dimaklumi"), default=False)
    justification = models.TextField(_("catatan pemakluman"), blank=True)
    justified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dimaklumi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    justified_at = models.DateTimeField(_("dimaklumi pada"), null=True, blank=True)
    # The third judgement: a violation of the standard by a named person (the evaluation part reads it
    # for the register of violations and sanctions; the clock only stores it).
    violator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelanggar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violations",
    )
    violation_note = models.TextField(_("catatan pelanggaran"), blank=True)
    violation_judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dinilai oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    violation_judged_at = models.DateTimeField(_("dinilai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-due_at"]
        verbose_name = _("pelanggaran tenggat")
        verbose_name_plural = _("register pelanggaran tenggat")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            # One judgement per breach: excused, or a person's violation, never both.
            models.CheckConstraint(
                condition=~(models.Q(justified=True) & models.Q(violator__isnull=False)),
                name="clock_breach_one_judgement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.step})"

    @property
    def is_violation(self) -> bool:
        return self.violator_id is not None

    @property
    def is_judged(self) -> bool:
        return self.justified or self.violator_id is not None

    def late(self, now: dt.datetime | None = None) -> dt.timedelta:
        """How late, in working time: final once the item closed, else up to now."""
        if self.late_seconds is not None:
            return dt.timedelta(seconds=self.late_seconds)
        from warta.clock.calendar import working_time_between
        from warta.clock.services import get_calendar

        return working_time_between(get_calendar(self.around_the_clock), self.due_at, now or timezone.now())

    def late_minutes(self, now: dt.datetime | None = None) -> int:
        return int(self.late(now).total_seconds() // 60)


class ClockProbe(SlaTracked):
    """A self-check item used by `manage.py clock_selfcheck` and the worker test.

    It carries the clock's columns like a real request and is watched like one, so the timers can
    be checked end to end on a running installation without touching real requests.
    """

    title = models.CharField(_("judul"), max_length=200)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemegang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    around_the_clock = models.BooleanField(_("dihitung 24 jam"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uji jam layanan")
        verbose_name_plural = _("uji jam layanan")
        indexes = [
            models.Index(
                fields=["due_at"],
                name="clock_probe_open_due",
                condition=models.Q(sla_closed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"PROBE-{self.pk} — {self.title}"

    def sla_around_the_clock(self) -> bool:
        return self.around_the_clock
