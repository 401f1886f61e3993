"""GET /api/v1/requests: the paginated list of what the caller may see, with filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from warta.desk.tests.test_api_support import make_request

pytestmark = pytest.mark.django_db
URL = "/api/v1/requests"


@pytest.fixture
def desk(org, upt, other_org, staf):
    now = timezone.now()
    return {
        "own": make_request(org, "submitted", received_at=now - dt.timedelta(minutes=3)),
        "own_draft": make_request(org, "draft", received_at=now - dt.timedelta(minutes=2)),
        "upt": make_request(upt, "assigned", assignee=staf, received_at=now - dt.timedelta(minutes=1)),
        "other": make_request(other_org, "submitted", received_at=now),
    }


def numbers(response) -> list[str]:
    return [item["number"] for item in response.json()["items"]]


def test_staff_see_the_whole_desk_newest_first(api_client, kabid, desk):
    response = api_client(kabid).get(URL)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"items", "count"}
    assert data["count"] == 4
    assert numbers(response) == [desk[k].number for k in ("other", "upt", "own_draft", "own")]
    first = data["items"][0]
    assert first["organization"] == "dindik"
    assert first["status"] == "submitted"
    assert first["platforms"] == ["instagram", "facebook"]
    assert {"title", "channel", "received_at", "due_at"} <= set(first)


def test_parent_operator_sees_own_and_upt_requests(api_client, pemohon, desk):
    response = api_client(pemohon).get(URL)
    assert response.json()["count"] == 3
    assert desk["other"].number not in numbers(response)


def test_upt_operator_sees_only_the_upt(api_client, pemohon_upt, desk):
    response = api_client(pemohon_upt).get(URL)
    assert numbers(response) == [desk["upt"].number]


def test_roles_outside_the_desk_see_nothing(api_client, pengelola, desk):
    response = api_client(pengelola).get(URL)
    assert response.json() == {"items": [], "count": 0}


def test_filter_by_status_and_organization(api_client, kabid, pemohon, desk):
    client = api_client(kabid)
    assert numbers(client.get(URL, {"status": "submitted"})) == [desk["other"].number, desk["own"].number]
    assert numbers(client.get(URL, {"organization": "pkm-bojongsari"})) == [desk["upt"].number]
    assert numbers(client.get(URL, {"organization": "dinkes", "status": "draft"})) == [desk["own_draft"].number]
    # An operator filtering on another organisation finds nothing, not its requests.
    assert api_client(pemohon).get(URL, {"organization": "dindik"}).json()["count"] == 0


def test_pagination_envelope(api_client, kabid, desk):
    response = api_client(kabid).get(URL, {"limit": 2, "offset": 1})
    assert response.json()["count"] == 4
    assert numbers(response) == [desk["upt"].number, desk["own_draft"].number]


def test_unknown_status_filter_is_422(api_client, kabid, desk):
    response = api_client(kabid).get(URL, {"status": "lost"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]
