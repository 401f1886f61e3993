"""Making a request: from the portal form, from staff logging a letter/chat/walk-in, or the API.

All three call `create_request()`, which writes the request, its attachments and (when asked) the
`submit` transition in one transaction: a failure half-way leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from warta.accounts.models import Organization, User
from warta.core.office import office_zone
from warta.core.uploads import StoredUpload, atomic_with_files, store_upload
from warta.desk import transitions
from warta.desk.models import Attachment, Channel, PublicationRequest, Status, YearSequence

__all__ = ["Upload", "add_attachment", "atomic_with_files", "create_request", "save_attachment"]

REQUEST_FIELDS = (
    "title",
    "caption",
    "captions",
    "platforms",
    "publish_at",
    "collaborator",
    "links",
    "contact_name",
    "contact_phone",
    "contact_email",
    "letter_number",
    "letter_date",
    "letter_signatory",
    "letter_signed",
    "letter_stamped",
    "agenda_number",
)


@dataclass
class Upload:
    file: IO[bytes]
    kind: str = Attachment.Kind.CONTENT
    alt_text: str = ""
    name: str = ""


def allocate_number(received_at: dt.datetime) -> tuple[int, int, str]:
    """The next PUB-YYYY-NNNNN of the year of receipt (in the office's zone). Call in a transaction."""
    year = received_at.astimezone(office_zone()).year
    for _attempt in range(3):
        try:
            with transaction.atomic():
                YearSequence.objects.get_or_create(year=year)
            break
        except IntegrityError:  # another request created the year's row first
            continue
    seq = YearSequence.objects.select_for_update().get(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return year, seq.last, f"PUB-{year}-{seq.last:05d}"


def add_attachment(req: PublicationRequest, upload: Upload, user: User | None) -> Attachment:
    """Checks the file by content and size (ValidationError otherwise), stores it and records it."""
    stored = store_upload(upload.file, name=upload.name)
    return save_attachment(req, stored, kind=upload.kind, alt_text=upload.alt_text, user=user)


def save_attachment(
    req: PublicationRequest, stored: StoredUpload, *, kind: str, alt_text: str = "", user: User | None
) -> Attachment:
    """The attachment row of a file that `store_upload` already checked and stored."""
    return Attachment.objects.create(
        request=req,
        kind=kind,
        file=stored.name,
        thumbnail=stored.thumbnail,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        alt_text=alt_text,
        uploaded_by=user if user and user.is_authenticated else None,
    )


def create_request(
    *,
    user: User,
    organization: Organization,
    channel: str = Channel.WEB,
    received_at: dt.datetime | None = None,
    fields: dict[str, Any],
    uploads: list[Upload] | None = None,
    submit: bool = True,
    service=None,
) -> PublicationRequest:
    """Create a request (a draft, or submitted when `submit`), with its attachments, atomically.

    Raises transitions.InvalidData (nothing written) when `submit` and a requirement is missing, and
    django.core.exceptions.ValidationError when an upload is refused.
    """
    from warta.standards.services import default_service

    received_at = received_at or timezone.now()
    with atomic_with_files():
        year, sequence, number = allocate_number(received_at)
        req = PublicationRequest(
            number=number,
            year=year,
            sequence=sequence,
            service=service or default_service(),
            organization=organization,
            channel=channel,
            received_at=received_at,
            created_by=user,
            status=Status.DRAFT,
            **{k: v for k, v in fields.items() if k in REQUEST_FIELDS and v is not None},
        )
        # Completeness (title, contact, platforms...) is the requirements' job at submit: a draft may lack them.
        req.full_clean(
            exclude=[
                "service",
                "tracking_code_hash",
                "number",
                "year",
                "sequence",
                "contact_name",
                "title",
                "platforms",
            ]
        )
        req.save()
        for upload in uploads or []:
            add_attachment(req, upload, user)
        if submit:
            transitions.perform(req, "submit", user, is_new=True)
    return req
