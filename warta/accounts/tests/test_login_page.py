"""The login page: a wrong password says so once, in plain Indonesian; an OPD learns how to get an
account."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

AUTH = {"sign_in_view-current_step": "auth"}  # the two-step login's first step


def test_wrong_password_says_so_without_repeating_the_field(client, office, pemohon):
    response = client.post("/masuk/", {**AUTH, "auth-username": pemohon.username, "auth-password": "salah-sekali"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in text
    assert "nama pengguna nama pengguna" not in text.lower()


def test_the_login_page_tells_an_opd_how_to_get_an_account(client, office):
    text = client.get("/masuk/").content.decode()
    assert "Belum punya akun?" in text
    assert "Akun operator OPD/UPT dibuat oleh admin Dinkominfo" in text
    assert 'href="mailto:dinkominfo@purbalinggakab.go.id"' in text
    assert 'href="/lacak/"' in text


def test_the_right_password_still_signs_in(client, office, pemohon):
    response = client.post("/masuk/", {**AUTH, "auth-username": pemohon.username, "auth-password": "sandi-rahasia-123"})
    assert response.status_code == 302


def test_the_account_help_in_english(client, office):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get("/masuk/").content.decode()
    assert "No account yet?" in text
    assert 'on the <a href="/lacak/">tracking page</a>' in text
