"""The desk's forms: intake (portal and staff logging), the actions on a request, standing orders.

Forms parse and check what a person typed; the rules of the service (requirements, who may do
what) stay in `transitions` and `requirements`. A transition's `InvalidData.errors` come back to
the form through `add_transition_errors`, next to the field they concern.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext

from warta.accounts import roles
from warta.accounts.models import Organization, User
from warta.core.uploads import CheckedUpload, UploadField, check_upload, is_image
from warta.core.validators import received_at_problem
from warta.desk.intake import Upload, new_form_key
from warta.desk.models import (
    CAPTION_LIMITS,
    OPEN_STATUSES,
    Attachment,
    Channel,
    PendingUpload,
    Platform,
    PublicationRequest,
    RejectReason,
    StandingDisposition,
    Status,
    caption_length,
)
from warta.desk.requirements import missing_requirements

MEDIA_SLOTS = 3
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Channels by which office staff log a request that came in another way.
LOGGED_CHANNELS = [
    (c.value, c.label)
    for c in (Channel.LETTER, Channel.WHATSAPP, Channel.SOCIAL_DM, Channel.INSTAGRAM_COLLAB, Channel.IN_PERSON)
]
# Prefixes of the transition's error keys ("captions.x") and the form fields that carry them.
ERROR_PREFIXES = {
    "captions.": "caption_",
    "times.": "time_",
    "links.": "link_",
    "contact.": "contact_",
    "letter.": "letter_",
}


class DeskForm(forms.Form):
    """A form that can show a transition's field errors next to the right field.

    A form with file fields (`file_slots()`) carries a one-use key (`form_key`); `pending` holds the
    files kept from an earlier try of the same form, by field: a file field left empty uses its kept
    file, and a file that passed its checks on a try that failed is kept (`files_to_keep()`)."""

    error_aliases: dict[str, str] = {}

    def __init__(
        self, *args: Any, pending: dict[str, PendingUpload] | None = None, form_key: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.checked: dict[str, CheckedUpload] = {}  # the files that passed their checks, by field
        self.pending: dict[str, PendingUpload] = dict(pending or {})
        self.form_key = form_key or new_form_key()

    def file_slots(self) -> list[tuple[str, str | None]]:
        """The file fields and the field holding each one's alternative text (None: not asked)."""
        return []

    def check_files(self) -> None:
        """Check each new file; a kept image still needs its alternative text."""
        data = self.cleaned_data
        for slot, alt in self.file_slots():
            if data.get(slot):
                self.check_file(slot, alt)
            elif slot in self.pending and alt:
                kept = self.pending[slot]
                if is_image(kept.content_type) and not (data.get(alt) or "").strip():
                    self.add_error(alt, _("Isi teks alternatif untuk gambar ini."))

    def has_file(self, slot: str) -> bool:
        return bool(self.cleaned_data.get(slot)) or slot in self.pending

    def upload_for(self, slot: str, kind: str, alt_text: str = "") -> Upload | None:
        """The slot's new file, or else the file kept for it."""
        file = self.cleaned_data.get(slot)
        if file:
            return Upload(file=file, kind=kind, alt_text=alt_text)
        if slot in self.pending:
            return Upload(file=None, kind=kind, alt_text=alt_text, pending=self.pending[slot])
        return None

    def files_to_keep(self) -> list[tuple[str, Any]]:
        """The new files that passed their checks: (field, file), to keep when the form fails."""
        return [
            (slot, self.cleaned_data[slot])
            for slot, _alt in self.file_slots()
            if slot in self.checked and self.cleaned_data.get(slot)
        ]

    def field_rows(self) -> list[tuple[forms.BoundField, PendingUpload | None]]:
        """Each visible field with the file kept for it."""
        return [(bound, self.pending.get(bound.name)) for bound in self.visible_fields()]

    def error_list(self) -> list[tuple[forms.BoundField | None, str]]:
        """Every error of the form, in the order of the fields: (field or None, message)."""
        result: list[tuple[forms.BoundField | None, str]] = [(None, str(e)) for e in self.non_field_errors()]
        for name in self.fields:
            bound = self[name]
            result += [(bound, str(e)) for e in bound.errors]
        return result

    def field_for(self, key: str) -> str | None:
        if key in self.error_aliases:
            key = self.error_aliases[key]
        for prefix, replacement in ERROR_PREFIXES.items():
            if key.startswith(prefix):
                key = replacement + key[len(prefix) :]
                break
        return key if key in self.fields else None

    def add_transition_errors(self, errors: Mapping[str, str], message: str = "") -> None:
        if not errors and message:
            self.add_error(None, message)
        for key, text in errors.items():
            self.add_error(self.field_for(key), text)

    def check_file(self, file_field: str, alt_field: str | None = None) -> None:
        """Check an uploaded file by its content and size; an image needs its alternative text
        (in `alt_field`, when given). Errors go next to the field they concern."""
        data = self.cleaned_data
        file = data.get(file_field)
        if not file:
            return
        try:
            checked = check_upload(file)
        except ValidationError as exc:
            self.add_error(file_field, exc.messages[0])
            return
        self.checked[file_field] = checked
        if alt_field and is_image(checked.content_type) and not (data.get(alt_field) or "").strip():
            self.add_error(alt_field, _("Isi teks alternatif untuk gambar ini."))


