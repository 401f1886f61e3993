"""The webhooks: the handshake, signatures checked on the raw body, deliveries stored once and
processed into conversations, messages, media and statuses, in Meta's documented shapes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from warta.channels import testing
from warta.channels.models import Conversation, Delivery, Media, Message, StatusUpdate
from warta.channels.tests.conftest import SECRET, VERIFY
from warta.core.tests import samples

WA = "/webhooks/whatsapp/"
IG = "/webhooks/instagram/"

pytestmark = pytest.mark.django_db


# --- the handshake ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [WA, "/webhooks/whatsapp", IG, "/webhooks/instagram"])
def test_the_handshake_answers_the_challenge_as_plain_text_on_both_spellings(client, fake, path):
    response = client.get(path, {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"})
    assert response.status_code == 200
    assert response.content == b"1158201444"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY, "hub.challenge": "1"},
        {"hub.challenge": "1"},
    ],
)
def test_a_handshake_with_the_wrong_token_or_mode_is_403(client, fake, query):
    response = client.get(WA, query)
    assert response.status_code == 403
    assert b"1" not in response.content


def test_no_handshake_succeeds_while_no_verify_token_is_set(client, settings):
    settings.WARTA_META_VERIFY_TOKEN = ""
    response = client.get(WA, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"})
    assert response.status_code == 403


# --- signatures ------------------------------------------------------------------------------------


def _text_payload(text: str = "Halo") -> dict:
    return testing.wa_payload(testing.wa_value([testing.wa_message(text=text)]))


def test_a_signed_post_without_csrf_token_is_stored_and_answered_200_on_both_spellings(
    fake, django_capture_on_commit_callbacks
):
    client = Client(enforce_csrf_checks=True)
    for path in (WA, "/webhooks/whatsapp"):
        with django_capture_on_commit_callbacks(execute=True):
            response = testing.post(client, path, _text_payload(), SECRET)
        assert response.status_code == 200
    assert Delivery.objects.count() == 2
    assert Message.objects.count() == 2


def test_a_post_without_a_signature_is_403_and_nothing_is_kept(client, fake):
    response = client.post(WA, data=testing.encode(_text_payload()), content_type="application/json")
    assert response.status_code == 403
    assert Delivery.objects.count() == 0 and Message.objects.count() == 0


def test_a_post_signed_with_another_secret_is_403(post):
    assert post(WA, _text_payload(), secret="someone-elses-secret").status_code == 403
    assert Delivery.objects.count() == 0


def test_a_body_altered_after_signing_is_403(client, fake):
    body = testing.encode(_text_payload("Mohon dipublikasikan"))
    headers = testing.signed_headers(body, SECRET)
    altered = body.replace(b"Mohon dipublikasikan", b"Mohon dihapus saja!!")
    response = client.post(
        WA,
        data=altered,
        content_type="application/json",
        headers={"X-Hub-Signature-256": headers["X-Hub-Signature-256"]},
    )
    assert response.status_code == 403
    assert Delivery.objects.count() == 0


def test_the_signature_is_over_the_raw_bytes_not_re_serialised_json(client, fake, django_capture_on_commit_callbacks):
    """Meta's bytes (spaces, escaped unicode) verify as sent; the same JSON re-serialised does not."""
    raw = json.dumps(_text_payload("Sugeng énjing"), indent=2, ensure_ascii=True).encode()
    signature = testing.signed_headers(raw, SECRET)["X-Hub-Signature-256"]
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(WA, data=raw, content_type="application/json", headers={"X-Hub-Signature-256": signature})
    assert ok.status_code == 200
    compact = testing.encode(json.loads(raw))
    refused = client.post(WA, data=compact, content_type="application/json", headers={"X-Hub-Signature-256": signature})
    assert refused.status_code == 403
    assert Message.objects.get().text == "Sugeng énjing"


def test_a_post_is_refused_while_no_app_secret_is_set(post, settings):
    settings.WARTA_META_APP_SECRET = ""
    assert post(WA, _text_payload(), secret="").status_code == 403


