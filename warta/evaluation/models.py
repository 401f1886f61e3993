"""The evaluation's own records (meetings, violations and sanctions, staff profiles). The figures
are read from the other parts by database aggregation (warta.evaluation.figures) and stored nowhere."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# --- the monthly evaluation meeting (the standard: "Evaluasi Kinerja Pelaksana" a.) -------------


class Meeting(models.Model):
    """One evaluation meeting: the month it evaluates, when and where, who came, agenda and minutes."""

    month = models.DateField(_("bulan yang dievaluasi"), db_index=True, help_text=_("Tanggal 1 bulan itu."))
    held_on = models.DateField(_("tanggal rapat"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pimpinan rapat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("notulen"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("rapat evaluasi")
        verbose_name_plural = _("rapat evaluasi")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} ({self.month:%Y-%m})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluation-meeting", args=[self.pk])


class Attendee(models.Model):
    """A person at a meeting, with the roles they held then (printed on the attendance list)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="+"
    )
    role_label = models.CharField(_("jabatan/peran"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="evaluation_attendee_once")]
        verbose_name = _("peserta rapat")
        verbose_name_plural = _("peserta rapat")

    def __str__(self) -> str:
        return str(self.person)


class Decision(models.Model):
    """A decision of a meeting, with its owner and due date; open ones carry to the next agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("keputusan / tindak lanjut"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penanggung jawab"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("batas waktu"))
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_note = models.CharField(_("catatan penyelesaian"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_at", "due_on"])]
        verbose_name = _("keputusan rapat")
        verbose_name_plural = _("keputusan rapat")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class MeetingReminder(models.Model):
    """The once-only guard of the 25th's reminder: one row per month, made by the run that sends it."""

    month = models.DateField(unique=True)
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pengingat rapat evaluasi")
        verbose_name_plural = _("pengingat rapat evaluasi")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


# --- sanctions (the standard's guarantee: teguran lisan, teguran tertulis, and on by the rules) ------


class Sanction(models.Model):
    """A sanction for a violation (a breach judged a person's violation in the clock's register) or
    for a person directly: proposed by the kabid, decided or declined by the head of office."""

    class Level(models.TextChoices):
        VERBAL = "teguran_lisan", _("Teguran lisan")
        WRITTEN = "teguran_tertulis", _("Teguran tertulis")
        FURTHER = "lanjutan", _("Sanksi lanjutan sesuai ketentuan")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")
        DECIDED = "decided", _("Diputuskan")
        DECLINED = "declined", _("Ditolak")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="sanctions"
    )
    breach = models.ForeignKey(
        "clock.Breach",
        verbose_name=_("pelanggaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    level = models.CharField(_("jenis sanksi"), max_length=20, choices=Level.choices)
    further_detail = models.CharField(
        _("sanksi lanjutan"),
        max_length=300,
        blank=True,
        help_text=_("Untuk sanksi lanjutan: jenis sanksi menurut ketentuan yang berlaku."),
    )
    reason = models.TextField(_("alasan"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diusulkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("diusulkan pada"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=100, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["person", "status"])]
        verbose_name = _("sanksi")
        verbose_name_plural = _("sanksi")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(decided_on__isnull=False, decided_by__isnull=False),
                name="evaluation_sanction_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(level="lanjutan") | ~Q(further_detail=""),
                name="evaluation_sanction_further_named",
            ),
            # One standing sanction per violation (a declined proposal may be followed by another).
            models.UniqueConstraint(
                fields=["breach"],
                condition=Q(breach__isnull=False) & ~Q(status="declined"),
                name="evaluation_sanction_one_per_breach",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} — {self.person}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("evaluation-sanction", args=[self.pk])

    @property
    def level_label(self) -> str:
        if self.level == self.Level.FURTHER and self.further_detail:
            return f"{self.get_level_display()}: {self.further_detail}"
        return str(self.get_level_display())

    @property
    def has_letter(self) -> bool:
        """A decided written reprimand (or further sanction) prints as a letter."""
        return self.status == self.Status.DECIDED and self.level != self.Level.VERBAL


# --- staff profiles (the standard: "Kompetensi Pelaksana") ----------------------------------------


class CompetenceCheck(models.Model):
    """One of the standard's competences, checked for a person by a supervisor.

    `key` is a slug of the competence's text, so a check stays with its competence when the standard
    is imported again; `label` keeps the text as it was checked."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competence_checks")
    key = models.CharField(max_length=80)
    label = models.CharField(_("kompetensi"), max_length=500)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_on = models.DateField(_("diperiksa pada"))

    class Meta:
        ordering = ["person", "key"]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="evaluation_competence_once")]
        verbose_name = _("kompetensi pegawai")
        verbose_name_plural = _("kompetensi pegawai")

    def __str__(self) -> str:
        return self.label


class Training(models.Model):
    """A training (diklat, bimtek, workshop) a person attended, with its dates."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("nama pelatihan"), max_length=250)
    organizer = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    started_on = models.DateField(_("tanggal mulai"))
    ended_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    hours = models.PositiveSmallIntegerField(_("jumlah jam pelajaran"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="evaluation_training_dates",
            )
        ]

    def __str__(self) -> str:
        return self.title