def _links_field() -> forms.CharField:
    return forms.CharField(
        label=_l("Tautan terkait"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_l("Satu tautan per baris (mis. berita di situs OPD)."),
    )


def _parse_links(text: str) -> list[str]:
    links = [line.strip() for line in (text or "").splitlines() if line.strip()]
    validate = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(_("Tautan tidak sah: %(link)s") % {"link": link}) from None
    return links


class ContentForm(DeskForm):
    """The content of a request: shared by the portal, staff logging and the staff correction."""

    title = forms.CharField(label=_l("Judul"), max_length=200)
    # Caption and platforms may be left out of a draft: needed at submit (the requirements), so marked.
    caption = forms.CharField(
        label=_l("Keterangan/caption"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "required": True}),
        help_text=_l("Teks yang menyertai unggahan di semua platform tujuan."),
    )
    platforms = forms.MultipleChoiceField(
        label=_l("Platform tujuan"),
        choices=Platform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("Pilih sedikitnya satu."),
    )
    publish_at = forms.DateTimeField(
        label=_l("Waktu tayang yang diinginkan"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_l("Kosongkan bila secepatnya."),
    )
    collaborator = forms.CharField(
        label=_l("Kolaborator Instagram"),
        max_length=100,
        required=False,
        help_text=_l("Akun Instagram yang diundang berkolaborasi, mis. @dinkespbg."),
    )
    links = _links_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("caption", "platforms"):
            self.fields[name].needed_to_submit = True  # type: ignore[attr-defined]
        # The page's script counts the caption against each platform's limit as it is typed.
        self.fields["caption"].widget.attrs["data-caption-limits"] = json.dumps(dict(CAPTION_LIMITS))
        # An optional caption per platform (X is checked against its 280 characters).
        for value, label in Platform.choices:
            limit = CAPTION_LIMITS.get(value)
            help_text = _("Opsional; paling banyak %(limit)d karakter.") % {"limit": limit} if limit else _("Opsional.")
            attrs: dict[str, Any] = {"rows": 3, "data-platform": value}
            if limit:
                attrs["maxlength"] = limit
                attrs["data-limit"] = limit
            self.fields[f"caption_{value}"] = forms.CharField(
                label=_("Caption khusus %(platform)s") % {"platform": label},
                required=False,
                widget=forms.Textarea(attrs=attrs),
                help_text=help_text,
            )

    def caption_fields(self) -> list[forms.BoundField]:
        return [self[f"caption_{p}"] for p in Platform.values]

    def captions_open(self) -> bool:
        """The per-platform captions are shown when one has an error or a text."""
        return any(f.errors or f.value() for f in self.caption_fields())

    def clean_links(self) -> list[str]:
        return _parse_links(self.cleaned_data.get("links", ""))

    def clean_collaborator(self) -> str:
        return (self.cleaned_data.get("collaborator") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for platform, limit in CAPTION_LIMITS.items():
            length = caption_length(platform, data.get(f"caption_{platform}") or "")
            if length > limit:
                self.add_error(
                    f"caption_{platform}",
                    _("Caption untuk %(platform)s paling banyak %(limit)d karakter (sekarang %(count)d).")
                    % {"platform": Platform(platform).label, "limit": limit, "count": length},
                )
        return data

    def content_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "caption": data.get("caption") or "",
            "captions": {p: data[f"caption_{p}"] for p in Platform.values if data.get(f"caption_{p}")},
            "platforms": [p for p in Platform.values if p in (data.get("platforms") or [])],
            "publish_at": data.get("publish_at"),
            "collaborator": data.get("collaborator") or "",
            "links": data.get("links") or [],
        }

    @classmethod
    def initial_from(cls, req: PublicationRequest) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": req.title,
            "caption": req.caption,
            "platforms": list(req.platforms or []),
            "publish_at": timezone.localtime(req.publish_at) if req.publish_at else None,
            "collaborator": req.collaborator,
            "links": "\n".join(req.links or []),
        }
        for platform, text in (req.captions or {}).items():
            initial[f"caption_{platform}"] = text
        return initial


