"""GET /api/v1/requests/{number}: the request, its SLA, posts and timeline, as the caller may see it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from warta.desk.models import PlatformPost
from warta.desk.tests.test_api_support import make_request, submitted
from warta.desk.transitions import perform

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))
MONDAY_1145 = dt.datetime(2026, 3, 16, 11, 45, tzinfo=WIB)


@pytest.fixture
def walked(pemohon, pimpinan, kabid, staf, org, office):
    """A request submitted Monday 11:45 WIB, disposed, assigned, sent back, completed, published."""
    with time_machine.travel(MONDAY_1145, tick=False):
        req = submitted(pemohon, org)
    steps = [
        (dt.datetime(2026, 3, 16, 11, 50, tzinfo=WIB), "dispose", pimpinan, {"note": "Segera, Kabid."}),
        (
            dt.datetime(2026, 3, 16, 11, 55, tzinfo=WIB),
            "assign",
            kabid,
            {"assignee": staf.username, "instruction": "Pakai foto kedua untuk feed."},
        ),
        (
            dt.datetime(2026, 3, 16, 13, 0, tzinfo=WIB),
            "request_completion",
            staf,
            {"note": "Mohon kirim foto beresolusi tinggi."},
        ),
        (dt.datetime(2026, 3, 16, 13, 30, tzinfo=WIB), "resubmit", pemohon, {"note": "Sudah kami kirim."}),
    ]
    for at, action, user, data in steps:
        with time_machine.travel(at, tick=False):
            perform(req, action, user, data)
    return req


def test_staff_see_everything(api_client, kabid, walked):
    with time_machine.travel(dt.datetime(2026, 3, 16, 13, 40, tzinfo=WIB), tick=False):
        response = api_client(kabid).get(f"/api/v1/requests/{walked.number}")
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == walked.number
    assert (data["status"], data["organization"], data["channel"]) == ("assigned", "dinkes", "web")
    assert data["platforms"] == ["instagram", "facebook"]
    # 1 working hour from 11:45: 12:00 is the break, so due 13:45; paused 13:00-13:30 moves it to 14:15.
    assert dt.datetime.fromisoformat(data["due_at"]) == dt.datetime(2026, 3, 16, 14, 15, tzinfo=WIB)
    assert data["sla"] == {"state": "on_track", "used_minutes": 25, "left_minutes": 35}
    events = data["events"]
    assert [(e["action"], e["from_status"], e["to_status"]) for e in events] == [
        ("submit", "", "submitted"),
        ("dispose", "submitted", "at_division"),
        ("assign", "at_division", "assigned"),
        ("request_completion", "assigned", "needs_completion"),
        ("resubmit", "needs_completion", "assigned"),
    ]
    assert events[1]["actor"] == "Kepala Dinas"
    assert events[1]["note"] == "Segera, Kabid."
    assert events[2]["note"] == "Pakai foto kedua untuk feed."
    assert dt.datetime.fromisoformat(events[2]["at"]) == dt.datetime(2026, 3, 16, 11, 55, tzinfo=WIB)


def test_operator_sees_the_steps_and_only_the_notes_addressed_to_them(api_client, pemohon, walked):
    response = api_client(pemohon).get(f"/api/v1/requests/{walked.number}")
    assert response.status_code == 200
    events = {e["action"]: e for e in response.json()["events"]}
    assert len(events) == 5
    assert events["dispose"]["note"] == ""
    assert events["assign"]["note"] == ""
    assert events["request_completion"]["note"] == "Mohon kirim foto beresolusi tinggi."
    assert events["resubmit"]["note"] == "Sudah kami kirim."
    # Office steps are shown as the office and the role the person acted in; the operator's own steps by name.
    assert events["dispose"]["actor"] == "Dinkominfo — Pimpinan (Kepala/Sekretaris Dinas)"
    assert events["assign"]["actor"] == "Dinkominfo — Kepala Bidang IKP"
    assert events["request_completion"]["actor"] == "Dinkominfo — Staf IKP (pelaksana)"
    assert events["resubmit"]["actor"] == "Op Dinkes"
    assert "Kepala Dinas" not in response.content.decode()
    assert "Staf Satu" not in response.content.decode()


def test_posts_after_publishing(api_client, pemohon, staf, org):
    req = make_request(org, "scheduled", assignee=staf)
    perform(
        req,
        "publish",
        staf,
        {
            "links": {"instagram": "https://www.instagram.com/p/XYZ/"},
            "not_published": {"facebook": "Akun Facebook sedang dibatasi."},
        },
    )
    data = api_client(pemohon).get(f"/api/v1/requests/{req.number}").json()
    assert data["status"] == "published"
    posts = {p["platform"]: p for p in data["posts"]}
    assert posts["instagram"]["url"] == "https://www.instagram.com/p/XYZ/"
    assert posts["instagram"]["scheduled_for"] is not None
    assert posts["facebook"]["url"] == ""
    assert posts["facebook"]["not_published_reason"] == "Akun Facebook sedang dibatasi."
    assert data["sla"]["state"] == "met"
    assert PlatformPost.objects.filter(request=req).count() == 2


def test_another_organizations_number_looks_unknown(api_client, pemohon_other, pemohon_upt, org, upt):
    req = make_request(org, "submitted")
    for user in (pemohon_other, pemohon_upt):
        own = api_client(user).get(f"/api/v1/requests/{req.number}")
        missing = api_client(user).get("/api/v1/requests/PUB-1999-00001")
        assert own.status_code == missing.status_code == 404
        assert own.json() == missing.json()


def test_parent_operator_sees_the_upt_request(api_client, pemohon, upt):
    req = make_request(upt, "submitted")
    response = api_client(pemohon).get(f"/api/v1/requests/{req.number}")
    assert response.status_code == 200
    assert response.json()["organization"] == "pkm-bojongsari"