# --- WhatsApp messages -----------------------------------------------------------------------------


def test_a_text_message_makes_a_conversation_with_the_contact(post):
    at = int(dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC).timestamp())
    message = testing.wa_message(text="Mohon dipublikasikan kegiatan posyandu", timestamp=at)
    assert post(WA, testing.wa_payload(testing.wa_value([message]))).status_code == 200
    conversation = Conversation.objects.get()
    assert (conversation.platform, conversation.contact_name, conversation.contact_phone) == (
        "whatsapp",
        "Sri Rahayu",
        "6281234567890",
    )
    stored = conversation.messages.get()
    assert (stored.external_id, stored.type, stored.text, stored.direction) == (
        message["id"],
        "text",
        "Mohon dipublikasikan kegiatan posyandu",
        "in",
    )
    assert stored.at == dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)
    assert conversation.unread == 1 and conversation.last_inbound_at == stored.at
    assert Delivery.objects.get().processed_at is not None


def test_the_same_message_delivered_twice_is_kept_once(post):
    payload = _text_payload()
    assert post(WA, payload).status_code == 200
    assert post(WA, payload).status_code == 200
    assert Delivery.objects.count() == 2  # both stored raw as they came
    assert Message.objects.count() == 1
    assert Conversation.objects.get().unread == 1


def test_one_post_may_carry_several_entries_changes_and_messages(post):
    first = testing.wa_value([testing.wa_message(text="satu"), testing.wa_message(text="dua")])
    second = testing.wa_value(
        [testing.wa_message(text="tiga", phone="6285700000001")],
        contacts=[testing.wa_contact("Budi", "6285700000001")],
    )
    payload = testing.wa_payload(first, second)
    payload["entry"].append(
        {
            "id": testing.WABA_ID,
            "changes": [{"field": "messages", "value": testing.wa_value([testing.wa_message(text="empat")])}],
        }
    )
    assert post(WA, payload).status_code == 200
    assert sorted(Message.objects.values_list("text", flat=True)) == ["dua", "empat", "satu", "tiga"]
    assert sorted(Conversation.objects.values_list("contact_name", flat=True)) == ["Budi", "Sri Rahayu"]


def test_a_contact_without_a_phone_number_is_known_by_the_business_scoped_user_id(post):
    user_id = "ID.1349120865530274191"
    message = testing.wa_message(text="Halo", phone=None, user_id=user_id)
    contacts = [testing.wa_contact("Rina", phone=None, user_id=user_id)]
    assert post(WA, testing.wa_payload(testing.wa_value([message], contacts=contacts))).status_code == 200
    conversation = Conversation.objects.get()
    assert (conversation.contact_key, conversation.contact_user_id, conversation.contact_phone) == (
        user_id,
        user_id,
        "",
    )
    # The same person later shares their number: still one conversation, now with the number.
    later = testing.wa_message(text="Nomor saya", phone="6281299990000", user_id=user_id)
    contacts = [testing.wa_contact("Rina", phone="6281299990000", user_id=user_id)]
    assert post(WA, testing.wa_payload(testing.wa_value([later], contacts=contacts))).status_code == 200
    conversation.refresh_from_db()
    assert Conversation.objects.count() == 1 and conversation.contact_phone == "6281299990000"
    assert conversation.messages.count() == 2


MEDIA_CASES = {
    "image": (samples.jpeg(400, 300), "image/jpeg", "image/jpeg"),
    "document": (samples.pdf(), "application/pdf", "application/pdf"),
    "video": (samples.three_gp(), "video/3gpp", "video/3gpp"),
    "audio": (samples.ogg_opus(), "audio/ogg; codecs=opus", "audio/ogg"),
}