class IntakeForm(ContentForm):
    """What every new request records besides the content: the contact and the media files.

    When `submitting`, the service's requirements for the request's channel (`channel_of()`) are
    checked here too, so that every error shows at once; a similar request made within a day is
    asked about (`confirm_duplicate`) whether submitting or saving a draft."""

    contact_name = forms.CharField(label=_l("Nama narahubung"), max_length=150)
    contact_phone = forms.CharField(
        label=_l("Nomor WhatsApp narahubung"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_l("Isi nomor WhatsApp atau e-mail (salah satu wajib)."),
    )
    contact_email = forms.EmailField(label=_l("E-mail narahubung"), required=False)
    confirm_duplicate = forms.BooleanField(label=_l("Ya, tetap kirim"), required=False)
    error_aliases = {"contact.phone": "contact_phone", "contact.name": "contact_name"}
    channel_value: str = Channel.WEB

    def __init__(self, *args: Any, submitting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.duplicate: PublicationRequest | None = None
        for i in range(1, MEDIA_SLOTS + 1):
            self.fields[f"media_{i}"] = UploadField(
                label=_("Berkas materi %(n)d") % {"n": i},
                required=False,
                help_text=_("Gambar (JPEG, PNG, WebP), video (MP4, MOV) atau PDF.") if i == 1 else "",
            )
            self.fields[f"alt_{i}"] = forms.CharField(
                label=_("Teks alternatif berkas %(n)d") % {"n": i},
                max_length=500,
                required=False,
                help_text=_("Gambaran isi gambar bagi pembaca layar (wajib untuk gambar).") if i == 1 else "",
            )

    def file_slots(self) -> list[tuple[str, str | None]]:
        return [(f"media_{i}", f"alt_{i}") for i in range(1, MEDIA_SLOTS + 1)]

    def media_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"media_{i}"], self[f"alt_{i}"]) for i in range(1, MEDIA_SLOTS + 1)]

    def media_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, PendingUpload | None]]:
        """Each media slot: its file field, its alternative text and the file kept for it."""
        return [(f, alt, self.pending.get(f.name)) for f, alt in self.media_pairs()]

    def channel_of(self, data: Mapping[str, Any]) -> str:
        return self.channel_value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.check_files()
        if self.submitting:
            self.check_requirements(data)
        self.check_duplicate(data)
        return data

    def check_requirements(self, data: Mapping[str, Any]) -> None:
        """The service's requirements (what `submit` would refuse), next to their fields, for the
        fields that have no error yet. The letter scan is left out: without it, a letter is kept as a
        draft (see the staff logging view)."""
        probe = PublicationRequest(
            channel=self.channel_of(data), **{k: v for k, v in self._partial_fields().items() if v is not None}
        )
        for key, text in missing_requirements(probe).items():
            if key == "letter.scan":
                continue
            name = self.field_for(key)
            if name is None or not self.has_error(name):
                self.add_error(name, text)

    def _partial_fields(self) -> dict[str, Any]:
        """What content_fields()/contact_fields()/letter_fields() give, for the fields that are valid."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "title": (data.get("title") or "").strip(),
            "caption": data.get("caption") or "",
            "captions": {p: data[f"caption_{p}"] for p in Platform.values if data.get(f"caption_{p}")},
            "platforms": [p for p in Platform.values if p in (data.get("platforms") or [])],
            "collaborator": data.get("collaborator") or "",
            "contact_name": (data.get("contact_name") or "").strip(),
            "contact_phone": (data.get("contact_phone") or "").strip(),
            "contact_email": (data.get("contact_email") or "").strip(),
        }
        # A field with its own error is not reported again as missing.
        for name in ("title", "contact_name", "contact_phone", "contact_email", "collaborator"):
            if self.has_error(name):
                fields[name] = "?"
        return fields

    def check_duplicate(self, data: Mapping[str, Any]) -> None:
        """A request with the same title from the same organisation within a day: ask before making
        another (Back and send again, or two people of one OPD sending the same thing)."""
        organization, title = data.get("organization"), (data.get("title") or "").strip()
        if not organization or not title:
            return
        self.duplicate = (
            PublicationRequest.objects.filter(
                organization=organization,
                title__iexact=title,
                created_at__gte=timezone.now() - dt.timedelta(days=1),
            )
            .order_by("-created_at")
            .first()
        )
        if self.duplicate is not None and not data.get("confirm_duplicate"):
            self.add_error(
                "confirm_duplicate",
                _("Permohonan serupa sudah ada (%(number)s) — tetap kirim?") % {"number": self.duplicate.number},
            )

    def contact_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "contact_name": data["contact_name"].strip(),
            "contact_phone": (data.get("contact_phone") or "").strip(),
            "contact_email": (data.get("contact_email") or "").strip(),
        }

    def kind_of(self, slot: str) -> str:
        return Attachment.Kind.CONTENT

    def uploads(self) -> list[Upload]:
        """The files to attach: each slot's new file, or else the file kept for it."""
        result = []
        for slot, alt in self.file_slots():
            alt_text = (self.cleaned_data.get(alt) or "") if alt else ""
            upload = self.upload_for(slot, self.kind_of(slot), alt_text)
            if upload is not None:
                result.append(upload)
        return result


