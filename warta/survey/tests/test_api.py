"""POST /api/v1/skm/responses and GET /api/v1/skm/results."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from warta.survey.models import Invitation, Response, Source, Way
from warta.survey.services import close_period, get_period

from .conftest import answers, api_payload, make_response

URL = "/api/v1/skm/responses"


def post(client, payload):
    return client.post(URL, data=json.dumps(payload), content_type="application/json")


@pytest.fixture
def anon(api_client, service, office):
    return api_client()


def test_anonymous_post_is_201(anon):
    response = post(anon, api_payload())
    assert response.status_code == 201, response.content
    body = response.json()
    saved = Response.objects.get(pk=body["id"])
    assert body["source"] == "online" and body["way"] == "api"
    assert saved.source == Source.ONLINE and saved.u2 == 3 and saved.education == "D4-S1"
    assert saved.suggestion == "Pertahankan kecepatan."


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"answers": answers(4, 4, 5, 4, 4, 4, 4, 4, 4)}, ["body", "payload", "answers", "u3"]),
        ({"answers": answers(4, 4, 4, 4, 4, 4, 4, 4, 0)}, ["body", "payload", "answers", "u9"]),
        ({"answers": {**answers(), "u6": "4"}}, ["body", "payload", "answers", "u6"]),
        (
            {"respondent": {"sex": "X", "age": 30, "education": "SMA", "occupation": "PNS"}},
            ["body", "payload", "respondent", "sex"],
        ),
        (
            {"respondent": {"sex": "L", "age": 30, "education": "S9", "occupation": "PNS"}},
            ["body", "payload", "respondent", "education"],
        ),
        (
            {"respondent": {"sex": "L", "age": 30, "education": "SMA", "occupation": "PETANI"}},
            ["body", "payload", "respondent", "occupation"],
        ),
        (
            {"respondent": {"sex": "L", "age": 300, "education": "SMA", "occupation": "PNS"}},
            ["body", "payload", "respondent", "age"],
        ),
    ],
)
def test_schema_errors_are_422_naming_the_field(anon, change, loc):
    response = post(anon, {**api_payload(), **change})
    assert response.status_code == 422
    locs = [item["loc"] for item in response.json()["detail"]]
    assert loc in locs
    assert Response.objects.count() == 0


def test_missing_answer_is_422(anon):
    payload = api_payload()
    del payload["answers"]["u4"]
    response = post(anon, payload)
    assert response.status_code == 422
    assert ["body", "payload", "answers", "u4"] in [item["loc"] for item in response.json()["detail"]]


def test_unknown_service_is_422(anon):
    response = post(anon, api_payload("tidak-ada"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "service"]
    assert response.json()["detail"][0]["msg"] == "Layanan tidak dikenal."


def test_anonymous_may_not_date_or_mark_paper(anon):
    response = post(anon, api_payload(surveyed_at="2026-01-05"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "surveyed_at"]
    response = post(anon, api_payload(source="paper"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "source"]
    assert Response.objects.count() == 0


def test_pemohon_token_is_not_staff(api_client, pemohon, service, office):
    response = post(api_client(pemohon), api_payload(surveyed_at="2026-01-05", source="paper"))
    assert response.status_code == 422


def test_staff_token_enters_paper_with_its_date(api_client, staf, service, office):
    with time_machine.travel("2026-06-20 10:00:00+07:00", tick=False):
        response = post(api_client(staf), api_payload(surveyed_at="2026-06-03", source="paper"))
    assert response.status_code == 201, response.content
    saved = Response.objects.get()
    assert saved.surveyed_on == dt.date(2026, 6, 3)
    assert saved.source == Source.PAPER and saved.way == Way.STAFF
    assert saved.entered_by == staf


def test_staff_future_date_is_422(api_client, staf, service, office):
    with time_machine.travel("2026-06-20 10:00:00+07:00", tick=False):
        response = post(api_client(staf), api_payload(surveyed_at="2026-06-21"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "surveyed_at"]


def test_closed_period_refuses_answers_dated_in_it(api_client, staf, kabid, service, office):
    with time_machine.travel("2026-06-20 10:00:00+07:00", tick=False):
        from warta.survey.services import open_periods

        q1 = open_periods(service, 2026, "quarter", by=kabid)[0]
        close_period(q1, kabid)
        response = post(api_client(staf), api_payload(surveyed_at="2026-02-10"))
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "payload", "surveyed_at"]
        assert "2026-Q1" in response.json()["detail"][0]["msg"]
        assert post(api_client(staf), api_payload(surveyed_at="2026-04-10")).status_code == 201
    assert Response.objects.count() == 1


def test_invitation_once_then_409(anon, make_request):
    obj = make_request()
    invitation = Invitation.objects.create(request=obj, service=obj.service)
    first = post(anon, api_payload(invitation=invitation.code))
    assert first.status_code == 201
    assert first.json()["way"] == "invitation"
    second = post(anon, api_payload(invitation=invitation.code))
    assert second.status_code == 409
    assert second.json()["detail"][0]["loc"] == ["body", "payload", "invitation"]
    assert Response.objects.count() == 1


def test_unknown_invitation_is_422(anon):
    response = post(anon, api_payload(invitation="tidak-ada"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "invitation"]


@time_machine.travel("2026-05-04 09:00:30+07:00", tick=False)  # well inside one rate window
def test_flood_limit_is_429_but_not_for_staff(api_client, staf, service, office, settings):
    settings.SKM_RATE_LIMIT = (2, 600)
    anon = api_client()
    assert post(anon, api_payload()).status_code == 201
    assert post(anon, api_payload()).status_code == 201
    assert post(anon, api_payload()).status_code == 429
    staff_client = api_client(staf)
    for _ in range(4):
        assert post(staff_client, api_payload(surveyed_at="2026-01-02")).status_code == 201
    assert Response.objects.count() == 6


def test_bad_token_is_401(api_client, service):
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION="Bearer nonsense")
    assert post(client, api_payload()).status_code == 401


def test_results_endpoint_fields(api_client, service, make_request):
    for i in range(4):
        make_request(dt.datetime(2026, 2, 1 + i, 3, 0, tzinfo=dt.UTC))
    make_response(service, dt.date(2026, 2, 10), (4, 4, 4, 4, 4, 4, 4, 4, 4))
    make_response(service, dt.date(2026, 2, 11), (3, 3, 2, 4, 3, 3, 3, 3, 3))
    response = api_client().get("/api/v1/skm/results", {"service": service.slug, "period": "2026"})
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2026"
    assert body["population"] == 4
    assert body["target_sample"] == 4
    assert body["respondents"] == 2
    assert body["nrr"] == {
        "u1": 3.5,
        "u2": 3.5,
        "u3": 3.0,
        "u4": 4.0,
        "u5": 3.5,
        "u6": 3.5,
        "u7": 3.5,
        "u8": 3.5,
        "u9": 3.5,
    }
    # Sum of NRR = 31.5 → IKM = 3.5 → 87.50, B
    assert body["ikm"] == 3.5
    assert body["ikm_converted"] == 87.5
    assert body["grade"] == "B"
    assert body["grade_label"] == "Baik"


def test_results_office_as_a_whole(api_client, service, other_service):
    make_response(service, dt.date(2026, 2, 10), (4,) * 9)
    make_response(other_service, dt.date(2026, 2, 10), (2,) * 9)
    body = api_client().get("/api/v1/skm/results", {"period": "2026-Q1"}).json()
    assert body["service"] is None
    assert body["respondents"] == 2
    assert body["ikm_converted"] == 75.0
    assert body["grade"] == "C"


def test_results_errors(api_client, service):
    client = api_client()
    assert client.get("/api/v1/skm/results", {"service": "tidak-ada", "period": "2026"}).status_code == 404
    assert client.get("/api/v1/skm/results", {"service": service.slug, "period": "2026-Q5"}).status_code == 422
    assert client.get("/api/v1/skm/results", {"service": service.slug, "period": "2026-H1"}).status_code == 404


def test_yearly_period_exists_without_anyone_opening_it(api_client, service):
    assert not service.survey_periods.exists()
    response = api_client().get("/api/v1/skm/results", {"service": service.slug, "period": "2027"})
    assert response.status_code == 200
    assert response.json()["respondents"] == 0
    assert response.json()["grade"] is None
    assert get_period(service, "2027").code == "2027"
