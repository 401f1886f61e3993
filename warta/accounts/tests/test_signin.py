"""Signing in: the two-step login at /masuk/, lockouts after failures, the password reset's limits
and its link, and the second step required of office staff in production."""

from __future__ import annotations

import datetime as dt
import re
from base64 import b32decode

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from warta.accounts.signin import RESET_PER_ADDRESS

pytestmark = pytest.mark.django_db

LOGIN = "/masuk/"
PASSWORD = "sandi-rahasia-123"
AUTH = {"sign_in_view-current_step": "auth"}


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {**AUTH, "auth-username": username, "auth-password": password}, **extra)


def send_code(client: Client, code: str, step: str = "token"):
    return client.post(LOGIN, {"sign_in_view-current_step": step, f"{step}-otp_token": code})


def totp_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


# --- the login page and lockouts -----------------------------------------------------------------


def test_the_login_page_is_the_two_step_form_in_indonesian(client, office):
    html = client.get(LOGIN).content.decode()
    assert 'name="auth-username"' in html and 'name="auth-password"' in html
    assert "Nama pengguna" in html and "Kata sandi" in html and "Lupa kata sandi?" in html
    assert "Belum punya akun?" in html  # core/_login_help.html


def test_five_failures_lock_the_username_out_from_that_address_for_15_minutes(client, pemohon, office):
    with time_machine.travel(dt.datetime(2026, 5, 4, 2, 0, tzinfo=dt.UTC), tick=False) as traveller:
        for _ in range(4):
            response = sign_in(client, "op_dinkes", "salah")
            assert response.status_code == 200 and "kata sandi salah" in response.content.decode()
        fifth = sign_in(client, "op_dinkes", "salah")
        assert fifth.status_code == 429
        locked = sign_in(client, "op_dinkes")  # even the right password
        html = locked.content.decode()
        assert locked.status_code == 429
        assert "Terlalu banyak percobaan masuk" in html and "15 menit" in html
        assert "<html" in html  # the site's page, not a bare text
        assert "_auth_user_id" not in client.session
        # another address, and another username from this address, are not locked out
        assert sign_in(Client(REMOTE_ADDR="10.9.9.9"), "op_dinkes").status_code == 302
        traveller.shift(dt.timedelta(minutes=14))
        assert sign_in(client, "op_dinkes").status_code == 429  # a try while locked out starts the 15 minutes again
        traveller.shift(dt.timedelta(minutes=14))
        assert sign_in(client, "op_dinkes").status_code == 429
        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        assert sign_in(client, "op_dinkes").status_code == 302


