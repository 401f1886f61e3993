"""The personal link: created when a request is published, e-mailed, used once."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client

from warta.desk.models import PublicationRequest
from warta.desk.signals import request_published
from warta.survey.models import Invitation, Response, Way
from warta.survey.services import invitation_for, invitation_wa_link

from .conftest import form_data
from .test_questionnaire import token_from


@pytest.fixture
def published(make_request, office, django_capture_on_commit_callbacks):
    def publish(**kwargs) -> PublicationRequest:
        obj = make_request(**kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            request_published.send(sender=PublicationRequest, request=obj)
        return obj

    return publish


def test_publishing_creates_the_invitation_and_emails_the_link(published):
    obj = published()
    invitation = Invitation.objects.get(request=obj)
    assert invitation.service == obj.service
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["narahubung@dinkes.example.go.id"]
    assert obj.number in message.subject
    assert f"http://testserver/skm/u/{invitation.code}/" in message.body
    assert "Survei Kepuasan Masyarakat" in message.body
    assert invitation_for(obj) == invitation


def test_one_invitation_per_request(published, django_capture_on_commit_callbacks):
    obj = published()
    with django_capture_on_commit_callbacks(execute=True):
        request_published.send(sender=PublicationRequest, request=obj)
    assert Invitation.objects.filter(request=obj).count() == 1
    assert len(mail.outbox) == 1  # not e-mailed twice


def test_phone_only_contact_gets_a_link_for_staff(published):
    obj = published(email="", phone="0812-3456-7890")
    invitation = invitation_for(obj)
    assert invitation is not None
    assert mail.outbox == []
    link = invitation_wa_link(invitation)
    assert link.startswith("https://wa.me/6281234567890?text=")
    assert invitation.url in unquote(link)


def test_no_invitation_for_a_request_not_yet_published(make_request):
    from warta.desk.models import Status

    obj = make_request(status=Status.SUBMITTED)
    assert invitation_for(obj) is None


def test_invitation_answer_once_then_the_link_says_used(published, no_min_fill):
    obj = published()
    invitation = invitation_for(obj)
    client = Client()
    url = f"/skm/u/{invitation.code}/"
    page = client.get(url)
    assert page.status_code == 200
    assert obj.number in page.content.decode()
    token = token_from(page.content.decode())
    response = client.post(url, {**form_data(), "form_token": token})
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.invitation == invitation and saved.way == Way.INVITATION
    invitation.refresh_from_db()
    assert invitation.is_used

    again = client.get(url)
    assert again.status_code == 410
    assert "Tautan survei sudah dipakai" in again.content.decode()
    # A second post (e.g. from a tab left open) is refused, nothing saved.
    response = client.post(url, {**form_data(), "form_token": token})
    assert response.status_code == 410
    assert Response.objects.count() == 1


def test_unknown_invitation_is_404(service, office):
    assert Client().get("/skm/u/bukan-kode/").status_code == 404


def test_invitation_token_is_bound_to_the_invitation(published, no_min_fill):
    first, second = published(), published()
    client = Client()
    token = token_from(client.get(f"/skm/u/{invitation_for(first).code}/").content.decode())
    response = client.post(f"/skm/u/{invitation_for(second).code}/", {**form_data(), "form_token": token})
    assert "Formulir tidak dikenali" in response.content.decode()
    assert Response.objects.count() == 0
