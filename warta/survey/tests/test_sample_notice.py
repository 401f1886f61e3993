"""Results over fewer respondents than the minimum sample say so beside the index; the request
page's survey panel speaks to whoever reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from warta.desk.models import PublicationRequest
from warta.desk.signals import request_published

from .conftest import make_response

pytestmark = pytest.mark.django_db
SLUG = "publikasi-konten-media-sosial"
WIB = dt.timezone(dt.timedelta(hours=7))


def published(make_request, count: int) -> list:
    return [make_request(dt.datetime(2026, 2, 2 + n, 10, 0, tzinfo=WIB)) for n in range(count)]


def test_too_few_respondents_is_said_beside_the_index(service, office, make_request):
    published(make_request, 5)  # population 5: the minimum sample is 5
    make_response(service, dt.date(2026, 2, 3), (4,) * 9)
    make_response(service, dt.date(2026, 2, 4), (3,) * 9)
    html = Client().get(f"/skm/hasil/{SLUG}/2026/").content.decode()
    score = html.split('class="skm-score"', 1)[1].split("Mutu pelayanan", 1)[0]
    assert "belum memenuhi sampel minimal: 2 dari 5" in score


def test_enough_respondents_says_nothing(service, office, make_request):
    published(make_request, 2)  # population 2: the minimum sample is 2
    make_response(service, dt.date(2026, 2, 3), (4,) * 9)
    make_response(service, dt.date(2026, 2, 4), (3,) * 9)
    html = Client().get(f"/skm/hasil/{SLUG}/2026/").content.decode()
    assert "belum memenuhi sampel minimal" not in html


def test_the_survey_panel_speaks_to_the_applicant(service, office, login, pemohon, staf, org):
    req = PublicationRequest.objects.create(
        number="PUB-2026-00078",
        year=2026,
        sequence=78,
        service=service,
        organization=org,
        received_at=timezone.now(),
        title="Posyandu Lansia",
        contact_name="Bu Sri",
        contact_email="sri@example.go.id",
        status="published",
        published_at=timezone.now(),
        platforms=["instagram"],
    )
    request_published.send(sender=PublicationRequest, request=req)
    applicant = login(pemohon).get(req.get_absolute_url()).content.decode()
    assert "Tautan survei untuk pemohon" not in applicant
    assert "Isi survei kepuasan" in applicant and "/skm/u/" in applicant
    office_page = login(staf).get(req.get_absolute_url()).content.decode()
    assert "Tautan survei untuk pemohon" in office_page
