"""GET /api/v1/reports/monthly: the figures of §7 with their names and types, who may read them."""

from __future__ import annotations

import pytest

from warta.accounts import roles
from warta.evaluation.tests.dataset import build

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/monthly"


@pytest.fixture
def world(org, upt, other_org, pemohon, pimpinan, kabid, staf, office):
    return build(org=org, upt=upt, other_org=other_org, pemohon=pemohon, pimpinan=pimpinan, kabid=kabid, staf=staf)


def test_the_month_by_hand(world, kabid, api_client):
    response = api_client(kabid).get(URL, {"month": "2026-11"})
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "month": "2026-11",
        "organization": None,
        "requests": {
            "received": 7,
            "published": 3,
            "rejected": 1,
            "cancelled": 1,
            "open": 2,
            "by_channel": {"web": 4, "whatsapp": 1, "social_dm": 1, "in_person": 1},
            "by_organization": {"dinkes": 5, "dindik": 1, "pkm-bojongsari": 1},
            "by_platform": {"instagram": 5, "facebook": 2, "x": 1},
            "within_standard_share": 0.6667,
            "minutes_to_publish": {"median": 50, "p90": 82},
            "step_minutes": {"dispose": 15, "assign": 20, "publish": 25},
        },
        "complaints": {
            tier: {"received": 0, "answered_on_time": 0}
            for tier in ("light", "normative", "no_supervision", "investigation")
        },
        "skm": None,
        "breaches": {"open": 0, "justified": 0, "violations": 0},
    }


def test_an_organization_includes_its_upts(world, kabid, api_client, org):
    body = api_client(kabid).get(URL, {"month": "2026-11", "organization": org.code}).json()
    assert body["organization"] == "dinkes"
    assert body["requests"]["received"] == 6
    assert body["requests"]["by_organization"] == {"dinkes": 5, "pkm-bojongsari": 1}


def test_an_empty_month_answers_nulls(db, kabid, api_client):
    body = api_client(kabid).get(URL, {"month": "2031-02"}).json()
    assert body["requests"]["received"] == 0
    assert body["requests"]["within_standard_share"] is None
    assert body["requests"]["minutes_to_publish"] == {"median": None, "p90": None}
    assert body["requests"]["step_minutes"] == {"dispose": None, "assign": None, "publish": None}


def test_the_skm_index(db, kabid, api_client):
    import datetime as dt

    from django.utils import timezone

    from warta.standards.models import Service
    from warta.survey.models import Response

    service = Service.objects.create(slug="publikasi-konten-media-sosial", title="Standar Publikasi Konten")
    Response.objects.create(
        service=service, surveyed_on=dt.date(2026, 3, 2), submitted_at=timezone.now(),
        sex="P", age=30, education="SMA", occupation="SWASTA", **{f"u{i}": 4 for i in range(1, 10)},
    )  # fmt: skip
    body = api_client(kabid).get(URL, {"month": "2026-11"}).json()
    assert body["skm"] == {"period": "2026", "ikm": 100.0, "grade": "A"}
    assert api_client(kabid).get(URL, {"month": "2027-01"}).json()["skm"]["period"] == "2026"  # the year before
    assert api_client(kabid).get(URL, {"month": "2025-01"}).json()["skm"] is None


@pytest.mark.parametrize("month", ["", "2026-13", "2026-1", "november", "2026-11-01", "2026-00", "x" * 30])
def test_a_bad_month_is_422_naming_month(db, kabid, api_client, month):
    response = api_client(kabid).get(URL, {"month": month})
    assert response.status_code == 422
    assert any(error["loc"][-1] == "month" for error in response.json()["detail"])


def test_no_month_is_422_naming_month(db, kabid, api_client):
    response = api_client(kabid).get(URL)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "month"]


def test_an_unknown_organization_is_422(db, kabid, api_client):
    response = api_client(kabid).get(URL, {"month": "2026-11", "organization": "nope"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "organization"]


@pytest.mark.parametrize(
    "role,expected",
    [
        (roles.PIMPINAN, 200),
        (roles.KABID_IKP, 200),
        (roles.FUNGSIONAL_IKP, 200),
        (roles.ADMIN, 200),
        (roles.STAF_IKP, 403),
        (roles.PEMOHON, 403),
        (roles.PENGELOLA_PENGADUAN, 403),
        (roles.TIM_PENGADUAN, 403),
    ],
)
def test_who_may_read(db, make_user, api_client, role, expected):
    user = make_user(f"u_{role}", role)
    assert api_client(user).get(URL, {"month": "2026-11"}).status_code == expected


def test_without_a_token_401(db, api_client):
    assert api_client().get(URL, {"month": "2026-11"}).status_code == 401


def test_the_schema_documents_the_statuses(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["get"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "422"}
