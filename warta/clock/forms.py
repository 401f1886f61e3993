from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.clock.policy import UNIT_CHOICES, Unit
from warta.core.office import office_zone


class DeadlineForm(forms.Form):
    """The deadline calculator: start, amount, unit."""

    start = forms.DateTimeField(
        label=_("Waktu diterima"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("Dalam zona waktu kantor."),
    )
    amount = forms.IntegerField(label=_("Jumlah"), min_value=0, max_value=10000, initial=1)
    unit = forms.ChoiceField(label=_("Satuan"), choices=UNIT_CHOICES, initial=Unit.working_hours.value)

    def clean_start(self) -> dt.datetime:
        start: dt.datetime = self.cleaned_data["start"]
        # The office's zone, whatever zone the request happens to be served in.
        return timezone.make_aware(timezone.make_naive(start) if timezone.is_aware(start) else start, office_zone())


class RamadanForm(forms.Form):
    first_day = forms.DateField(label=_("Tanggal mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Tanggal selesai"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            raise forms.ValidationError(_("Tanggal selesai harus sesudah tanggal mulai."))
        if first and last and (last - first).days > 40:
            raise forms.ValidationError(_("Bulan Ramadan tidak lebih dari 30 hari; periksa tanggalnya."))
        return data


class JustifyForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan pemakluman"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Alasan keterlambatan dapat dimaklumi."),
    )


class ViolationForm(forms.Form):
    """The third judgement: a violation of the standard by a named person."""

    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Pelanggar"),
        queryset=None,
        empty_label=_("— pilih orang —"),
        help_text=_("Orang yang melanggar standar pelayanan (biasanya pemegang tahap saat tenggat lewat)."),
    )
    note = forms.CharField(
        label=_("Uraian pelanggaran"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs) -> None:
        from warta.clock.services import violator_candidates

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = violator_candidates()  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]
