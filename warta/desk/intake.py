"""Making a request: from the portal form, from staff logging a letter/chat/walk-in, or the API.

All three call `create_request()`, which writes the request, its attachments and (when asked) the
`submit` transition in one transaction: a failure half-way leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from warta.accounts.models import Organization, User
from warta.core.office import office_zone
from warta.core.uploads import StoredUpload, atomic_with_files, discard_upload, store_upload
from warta.desk import transitions
from warta.desk.models import (
    Attachment,
    Channel,
    FormKey,
    PendingUpload,
    PublicationRequest,
    Status,
    YearSequence,
)

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
    file: IO[bytes] | None
    kind: str = Attachment.Kind.CONTENT
    alt_text: str = ""
    name: str = ""
    # A file kept from an earlier try of the same form: already checked and stored.
    pending: PendingUpload | None = None


def new_form_key() -> str:
    """A web form's one-use key: unguessable, so that it names one form of one person."""
    return secrets.token_urlsafe(32)


class FormKeyUsed(Exception):
    """The form was sent before (Back, then send again): `request` is what it made."""

    def __init__(self, request: PublicationRequest):
        super().__init__(request.number)
        self.request = request


def used_form_key(key: str, user: User) -> PublicationRequest | None:
    """The request this user's form with this key made, if it was sent already."""
    found = FormKey.objects.filter(key=key, user=user).select_related("request").first()
    return found.request if found else None


def claim_form_key(key: str, user: User, req: PublicationRequest) -> None:
    """Record that this form made `req`; FormKeyUsed when the same form was sent meanwhile (two
    clicks, two tabs): the unique key makes the second transaction fail and roll back."""
    try:
        with transaction.atomic():
            FormKey.objects.create(key=key, user=user, request=req)
    except IntegrityError:
        first = used_form_key(key, user)
        if first is None:
            raise
        raise FormKeyUsed(first) from None


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
    """Checks the file by content and size (ValidationError otherwise), stores it and records it. A
    file kept on the form (`upload.pending`) was checked and stored already: it becomes the
    attachment as it is, and its pending record goes (the file stays if this rolls back)."""
    if upload.pending is not None:
        attachment = save_attachment(
            req, upload.pending.as_stored(), kind=upload.kind, alt_text=upload.alt_text, user=user
        )
        PendingUpload.objects.filter(pk=upload.pending.pk).delete()
        return attachment
    assert upload.file is not None
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


# --- files kept on a form that had an error --------------------------------------------------

PENDING_UPLOAD_HOURS = 24


def keep_upload(key: str, user: User, slot: str, file: IO[bytes]) -> PendingUpload:
    """Keep a file of a form that could not be sent yet (stored as every upload is, by
    `store_upload`), replacing what its slot held."""
    stored = store_upload(file)
    previous = list(PendingUpload.objects.filter(key=key, user=user, slot=slot))
    with transaction.atomic():
        PendingUpload.objects.filter(pk__in=[p.pk for p in previous]).delete()
        pending = PendingUpload.objects.create(
            key=key,
            user=user,
            slot=slot,
            stored_name=stored.name,
            thumbnail=stored.thumbnail,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
        )
    for old in previous:
        discard_upload(old.as_stored())
    return pending


def pending_uploads(key: str, user: User) -> dict[str, PendingUpload]:
    """The files kept for this form, by slot."""
    return {p.slot: p for p in PendingUpload.objects.filter(key=key, user=user)}


def discard_pending(pending: PendingUpload) -> None:
    """Remove a kept file and its record (the person removed or replaced it)."""
    if PendingUpload.objects.filter(pk=pending.pk).delete()[0]:
        discard_upload(pending.as_stored())


def clean_abandoned(now: dt.datetime | None = None) -> tuple[int, int]:
    """Remove the files kept on forms abandoned for a day, and the one-use keys older than a day.
    Returns (files removed, keys removed)."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=PENDING_UPLOAD_HOURS)
    files = 0
    for pending in PendingUpload.objects.filter(created_at__lt=cutoff).iterator():
        if PendingUpload.objects.filter(pk=pending.pk).delete()[0]:
            discard_upload(pending.as_stored())
            files += 1
    keys, _by_model = FormKey.objects.filter(created_at__lt=cutoff).delete()
    return files, keys


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
    form_key: str = "",
) -> PublicationRequest:
    """Create a request (a draft, or submitted when `submit`), with its attachments, atomically.

    Raises transitions.InvalidData (nothing written) when `submit` and a requirement is missing, and
    django.core.exceptions.ValidationError when an upload is refused. With `form_key` (a web form's
    one-use key) the key is claimed in the same transaction: FormKeyUsed when it made a request already.
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
        if form_key:
            claim_form_key(form_key, user, req)
        for upload in uploads or []:
            add_attachment(req, upload, user)
        if submit:
            transitions.perform(req, "submit", user, is_new=True)
    return req
