"""One registry of request fields: the API's enumerations are the models' choices, and the detail
lists the request's attachments."""

from __future__ import annotations

from typing import Any

import pytest

from warta.clock.sla import STATES
from warta.desk.models import Attachment, Channel, Platform, Status
from warta.desk.rules import ACTIONS
from warta.desk.tests.test_api_support import png_file, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _resolve(doc: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = doc["components"]["schemas"][name]
    return node


def enum_of(doc: dict, schema: str, field: str) -> list[str]:
    """The enum of `schema.field` (through $ref, arrays, dict values and nullable anyOf)."""
    node = _resolve(doc, doc["components"]["schemas"][schema]["properties"][field])
    while True:
        node = _resolve(doc, node)
        if "enum" in node:
            return list(node["enum"])
        if "items" in node:
            node = node["items"]
        elif "anyOf" in node:
            node = next(n for n in node["anyOf"] if n.get("type") != "null")
        elif "propertyNames" in node:
            node = node["propertyNames"]
        else:
            raise AssertionError(f"{schema}.{field} has no enum: {node}")


def test_the_openapi_enums_are_the_model_choices(openapi):
    assert enum_of(openapi, "RequestIn", "channel") == Channel.values
    assert enum_of(openapi, "RequestIn", "platforms") == Platform.values
    assert enum_of(openapi, "RequestIn", "captions") == Platform.values
    assert enum_of(openapi, "RequestListOut", "status") == Status.values
    assert enum_of(openapi, "RequestListOut", "channel") == Channel.values
    assert enum_of(openapi, "RequestOut", "platforms") == Platform.values
    assert enum_of(openapi, "PostOut", "platform") == Platform.values
    assert enum_of(openapi, "AttachmentOut", "kind") == Attachment.Kind.values
    assert enum_of(openapi, "SlaOut", "state") == list(STATES)
    assert enum_of(openapi, "EventOut", "action") == list(ACTIONS)
    assert enum_of(openapi, "EventOut", "to_status") == ["", *Status.values]
    status_param = next(p for p in openapi["paths"]["/api/v1/requests"]["get"]["parameters"] if p["name"] == "status")
    assert next(n["enum"] for n in status_param["schema"]["anyOf"] if "enum" in n) == Status.values


def test_a_new_choice_reaches_the_api(openapi):
    """The lists are not copied: every model value is accepted, an unknown one refused."""
    assert "instagram_collab" in enum_of(openapi, "RequestIn", "channel")
    assert set(enum_of(openapi, "RequestIn", "channel")) == {c.value for c in Channel}


def test_the_detail_lists_the_attachments(api_client, pemohon, org, office):
    req = submitted(pemohon, org)
    client = api_client(pemohon)
    upload = client.post(
        f"/api/v1/requests/{req.number}/attachments",
        {"file": png_file("poster.png"), "kind": "content", "alt_text": "Poster vaksinasi"},
    )
    assert upload.status_code == 201, upload.content
    body = client.get(f"/api/v1/requests/{req.number}").json()
    assert len(body["attachments"]) == 1
    attachment = body["attachments"][0]
    assert {k: attachment[k] for k in ("id", "kind", "name", "content_type", "alt_text")} == {
        "id": upload.json()["id"],
        "kind": "content",
        "name": "poster.png",
        "content_type": "image/png",
        "alt_text": "Poster vaksinasi",
    }
    assert attachment["size"] > 0