class PortalRequestForm(IntakeForm):
    """An OPD operator's request through the web portal."""

    organization = forms.ModelChoiceField(
        label=_l("Organisasi pemohon"), queryset=Organization.objects.none(), empty_label=None
    )
    field_order = ["organization", "title", "caption"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=user.visible_organization_ids()).order_by(
            "parent_id", "name"
        )
        if not self.is_bound:
            self.initial.setdefault("organization", user.organization_id)
            self.initial.setdefault("contact_name", user.display_name)
            self.initial.setdefault("contact_phone", user.phone)
            self.initial.setdefault("contact_email", user.email)


class StaffLogForm(IntakeForm):
    """Office staff log a request that came by letter, WhatsApp, DM, Instagram collaboration or in person."""

    organization = forms.ModelChoiceField(
        label=_l("Organisasi pemohon"),
        queryset=Organization.objects.filter(is_active=True),
        empty_label=_l("— pilih organisasi —"),
    )
    channel = forms.ChoiceField(label=_l("Saluran"), choices=LOGGED_CHANNELS)
    received_at = forms.DateTimeField(
        label=_l("Diterima pada"),
        widget=DATETIME_WIDGET,
        help_text=_l("Waktu sebenarnya permohonan diterima (tidak boleh di masa depan)."),
    )
    evidence = UploadField(
        label=_l("Bukti permohonan"),
        required=False,
        help_text=_l("Pindaian surat (untuk surat resmi) atau tangkapan layar chat."),
    )
    letter_number = forms.CharField(label=_l("Nomor surat"), max_length=100, required=False)
    letter_date = forms.DateField(label=_l("Tanggal surat"), required=False, widget=DATE_WIDGET)
    letter_signatory = forms.CharField(label=_l("Penanda tangan"), max_length=150, required=False)
    letter_signed = forms.BooleanField(label=_l("Surat ditandatangani Kepala OPD/UPT"), required=False)
    letter_stamped = forms.BooleanField(label=_l("Surat dibubuhi cap/stempel"), required=False)
    agenda_number = forms.CharField(label=_l("Nomor agenda surat masuk"), max_length=50, required=False)
    field_order = ["organization", "channel", "received_at", "evidence"]
    error_aliases = {**IntakeForm.error_aliases, "letter.scan": "evidence"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_received_at(self) -> dt.datetime:
        moment = self.cleaned_data["received_at"]
        problem = received_at_problem(moment)
        if problem:
            raise ValidationError(problem)
        return moment

    def file_slots(self) -> list[tuple[str, str | None]]:
        return [("evidence", None), *super().file_slots()]

    def channel_of(self, data: Mapping[str, Any]) -> str:
        return str(data.get("channel") or "")

    def _partial_fields(self) -> dict[str, Any]:
        fields = super()._partial_fields()
        if self.cleaned_data.get("channel") == Channel.LETTER:
            fields.update(self.letter_fields())
            for name in ("letter_number", "letter_date", "letter_signatory"):
                if self.has_error(name):
                    fields[name] = "?" if name != "letter_date" else dt.date.min
        return fields

    def letter_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data.get("channel") != Channel.LETTER:
            return {}
        return {
            "letter_number": data.get("letter_number") or "",
            "letter_date": data.get("letter_date"),
            "letter_signatory": data.get("letter_signatory") or "",
            "letter_signed": bool(data.get("letter_signed")),
            "letter_stamped": bool(data.get("letter_stamped")),
            "agenda_number": data.get("agenda_number") or "",
        }

    def kind_of(self, slot: str) -> str:
        if slot != "evidence":
            return Attachment.Kind.CONTENT
        if self.cleaned_data.get("channel") == Channel.LETTER:
            return Attachment.Kind.LETTER_SCAN
        return Attachment.Kind.EVIDENCE


class AttachmentForm(DeskForm):
    """An attachment added to an open request (a missing item, the letter scan of a draft...)."""

    file = UploadField(label=_l("Berkas"))
    kind = forms.ChoiceField(label=_l("Jenis"), choices=Attachment.Kind.choices, initial=Attachment.Kind.CONTENT)
    alt_text = forms.CharField(
        label=_l("Teks alternatif"),
        max_length=500,
        required=False,
        help_text=_l("Gambaran isi gambar bagi pembaca layar (wajib untuk gambar materi)."),
    )

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not staff:  # the evidence of a request's arrival is the office's to record
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(Attachment.Kind.CONTENT, Attachment.Kind.CONTENT.label)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Only content is published, so only content needs its alternative text.
        self.check_file("file", "alt_text" if data.get("kind") == Attachment.Kind.CONTENT else None)
        return data

    def upload(self) -> Upload:
        data = self.cleaned_data
        return Upload(file=data["file"], kind=data["kind"], alt_text=data.get("alt_text") or "")


# --- the actions on a request ----------------------------------------------------------------


class ActionForm(DeskForm):
    """One action's form. `payload()` gives the data that `transitions.perform` takes."""

    action = ""

    def __init__(self, *args: Any, req: PublicationRequest, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.req = req

    def payload(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


NOTE_LABEL = _l("Catatan")


def _note(label: Any = NOTE_LABEL, help_text: Any = "", required_message: Any = "") -> forms.CharField:
    """A note; with `required_message` it is required and that message asks for it."""
    return forms.CharField(
        label=label,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": required_message} if required_message else None,
    )


class SubmitForm(ActionForm):
    action = "submit"


class DisposeForm(ActionForm):
    action = "dispose"
    note = _note(_l("Catatan disposisi"))


def _staff_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_l("Staf pelaksana"),
        queryset=User.objects.none(),
        empty_label=_l("— pilih staf —"),
        error_messages={"required": _l("Pilih staf pelaksana.")},
    )


def staff_with_open_counts() -> QuerySet[User]:
    """The staf_ikp who may be assigned, each with `open_count`: the open requests they hold."""
    return (
        roles.users_with_role(roles.STAF_IKP)
        .annotate(
            open_count=Count(
                "assigned_requests",
                filter=Q(assigned_requests__status__in=OPEN_STATUSES),
                distinct=True,
            )
        )
        .order_by("first_name", "username")
    )


def _staff_label(user: User) -> str:
    count = getattr(user, "open_count", 0)
    if not count:
        return _("%(name)s — tidak ada permohonan berjalan") % {"name": user.display_name}
    return ngettext("%(name)s — %(count)d permohonan berjalan", "%(name)s — %(count)d permohonan berjalan", count) % {
        "name": user.display_name,
        "count": count,
    }


class AssignForm(ActionForm):
    action = "assign"
    assignee = _staff_choices()
    instruction = _note(_l("Arahan untuk staf"), required_message=_l("Arahan untuk staf wajib diisi."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff_with_open_counts()
        field.label_from_instance = _staff_label  # type: ignore[method-assign,assignment]


class ReassignForm(AssignForm):
    action = "reassign"
    instruction = None  # type: ignore[assignment]
    note = _note(_l("Catatan/arahan"))


class RequestCompletionForm(ActionForm):
    action = "request_completion"
    note = _note(
        _l("Apa yang perlu dilengkapi"),
        help_text=_l("Pesan ini dikirim kepada pemohon."),
        required_message=_l("Tuliskan apa yang perlu dilengkapi."),
    )


class ResubmitForm(ActionForm):
    action = "resubmit"
    note = _note(_l("Catatan kelengkapan"), help_text=_l("Isi catatan, unggah berkas, atau keduanya."))
    file = UploadField(label=_l("Berkas tambahan"), required=False)
    alt_text = forms.CharField(label=_l("Teks alternatif berkas"), max_length=500, required=False)

    def file_slots(self) -> list[tuple[str, str | None]]:
        return [("file", "alt_text")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_files()
        if not (data.get("note") or "").strip() and not self.has_file("file") and not self.has_error("file"):
            self.add_error("note", _("Tuliskan apa yang dilengkapi, atau unggah berkasnya."))
        return data

    def payload(self) -> dict[str, Any]:
        return {"note": self.cleaned_data.get("note") or ""}

    def upload(self) -> Upload | None:
        return self.upload_for("file", Attachment.Kind.CONTENT, self.cleaned_data.get("alt_text") or "")


class ScheduleForm(ActionForm):
    """A time per target platform; one time given for all fills every platform left empty."""

    action = "schedule"
    same_time = forms.DateTimeField(
        label=_l("Waktu tayang yang sama untuk semua platform"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_l("Dipakai untuk setiap platform yang waktunya dikosongkan di bawah."),
    )
    note = _note()
    error_aliases = {"times": "__all__"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["same_time"].initial = timezone.localtime(self.req.publish_at) if self.req.publish_at else None
        for platform in self.req.platforms:
            self.fields[f"time_{platform}"] = forms.DateTimeField(
                label=_("Waktu tayang di %(platform)s") % {"platform": Platform(platform).label},
                widget=DATETIME_WIDGET,
                required=False,
            )
        self.order_fields(["same_time", *(f"time_{p}" for p in self.req.platforms), "note"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_error("same_time"):
            return data
        for platform in self.req.platforms:
            name = f"time_{platform}"
            if not data.get(name) and not self.has_error(name):
                if data.get("same_time"):
                    data[name] = data["same_time"]
                else:
                    self.add_error(
                        name,
                        _("Isi waktu tayang di %(platform)s, atau satu waktu untuk semua platform.")
                        % {"platform": Platform(platform).label},
                    )
        return data

    def payload(self) -> dict[str, Any]:
        return {
            "times": {p: self.cleaned_data[f"time_{p}"] for p in self.req.platforms},
            "note": self.cleaned_data.get("note") or "",
        }


class UnscheduleForm(ActionForm):
    action = "unschedule"
    note = _note()


class PostForm(ActionForm):
    """Warta posts to the chosen platforms; none chosen: every connected one not yet settled."""

    action = "post"
    platforms = forms.MultipleChoiceField(
        label=_l("Platform"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_l("Kosongkan untuk menayangkan di semua platform yang akunnya terhubung dan belum selesai."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from warta.desk import posting

        field = self.fields["platforms"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (v.platform, v.label)
            for v in posting.posts_of(self.req)
            if v.connected and v.state not in posting.SETTLED_STATES
        ]

    def payload(self) -> dict[str, Any]:
        return {"platforms": list(self.cleaned_data.get("platforms") or [])}


class ConfirmPostForm(ActionForm):
    """Settle a post Warta could not be sure of: its link, or "not published: try once more"."""

    action = "confirm_post"
    platform = forms.ChoiceField(label=_l("Platform"), error_messages={"required": _l("Pilih platform.")})
    url = forms.CharField(label=_l("Tautan unggahan"), required=False, widget=forms.URLInput())
    release = forms.BooleanField(label=_l("Belum terbit: izinkan Warta mencoba sekali lagi"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from warta.desk import posting
        from warta.social.models import PostState

        field = self.fields["platform"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v.platform, v.label) for v in posting.posts_of(self.req) if v.state == PostState.UNCONFIRMED]

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "platform": data["platform"],
            "url": (data.get("url") or "").strip(),
            "release": bool(data.get("release")),
        }


class TakeDownForm(ActionForm):
    action = "take_down"
    platforms = forms.MultipleChoiceField(
        label=_l("Platform"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _l("Pilih sedikitnya satu platform.")},
    )
    note = _note(_l("Alasan penarikan"), required_message=_l("Tuliskan alasan penarikan."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from warta.desk import posting
        from warta.social.models import PostState

        field = self.fields["platforms"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (v.platform, v.label)
            for v in posting.posts_of(self.req)
            if v.state == PostState.PUBLISHED and not v.taken_down_at
        ]

    def payload(self) -> dict[str, Any]:
        return {"platforms": list(self.cleaned_data["platforms"]), "note": self.cleaned_data["note"].strip()}


class PublishForm(ActionForm):
    """A link, or why not, for each target platform not yet settled (Warta's own posts are kept)."""

    action = "publish"
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from warta.desk import posting

        settled = {v.platform for v in posting.posts_of(self.req) if v.state in posting.SETTLED_STATES}
        self.open_platforms = [p for p in self.req.platforms if p not in settled]
        names = []
        for platform in self.open_platforms:
            label = Platform(platform).label
            self.fields[f"link_{platform}"] = forms.CharField(
                label=_("Tautan unggahan %(platform)s") % {"platform": label},
                required=False,
                widget=forms.URLInput(),
            )
            self.fields[f"reason_{platform}"] = forms.CharField(
                label=_("Alasan bila tidak dipublikasikan di %(platform)s") % {"platform": label},
                max_length=300,
                required=False,
            )
            names += [f"link_{platform}", f"reason_{platform}"]
        self.order_fields([*names, "note"])

    def field_for(self, key: str) -> str | None:
        if key == "links":
            return None
        return super().field_for(key)

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "links": {
                p: data[f"link_{p}"].strip() for p in self.open_platforms if (data.get(f"link_{p}") or "").strip()
            },
            "not_published": {
                p: data[f"reason_{p}"].strip() for p in self.open_platforms if (data.get(f"reason_{p}") or "").strip()
            },
            "note": data.get("note") or "",
        }


class RejectForm(ActionForm):
    action = "reject"
    reason = forms.ChoiceField(
        label=_l("Alasan penolakan"),
        choices=[("", _l("— pilih alasan —")), *RejectReason.choices],
        error_messages={"required": _l("Pilih alasan penolakan.")},
    )
    note = _note(
        _l("Catatan untuk pemohon"),
        help_text=_l("Pesan ini dikirim kepada pemohon."),
        required_message=_l("Tuliskan catatan penolakan untuk pemohon."),
    )


class CancelForm(ActionForm):
    action = "cancel"
    note = _note(_l("Alasan pembatalan"), required_message=_l("Tuliskan alasan pembatalan."))
    confirm = forms.BooleanField(
        label=_l("Ya, saya yakin membatalkan permohonan ini"),
        error_messages={"required": _l("Centang untuk menegaskan pembatalan.")},
    )

    def payload(self) -> dict[str, Any]:
        return {"note": self.cleaned_data["note"].strip()}


class EditForm(ActionForm, ContentForm):
    """Office staff correct the content of an open request (an `edit` event)."""

    action = "edit"
    note = _note(_l("Catatan koreksi"))

    def __init__(self, *args: Any, req: PublicationRequest, **kwargs: Any) -> None:
        if not args and "data" not in kwargs:
            kwargs.setdefault("initial", ContentForm.initial_from(req))
        super().__init__(*args, req=req, **kwargs)

    def payload(self) -> dict[str, Any]:
        return {**self.content_fields(), "note": self.cleaned_data.get("note") or ""}


ACTION_FORMS: dict[str, type[ActionForm]] = {
    f.action: f
    for f in (
        SubmitForm,
        DisposeForm,
        AssignForm,
        ReassignForm,
        RequestCompletionForm,
        ResubmitForm,
        ScheduleForm,
        UnscheduleForm,
        PublishForm,
        PostForm,
        ConfirmPostForm,
        TakeDownForm,
        RejectForm,
        CancelForm,
        EditForm,
    )
}


# --- the desk list and the standing orders ---------------------------------------------------


class InlineSelect(forms.Select):
    """Django's select with the options written in its own template instead of one template include
    per option: the same HTML, its rendering about 40 % faster (the desk filter's long lists)."""

    template_name = "desk/widgets/select.html"


class DeskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_l("Status"),
        choices=[("", _l("Semua")), ("open", _l("Semua yang masih berjalan")), *Status.choices],
        required=False,
        widget=InlineSelect,
    )
    organization = forms.ModelChoiceField(
        label=_l("Organisasi"),
        queryset=Organization.objects.all(),
        required=False,
        empty_label=_l("Semua"),
        widget=InlineSelect,
    )
    channel = forms.ChoiceField(
        label=_l("Saluran"), choices=[("", _l("Semua")), *Channel.choices], required=False, widget=InlineSelect
    )

    def is_filtering(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(k) for k in ("status", "organization", "channel"))


class StandingDispositionForm(forms.ModelForm):
    class Meta:
        model = StandingDisposition
        fields = ["channel", "organization", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("channel")) == bool(data.get("organization")):
            raise ValidationError(_("Pilih salah satu: saluran atau organisasi."))
        return data


class TrackingForm(forms.Form):
    number = forms.CharField(
        label=_l("Nomor registrasi"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "PUB-2026-00001", "autocomplete": "off"}),
    )
    code = forms.CharField(
        label=_l("Kode lacak"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()