def test_the_lockout_follows_the_trusted_client_address(pemohon, office, settings):
    settings.WARTA_TRUSTED_PROXY_COUNT = 1
    behind_proxy = Client(REMOTE_ADDR="127.0.0.1")
    for i in range(5):
        sign_in(behind_proxy, "op_dinkes", "salah", HTTP_X_FORWARDED_FOR=f"6.6.6.{i}, 198.51.100.1")
    assert sign_in(behind_proxy, "op_dinkes", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # the next citizen behind the same proxy is not locked out
    assert sign_in(Client(REMOTE_ADDR="127.0.0.1"), "op_dinkes", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_an_admin_sees_and_lifts_a_lockout(client, login, pemohon, admin_user, office):
    for _ in range(5):
        sign_in(client, "op_dinkes", "salah")
    assert sign_in(client, "op_dinkes").status_code == 429
    admin = login(admin_user)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "op_dinkes" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="op_dinkes")
    lifted = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert lifted.status_code == 302
    assert sign_in(client, "op_dinkes").status_code == 302


def test_the_admin_login_goes_through_our_login(client, office):
    response = client.get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- password reset ------------------------------------------------------------------------------


def test_the_reset_link_uses_the_site_url_not_the_host_header(
    client, pemohon, office, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://warta.purbalinggakab.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/akun/lupa-sandi/", {"email": pemohon.email}, HTTP_HOST="evil.example")
    assert response.status_code == 302
    body = mail.outbox[-1].body
    assert "evil.example" not in body
    assert re.search(r"https://warta\.purbalinggakab\.go\.id/akun/atur-sandi/\S+/\S+/", body)


def test_password_reset_is_limited_per_address(client, pemohon, office):
    for i in range(RESET_PER_ADDRESS.limit):
        assert client.post("/akun/lupa-sandi/", {"email": f"orang{i}@example.go.id"}).status_code == 302
    refused = client.post("/akun/lupa-sandi/", {"email": pemohon.email})
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan tautan kata sandi" in refused.content.decode()
    assert all(pemohon.email not in message.to for message in mail.outbox)
    assert Client(REMOTE_ADDR="10.4.4.4").post("/akun/lupa-sandi/", {"email": pemohon.email}).status_code == 302


def test_password_reset_is_limited_per_email_from_any_address(pemohon, office, django_capture_on_commit_callbacks):
    for i in range(3):
        client = Client(REMOTE_ADDR=f"10.5.5.{i}")
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/akun/lupa-sandi/", {"email": pemohon.email}).status_code == 302
    refused = Client(REMOTE_ADDR="10.5.5.99").post("/akun/lupa-sandi/", {"email": pemohon.email.upper()})
    assert refused.status_code == 429
    assert len(mail.outbox) == 3


# --- the second step -----------------------------------------------------------------------------


def test_in_the_demo_staff_sign_in_without_a_second_step(client, kabid, office):
    response = sign_in(client, "kabid")
    assert response.status_code == 302 and response["Location"] == "/beranda/"
    assert client.get("/beranda/").status_code == 200


def test_a_user_with_an_authenticator_is_asked_for_the_code(client, kabid, office):
    device = totp_device(kabid)
    with time_machine.travel(dt.datetime(2026, 5, 4, 2, 0, 5, tzinfo=dt.UTC), tick=False) as traveller:
        page = sign_in(client, "kabid")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Kode 6 angka" in html and 'name="token-otp_token"' in html
        assert client.get("/beranda/").status_code == 302  # not signed in yet
        wrong = send_code(client, "000000" if current_code(device) != "000000" else "111111")
        assert wrong.status_code == 200 and "Kode salah" in wrong.content.decode()
        traveller.shift(7)  # past django-otp's throttle after a wrong code
        device.refresh_from_db()
        done = send_code(client, current_code(device))
        assert done.status_code == 302 and done["Location"] == "/beranda/"
        assert client.get("/beranda/").status_code == 200


def test_a_backup_code_signs_in_once(client, kabid, office):
    totp_device(kabid)
    backup = StaticDevice.objects.create(user=kabid, name="backup")
    backup.token_set.create(token="abcd2345")
    sign_in(client, "kabid")
    client.post(LOGIN, {"sign_in_view-current_step": "token", "wizard_goto_step": "backup"})
    assert send_code(client, "abcd2345", step="backup").status_code == 302
    assert not backup.token_set.exists()


@pytest.fixture
def production_2fa(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_in_production_staff_without_an_authenticator_are_sent_to_set_one_up(client, kabid, office, production_2fa):
    response = sign_in(client, "kabid")
    assert response.status_code == 302 and response["Location"].startswith("/akun/dua-langkah/pasang/")
    # every other page sends them back there
    blocked = client.get("/beranda/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/akun/dua-langkah/pasang/")
    # the set-up: a QR code and the key, then a code from the app
    welcome = client.get("/akun/dua-langkah/pasang/")
    assert "Pasang verifikasi dua langkah" in welcome.content.decode()
    step = client.post("/akun/dua-langkah/pasang/", {"setup_view-current_step": "welcome"})
    html = step.content.decode()
    assert "/akun/dua-langkah/qr/" in html
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', html).group(1)
    assert client.get("/akun/dua-langkah/qr/").status_code == 200
    code = f"{totp(b32decode(secret)):06d}"
    done = client.post("/akun/dua-langkah/pasang/", {"setup_view-current_step": "generator", "generator-token": code})
    assert done.status_code == 302 and done["Location"].startswith("/akun/dua-langkah/terpasang/")
    assert TOTPDevice.objects.filter(user=kabid, confirmed=True).exists()
    assert client.get("/beranda/").status_code == 200
    # the backup codes
    client.post("/akun/dua-langkah/kode-cadangan/")
    assert StaticDevice.objects.get(user=kabid).token_set.count() == 10


def test_in_production_admins_must_use_the_second_step_too(client, admin_user, office, production_2fa):
    sign_in(client, "admin")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/dua-langkah/pasang/")


def test_in_production_opd_operators_are_not_forced(client, pemohon, office, production_2fa):
    response = sign_in(client, "op_dinkes")
    assert response["Location"] == "/beranda/"
    assert client.get("/beranda/").status_code == 200


def test_in_production_a_session_that_skipped_the_code_must_sign_in_again(login, kabid, office, production_2fa):
    totp_device(kabid)
    client = login(kabid)  # a session made without the second step
    response = client.get("/beranda/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_in_production_staff_cannot_switch_the_second_step_off(client, kabid, office, production_2fa):
    device = totp_device(kabid)
    sign_in(client, "kabid")
    send_code(client, current_code(device))
    assert client.get("/akun/dua-langkah/").status_code == 200
    assert "dua-langkah/matikan" not in client.get("/akun/dua-langkah/").content.decode()
    assert client.post("/akun/dua-langkah/matikan/", {"understand": "on"}).status_code == 403
    assert TOTPDevice.objects.filter(user=kabid).exists()


def test_in_production_api_tokens_are_not_sent_to_the_set_up(api_client, kabid, office, production_2fa):
    response = api_client(kabid).get("/api/v1/requests")
    assert response.status_code == 200
