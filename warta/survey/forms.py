from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from warta.survey.elements import ELEMENTS, MAX_AGE, MIN_AGE, Education, Occupation, Sex
from warta.survey.models import FollowUpAction, Period, PeriodKind, Response, Source, Way
from warta.survey.services import submit_response

ANSWER_REQUIRED = _("Pilih salah satu jawaban.")
CHOICE_INVALID = _("Pilihan tidak dikenal; pilih salah satu yang tersedia.")


class QuestionnaireForm(forms.Form):
    """The nine elements (1–4), the respondent profile and a suggestion."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = {}
        for element in ELEMENTS:
            answers[element.code] = forms.TypedChoiceField(
                label=f"{element.number}. {element.question}",
                choices=element.choices(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": ANSWER_REQUIRED, "invalid_choice": CHOICE_INVALID},
            )
        # The nine questions first, then the profile (as on the paper form).
        self.fields = {**answers, **self.fields}

    sex = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis kelamin."), "invalid_choice": CHOICE_INVALID},
    )
    age = forms.IntegerField(
        label=_("Umur (tahun)"),
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": MIN_AGE, "max": MAX_AGE}),
        error_messages={
            "required": _("Isi umur Anda dalam tahun."),
            "invalid": _("Isi umur dengan angka bulat, misalnya 35."),
            "min_value": _("Umur paling sedikit %(limit_value)s tahun."),
            "max_value": _("Umur paling banyak %(limit_value)s tahun."),
        },
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        choices=[("", _("— pilih —")), *Education.choices],
        error_messages={"required": _("Pilih pendidikan terakhir."), "invalid_choice": CHOICE_INVALID},
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan utama"),
        choices=[("", _("— pilih —")), *Occupation.choices],
        error_messages={"required": _("Pilih pekerjaan utama."), "invalid_choice": CHOICE_INVALID},
    )
    suggestion = forms.CharField(
        label=_("Saran dan masukan (boleh dikosongkan)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Saran paling banyak %(limit_value)d karakter.")},
    )

    def answer_items(self) -> list[dict]:
        return [{"element": element, "field": self[element.code]} for element in ELEMENTS]

    def profile_fields(self):
        return [self[name] for name in ("sex", "age", "education", "occupation")]

    def answers(self) -> dict[str, int]:
        return {element.code: int(self.cleaned_data[element.code]) for element in ELEMENTS}

    def respondent(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("sex", "age", "education", "occupation")}

    def save(self, service, **how) -> Response:
        """Save the valid questionnaire; `how` names the way in (source, way, invitation, entered_by...)."""
        return submit_response(
            service=service,
            answers=self.answers(),
            respondent=self.respondent(),
            suggestion=self.cleaned_data["suggestion"],
            **how,
        )


class PaperForm(QuestionnaireForm):
    """A paper questionnaire typed in by office staff, with the date written on the paper."""

    surveyed_on = forms.DateField(
        label=_("Tanggal pengisian (tertulis pada kuesioner)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={"required": _("Isi tanggal pada kuesioner."), "invalid": _("Tanggal tidak valid.")},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_surveyed_on(self) -> dt.date:
        day = self.cleaned_data["surveyed_on"]
        if day > self.today:
            raise forms.ValidationError(_("Tanggal survei tidak boleh di masa depan."))
        if day.year < 2000:
            raise forms.ValidationError(_("Tanggal tidak valid."))
        return day

    def save(self, service, **how) -> Response:
        """A paper questionnaire, dated as on the paper and entered by staff."""
        return super().save(
            service, surveyed_on=self.cleaned_data["surveyed_on"], source=Source.PAPER, way=Way.STAFF, **how
        )


class PopulationForm(forms.ModelForm):
    class Meta:
        model = Period
        fields = ["served_outside"]


class OpenPeriodsForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Bagi menjadi"),
        choices=[(PeriodKind.HALF, _("Dua semester (H1, H2)")), (PeriodKind.QUARTER, _("Empat triwulan (Q1–Q4)"))],
    )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["element", "action", "schedule", "responsible"]
        widgets = {"action": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = [("", _("— pilih unsur —"))] + [
            (e.code, f"{e.short} {e.name}") for e in ELEMENTS
        ]
