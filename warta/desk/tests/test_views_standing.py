"""Standing disposition management for pimpinan at /disposisi-tetap/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.desk import intake
from warta.desk.models import Event, StandingDisposition, Status
from warta.desk.tests.test_api_support import content_fields

pytestmark = pytest.mark.django_db

URL = "/disposisi-tetap/"


def test_list_and_add_by_channel(office, login, pimpinan):
    client = login(pimpinan)
    page = client.get(URL)
    assert page.status_code == 200 and "Disposisi tetap" in page.content.decode()
    response = client.post(URL, {"channel": "letter", "note": "Surat resmi langsung ke Bidang IKP"})
    assert response.status_code == 302
    order = StandingDisposition.objects.get()
    assert order.channel == "letter" and order.created_by == pimpinan and order.is_active
    text = client.get(URL).content.decode()
    assert "Surat resmi langsung ke Bidang IKP" in text and "Aktif" in text


def test_page_reads_the_roles_once(office, login, pimpinan):
    client = login(pimpinan)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert sum("accounts_delegation" in q["sql"] for q in queries) == 1, [q["sql"] for q in queries]


def test_standing_order_disposes_at_once(office, login, pimpinan, pemohon, org):
    login(pimpinan).post(URL, {"organization": str(org.pk), "note": "Dinkes rutin"})
    req = intake.create_request(user=pemohon, organization=org, fields=content_fields(), submit=True)
    req.refresh_from_db()
    assert req.status == Status.AT_DIVISION
    event = Event.objects.get(request=req, action="dispose")
    assert event.actor is None and "Disposisi tetap oleh Kepala Dinas" in event.actor_label


def test_channel_or_organisation_required_exactly_one(office, login, pimpinan, org):
    client = login(pimpinan)
    response = client.post(URL, {"note": "kosong"})
    assert response.status_code == 422
    assert "Pilih salah satu: saluran atau organisasi." in response.content.decode()
    response = client.post(URL, {"channel": "web", "organization": str(org.pk)})
    assert response.status_code == 422
    assert not StandingDisposition.objects.exists()


def test_deactivate(office, login, pimpinan):
    order = StandingDisposition.objects.create(channel="whatsapp", created_by=pimpinan)
    client = login(pimpinan)
    assert client.get(f"{URL}{order.pk}/nonaktif/").status_code == 405
    response = client.post(f"{URL}{order.pk}/nonaktif/", follow=True)
    assert "Disposisi tetap dinonaktifkan." in response.content.decode()
    order.refresh_from_db()
    assert not order.is_active


def test_other_roles_refused(office, login, kabid, pemohon, pimpinan):
    order = StandingDisposition.objects.create(channel="whatsapp", created_by=pimpinan)
    for user in (kabid, pemohon):
        client = login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"channel": "letter"}).status_code == 403
        assert client.post(f"{URL}{order.pk}/nonaktif/").status_code == 403
    order.refresh_from_db()
    assert order.is_active and StandingDisposition.objects.count() == 1
