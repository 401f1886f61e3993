"""Making a complaint: the public form, staff logging a channel, the API, the LAPOR import.

All call `create_complaint()`, which writes the complaint, its attachments and the `receive` move
(and, with a tier, the `classify` move) in one transaction: a failure half-way leaves nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.accounts.models import User
from warta.complaints import transitions
from warta.complaints.models import Channel, Complaint, ComplaintAttachment, Kind, YearSequence
from warta.core.office import office_zone
from warta.core.uploads import atomic_with_files, store_upload

FIELDS = (
    "title",
    "body",
    "confidential",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_handle",
    "lapor_tracking_id",
)


@dataclass
class Upload:
    file: IO[bytes]
    name: str = ""


def allocate_number(received_at: dt.datetime) -> tuple[int, int, str]:
    """The next ADU-YYYY-NNNNN of the year of receipt (in the office's zone). Call in a transaction."""
    year = received_at.astimezone(office_zone()).year
    for _attempt in range(3):
        try:
            with transaction.atomic():
                YearSequence.objects.get_or_create(year=year)
            break
        except IntegrityError:
            continue
    seq = YearSequence.objects.select_for_update().get(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return year, seq.last, f"ADU-{year}-{seq.last:05d}"


def add_attachment(c: Complaint, upload: Upload) -> ComplaintAttachment:
    """Checked by content and size, cleaned and stored privately under a random name (the shared
    `store_upload`); ValidationError otherwise."""
    stored = store_upload(upload.file, name=upload.name)
    return ComplaintAttachment.objects.create(
        complaint=c,
        file=stored.name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
    )


def validate_fields(fields: dict[str, Any]) -> dict[str, str]:
    """Field errors (Indonesian, by field) of a new complaint's own data."""
    errors: dict[str, str] = {}
    if not str(fields.get("title") or "").strip():
        errors["title"] = _("Tuliskan pokok pengaduan.")
    if not str(fields.get("body") or "").strip():
        errors["body"] = _("Tuliskan isi pengaduan.")
    lapor = str(fields.get("lapor_tracking_id") or "").strip()
    if lapor and Complaint.objects.filter(lapor_tracking_id=lapor).exists():
        errors["lapor_tracking_id"] = _("Nomor tiket SP4N-LAPOR ini sudah tercatat.")
    return errors


def create_complaint(
    *,
    user: User | None,
    kind: str = Kind.COMPLAINT,
    channel: str = Channel.WEB,
    received_at: dt.datetime | None = None,
    fields: dict[str, Any],
    uploads: list[Upload] | None = None,
    classify: dict[str, Any] | None = None,
    public: bool = False,
    system: bool = False,
    service: Any = None,
    now: dt.datetime | None = None,
) -> Complaint:
    """Create a complaint and receive it (then classify it when `classify` is given), atomically.

    Raises transitions.InvalidData (nothing written) when a field is wrong, and
    django.core.exceptions.ValidationError when an upload is refused. `public`: from the public form,
    acting as the complainant; `system`: the software (a batch import from the command line).
    """
    from warta.standards.services import default_service

    errors = validate_fields(fields)
    related = None
    try:
        related = transitions.related_request_by_number(fields.get("related_request"))
    except transitions.InvalidData as exc:
        errors.update(exc.errors)
    if errors:
        raise transitions.InvalidData(_("Pengaduan belum lengkap."), errors)
    received_at = received_at or timezone.now()
    with atomic_with_files():
        year, sequence, number = allocate_number(received_at)
        complaint = Complaint(
            number=number,
            year=year,
            sequence=sequence,
            service=service or default_service(),
            kind=kind,
            channel=channel,
            received_at=received_at,
            created_by=user if user is not None and user.is_authenticated else None,
            status="",
            related_request=related,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in FIELDS and v is not None},
        )
        complaint.full_clean(exclude=["service", "number", "year", "sequence", "status", "tracking_code_hash"])
        complaint.save()
        for upload in uploads or []:
            add_attachment(complaint, upload)
        transitions.perform(
            complaint, "receive", None if public else user, contact=public, system=system, is_new=True, now=now
        )
        code = getattr(complaint, "raw_tracking_code", "")
        if classify:
            transitions.perform(complaint, "classify", user, classify, now=now)
            complaint.raw_tracking_code = code  # type: ignore[attr-defined]
    return complaint