@pytest.mark.parametrize("kind", list(MEDIA_CASES))
def test_each_media_type_is_fetched_from_the_graph_and_checked_by_content(post, fake, kind):
    content, declared, expected = MEDIA_CASES[kind]
    media_id = fake.add_media(content, declared)
    message = testing.wa_message(
        kind,
        media_id=media_id,
        mime_type=declared,
        caption="Foto kegiatan" if kind == "image" else "",
        filename="surat.pdf" if kind == "document" else "",
    )
    assert post(WA, testing.wa_payload(testing.wa_value([message]))).status_code == 200
    media = Media.objects.get()
    assert media.error == ""
    assert (media.content_type, media.source_id) == (expected, media_id)
    assert media.file.name.startswith("uploads/") and media.fetched_at is not None
    assert bool(media.thumbnail) == (kind == "image")
    if kind == "document":
        assert media.original_name == "surat.pdf"
        assert media.file.read() == content
    stored = Message.objects.get()
    assert stored.type == kind
    # The Graph was asked for the media's URL, then the URL fetched (with the bearer token).
    assert ("GET", f"/v25.0/{media_id}") in fake.calls
    assert ("GET", f"/whatsapp-media/{media_id}") in fake.calls


def test_a_quicktime_video_is_kept_as_one(post, fake):
    media_id = fake.add_media(samples.mov(), "video/quicktime")
    message = testing.wa_message("video", media_id=media_id, mime_type="video/quicktime")
    assert post(WA, testing.wa_payload(testing.wa_value([message]))).status_code == 200
    media = Media.objects.get()
    assert (media.error, media.content_type) == ("", "video/quicktime")
    assert media.file.name.endswith(".mov") and media.file.read() == samples.mov()


def test_media_that_is_not_what_it_claims_is_not_kept_and_says_why(post, fake):
    media_id = fake.add_media(b"<html><script>alert(1)</script></html>", "image/jpeg")
    message = testing.wa_message("image", media_id=media_id, mime_type="image/jpeg")
    assert post(WA, testing.wa_payload(testing.wa_value([message]))).status_code == 200
    media = Media.objects.get()
    assert not media.file and media.fetched_at is None
    assert "tidak dikenali" in media.error


def test_media_is_not_fetched_without_the_whatsapp_token(post, fake, settings):
    settings.WARTA_WHATSAPP_TOKEN = ""
    media_id = fake.add_media(samples.jpeg(), "image/jpeg")
    post(WA, testing.wa_payload(testing.wa_value([testing.wa_message("image", media_id=media_id)])))
    assert "WARTA_WHATSAPP_TOKEN" in Media.objects.get().error
    assert ("GET", f"/whatsapp-media/{media_id}") not in fake.calls


# --- statuses --------------------------------------------------------------------------------------


@pytest.fixture
def sent_message(fake, django_capture_on_commit_callbacks):
    """A message the office sent through the WhatsApp sender (the fake Cloud API gave its wamid)."""
    from warta.notify import whatsapp

    with django_capture_on_commit_callbacks(execute=True):
        message = whatsapp.send_text("6281234567890", "Permohonan Anda kami terima.", key="test:1")
    message.refresh_from_db()
    assert message.status == "sent" and message.wamid
    return message


def test_statuses_move_the_outbound_record_forward_once_each(post, sent_message):
    wamid = sent_message.wamid
    for status in ("sent", "delivered", "read"):
        payload = testing.wa_payload(testing.wa_value(statuses=[testing.wa_status(wamid, status)]))
        assert post(WA, payload).status_code == 200
    # Meta repeats "delivered" after "read": kept once, and the message stays read.
    post(WA, testing.wa_payload(testing.wa_value(statuses=[testing.wa_status(wamid, "delivered")])))
    sent_message.refresh_from_db()
    assert sent_message.status == "read" and sent_message.read_at is not None
    assert sorted(StatusUpdate.objects.values_list("status", flat=True)) == ["delivered", "read", "sent"]


