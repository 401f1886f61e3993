"""/api/v1/inbox: the list and a conversation in the issue's shapes, replies (free text inside the
24-hour window, a template outside it), and converting to a request or a complaint."""

from __future__ import annotations

import datetime as dt

import pytest

from warta.accounts import roles
from warta.channels import testing
from warta.channels.models import Conversation
from warta.channels.tests.helpers import whatsapp_arrives
from warta.core.tests import samples
from warta.desk.models import PublicationRequest

pytestmark = pytest.mark.django_db
API = "/api/v1/inbox"


@pytest.fixture
def conversation(post, fake):
    return whatsapp_arrives(post, image=fake.add_media(samples.jpeg(400, 300), "image/jpeg"))


def test_the_list_in_the_issues_shape(conversation, api_client, staf):
    body = api_client(staf).get(API).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert set(item) == {"id", "channel", "contact", "last_message_at", "unread", "window_ends_at"}
    assert item["id"] == conversation.pk and item["channel"] == "whatsapp"
    assert item["contact"] == {"name": "Sri Rahayu", "phone": "6281234567890", "handle": ""}
    assert item["unread"] == 2
    last = dt.datetime.fromisoformat(item["last_message_at"])
    assert dt.datetime.fromisoformat(item["window_ends_at"]) - last == dt.timedelta(hours=24)


def test_a_conversation_with_its_messages_and_media_fetchable_with_the_token(conversation, api_client, staf):
    client = api_client(staf)
    body = client.get(f"{API}/{conversation.pk}").json()
    assert [m["type"] for m in body["messages"]] == ["text", "image"]
    text, image = body["messages"]
    assert set(text) == {"id", "direction", "type", "text", "media", "at", "status"}
    assert (text["direction"], text["status"], text["media"]) == ("in", "received", [])
    media = image["media"][0]
    assert media["content_type"] == "image/jpeg"
    download = client.get(media["url"])
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert b"".join(download.streaming_content)[:3] == b"\xff\xd8\xff"
    assert api_client().get(media["url"]).status_code == 401
    assert client.get(API).json()["items"][0]["unread"] == 0  # read now


def test_others_see_no_conversation(conversation, api_client, pemohon):
    client = api_client(pemohon)
    assert client.get(API).json() == {"items": [], "count": 0}
    assert client.get(f"{API}/{conversation.pk}").status_code == 404
    assert (
        client.post(f"{API}/{conversation.pk}/reply", {"text": "x"}, content_type="application/json").status_code == 404
    )


def test_a_reply_inside_the_window_is_sent(conversation, api_client, staf, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(staf).post(
            f"{API}/{conversation.pk}/reply", {"text": "Baik, kami proses."}, content_type="application/json"
        )
    assert response.status_code == 201
    # Answered before the worker sends it: not known to have gone yet.
    assert (response.json()["direction"], response.json()["status"], response.json()["text"]) == (
        "out",
        "unknown",
        "Baik, kami proses.",
    )
    assert sent()[0]["text"] == {"body": "Baik, kami proses."}
    [listed] = [
        m for m in api_client(staf).get(f"{API}/{conversation.pk}").json()["messages"] if m["direction"] == "out"
    ]
    assert (listed["text"], listed["status"]) == ("Baik, kami proses.", "sent")


def test_free_text_outside_the_window_is_409_naming_the_rule_and_a_template_is_201(
    post, fake, api_client, staf, sent, django_capture_on_commit_callbacks
):
    conversation = whatsapp_arrives(post, at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=24, minutes=1))
    client = api_client(staf)
    refused = client.post(f"{API}/{conversation.pk}/reply", {"text": "Halo?"}, content_type="application/json")
    assert refused.status_code == 409
    assert "24 jam" in refused.json()["detail"] and "templat" in refused.json()["detail"]
    assert sent() == []
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"{API}/{conversation.pk}/reply",
            {"template": "permohonan_diterima", "params": ["Sri", "PUB-2026-00001"]},
            content_type="application/json",
        )
    assert answer.status_code == 201 and answer.json()["type"] == "template"
    assert sent()[0]["template"]["name"] == "permohonan_diterima"


def test_a_reply_without_text_or_template_names_the_field(conversation, api_client, staf):
    response = api_client(staf).post(f"{API}/{conversation.pk}/reply", {}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "text"


def test_convert_to_a_request_then_again_is_409(conversation, api_client, staf, org):
    client = api_client(staf)
    response = client.post(
        f"{API}/{conversation.pk}/convert",
        {"to": "request", "organization": "dinkes", "title": "Posyandu balita", "platforms": ["instagram"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    req = PublicationRequest.objects.get()
    assert response.json() == {"number": req.number}
    assert (req.status, req.channel, req.platforms, req.attachments.count()) == ("draft", "whatsapp", ["instagram"], 1)
    again = client.post(
        f"{API}/{conversation.pk}/convert", {"to": "request", "organization": "dinkes"}, content_type="application/json"
    )
    assert again.status_code == 409
    assert PublicationRequest.objects.count() == 1


def test_convert_names_a_wrong_field(conversation, api_client, staf, org):
    response = api_client(staf).post(
        f"{API}/{conversation.pk}/convert",
        {"to": "request", "organization": "tidak-ada", "platforms": ["myspace"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {tuple(d["loc"][-1:]) for d in response.json()["detail"]}
    assert fields == {("organization",), ("platforms",)}
    assert PublicationRequest.objects.count() == 0


def test_convert_to_a_complaint_gives_its_number_and_moves_the_conversation(conversation, api_client, staf, make_user):
    response = api_client(staf).post(
        f"{API}/{conversation.pk}/convert",
        {"to": "complaint", "kind": "suggestion", "title": "Jam layanan diperpanjang"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["number"].startswith("ADU-")
    assert api_client(staf).get(API).json()["count"] == 0
    officer = make_user("pengelola", roles.PENGELOLA_PENGADUAN)
    assert api_client(officer).get(API).json()["items"][0]["id"] == conversation.pk


def test_a_reply_while_whatsapp_is_off_is_409(conversation, api_client, staf, settings):
    settings.WARTA_WHATSAPP_TOKEN = ""
    response = api_client(staf).post(f"{API}/{conversation.pk}/reply", {"text": "x"}, content_type="application/json")
    assert response.status_code == 409 and "WhatsApp belum dikonfigurasi" in response.json()["detail"]


def test_an_instagram_reply_goes_to_the_graph(post, fake, api_client, staf):
    from warta.social.models import Account

    Account.objects.create(
        platform="instagram", account_id=fake.ig_user_id, handle="dinkominfopbg", access_token=fake.token
    )
    post("/webhooks/instagram/", testing.ig_payload(testing.ig_event(text="Halo")))
    conversation = Conversation.objects.get(platform="instagram")
    response = api_client(staf).post(
        f"{API}/{conversation.pk}/reply", {"text": "Halo juga"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert fake.ig_sent[0]["recipient"] == {"id": "1234567890123456"}
    assert fake.ig_sent[0]["message"] == {"text": "Halo juga"}
    assert conversation.messages.get(direction="out").external_id == fake.ig_sent[0]["message_id"]
    template = api_client(staf).post(
        f"{API}/{conversation.pk}/reply", {"template": "x"}, content_type="application/json"
    )
    assert template.status_code == 422 and template.json()["detail"][0]["loc"][-1] == "template"
