from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from warta.desk.models import PublicationRequest, Status, hash_tracking_code
from warta.standards.models import Service
from warta.survey.models import Response

_sequence = itertools.count(1)


@pytest.fixture
def service(db) -> Service:
    return Service.objects.create(slug="publikasi-konten-media-sosial", title="Standar Publikasi Konten Media Sosial")


@pytest.fixture
def other_service(db) -> Service:
    return Service.objects.create(slug="layanan-lain", title="Standar Layanan Lain")


@pytest.fixture
def make_request(org, service):
    """A request as the desk leaves it: published (by default) at the given moment."""

    def make(
        published_at: dt.datetime | None = None,
        *,
        status: str = Status.PUBLISHED,
        email: str = "narahubung@dinkes.example.go.id",
        phone: str = "",
        svc: Service | None = None,
    ) -> PublicationRequest:
        seq = next(_sequence)
        if published_at is None and status == Status.PUBLISHED:
            published_at = timezone.now()
        received = published_at or timezone.now()
        return PublicationRequest.objects.create(
            number=f"PUB-2026-{seq:05d}",
            year=2026,
            sequence=seq,
            organization=org,
            service=svc or service,
            received_at=received - dt.timedelta(hours=1),
            title=f"Imunisasi serentak {seq}",
            contact_name="Sari Narahubung",
            contact_email=email,
            contact_phone=phone,
            tracking_code_hash=hash_tracking_code("ABCD2345"),
            status=status,
            published_at=published_at if status == Status.PUBLISHED else None,
        )

    return make


def answers(*values: int) -> dict[str, int]:
    values = values or (4,) * 9
    return {f"u{i}": v for i, v in enumerate(values, start=1)}


def make_response(service: Service, day: dt.date, values=(4,) * 9, **extra) -> Response:
    data = {"sex": "P", "age": 34, "education": "D4-S1", "occupation": "PNS"}
    data.update(extra)
    return Response.objects.create(
        service=service, surveyed_on=day, submitted_at=timezone.now(), **answers(*values), **data
    )


def form_data(**overrides) -> dict[str, str]:
    """A complete, valid questionnaire as the browser posts it."""
    data = {f"u{i}": "4" for i in range(1, 10)}
    data.update({"sex": "L", "age": "41", "education": "SMA", "occupation": "WIRAUSAHA", "suggestion": ""})
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def api_payload(service_slug: str = "publikasi-konten-media-sosial", **overrides) -> dict:
    payload: dict = {
        "service": service_slug,
        "answers": answers(4, 3, 3, 4, 3, 4, 4, 3, 3),
        "respondent": {"sex": "P", "age": 29, "education": "D4-S1", "occupation": "PNS"},
        "suggestion": "Pertahankan kecepatan.",
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def no_min_fill(settings):
    """Forms may be sent back at once (the fill-time check has its own tests)."""
    settings.SKM_MIN_FILL_SECONDS = 0
    return settings
