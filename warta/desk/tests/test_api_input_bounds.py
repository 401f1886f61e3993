"""Bad input to the API answers 4xx naming the field, and nothing is stored: links that are not
http(s), text longer than its column, NUL bytes and control characters, paging out of bounds."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from warta.core.models import OfficeProfile
from warta.desk.models import PlatformPost, PublicationRequest, Status
from warta.desk.tests.test_api_create import body
from warta.desk.tests.test_api_support import make_request

URL = "/api/v1/requests"

pytestmark = pytest.mark.django_db


def post(client, data, url=URL):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def locs(response) -> list[list]:
    return [item["loc"] for item in response.json()["detail"]]


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<script>x</script>", "ftp://x.id/a"],
)
def test_a_link_that_is_not_http_is_refused_and_not_stored(api_client, pemohon, office, link):
    response = post(api_client(pemohon), body(links=["https://dinkes.example.go.id/berita", link]))
    assert response.status_code == 422, response.content
    assert ["body", "payload", "links"] in locs(response)
    assert not PublicationRequest.objects.exists()


def test_an_http_link_is_stored_and_rendered_as_a_link(api_client, client, pemohon, office):
    response = post(api_client(pemohon), body(links=["https://dinkes.example.go.id/berita/hpv"]))
    assert response.status_code == 201, response.content
    req = PublicationRequest.objects.get()
    client.force_login(pemohon)
    page = client.get(req.get_absolute_url()).content.decode()
    assert '<a href="https://dinkes.example.go.id/berita/hpv"' in page


def test_a_stored_javascript_link_is_never_rendered_as_href(client, pemohon, org, office):
    # A row written before the validation existed (or by a raw query) is shown as text only.
    req = make_request(org, Status.SUBMITTED, links=["javascript:alert(1)"])
    client.force_login(pemohon)
    page = client.get(req.get_absolute_url()).content.decode()
    assert "javascript:alert(1)" in page
    assert 'href="javascript:' not in page


def test_the_model_refuses_a_post_link_and_an_office_website_that_are_not_http(org, office):
    req = make_request(org, Status.PUBLISHED)
    post_ = PlatformPost(request=req, platform="instagram", url="javascript:alert(1)")
    with pytest.raises(ValidationError) as err:
        post_.full_clean()
    assert "url" in err.value.message_dict
    profile = OfficeProfile.objects.get()
    profile.website = "javascript:alert(1)"
    with pytest.raises(ValidationError) as err:
        profile.full_clean()
    assert "website" in err.value.message_dict


def test_the_admin_refuses_a_javascript_link_in_a_request(admin_client, org, office):
    req = make_request(org, Status.SUBMITTED)
    page = admin_client.get(f"/admin/desk/publicationrequest/{req.pk}/change/")
    assert page.status_code == 200
    # The model's own validation is what the admin form runs.
    req.links = ["javascript:alert(1)"]
    with pytest.raises(ValidationError) as err:
        req.full_clean(exclude=["service"])
    assert "links" in err.value.message_dict


def test_a_publish_link_that_is_not_http_is_refused(api_client, staf, org, office):
    req = make_request(org, Status.ASSIGNED, assignee=staf, platforms=["instagram"])
    response = post(
        api_client(staf),
        {"links": {"instagram": "javascript://instagram.com/%0aalert(1)"}},
        f"{URL}/{req.number}/actions/publish",
    )
    assert response.status_code == 422
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED


@pytest.mark.parametrize(
    ("field", "value", "loc"),
    [
        ("title", "J" * 201, ["body", "payload", "title"]),
        ("collaborator", "c" * 101, ["body", "payload", "collaborator"]),
        ("contact", {"name": "N" * 151, "phone": "0812", "email": ""}, ["body", "payload", "contact", "name"]),
        ("contact", {"name": "Rina", "phone": "0" * 31, "email": ""}, ["body", "payload", "contact", "phone"]),
        ("letter", {"number": "1" * 101}, ["body", "payload", "letter", "number"]),
    ],
)
def test_text_longer_than_its_column_is_422_naming_the_field(api_client, pemohon, office, field, value, loc):
    response = post(api_client(pemohon), body(**{field: value}))
    assert response.status_code == 422, response.content
    assert loc in locs(response)
    assert not PublicationRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "loc"),
    [
        ("title", "Vaksinasi\x00HPV", ["body", "payload", "title"]),
        ("title", "Vaksinasi\nHPV", ["body", "payload", "title"]),
        ("caption", "Ayo\x07 vaksinasi", ["body", "payload", "caption"]),
        ("caption", "Ayo\x00", ["body", "payload", "caption"]),
        ("contact", {"name": "Ri\x1bna", "phone": "0812", "email": ""}, ["body", "payload", "contact", "name"]),
    ],
)
def test_nul_and_control_characters_are_422_naming_the_field(api_client, pemohon, office, field, value, loc):
    response = post(api_client(pemohon), body(**{field: value}))
    assert response.status_code == 422, response.content
    assert loc in locs(response)
    assert not PublicationRequest.objects.exists()


def test_a_caption_may_have_line_breaks_and_tabs(api_client, pemohon, office):
    response = post(api_client(pemohon), body(caption="Baris satu\nBaris dua\r\n\tdan tab"))
    assert response.status_code == 201, response.content


def test_an_action_note_with_a_nul_byte_is_422(api_client, pimpinan, org, office):
    req = make_request(org, Status.SUBMITTED)
    response = post(api_client(pimpinan), {"note": "segera\x00"}, f"{URL}/{req.number}/actions/dispose")
    assert response.status_code == 422
    assert ["body", "payload", "note"] in locs(response)
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED


def test_a_not_published_reason_longer_than_its_column_is_422(api_client, staf, org, office):
    req = make_request(org, Status.ASSIGNED, assignee=staf, platforms=["instagram", "x"])
    response = post(
        api_client(staf),
        {"links": {"instagram": "https://www.instagram.com/p/abc/"}, "not_published": {"x": "r" * 301}},
        f"{URL}/{req.number}/actions/publish",
    )
    assert response.status_code == 422
    assert ["body", "payload", "not_published", "x"] in locs(response)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=-1", "limit"),
        ("offset=-1", "offset"),
        ("offset=2147483648", "offset"),
        ("offset=9223372036854775808", "offset"),
        ("limit=abc", "limit"),
    ],
)
def test_paging_out_of_bounds_is_422_naming_the_parameter(api_client, kabid, query, name):
    response = api_client(kabid).get(f"{URL}?{query}")
    assert response.status_code == 422, response.content
    assert ["query", name] in locs(response)


def test_paging_at_the_bounds_works_and_past_the_end_is_empty(api_client, kabid, org, office):
    make_request(org, Status.SUBMITTED)
    client = api_client(kabid)
    first = client.get(f"{URL}?limit=200&offset=0")
    assert first.status_code == 200
    assert len(first.json()["items"]) == 1
    past = client.get(f"{URL}?limit=1&offset=2147483647")
    assert past.status_code == 200
    assert past.json()["items"] == []
    assert past.json()["count"] == 1


def test_a_body_that_is_not_json_is_400(api_client, pemohon, office):
    response = api_client(pemohon).post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_the_schema_documents_every_status_an_operation_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert "422" in statuses, (method, path)
            if path.startswith("/api/v1/requests"):
                assert {"400", "401"} <= statuses, (method, path)
    listing = schema["paths"]["/api/v1/requests"]["get"]
    params = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert params["limit"]["minimum"] == 1 and params["limit"]["maximum"] == 200
    assert params["offset"]["minimum"] == 0 and params["offset"]["maximum"] == 2**31 - 1


def test_a_multipart_body_without_a_boundary_is_a_json_400(api_client, pemohon, org, office):
    req = make_request(org, Status.SUBMITTED)
    response = api_client(pemohon).post(
        f"{URL}/{req.number}/attachments", data=b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("moment", ["0514-03-16T09:00:00+07:00", "2020-01-02T09:00:00+07:00"])
def test_a_time_of_receipt_more_than_a_year_back_is_422(api_client, kabid, org, office, moment):
    response = post(api_client(kabid), body(organization=org.code, received_at=moment))
    assert response.status_code == 422, response.content
    assert ["body", "payload", "received_at"] in locs(response)
    assert not PublicationRequest.objects.exists()
