"""Bearer tokens and the OpenAPI schema of the desk's API."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from warta.accounts.models import ApiToken
from warta.desk.tests.test_api_support import make_request

pytestmark = pytest.mark.django_db


def test_issue_token_prints_a_token_that_works_until_revoked(pemohon, org):
    req = make_request(org, "submitted")
    out = io.StringIO()
    call_command("issue_token", pemohon.username, stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("wrt_")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.get("/api/v1/requests")
    assert response.status_code == 200
    assert [item["number"] for item in response.json()["items"]] == [req.number]

    ApiToken.objects.get(user=pemohon).revoke()
    assert client.get("/api/v1/requests").status_code == 401
    assert client.get(f"/api/v1/requests/{req.number}").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/requests"),
        ("post", "/api/v1/requests"),
        ("get", "/api/v1/requests/PUB-2026-00001"),
        ("post", "/api/v1/requests/PUB-2026-00001/actions/dispose"),
        ("post", "/api/v1/requests/PUB-2026-00001/attachments"),
    ],
)
def test_every_endpoint_wants_a_token(method, path, org):
    make_request(org, "submitted")
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrt_not-a-token"}):
        response = getattr(Client(**headers), method)(path)
        assert response.status_code == 401
        assert response.json() == {"detail": "Unauthorized"}


def test_openapi_schema_lists_the_desk_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in (
        "/api/v1/requests",
        "/api/v1/requests/{number}",
        "/api/v1/requests/{number}/actions/{action}",
        "/api/v1/requests/{number}/attachments",
    ):
        assert path in paths
    assert set(paths["/api/v1/requests"]) == {"get", "post"}
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()
    assert "RequestIn" in schema["components"]["schemas"]


def test_docs_page_answers(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
