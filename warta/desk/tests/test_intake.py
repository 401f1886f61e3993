"""Intake is atomic: the request, its attachments and the submit step are written together or not at all."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from warta.desk.intake import Upload, create_request
from warta.desk.models import Attachment, Event, PublicationRequest, YearSequence
from warta.desk.tests.test_api_support import PDF, content_fields, png_file
from warta.desk.transitions import InvalidData

pytestmark = pytest.mark.django_db


def test_request_with_media_and_letter_scan_is_submitted(staf, pimpinan, org):
    req = create_request(
        user=staf,
        organization=org,
        channel="letter",
        fields=content_fields(
            letter_number="800/5/2026",
            letter_date="2026-03-10",
            letter_signatory="Kepala Dinas Kesehatan",
            letter_signed=True,
            letter_stamped=True,
        ),
        uploads=[
            Upload(png_file("poster.png"), kind="content", alt_text="Poster vaksinasi"),
            Upload(io.BytesIO(PDF), kind="letter_scan", name="surat.pdf"),
        ],
    )
    assert req.status == "submitted"
    kinds = dict(req.attachments.values_list("kind", "content_type"))
    assert kinds == {"content": "image/png", "letter_scan": "application/pdf"}
    assert req.attachments.get(kind="content").alt_text == "Poster vaksinasi"


def test_a_refused_upload_leaves_no_request_behind(pemohon, org):
    bad = io.BytesIO(b"GIF89a not allowed here")
    bad.name = "animasi.gif"
    with pytest.raises(ValidationError):
        create_request(
            user=pemohon,
            organization=org,
            fields=content_fields(),
            uploads=[Upload(png_file()), Upload(bad)],
        )
    assert not PublicationRequest.objects.exists()
    assert not Attachment.objects.exists()
    assert not Event.objects.exists()
    assert not YearSequence.objects.filter(last__gt=0).exists()


def test_a_missing_requirement_at_submit_leaves_nothing(pemohon, org):
    with pytest.raises(InvalidData) as exc:
        create_request(
            user=pemohon, organization=org, fields=content_fields(platforms=[]), uploads=[Upload(png_file())]
        )
    assert "platforms" in exc.value.errors
    assert not PublicationRequest.objects.exists()
    assert not Attachment.objects.exists()


def test_a_draft_may_be_incomplete(pemohon, org):
    req = create_request(user=pemohon, organization=org, fields=content_fields(caption="", platforms=[]), submit=False)
    assert (req.status, req.due_at, req.events.count()) == ("draft", None, 0)


def test_a_failure_half_way_leaves_no_stored_file(pemohon, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad = io.BytesIO(b"GIF89a not allowed here")
    bad.name = "animasi.gif"
    with pytest.raises(ValidationError):
        create_request(
            user=pemohon, organization=org, fields=content_fields(), uploads=[Upload(png_file()), Upload(bad)]
        )
    with pytest.raises(InvalidData):
        create_request(
            user=pemohon, organization=org, fields=content_fields(platforms=[]), uploads=[Upload(png_file())]
        )
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    req = create_request(user=pemohon, organization=org, fields=content_fields(), uploads=[Upload(png_file())])
    attachment = req.attachments.get()
    stored = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert stored == {attachment.file.name, attachment.thumbnail.name}  # the image and its thumbnail
