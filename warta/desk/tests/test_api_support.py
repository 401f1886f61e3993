"""Small builders shared by the desk's action and API tests, and a check that they build what they say.

`make_request(org, status)` writes a request row directly in the wanted status (no transition), so
that each test starts where it needs to; `submitted(...)` goes through the real intake instead.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from warta.accounts.models import Organization, User
from warta.desk import intake, sla
from warta.desk.models import (
    Event,
    PlatformPost,
    PublicationRequest,
    Status,
    hash_tracking_code,
)

TRACKING_CODE = "ABCD2345"


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# A small real PNG and a one-page real PDF, enough for the content checks (they parse the file).
PNG = _png()
PDF = _pdf()


def png_file(name: str = "poster.png") -> io.BytesIO:
    f = io.BytesIO(PNG)
    f.name = name
    return f


def content_fields(**extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Vaksinasi HPV di sekolah",
        "caption": "Ayo vaksinasi HPV untuk siswi kelas 5 dan 6.",
        "platforms": ["instagram", "facebook"],
        "contact_name": "Rina Operator",
        "contact_phone": "081234567890",
        "contact_email": "rina@dinkes.example.go.id",
    }
    fields.update(extra)
    return fields


def make_request(
    org: Organization,
    status: str = Status.SUBMITTED,
    *,
    assignee: User | None = None,
    received_at: dt.datetime | None = None,
    created_by: User | None = None,
    start_clock: bool = True,
    **fields: Any,
) -> PublicationRequest:
    """A request row in `status`, built directly (no events), with what that status implies."""
    received_at = received_at or timezone.now()
    with transaction.atomic():
        return _make_request(org, status, assignee, received_at, created_by, start_clock, fields)


def _make_request(org, status, assignee, received_at, created_by, start_clock, fields) -> PublicationRequest:
    year, sequence, number = intake.allocate_number(received_at)
    data = content_fields(**fields)
    req = PublicationRequest(
        number=number,
        year=year,
        sequence=sequence,
        organization=org,
        received_at=received_at,
        created_by=created_by,
        status=status,
        **data,
    )
    if status in (Status.ASSIGNED, Status.SCHEDULED, Status.PUBLISHED) or (
        status in (Status.NEEDS_COMPLETION, Status.REJECTED, Status.CANCELLED) and assignee
    ):
        req.assignee = assignee
    if status == Status.NEEDS_COMPLETION:
        req.status_before_completion = Status.ASSIGNED if assignee else Status.SUBMITTED
    if status != Status.DRAFT:
        req.tracking_code_hash = hash_tracking_code(TRACKING_CODE)
        if start_clock:
            sla.start(req)
            if status == Status.NEEDS_COMPLETION:
                sla.pause(req, received_at)
    if status == Status.PUBLISHED:
        req.published_at = received_at
    req.save()
    if status == Status.SCHEDULED:
        for platform in req.platforms:
            PlatformPost.objects.create(
                request=req, platform=platform, scheduled_for=received_at + dt.timedelta(hours=2)
            )
        req.remind_at = received_at + dt.timedelta(hours=2)
        req.save(update_fields=["remind_at"])
    return req


def submitted(user: User, org: Organization, **fields: Any) -> PublicationRequest:
    """A request made and submitted through the real intake (with its submit event)."""
    return intake.create_request(user=user, organization=org, fields=content_fields(**fields), submit=True)


def events_of(req: PublicationRequest) -> list[tuple[str, str, str]]:
    return list(
        Event.objects.filter(request=req).order_by("at", "pk").values_list("action", "from_status", "to_status")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s.value for s in Status])
def test_make_request_builds_the_status(org, staf, status):
    req = make_request(org, status, assignee=staf)
    req.refresh_from_db()
    assert req.status == status
    assert req.number.startswith(f"PUB-{req.year}-")
    assert not req.events.exists()
    if status == Status.DRAFT:
        assert req.due_at is None and req.tracking_code_hash == ""
    else:
        assert req.due_at is not None and req.check_tracking_code(TRACKING_CODE)
    if status == Status.SCHEDULED:
        assert req.posts.filter(scheduled_for__isnull=False).count() == 2
