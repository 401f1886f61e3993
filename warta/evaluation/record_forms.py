"""Forms of the evaluation's records: the meeting and its decisions, sanctions, competences, trainings."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.evaluation.access import role_label, staff_people
from warta.evaluation.models import Decision, Meeting, Sanction, Training

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PersonWithRoles(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        label = role_label(obj)
        return f"{obj.display_name} — {label}" if label else str(obj.display_name)


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11", "inputmode": "numeric"})

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = MONTH_RE.match(str(value).strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
            raise forms.ValidationError(_("Tulis bulan sebagai TTTT-BB, mis. 2026-11."))
        return dt.date(int(match.group(1)), int(match.group(2)), 1)

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else value


class MeetingForm(forms.ModelForm):
    month = MonthField(label=_("Bulan yang dievaluasi"), help_text=_("Biasanya bulan sebelum rapat."))
    attendees = PersonWithRoles(
        label=_("Peserta yang hadir"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Dari daftar pegawai, dengan jabatan/perannya."),
    )
    chair = PersonChoice(label=_("Pimpinan rapat"), queryset=None, required=False, empty_label=_("— pilih —"))

    class Meta:
        model = Meeting
        fields = ["held_on", "month", "place", "chair", "agenda", "minutes"]
        widgets = {
            "held_on": DATE,
            "agenda": forms.Textarea(attrs={"rows": 10}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = staff_people()
        self.fields["attendees"].queryset = people  # type: ignore[attr-defined]
        self.fields["chair"].queryset = people  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["attendees"].initial = list(self.instance.attendees.values_list("person_id", flat=True))

    def clean_held_on(self) -> dt.date:
        held_on: dt.date = self.cleaned_data["held_on"]
        if not 2000 <= held_on.year <= 2100:
            raise forms.ValidationError(_("Tanggal rapat tidak masuk akal."))
        return held_on


class DecisionForm(forms.ModelForm):
    owner = PersonChoice(label=_("Penanggung jawab"), queryset=None, empty_label=_("— pilih —"))

    class Meta:
        model = Decision
        fields = ["text", "owner", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_people()  # type: ignore[attr-defined]


DecisionFormSet = inlineformset_factory(
    Meeting, Decision, form=DecisionForm, extra=2, can_delete=True, max_num=30, validate_max=True
)


class CloseDecisionForm(forms.Form):
    note = forms.CharField(label=_("Catatan penyelesaian"), max_length=500, required=False)


class SanctionForm(forms.ModelForm):
    """The kabid's proposal: the person (from the violation, or chosen), the level, the reason."""

    person = PersonChoice(label=_("Pegawai"), queryset=None, empty_label=_("— pilih —"))

    class Meta:
        model = Sanction
        fields = ["person", "level", "further_detail", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4}), "level": forms.RadioSelect}

    def __init__(self, *args: Any, breach: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breach = breach
        self.fields["level"].choices = Sanction.Level.choices  # type: ignore[attr-defined]  # no blank radio
        self.fields["person"].queryset = staff_people()  # type: ignore[attr-defined]
        if breach is not None:
            self.fields["person"].disabled = True
            self.fields["person"].help_text = _("Orang yang dinilai melanggar dalam register pelanggaran.")

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("level") == Sanction.Level.FURTHER and not data.get("further_detail", "").strip():
            self.add_error("further_detail", _("Sebutkan sanksi lanjutan menurut ketentuan yang berlaku."))
        return data


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("decided", _("Tetapkan sanksi")), ("declined", _("Tolak usulan"))],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Tanggal keputusan"), widget=DATE)
    letter_number = forms.CharField(
        label=_("Nomor surat"),
        max_length=100,
        required=False,
        help_text=_("Untuk teguran tertulis: nomor surat teguran."),
    )
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, sanction: Sanction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sanction = sanction

    def clean_decided_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["decided_on"]
        proposed = timezone.localdate(self.sanction.proposed_at)
        if day < proposed - dt.timedelta(days=1):
            raise forms.ValidationError(_("Tanggal keputusan tidak boleh sebelum tanggal usulan."))
        if day > timezone.localdate() + dt.timedelta(days=1):
            raise forms.ValidationError(_("Tanggal keputusan tidak boleh di masa depan."))
        return day

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("decision") == "declined" and not data.get("note", "").strip():
            self.add_error("note", _("Tulis alasan penolakan."))
        return data


class CompetenceForm(forms.Form):
    """One checkbox per competence the standard lists (built from the standard's text)."""

    def __init__(self, *args: Any, competences: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.competences = competences
        self.fields["checked"] = forms.MultipleChoiceField(
            label=_("Kompetensi yang dipenuhi"),
            choices=competences,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "organizer", "started_on", "ended_on", "hours"]
        widgets = {"started_on": DATE, "ended_on": DATE}

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("Tanggal selesai harus sesudah tanggal mulai."))
        return data
