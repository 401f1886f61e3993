"""The public questionnaire: the open link, validation, and the flood protections."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client

from warta.survey.models import Response, Source, Way

from .conftest import form_data

URL = "/skm/isi/publikasi-konten-media-sosial/"


def token_from(html: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', html)
    assert match, "the form carries a signed token"
    return match.group(1)


def fresh_token(client: Client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return token_from(response.content.decode())


@pytest.fixture
def client_ok(service, office, no_min_fill):
    return Client()


def test_open_link_shows_the_nine_questions_in_indonesian(client_ok):
    response = client_ok.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Survei Kepuasan Masyarakat" in html
    assert "Standar Publikasi Konten Media Sosial" in html
    for name in ("Persyaratan", "Waktu Penyelesaian", "Biaya/Tarif", "Sarana dan Prasarana"):
        assert name in html
    assert html.count('type="radio"') == 9 * 4 + 2  # nine elements of four answers, and the sex
    for label in ("Sangat sesuai", "Tidak mudah", "Sangat cepat", "Gratis", "Sangat kompeten", "Sopan dan ramah"):
        assert label in html
    assert "Pelindungan Data Pribadi" in html
    assert "<script" not in html.split("<main", 1)[1]  # the form needs no script


def test_valid_answer_is_saved_and_thanked(client_ok):
    token = fresh_token(client_ok)
    response = client_ok.post(URL, {**form_data(u3="2", suggestion="Mohon dipercepat."), "form_token": token})
    assert response.status_code == 302
    assert response["Location"] == "/skm/isi/publikasi-konten-media-sosial/terima-kasih/"
    saved = Response.objects.get()
    assert saved.u3 == 2 and saved.u1 == 4
    assert (saved.sex, saved.age, saved.education, saved.occupation) == ("L", 41, "SMA", "WIRAUSAHA")
    assert saved.source == Source.ONLINE and saved.way == Way.OPEN
    assert saved.suggestion == "Mohon dipercepat."
    page = client_ok.get(response["Location"])
    assert "Jawaban Anda sudah kami terima" in page.content.decode()


def test_errors_are_shown_next_to_the_field_and_nothing_is_saved(client_ok):
    token = fresh_token(client_ok)
    data = form_data(age="7", education="S9")
    del data["u3"]
    data["u5"] = "5"
    response = client_ok.post(URL, {**data, "form_token": token})
    html = response.content.decode()
    assert response.status_code == 200
    assert Response.objects.count() == 0
    assert "Jawaban belum tersimpan." in html
    # Each error sits inside the field's own block.
    u3 = html.split('id="q-u3"', 1)[1].split("</fieldset>", 1)[0]
    assert "Pilih salah satu jawaban." in u3
    u5 = html.split('id="q-u5"', 1)[1].split("</fieldset>", 1)[0]
    assert "Pilihan tidak dikenal" in u5
    assert 'id="age-error"' in html and "Umur paling sedikit 10 tahun." in html
    assert 'id="education-error"' in html
    # The answers given are kept (u1 stays checked).
    assert re.search(r'name="u1" value="4"[^>]*checked', html)


def test_honeypot_saves_nothing(client_ok):
    token = fresh_token(client_ok)
    response = client_ok.post(URL, {**form_data(), "form_token": token, "website": "http://spam.example"})
    assert response.status_code == 302
    assert Response.objects.count() == 0


def test_missing_or_forged_token_saves_nothing(client_ok):
    response = client_ok.post(URL, form_data())
    assert response.status_code == 200
    assert "Formulir tidak dikenali" in response.content.decode()
    response = client_ok.post(URL, {**form_data(), "form_token": "abc:def"})
    assert "Formulir tidak dikenali" in response.content.decode()
    assert Response.objects.count() == 0


def test_token_of_another_form_is_refused(client_ok, other_service):
    token = fresh_token(client_ok, "/skm/isi/layanan-lain/")
    response = client_ok.post(URL, {**form_data(), "form_token": token})
    assert "Formulir tidak dikenali" in response.content.decode()
    assert Response.objects.count() == 0


def test_minimum_fill_time_and_expiry(service, office, settings):
    settings.SKM_MIN_FILL_SECONDS = 5
    settings.SKM_FORM_MAX_AGE = 3600
    client = Client()
    with time_machine.travel("2026-05-04 09:00:00+07:00", tick=False) as traveller:
        token = fresh_token(client)
        traveller.shift(2)
        response = client.post(URL, {**form_data(), "form_token": token})
        assert "Formulir terkirim terlalu cepat" in response.content.decode()
        assert Response.objects.count() == 0
        traveller.shift(3601)
        response = client.post(URL, {**form_data(), "form_token": token})
        assert "Formulir sudah terlalu lama dibuka" in response.content.decode()
        assert Response.objects.count() == 0
        token = token_from(response.content.decode())  # the page gives a new token
        traveller.shift(30)
        response = client.post(URL, {**form_data(), "form_token": token})
        assert response.status_code == 302
    assert Response.objects.count() == 1


@time_machine.travel("2026-05-04 09:00:30+07:00", tick=False)  # well inside one rate window
def test_rate_limit_per_address(client_ok, settings):
    settings.SKM_RATE_LIMIT = (3, 600)
    for _ in range(3):
        token = fresh_token(client_ok)
        assert client_ok.post(URL, {**form_data(), "form_token": token}).status_code == 302
    token = fresh_token(client_ok)
    response = client_ok.post(URL, {**form_data(), "form_token": token})
    assert response.status_code == 429
    assert "Terlalu banyak kiriman" in response.content.decode()
    assert Response.objects.count() == 3
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    token = fresh_token(other)
    assert other.post(URL, {**form_data(), "form_token": token}).status_code == 302
    assert Response.objects.count() == 4


def test_unknown_service_is_404(client_ok):
    assert client_ok.get("/skm/isi/tidak-ada/").status_code == 404


def test_public_index_lists_services(client_ok):
    html = client_ok.get("/skm/").content.decode()
    assert "Standar Publikasi Konten Media Sosial" in html
    assert "/skm/isi/publikasi-konten-media-sosial/" in html


def test_a_form_token_is_good_for_one_answer(client_ok):
    token = fresh_token(client_ok)
    assert client_ok.post(URL, {**form_data(), "form_token": token}).status_code == 302
    replay = client_ok.post(URL, {**form_data(), "form_token": token})
    assert replay.status_code == 409
    assert "Jawaban dari formulir ini sudah diterima" in replay.content.decode()
    # from another address too: the token, not the caller, is spent
    elsewhere = Client(REMOTE_ADDR="10.0.0.77").post(URL, {**form_data(), "form_token": token})
    assert elsewhere.status_code == 409
    assert Response.objects.count() == 1
    # the refused page offers a fresh form, which is accepted
    fresh = token_from(replay.content.decode())
    assert fresh != token
    assert client_ok.post(URL, {**form_data(), "form_token": fresh}).status_code == 302
    assert Response.objects.count() == 2


def test_a_refused_answer_does_not_spend_its_token(client_ok):
    token = fresh_token(client_ok)
    incomplete = {key: value for key, value in form_data().items() if key != "u1"}
    assert client_ok.post(URL, {**incomplete, "form_token": token}).status_code == 200
    assert Response.objects.count() == 0
    assert client_ok.post(URL, {**form_data(), "form_token": token}).status_code == 302
    assert Response.objects.count() == 1