def test_a_failed_status_carries_its_error_to_the_outbound_record(post, sent_message):
    post(WA, testing.wa_payload(testing.wa_value(statuses=[testing.wa_status(sent_message.wamid, "failed")])))
    row = StatusUpdate.objects.get()
    assert row.status == "failed" and row.error.startswith("131047: Re-engagement message")
    sent_message.refresh_from_db()
    assert sent_message.status == "failed" and sent_message.error == row.error


def test_a_status_of_a_message_warta_did_not_send_is_kept_alone(post):
    post(WA, testing.wa_payload(testing.wa_value(statuses=[testing.wa_status(testing.wamid(), "delivered")])))
    assert StatusUpdate.objects.get().status == "delivered"


def test_a_message_and_a_status_in_one_delivery_are_both_recorded(post):
    value = testing.wa_value(
        [testing.wa_message(text="Terima kasih")], statuses=[testing.wa_status(testing.wamid(), "read")]
    )
    post(WA, testing.wa_payload(value))
    assert Message.objects.count() == 1 and StatusUpdate.objects.count() == 1


# --- Instagram --------------------------------------------------------------------------------------


@pytest.fixture
def ig_account(fake):
    from warta.social.models import Account

    return Account.objects.create(
        platform="instagram", account_id=fake.ig_user_id, handle="dinkominfopbg", access_token=fake.token
    )


def test_an_instagram_text_gets_the_senders_username_from_the_graph(post, fake, ig_account):
    fake.ig_profiles["1234567890123456"] = {"username": "karang_taruna_bojongsari", "name": "Karang Taruna"}
    assert post(IG, testing.ig_payload(testing.ig_event(text="Halo admin, mohon diunggah"))).status_code == 200
    conversation = Conversation.objects.get()
    assert (conversation.platform, conversation.contact_key) == ("instagram", "1234567890123456")
    assert conversation.contact_handle == "karang_taruna_bojongsari"
    assert conversation.contact_name == "Karang Taruna"
    assert conversation.messages.get().text == "Halo admin, mohon diunggah"


def test_an_instagram_image_is_fetched_and_a_story_mention_kept_as_its_link_only(post, fake, ig_account, login, staf):
    image = fake.add_cdn_file(samples.jpeg(300, 300))
    story = fake.add_cdn_file(samples.jpeg(200, 350))
    events = [
        testing.ig_event(attachments=[{"type": "image", "payload": {"url": image}}]),
        testing.ig_event(attachments=[{"type": "story_mention", "payload": {"url": story}}]),
    ]
    assert post(IG, testing.ig_payload(*events)).status_code == 200
    picture = Media.objects.get(message__type="image")
    assert picture.content_type == "image/jpeg" and picture.thumbnail
    # Meta's rule for story mentions: the story's media is not stored, its link is shown.
    mention = Media.objects.get(message__type="story_mention")
    assert not mention.file and mention.source_url == story
    assert ("GET", "/ig-cdn/" + story.split("/ig-cdn/")[1].split("?")[0]) not in fake.calls
    page = login(staf).get(f"/kotak-masuk/{mention.message.conversation_id}/").content.decode()
    assert "Kontak menyebut akun kantor dalam ceritanya." in page
    assert story.replace("&", "&amp;") in page


def test_an_instagram_message_delivered_twice_is_kept_once_and_echoes_are_outbound(post, ig_account):
    event = testing.ig_event(text="Halo")
    post(IG, testing.ig_payload(event))
    post(IG, testing.ig_payload(event))
    post(IG, testing.ig_payload(testing.ig_event(text="Baik, kami proses", echo=True)))
    assert [(m.direction, m.text) for m in Message.objects.order_by("pk")] == [
        ("in", "Halo"),
        ("out", "Baik, kami proses"),
    ]
    assert Conversation.objects.get().unread == 1


def test_a_delivery_that_is_not_json_is_kept_with_its_error(post):
    assert post(WA, b"not json at all").status_code == 200
    delivery = Delivery.objects.get()
    assert delivery.processed_at is not None and delivery.error.startswith("not JSON")
