import pytest
from django.utils import timezone

from warta.desk.models import PublicationRequest, Status
from warta.desk.signals import request_published
from warta.standards.models import Service

pytestmark = pytest.mark.django_db


def test_request_page_shows_the_survey_link_and_a_whatsapp_link_for_phone_only_contacts(login, staf, org, office):
    service = Service.objects.create(
        slug="publikasi-konten-media-sosial", title="Standar Publikasi Konten Media Sosial"
    )
    req = PublicationRequest.objects.create(
        number="PUB-2026-00077",
        year=2026,
        sequence=77,
        service=service,
        organization=org,
        received_at=timezone.now(),
        title="Posyandu Balita",
        contact_name="Bu Sri",
        contact_phone="081234567890",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        platforms=["instagram"],
    )
    request_published.send(sender=PublicationRequest, request=req)
    page = login(staf).get(f"/permohonan/{req.number}/").content.decode()
    assert "Survei Kepuasan Masyarakat" in page
    assert "/skm/u/" in page
    assert "https://wa.me/6281234567890?text=" in page
