"""POST /api/v1/requests: creating and submitting a request through the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core import mail

from warta.desk.models import Event, PublicationRequest, StandingDisposition, Status

URL = "/api/v1/requests"
WIB = dt.timezone(dt.timedelta(hours=7))

pytestmark = pytest.mark.django_db


def body(**extra):
    data = {
        "title": "Vaksinasi HPV di sekolah",
        "caption": "Ayo vaksinasi HPV untuk siswi kelas 5 dan 6.",
        "platforms": ["instagram", "x"],
        "contact": {"name": "Rina", "phone": "081234567890", "email": "rina@dinkes.example.go.id"},
    }
    data.update(extra)
    return data


def post(client, data):
    return client.post(URL, data=json.dumps(data), content_type="application/json")


def test_no_token_is_401(api_client, org):
    response = post(api_client(), body())
    assert response.status_code == 401
    assert not PublicationRequest.objects.exists()


def test_operator_submits_for_own_organization(api_client, pemohon, pimpinan, org, office):
    with time_machine.travel(dt.datetime(2026, 3, 16, 11, 45, tzinfo=WIB), tick=False):
        response = post(api_client(pemohon), body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"] == "PUB-2026-00001"
    assert data["status"] == "submitted"
    assert dt.datetime.fromisoformat(data["received_at"]) == dt.datetime(2026, 3, 16, 11, 45, tzinfo=WIB)
    assert dt.datetime.fromisoformat(data["due_at"]) == dt.datetime(2026, 3, 16, 13, 45, tzinfo=WIB)
    assert data["tracking_url"].startswith("http://testserver/")
    assert len(data["tracking_code"]) == 8
    req = PublicationRequest.objects.get(number="PUB-2026-00001")
    assert req.organization == org
    assert req.channel == "api"
    assert req.platforms == ["instagram", "x"]
    assert req.check_tracking_code(data["tracking_code"])
    assert list(req.events.values_list("action", "from_status", "to_status")) == [("submit", "", "submitted")]


def test_receipt_mail_carries_the_tracking_code(
    api_client, pemohon, pimpinan, org, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api_client(pemohon), body())
    code = response.json()["tracking_code"]
    receipt = [m for m in mail.outbox if m.to == ["rina@dinkes.example.go.id"]]
    assert len(receipt) == 1
    assert response.json()["number"] in receipt[0].subject
    assert code in receipt[0].body


def test_draft_keeps_no_clock_and_no_tracking_code(api_client, pemohon, org):
    response = post(api_client(pemohon), body(submit=False, title=""))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["due_at"] is None
    assert data["tracking_code"] is None
    assert not Event.objects.exists()


def test_missing_requirement_is_422_and_writes_nothing(api_client, pemohon, org):
    response = post(api_client(pemohon), body(caption="", contact={"name": "", "phone": "", "email": ""}))
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["detail"]]
    assert ["body", "payload", "caption"] in locs
    assert ["body", "payload", "contact", "name"] in locs
    assert ["body", "payload", "contact", "phone"] in locs
    assert all(set(e) >= {"type", "loc", "msg"} and e["msg"] for e in response.json()["detail"])
    assert not PublicationRequest.objects.exists()


def test_x_caption_over_280_is_422_naming_it(api_client, pemohon, org):
    response = post(api_client(pemohon), body(captions={"x": "a" * 281}))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "captions", "x"]
    assert "280" in response.json()["detail"][0]["msg"]


def test_x_caption_is_counted_as_x_counts_it(api_client, pemohon, org):
    # 150 characters, but X weighs each emoji 2: 301 of 280. A link counts 23 however long it is.
    response = post(api_client(pemohon), body(captions={"x": "Hore" + "🎉" * 146, "instagram": "ok"}))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "captions", "x"]
    assert "sekarang 296" in response.json()["detail"][0]["msg"]
    link = "https://www.purbalinggakab.go.id/" + "a" * 300
    assert post(api_client(pemohon), body(captions={"x": "Info: " + link})).status_code == 201


def test_unknown_platform_is_422_in_ninja_shape(api_client, pemohon, org):
    response = post(api_client(pemohon), body(platforms=["myspace"]))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:3] == ["body", "payload", "platforms"]


def test_operator_cannot_use_another_organization(api_client, pemohon, other_org):
    response = post(api_client(pemohon), body(organization=other_org.code))
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not PublicationRequest.objects.exists()


def test_parent_operator_may_submit_for_its_upt(api_client, pemohon, upt):
    response = post(api_client(pemohon), body(organization=upt.code))
    assert response.status_code == 201
    assert PublicationRequest.objects.get().organization == upt


def test_upt_operator_cannot_submit_for_the_parent(api_client, pemohon_upt, org):
    response = post(api_client(pemohon_upt), body(organization=org.code))
    assert response.status_code == 403


def test_unknown_organization_code_is_422(api_client, kabid):
    response = post(api_client(kabid), body(organization="tidak-ada"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "organization"]


def test_staff_must_name_the_organization(api_client, kabid):
    response = post(api_client(kabid), body())
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "organization"]


def test_operator_sending_received_at_is_422_naming_it(api_client, pemohon, org):
    response = post(api_client(pemohon), body(received_at="2026-03-16T09:00:00+07:00"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "received_at"]
    assert not PublicationRequest.objects.exists()


def test_staff_logs_a_whatsapp_request_with_its_time_of_receipt(api_client, staf, pimpinan, org, office):
    with time_machine.travel(dt.datetime(2026, 3, 16, 14, 0, tzinfo=WIB), tick=False):
        response = post(
            api_client(staf),
            body(organization=org.code, channel="whatsapp", received_at="2026-03-16T11:45:00+07:00"),
        )
    assert response.status_code == 201, response.content
    req = PublicationRequest.objects.get()
    assert req.channel == "whatsapp"
    assert req.received_at == dt.datetime(2026, 3, 16, 11, 45, tzinfo=WIB)
    assert req.due_at == dt.datetime(2026, 3, 16, 13, 45, tzinfo=WIB)


def test_received_at_without_offset_is_422(api_client, staf, org):
    response = post(api_client(staf), body(organization=org.code, received_at="2026-03-16T11:45:00"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "received_at"]


def test_letter_without_scan_is_refused_then_kept_as_draft(api_client, staf, org):
    letter = {
        "number": "800/123/2026",
        "date": "2026-03-14",
        "signatory": "dr. Hadi, Kepala Dinas Kesehatan",
        "signed": True,
        "stamped": True,
        "agenda_number": "AG-77",
    }
    refused = post(api_client(staf), body(organization=org.code, channel="letter", letter=letter))
    assert refused.status_code == 422
    assert ["body", "payload", "letter", "scan"] in [e["loc"] for e in refused.json()["detail"]]
    assert not PublicationRequest.objects.exists()
    draft = post(api_client(staf), body(organization=org.code, channel="letter", letter=letter, submit=False))
    assert draft.status_code == 201
    req = PublicationRequest.objects.get()
    assert (req.status, req.letter_number, req.agenda_number, req.letter_signed) == (
        "draft",
        "800/123/2026",
        "AG-77",
        True,
    )


def test_role_without_intake_is_403(api_client, admin_user, pengelola, org):
    for user in (admin_user, pengelola):
        response = post(api_client(user), body(organization=org.code))
        assert response.status_code == 403
    assert not PublicationRequest.objects.exists()


def test_standing_disposition_applies_to_api_intake(api_client, pemohon, pimpinan, org):
    StandingDisposition.objects.create(organization=org, created_by=pimpinan, note="Langsung ke IKP")
    response = post(api_client(pemohon), body())
    assert response.status_code == 201
    assert response.json()["status"] == Status.AT_DIVISION
    req = PublicationRequest.objects.get()
    assert list(req.events.values_list("action", "to_status")) == [("submit", "submitted"), ("dispose", "at_division")]
