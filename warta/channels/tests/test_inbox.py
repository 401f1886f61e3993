"""The inbox at /kotak-masuk/: who sees what, the list, a conversation, media behind access checks,
assigning, marking done, replying inside and outside the 24-hour window, and turning messages into
a request or a complaint."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from warta.accounts import roles
from warta.channels.models import Conversation, Message
from warta.channels.tests.helpers import whatsapp_arrives
from warta.complaints.models import Complaint
from warta.core.tests import samples
from warta.desk.models import Attachment, PublicationRequest

pytestmark = pytest.mark.django_db

INBOX = "/kotak-masuk/"


@pytest.fixture
def conversation(post, fake):
    return whatsapp_arrives(post, image=fake.add_media(samples.jpeg(400, 300), "image/jpeg"))


def test_office_staff_see_conversations_newest_first_with_unread_and_window(post, fake, login, staf):
    old = whatsapp_arrives(
        post, text="Pesan lama", phone="6285700000001", name="Budi", at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=30)
    )
    new = whatsapp_arrives(post, text="Pesan baru", phone="6281234567890", name="Sri Rahayu")
    page = login(staf).get(INBOX)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Sri Rahayu") < html.index("Budi")
    assert "1 belum dibaca" in html
    assert "Jendela balas: sisa 23 jam 59 menit" in html or "Jendela balas: sisa 24 jam" in html
    assert "Jendela balas tertutup: hanya templat" in html  # Budi wrote 30 hours ago
    assert reverse("inbox-conversation", args=[new.pk]) in html and reverse("inbox-conversation", args=[old.pk]) in html


def test_the_menu_offers_the_inbox_to_office_staff_only(login, staf, pemohon):
    assert 'href="/kotak-masuk/"' in login(staf).get("/beranda/").content.decode()
    assert 'href="/kotak-masuk/"' not in login(pemohon).get("/beranda/").content.decode()


def test_an_applicant_may_not_open_the_inbox_or_a_conversation(conversation, login, pemohon):
    client = login(pemohon)
    assert client.get(INBOX).status_code == 403
    assert client.get(f"{INBOX}{conversation.pk}/").status_code == 404


def test_opening_a_conversation_shows_its_messages_and_marks_them_read(conversation, login, staf):
    page = login(staf).get(f"{INBOX}{conversation.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mohon dipublikasikan: posyandu balita di Desa Bojongsari" in html
    media = conversation.messages.get(type="image").media.get()
    assert reverse("inbox-media-thumbnail", args=[conversation.pk, media.pk]) in html
    conversation.refresh_from_db()
    assert conversation.unread == 0


def test_media_leave_only_through_the_access_checked_views(conversation, login, staf, pemohon, client):
    media = conversation.messages.get(type="image").media.get()
    thumb = reverse("inbox-media-thumbnail", args=[conversation.pk, media.pk])
    original = reverse("inbox-media", args=[conversation.pk, media.pk])
    staff = login(staf)
    answer = staff.get(thumb)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert staff.get(original).status_code == 200
    assert login(pemohon).get(thumb).status_code == 404
    assert client.get(thumb).status_code == 302  # to the login page
    assert client.get(f"/media/{media.file.name}").status_code == 404  # no public URL


def test_a_conversation_is_given_to_a_staff_member_and_marked_done(conversation, login, staf, staf2):
    client = login(staf)
    assert client.post(f"{INBOX}{conversation.pk}/serahkan/", {"assignee": staf2.pk}).status_code == 302
    conversation.refresh_from_db()
    assert conversation.assignee == staf2
    assert (
        "Ditangani Staf2" in client.get(INBOX).content.decode()
        or staf2.display_name in client.get(INBOX).content.decode()
    )
    assert client.post(f"{INBOX}{conversation.pk}/selesai/").status_code == 302
    conversation.refresh_from_db()
    assert conversation.done_at is not None
    assert reverse("inbox-conversation", args=[conversation.pk]) not in client.get(INBOX).content.decode()
    assert (
        reverse("inbox-conversation", args=[conversation.pk]) in client.get(INBOX + "?tampil=selesai").content.decode()
    )


def test_a_new_message_reopens_a_conversation_marked_done(conversation, post, login, staf):
    login(staf).post(f"{INBOX}{conversation.pk}/selesai/")
    whatsapp_arrives(post, text="Satu lagi")
    conversation.refresh_from_db()
    assert conversation.done_at is None and conversation.unread == 1


def test_a_person_outside_the_office_cannot_be_given_a_conversation(conversation, login, staf, pemohon):
    login(staf).post(f"{INBOX}{conversation.pk}/serahkan/", {"assignee": pemohon.pk})
    conversation.refresh_from_db()
    assert conversation.assignee is None


# --- replies ----------------------------------------------------------------------------------------


def test_a_free_reply_inside_the_window_goes_through_the_whatsapp_sender(
    conversation, login, staf, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staf).post(f"{INBOX}{conversation.pk}/balas/", {"text": "Baik, kami proses."})
    assert response.status_code == 302
    assert sent() == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "6281234567890",
            "type": "text",
            "text": {"body": "Baik, kami proses."},
        }
    ]
    reply = conversation.messages.select_related("whatsapp").get(direction="out")
    assert (reply.text, reply.delivery_status, reply.sent_by) == ("Baik, kami proses.", "sent", staf)
    page = login(staf).get(f"{INBOX}{conversation.pk}/").content.decode()
    assert "Baik, kami proses." in page and "Terkirim" in page


def test_outside_the_window_free_text_is_refused_naming_the_rule_and_a_template_goes(
    post, fake, login, staf, sent, django_capture_on_commit_callbacks
):
    conversation = whatsapp_arrives(post, at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25))
    client = login(staf)
    page = client.get(f"{INBOX}{conversation.pk}/").content.decode()
    assert "tertutup: hanya templat" in page
    refused = client.post(f"{INBOX}{conversation.pk}/balas/", {"text": "Halo?"})
    assert refused.status_code == 422
    assert "dalam 24 jam sejak pesan terakhir kontak" in refused.content.decode()
    assert sent() == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{INBOX}{conversation.pk}/balas/",
            {"template": "permohonan_diterima", "language": "id", "params": "Sri Rahayu\nPUB-2026-00001"},
        )
    assert response.status_code == 302
    [payload] = sent()
    assert payload["type"] == "template" and payload["to"] == "6281234567890"
    assert payload["template"]["name"] == "permohonan_diterima"
    assert payload["template"]["language"] == {"code": "id"}
    assert [p["text"] for p in payload["template"]["components"][0]["parameters"]] == ["Sri Rahayu", "PUB-2026-00001"]
    assert conversation.messages.get(direction="out").type == "template"


def test_the_whatsapp_sender_sees_the_contacts_window(conversation, post):
    from warta.notify import whatsapp

    assert whatsapp.window_open("0812-3456-7890")
    assert not whatsapp.window_open("0857-0000-0001")
    old = whatsapp_arrives(post, phone="6285700000001", at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25))
    assert old.last_inbound_at is not None and not whatsapp.window_open("0857-0000-0001")


# --- turning messages into a request or a complaint ------------------------------------------------


def test_jadikan_permohonan_makes_a_draft_from_the_conversation(conversation, login, staf, org, other_org, make_user):
    # The contact asked before on behalf of the Dinas Kesehatan: that organisation is offered.
    from warta.desk import intake

    intake.create_request(
        user=staf, organization=org, fields={"title": "Lama", "contact_phone": "0812-3456-7890"}, submit=False
    )
    client = login(staf)
    page = client.get(f"{INBOX}{conversation.pk}/").content.decode()
    assert '<option value="dinkes" selected>' in page
    first = conversation.messages.order_by("at").first()
    response = client.post(
        f"{INBOX}{conversation.pk}/jadikan/request/",
        {"organization": "dinkes", "title": "Posyandu balita", "platforms": ["instagram", "facebook"]},
    )
    req = PublicationRequest.objects.exclude(title="Lama").get()
    assert response.status_code == 302 and response["Location"] == f"/permohonan/{req.number}/"
    assert (req.status, req.channel, req.organization, req.received_at) == ("draft", "whatsapp", org, first.at)
    assert (req.contact_name, req.contact_phone) == ("Sri Rahayu", "6281234567890")
    assert req.caption == "Mohon dipublikasikan: posyandu balita di Desa Bojongsari"
    assert req.platforms == ["instagram", "facebook"]
    attachment = req.attachments.get()
    assert (attachment.kind, attachment.content_type) == (
        Attachment.Kind.CONTENT,
        "image/jpeg",
    ) and attachment.thumbnail
    # The same messages cannot become a second request.
    again = client.post(f"{INBOX}{conversation.pk}/jadikan/request/", {"organization": "dinkes"}, follow=True)
    assert "sudah dijadikan permohonan atau pengaduan" in again.content.decode()
    assert PublicationRequest.objects.count() == 2


def test_the_request_page_shows_the_messages_that_came_later(conversation, post, login, staf, org):
    client = login(staf)
    client.post(f"{INBOX}{conversation.pk}/jadikan/request/", {"organization": "dinkes", "title": "Posyandu"})
    req = PublicationRequest.objects.get()
    whatsapp_arrives(post, text="Ini foto tambahannya, terima kasih")
    page = client.get(f"/permohonan/{req.number}/").content.decode()
    assert "Pesan berikutnya dari kontak" in page
    assert "Ini foto tambahannya, terima kasih" in page
    assert "posyandu balita di Desa Bojongsari" not in page.split("Pesan berikutnya dari kontak")[1]


def test_a_missing_organisation_is_named_and_nothing_is_made(conversation, login, staf):
    response = login(staf).post(f"{INBOX}{conversation.pk}/jadikan/request/", {"title": "X"})
    assert response.status_code == 422
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert PublicationRequest.objects.count() == 0
    assert Message.objects.filter(conversion__isnull=False).count() == 0


def test_a_complaint_leaves_the_desks_inbox_for_the_complaints_officer(conversation, login, staf, make_user):
    officer = make_user("pengelola", roles.PENGELOLA_PENGADUAN)
    client = login(staf)
    response = client.post(
        f"{INBOX}{conversation.pk}/jadikan/complaint/", {"kind": "complaint", "title": "Jalan rusak di Bojongsari"}
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.number.startswith("ADU-")
    assert (complaint.channel, complaint.contact_phone, complaint.title) == (
        "whatsapp",
        "6281234567890",
        "Jalan rusak di Bojongsari",
    )
    assert complaint.attachments.count() == 1
    assert client.get(f"{INBOX}{conversation.pk}/").status_code == 404
    assert reverse("inbox-conversation", args=[conversation.pk]) not in client.get(INBOX).content.decode()
    officer_page = login(officer).get(INBOX).content.decode()
    assert reverse("inbox-conversation", args=[conversation.pk]) in officer_page
    assert Conversation.objects.get().queue == "complaints"
