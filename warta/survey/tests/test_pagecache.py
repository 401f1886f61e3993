"""Public pages answer conditional GETs and are rendered once until their data changes, per language,
and the cached HTML never holds a CSRF token (each reader gets their own)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from warta.core.models import OfficeProfile
from warta.core.pagecache import PLACEHOLDER
from warta.standards.importer import import_standard
from warta.standards.tests.real_standard import REAL
from warta.survey.tests.conftest import make_response

pytestmark = pytest.mark.django_db

SLUG = "publikasi-konten-media-sosial"
RESULTS = f"/skm/hasil/{SLUG}/2026/"


@pytest.fixture
def standard(db):
    return import_standard(REAL.read_text(encoding="utf-8"), file_name=REAL.name)


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_an_unchanged_page_answers_304_and_a_change_gives_a_new_etag(service, office):
    make_response(service, dt.date(2026, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4))
    client = Client()
    first = client.get(RESULTS)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get(RESULTS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    make_response(service, dt.date(2026, 2, 4), (1, 1, 1, 1, 1, 1, 1, 1, 1))
    changed = client.get(RESULTS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_cached_page_shows_new_answers_at_once(service, office, django_assert_max_num_queries):
    make_response(service, dt.date(2026, 2, 3), (4, 4, 4, 4, 4, 4, 4, 4, 4))
    client = Client()
    assert "62,50" not in client.get(RESULTS).content.decode()
    # Served again from the cache: the stamp is the only query.
    with django_assert_max_num_queries(2):
        assert "62,50" not in client.get(RESULTS).content.decode()
    make_response(service, dt.date(2026, 2, 4), (1, 1, 1, 1, 1, 1, 1, 1, 1))
    assert "62,50" in client.get(RESULTS).content.decode()  # (36 + 9) / 72 × 100


def test_each_reader_gets_their_own_csrf_token_never_the_cached_one(service, office):
    make_response(service, dt.date(2026, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4))
    first = Client().get(RESULTS)
    second = Client().get(RESULTS)
    one, two = first.content.decode(), second.content.decode()
    assert PLACEHOLDER not in one and PLACEHOLDER not in two
    assert csrf_tokens(one) and csrf_tokens(two)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    # The token in the page matches the reader's own cookie: the language switch still posts.
    client = Client(enforce_csrf_checks=True)
    page = client.get(RESULTS).content.decode()
    answer = client.post("/bahasa/", {"language": "en", "next": RESULTS, "csrfmiddlewaretoken": csrf_tokens(page)[0]})
    assert answer.status_code == 302


def test_the_cache_keeps_languages_apart(service, office):
    make_response(service, dt.date(2026, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4))
    indonesian = Client().get(RESULTS)
    english_client = Client()
    english_client.cookies["django_language"] = "en"
    english = english_client.get(RESULTS)
    assert indonesian["ETag"] != english["ETag"]
    assert "Sangat Baik" in indonesian.content.decode()
    assert "Very Good" in english.content.decode()


def test_the_standard_page_follows_an_office_change(standard, office):
    client = Client()
    first = client.get("/")
    assert "Jl. Jenderal Sudirman No. 1" in first.content.decode()
    profile = OfficeProfile.objects.get()
    profile.address = "Jl. Alun-alun Utara No. 2"
    profile.save()
    after = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "Jl. Alun-alun Utara No. 2" in after.content.decode()


def test_a_standard_correction_is_shown_at_once(standard, office):
    from warta.standards.models import ServiceValue

    client = Client()
    assert "Rp 0" in client.get("/").content.decode() or "Gratis" in client.get("/").content.decode()
    value = ServiceValue.objects.get(key="fee")
    value.correction = 15000
    value.save()
    assert "15.000" in client.get("/").content.decode()
