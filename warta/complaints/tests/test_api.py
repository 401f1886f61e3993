"""/api/v1/complaints: tiers, create, list, detail (contact only for those allowed), actions and the
errors in the desk's order 404 → 403 → 409 → 422."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from warta.accounts import roles
from warta.complaints.models import Complaint
from warta.complaints.tests.support import make_complaint

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def body(**extra):
    return {
        "kind": "complaint",
        "channel": "phone",
        "received_at": "2026-03-02T09:00:00+07:00",
        "title": "Poster salah",
        "body": "Tanggal di poster keliru.",
        "contact": {"name": "Budi", "phone": "0812", "email": ""},
        **extra,
    }


def test_tiers_come_from_the_clocks_policy(api_client, pengelola, office):
    from warta.clock.models import SlaPolicy

    SlaPolicy.objects.create(key="complaint_normative", amount=4, unit="working_hours")
    tiers = api_client(pengelola).get("/api/v1/complaints/tiers").json()
    assert [t["key"] for t in tiers] == ["light", "normative", "no_supervision", "investigation"]
    assert tiers[0] | {"label": ""} == {"key": "light", "label": "", "amount": 3, "unit": "working_hours"}
    assert (tiers[1]["amount"], tiers[3]["amount"], tiers[3]["unit"]) == (4, 30, "working_days")


def test_create_with_a_tier_is_classified_from_receipt(api_client, pengelola, office):
    response = post(api_client(pengelola), "/api/v1/complaints", body(tier="light", category="konten"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "classified"
    assert dt.datetime.fromisoformat(data["due_at"]) == dt.datetime(2026, 3, 2, 12, 0, tzinfo=WIB)
    complaint = Complaint.objects.get(number=data["number"])
    assert complaint.check_tracking_code(data["tracking_code"])
    assert [e.action for e in complaint.events.all()] == ["receive", "classify"]


def test_create_with_a_tier_may_leave_the_category_for_later(api_client, pengelola, office):
    data = post(api_client(pengelola), "/api/v1/complaints", body(tier="investigation")).json()
    assert data["status"] == "classified"
    complaint = Complaint.objects.get(number=data["number"])
    assert (complaint.tier, complaint.category) == ("investigation", None)
    wrong = post(api_client(pengelola), "/api/v1/complaints", body(tier="light", category="tidak-ada"))
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"][-1] == "category"


def test_create_without_a_tier_runs_the_strictest(api_client, admin_user, office):
    data = post(api_client(admin_user), "/api/v1/complaints", body()).json()
    assert data["status"] == "received"
    assert Complaint.objects.get(number=data["number"]).tier == "light"


def test_create_is_for_the_officer_and_admin_and_checks_fields(api_client, tim, pengelola, office):
    assert post(api_client(tim), "/api/v1/complaints", body()).status_code == 403
    client = api_client(pengelola)
    naive = post(client, "/api/v1/complaints", body(received_at="2026-03-02T09:00:00"))
    assert naive.status_code == 422
    wrong = post(client, "/api/v1/complaints", body(contact={"email": "bukan-email"}))
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"][-2:] == ["contact", "email"]
    post(client, "/api/v1/complaints", body(lapor_tracking_id="L-1"))
    again = post(client, "/api/v1/complaints", body(lapor_tracking_id="L-1"))
    assert again.status_code == 422 and again.json()["detail"][0]["loc"][-1] == "lapor_tracking_id"
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize("confidential", [False, True])
def test_detail_shows_the_contact_only_to_those_allowed(api_client, pengelola, tim, office, confidential):
    complaint = make_complaint(pengelola, tim, "in_progress", confidential=confidential)
    url = f"/api/v1/complaints/{complaint.number}"
    assert api_client(pengelola).get(url).json()["contact"]["name"] == "Siti Aminah"
    seen_by_team = api_client(tim).get(url).json()
    assert (seen_by_team["contact"] is None) is confidential
    assert seen_by_team["sla"]["state"] == "on_track"
    assert [e["action"] for e in seen_by_team["events"]] == ["receive", "classify", "assign"]


def test_list_is_what_the_caller_may_see(api_client, pengelola, tim, staf, office):
    make_complaint(pengelola, tim, "in_progress")
    make_complaint(pengelola, tim, "received")
    assert api_client(pengelola).get("/api/v1/complaints").json()["count"] == 2
    assert api_client(tim).get("/api/v1/complaints").json()["count"] == 1
    assert api_client(staf).get("/api/v1/complaints").json()["count"] == 0


def test_errors_in_order(api_client, pengelola, tim, make_user, office):
    complaint = make_complaint(pengelola, tim, "in_progress")
    url = f"/api/v1/complaints/{complaint.number}/actions/"
    outsider = api_client(make_user("tim2", roles.TIM_PENGADUAN))
    assert post(outsider, url + "classify", {"tier": "zzz"}).status_code == 404  # not seen: 404 before all
    assert post(api_client(pengelola), url + "nothing", {}).status_code == 404
    assert post(api_client(tim), url + "classify", {"tier": "zzz"}).status_code == 403  # role before status
    assert post(api_client(pengelola), url + "classify", {"tier": "zzz"}).status_code == 409  # status before data
    response = post(api_client(tim), url + "answer", {"text": ""})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "text"


def test_the_whole_flow_through_the_api(api_client, pengelola, tim, office):
    officer, member = api_client(pengelola), api_client(tim)
    number = post(officer, "/api/v1/complaints", body(contact={"email": "budi@example.org"})).json()["number"]
    url = f"/api/v1/complaints/{number}/actions/"
    steps = [
        (officer, "classify", {"tier": "normative", "category": "pelayanan"}, "classified"),
        (officer, "assign", {"assignee": "tim"}, "in_progress"),
        (member, "request_info", {"note": "Tanggal berapa?"}, "needs_info"),
        (member, "provide_info", {"note": "3 Maret."}, "in_progress"),
        (member, "answer", {"text": "Sudah diperbaiki."}, "awaiting_approval"),
        (officer, "return", {"note": "Sebutkan jamnya."}, "in_progress"),
        (member, "answer", {"text": "Sudah diperbaiki pukul 10.00."}, "awaiting_approval"),
        (officer, "approve", {}, "awaiting_approval"),
        (officer, "deliver", {"channel": "email"}, "answered"),
        (officer, "reopen", {"note": "Pengadu belum puas."}, "in_progress"),
        (officer, "forward", {"organization": "Dinas PUPR", "note": "Soal jalan."}, "forwarded"),
    ]
    for client, action, data, status in steps:
        response = post(client, url + action, data)
        assert response.status_code == 200, (action, response.content)
        assert response.json()["status"] == status
