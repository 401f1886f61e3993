"""The complaint forms: the public form, staff logging, the moves on the complaint page, tracking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.complaints.models import Category, Channel, Complaint, Delivery, Kind, Tier
from warta.core.office import office_zone
from warta.core.validators import received_at_problem

C = Complaint


def _max(field: str) -> int:
    return int(getattr(C._meta.get_field(field), "max_length", None) or 200)


class ContactFields(forms.Form):
    contact_name = forms.CharField(label=_("Nama"), max_length=_max("contact_name"), required=False)
    contact_phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"),
        max_length=_max("contact_phone"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    confidential = forms.BooleanField(
        label=_("Rahasiakan identitas saya"),
        required=False,
        help_text=_("Hanya Pejabat Pengelola Pengaduan yang dapat melihat nama dan kontak Anda."),
    )


class PublicComplaintForm(ContactFields):
    kind = forms.ChoiceField(label=_("Jenis"), choices=Kind.choices, initial=Kind.COMPLAINT, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Pokok pengaduan"), max_length=_max("title"))
    body = forms.CharField(label=_("Isi"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}))
    related_request = forms.CharField(
        label=_("Nomor permohonan publikasi terkait (bila ada)"),
        max_length=20,
        required=False,
        help_text=_("Mis. PUB-2026-00012."),
    )
    attachment = forms.FileField(
        label=_("Lampiran (opsional)"), required=False, help_text=_("JPG, PNG, WEBP, MP4, MOV atau PDF.")
    )

    field_order = ["kind", "title", "body", "related_request", "attachment"]


def _local_now() -> str:
    return timezone.now().astimezone(office_zone()).strftime("%Y-%m-%dT%H:%M")


class StaffLogForm(ContactFields):
    kind = forms.ChoiceField(label=_("Jenis"), choices=Kind.choices, initial=Kind.COMPLAINT)
    channel = forms.ChoiceField(label=_("Saluran"), choices=Channel.choices, initial=Channel.IN_PERSON)
    received_at = forms.DateTimeField(
        label=_("Diterima pada"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Untuk kotak pengaduan: hari kotak dibuka."),
    )
    title = forms.CharField(label=_("Pokok pengaduan"), max_length=_max("title"))
    body = forms.CharField(label=_("Isi"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}))
    contact_handle = forms.CharField(
        label=_("Akun media sosial (nama pengguna)"), max_length=_max("contact_handle"), required=False
    )
    lapor_tracking_id = forms.CharField(
        label=_("Nomor tiket SP4N-LAPOR"), max_length=_max("lapor_tracking_id"), required=False
    )
    tier = forms.ChoiceField(
        label=_("Tingkat (bila sudah diketahui)"), choices=[("", "—"), *Tier.choices], required=False
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )
    attachment = forms.FileField(label=_("Lampiran (opsional)"), required=False)

    field_order = ["kind", "channel", "received_at", "title", "body", "contact_name", "contact_phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = _local_now()

    def clean_received_at(self) -> dt.datetime:
        value = self.cleaned_data["received_at"]
        if timezone.is_naive(value):
            value = timezone.make_aware(value, office_zone())
        problem = received_at_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tier") and not data.get("category"):
            self.add_error("category", _("Pilih kategori bila tingkat diisi."))
        if data.get("channel") == Channel.SP4N_LAPOR and not data.get("lapor_tracking_id"):
            self.add_error("lapor_tracking_id", _("Isi nomor tiket SP4N-LAPOR."))
        return data


def _team_choices() -> list[tuple[str, str]]:
    people = roles.users_with_role(roles.TIM_PENGADUAN).order_by("first_name", "username")
    return [("", "—"), *[(p.username, p.display_name) for p in people]]


def _staff_choices() -> list[tuple[str, str]]:
    from functools import reduce

    query = reduce(lambda a, b: a | b, [roles.users_with_role(r) for r in sorted(roles.OFFICE_STAFF)])
    return [("", "—"), *[(p.username, p.display_name) for p in query.distinct().order_by("first_name", "username")]]


NOTE = forms.CharField(label=_("Catatan"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(forms.Form):
    """The fields of one move (each move reads its own); the transition function checks them."""

    def __init__(self, action: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        for name in ACTION_FIELDS.get(action, ()):
            self.fields[name] = _field(name, action)

    def payload(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    def add_transition_errors(self, errors: dict[str, str], message: str) -> None:
        for name, text in errors.items():
            self.add_error(name if name in self.fields else None, text)
        if not errors:
            self.add_error(None, message)


ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "classify": ("tier", "category", "related_request"),
    "assign": ("assignee",),
    "request_info": ("note",),
    "provide_info": ("note",),
    "consult": ("assignee", "note"),
    "reply_consult": ("note",),
    "answer": ("text",),
    "approve": (),
    "return": ("note",),
    "deliver": ("channel",),
    "close": ("note",),
    "acknowledge": ("note", "assignee"),
    "reopen": ("note",),
    "forward": ("organization", "note"),
}


def _field(name: str, action: str) -> forms.Field:
    if name == "tier":
        return forms.ChoiceField(label=_("Tingkat"), choices=[("", "—"), *Tier.choices], required=False)
    if name == "category":
        choices = [("", "—"), *Category.objects.filter(is_active=True).values_list("code", "label")]
        return forms.ChoiceField(label=_("Kategori"), choices=choices, required=False)
    if name == "related_request":
        return forms.CharField(label=_("Nomor permohonan terkait"), max_length=20, required=False)
    if name == "assignee" and action == "acknowledge":
        return forms.ChoiceField(label=_("Staf yang disebut (apresiasi)"), choices=_staff_choices(), required=False)
    if name == "assignee" and action == "consult":
        return forms.ChoiceField(label=_("Staf kantor"), choices=_staff_choices(), required=False)
    if name == "assignee":
        return forms.ChoiceField(label=_("Anggota tim"), choices=_team_choices(), required=False)
    if name == "text":
        return forms.CharField(
            label=_("Rancangan jawaban"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 6})
        )
    if name == "channel":
        return forms.ChoiceField(label=_("Disampaikan melalui"), choices=[("", "—"), *Delivery.choices], required=False)
    if name == "organization":
        return forms.CharField(label=_("Instansi tujuan"), max_length=200, required=False)
    field = NOTE
    return forms.CharField(
        label=field.label, max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TrackingForm(forms.Form):
    number = forms.CharField(label=_("Nomor pengaduan"), max_length=20, help_text=_("Mis. ADU-2026-00012."))
    code = forms.CharField(label=_("Kode lacak"), max_length=20)


class LaporUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV dari SP4N-LAPOR"),
        help_text=_("Kolom: tracking_id, received_at, title, body, category."),
    )
