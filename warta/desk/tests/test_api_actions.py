"""POST /api/v1/requests/{number}/actions/{action}: the errors in their order, and the 200 body."""

from __future__ import annotations

import json

import pytest

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request

pytestmark = pytest.mark.django_db


def act(client, req, action, data=None):
    return client.post(
        f"/api/v1/requests/{req.number}/actions/{action}",
        data=json.dumps(data if data is not None else {}),
        content_type="application/json",
    )


def test_dispose_returns_the_request_as_get_does(api_client, pimpinan, org):
    req = make_request(org, "submitted")
    client = api_client(pimpinan)
    response = act(client, req, "dispose", {"note": "Ke Bidang IKP."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "at_division"
    assert response.json() == client.get(f"/api/v1/requests/{req.number}").json()
    assert response.json()["events"][-1]["note"] == "Ke Bidang IKP."


def test_assign_by_username(api_client, kabid, staf, org):
    req = make_request(org, "at_division")
    response = act(api_client(kabid), req, "assign", {"assignee": "staf", "instruction": "Tayangkan pukul 19.00."})
    assert response.status_code == 200
    req.refresh_from_db()
    assert (req.status, req.assignee) == ("assigned", staf)


def test_submit_a_draft(api_client, pemohon, pimpinan, org):
    req = make_request(org, "draft")
    response = act(api_client(pemohon), req, "submit")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["due_at"] is not None


def test_unknown_number_and_other_organization_are_404(api_client, pemohon_other, org):
    req = make_request(org, "submitted")
    response = act(api_client(pemohon_other), req, "cancel", {"note": "x"})
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    assert PublicationRequest.objects.get(pk=req.pk).status == "submitted"


def test_unknown_action_is_404_before_role_and_status(api_client, pemohon, org):
    req = make_request(org, "published")
    for action in ("fly", "edit"):
        response = act(api_client(pemohon), req, action)
        assert response.status_code == 404


def test_role_is_403_before_status(api_client, pemohon, org):
    req = make_request(org, "published")  # dispose is wrong here for everyone; the role comes first
    response = act(api_client(pemohon), req, "dispose")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_wrong_status_is_409(api_client, pimpinan, org):
    req = make_request(org, "at_division")
    response = act(api_client(pimpinan), req, "dispose")
    assert response.status_code == 409
    assert response.json()["detail"]
    assert not Event.objects.exists()


def test_invalid_data_is_422_naming_the_nested_field(api_client, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    response = act(
        api_client(staf),
        req,
        "publish",
        {"links": {"instagram": "https://www.facebook.com/p/1", "facebook": "https://fb.watch/abc/"}},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [e["loc"] for e in detail] == [["body", "payload", "links", "instagram"]]
    assert "instagram.com" in detail[0]["msg"]
    assert detail[0]["type"]
    assert PublicationRequest.objects.get(pk=req.pk).status == "assigned"


def test_schedule_times_validated_per_platform(api_client, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    response = act(
        api_client(staf), req, "schedule", {"times": {"instagram": "2020-01-01T10:00:00+07:00", "facebook": "besok"}}
    )
    assert response.status_code == 422
    locs = sorted(e["loc"] for e in response.json()["detail"])
    assert locs == [["body", "payload", "times", "facebook"], ["body", "payload", "times", "instagram"]]


def test_reject_reason_named(api_client, kabid, org):
    req = make_request(org, "submitted")
    response = act(api_client(kabid), req, "reject", {"reason": "bosan", "note": "x"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "reason"]


def test_wrong_type_is_ninja_validation_422(api_client, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    response = act(api_client(staf), req, "schedule", {"times": "tomorrow"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:3] == ["body", "payload", "times"]


def test_actions_answer_only_post(api_client, pimpinan, org):
    req = make_request(org, "submitted")
    response = api_client(pimpinan).get(f"/api/v1/requests/{req.number}/actions/dispose")
    assert response.status_code == 405
    assert PublicationRequest.objects.get(pk=req.pk).status == "submitted"
