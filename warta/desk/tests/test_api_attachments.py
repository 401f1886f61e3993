"""POST /api/v1/requests/{number}/attachments (multipart: file, kind, alt_text)."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings

from warta.desk.models import Attachment, PublicationRequest
from warta.desk.tests.test_api_support import PDF, PNG, make_request

pytestmark = pytest.mark.django_db


def url(req: PublicationRequest) -> str:
    return f"/api/v1/requests/{req.number}/attachments"


def upload(name: str, content: bytes) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


def test_operator_adds_an_image_with_alt_text(api_client, pemohon, org):
    req = make_request(org, "needs_completion")
    response = api_client(pemohon).post(
        url(req), {"file": upload("foto.png", PNG), "kind": "content", "alt_text": "Siswi antre vaksinasi"}
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["name"], data["content_type"], data["alt_text"]) == (
        "content",
        "foto.png",
        "image/png",
        "Siswi antre vaksinasi",
    )
    attachment = Attachment.objects.get(request=req)
    assert attachment.size == len(PNG) and attachment.uploaded_by == pemohon
    assert attachment.file.read() == PNG


def test_staff_adds_the_letter_scan_which_completes_a_letter_draft(api_client, staf, pimpinan, org):
    req = make_request(
        org,
        "draft",
        channel="letter",
        letter_number="800/1/2026",
        letter_signatory="Kepala Dinas",
        letter_signed=True,
        letter_stamped=True,
        letter_date="2026-03-10",
    )
    client = api_client(staf)
    refused = client.post(f"/api/v1/requests/{req.number}/actions/submit", {}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "payload", "letter", "scan"]
    response = client.post(url(req), {"file": upload("surat.pdf", PDF), "kind": "letter_scan"})
    assert response.status_code == 201
    submitted = client.post(f"/api/v1/requests/{req.number}/actions/submit", {}, content_type="application/json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"


def test_a_file_that_is_not_an_allowed_type_is_422_naming_file(api_client, pemohon, org):
    req = make_request(org, "submitted")
    response = api_client(pemohon).post(url(req), {"file": upload("poster.png", b"MZ\x90\x00 not an image")})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"][-1] == "file"
    assert "jenis yang diizinkan" in error["msg"]
    assert not Attachment.objects.exists()


@override_settings(WARTA_MAX_UPLOAD_MB=0)
def test_a_file_too_big_is_422_naming_file(api_client, pemohon, org):
    req = make_request(org, "submitted")
    response = api_client(pemohon).post(url(req), {"file": upload("poster.png", PNG)})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "file"
    assert "terlalu besar" in response.json()["detail"][0]["msg"]
    assert not Attachment.objects.exists()


def test_missing_file_is_422(api_client, pemohon, org):
    req = make_request(org, "submitted")
    response = api_client(pemohon).post(url(req), {"kind": "content"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "file"


def test_unknown_kind_is_422_naming_kind(api_client, pemohon, org):
    req = make_request(org, "submitted")
    response = api_client(pemohon).post(url(req), {"file": upload("a.png", PNG), "kind": "selfie"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "kind"


def test_another_organizations_request_is_404(api_client, pemohon_other, org):
    req = make_request(org, "submitted")
    response = api_client(pemohon_other).post(url(req), {"file": upload("a.png", PNG)})
    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_no_token_is_401(api_client, org):
    req = make_request(org, "submitted")
    assert api_client().post(url(req), {"file": upload("a.png", PNG)}).status_code == 401


def test_admin_may_see_but_not_add_403(api_client, admin_user, org):
    req = make_request(org, "submitted")
    response = api_client(admin_user).post(url(req), {"file": upload("a.png", PNG)})
    assert response.status_code == 403


def test_closed_request_is_409(api_client, pemohon, staf, org):
    req = make_request(org, "published", assignee=staf)
    response = api_client(pemohon).post(url(req), {"file": upload("a.png", PNG)})
    assert response.status_code == 409
    assert response.json()["detail"]
