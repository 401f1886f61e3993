from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from warta.survey.elements import ELEMENT_CODES, Education, Occupation, Sex

PERIOD_CODE = re.compile(r"^(?P<year>\d{4})(?:-(?P<part>[HQ])(?P<number>[1-4]))?$")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Tahunan")
    HALF = "half", _("Semester")
    QUARTER = "quarter", _("Triwulan")


def parse_period_code(code: str) -> tuple[int, str, int] | None:
    """ "2026" → (2026, year, 0); "2026-H1" → (2026, half, 1); "2026-Q3" → (2026, quarter, 3)."""
    match = PERIOD_CODE.match((code or "").strip().upper())
    if not match:
        return None
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        return None
    part, number = match["part"], int(match["number"] or 0)
    if part is None:
        return year, PeriodKind.YEAR, 0
    if part == "H":
        return (year, PeriodKind.HALF, number) if number in (1, 2) else None
    return year, PeriodKind.QUARTER, number


def period_bounds(year: int, kind: str, number: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a period."""
    if kind == PeriodKind.YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = 6 if kind == PeriodKind.HALF else 3
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    start = dt.date(year, first_month, 1)
    end = (dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)) - dt.timedelta(days=1)
    return start, end


def period_code(year: int, kind: str, number: int) -> str:
    if kind == PeriodKind.YEAR:
        return str(year)
    return f"{year}-{'H' if kind == PeriodKind.HALF else 'Q'}{number}"


class Period(models.Model):
    """A survey period of one service: the year (always there), or a half or a quarter set by the kabid."""

    service = models.ForeignKey("standards.Service", on_delete=models.CASCADE, related_name="survey_periods")
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis periode"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    number = models.PositiveSmallIntegerField(_("ke"), default=0)
    served_outside = models.PositiveIntegerField(
        _("pengguna layanan di luar Warta"),
        default=0,
        help_text=_("Ditambahkan pada jumlah permohonan selesai untuk populasi (N)."),
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service", "-year", "kind", "number"]
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")
        constraints = [
            models.UniqueConstraint(fields=["service", "year", "kind", "number"], name="survey_period_unique"),
            models.CheckConstraint(
                condition=Q(kind="year", number=0)
                | Q(kind="half", number__in=[1, 2])
                | Q(kind="quarter", number__in=[1, 2, 3, 4]),
                name="survey_period_number_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("survey:results", kwargs={"slug": self.service.slug, "period": self.code})

    @property
    def code(self) -> str:
        return period_code(self.year, self.kind, self.number)

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return str(_("Tahun %(year)d") % {"year": self.year})
        if self.kind == PeriodKind.HALF:
            return str(_("Semester %(n)s %(year)d") % {"n": "I" if self.number == 1 else "II", "year": self.year})
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[self.number]
        return str(_("Triwulan %(n)s %(year)d") % {"n": roman, "year": self.year})

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return period_bounds(self.year, self.kind, self.number)

    @property
    def starts_on(self) -> dt.date:
        return self.bounds[0]

    @property
    def ends_on(self) -> dt.date:
        return self.bounds[1]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def contains(self, day: dt.date) -> bool:
        start, end = self.bounds
        return start <= day <= end


def new_invitation_code() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """The personal survey link of one published request: one answer per request."""

    request = models.OneToOneField(
        "desk.PublicationRequest", on_delete=models.CASCADE, related_name="survey_invitation"
    )
    service = models.ForeignKey("standards.Service", on_delete=models.CASCADE, related_name="survey_invitations")
    code = models.CharField(max_length=40, unique=True, default=new_invitation_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("undangan survei")
        verbose_name_plural = _("undangan survei")

    def __str__(self) -> str:
        return f"{self.request_id} {self.code[:6]}…"

    def get_absolute_url(self) -> str:
        return reverse("survey:invitation", kwargs={"code": self.code})

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()


class Source(models.TextChoices):
    ONLINE = "online", _("Daring")
    PAPER = "paper", _("Kuesioner kertas")


class Way(models.TextChoices):
    INVITATION = "invitation", _("Tautan undangan pribadi")
    OPEN = "open", _("Tautan terbuka / kode QR")
    STAFF = "staff", _("Dimasukkan petugas")
    API = "api", _("API")


class Response(models.Model):
    """One filled questionnaire."""

    service = models.ForeignKey("standards.Service", on_delete=models.PROTECT, related_name="survey_responses")
    surveyed_on = models.DateField(_("tanggal survei"))
    submitted_at = models.DateTimeField(_("dikirim pada"))
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    way = models.CharField(_("jalur"), max_length=12, choices=Way.choices, default=Way.OPEN)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    u1 = models.PositiveSmallIntegerField()
    u2 = models.PositiveSmallIntegerField()
    u3 = models.PositiveSmallIntegerField()
    u4 = models.PositiveSmallIntegerField()
    u5 = models.PositiveSmallIntegerField()
    u6 = models.PositiveSmallIntegerField()
    u7 = models.PositiveSmallIntegerField()
    u8 = models.PositiveSmallIntegerField()
    u9 = models.PositiveSmallIntegerField()
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("umur"))
    education = models.CharField(_("pendidikan"), max_length=8, choices=Education.choices)
    occupation = models.CharField(_("pekerjaan"), max_length=12, choices=Occupation.choices)
    suggestion = models.TextField(_("saran"), blank=True)

    class Meta:
        ordering = ["surveyed_on", "pk"]
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        indexes = [
            # Covers every column the index and the profile aggregate, so the results of a period are
            # read from the index alone (see bench/skm.py).
            models.Index(
                fields=["service", "surveyed_on", *ELEMENT_CODES, "sex", "age", "education", "occupation", "source"],
                name="survey_resp_period_cover",
            )
        ]
        constraints = [
            *[
                models.CheckConstraint(condition=Q(**{f"{code}__gte": 1, f"{code}__lte": 4}), name=f"survey_{code}_1_4")
                for code in ELEMENT_CODES
            ],
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="survey_sex_valid"),
            models.CheckConstraint(condition=Q(education__in=Education.values), name="survey_education_valid"),
            models.CheckConstraint(condition=Q(occupation__in=Occupation.values), name="survey_occupation_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.surveyed_on} #{self.pk}"

    def answers(self) -> dict[str, int]:
        return {code: getattr(self, code) for code in ELEMENT_CODES}


class FollowUpAction(models.Model):
    """One line of the follow-up plan (rencana tindak lanjut) of a period, for a weak element."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="follow_ups")
    element = models.CharField(_("unsur"), max_length=2, choices=[(c, c.upper()) for c in ELEMENT_CODES])
    action = models.TextField(_("rencana tindak lanjut"))
    schedule = models.CharField(_("waktu pelaksanaan"), max_length=100, blank=True)
    responsible = models.CharField(_("penanggung jawab"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["element", "pk"]
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")

    def __str__(self) -> str:
        return f"{self.period} {self.element}"
