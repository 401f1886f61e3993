"""The "Hubungkan" flows against the fake platforms: the admin's browser goes to the consent page
(the fake's dialog answers with a redirect, as the real one does after "Allow"), comes back, and the
accounts are stored — or, on a refusal, a forged or replayed state, or a platform error, nothing is."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from warta.social import connect
from warta.social.models import Account, AccountStatus

pytestmark = pytest.mark.django_db

LIST = reverse("social-accounts")
META_START = reverse("social-connect-meta")
X_START = reverse("social-connect-x")
META_RETURN = reverse("social-connect-meta-return")
X_RETURN = reverse("social-connect-x-return")
CHOOSE = reverse("social-connect-meta-page")


@pytest.fixture
def apps(settings, fake):
    """Warta's Meta app and X client, registered on the fake platforms."""
    settings.WARTA_META_APP_ID = fake.app_id
    settings.WARTA_META_APP_SECRET = fake.app_secret
    settings.WARTA_META_DIALOG_URL = fake.url
    settings.WARTA_META_LOGIN_CONFIG_ID = ""
    settings.WARTA_X_CLIENT_ID = fake.x_client_id
    settings.WARTA_X_CLIENT_SECRET = ""
    settings.WARTA_X_AUTHORIZE_URL = f"{fake.url}/i/oauth2/authorize"
    return fake


@pytest.fixture
def admin(login, admin_user):
    return login(admin_user)


def consent(client, start: str) -> str:
    """Press "Hubungkan", let the platform's consent page answer: the URL it sends the browser back to."""
    response = client.post(start)
    assert response.status_code == 302
    answer = httpx.get(response["Location"], follow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    assert f"{back.scheme}://{back.netloc}" == "http://testserver"
    return f"{back.path}?{back.query}"


def come_back(client, back: str):
    return client.get(back, follow=True)


def page_text(response) -> str:
    return response.content.decode()


def no_secret_in(text: str, fake) -> None:
    for token in [*fake.issued, fake.app_secret]:
        assert token not in text


def raw_token(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token FROM social_account WHERE id = %s", [pk])
        return cursor.fetchone()[0]


# --- Facebook Login for Business ----------------------------------------------------------------


def test_the_dialog_asks_for_the_publishing_permissions(admin, apps):
    response = admin.post(META_START)
    url = urlsplit(response["Location"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{apps.url}/v25.0/dialog/oauth"
    assert query["client_id"] == apps.app_id
    assert query["redirect_uri"] == "http://testserver" + META_RETURN
    assert query["response_type"] == "code"
    assert set(query["scope"].split(",")) == {
        "pages_show_list",
        "pages_read_engagement",
        "pages_manage_posts",
        "instagram_basic",
        "instagram_content_publish",
        "business_management",
    }
    assert query["state"]


def test_a_login_for_business_configuration_replaces_the_scopes(admin, apps, settings):
    settings.WARTA_META_LOGIN_CONFIG_ID = "1234567890"
    query = parse_qs(urlsplit(admin.post(META_START)["Location"]).query)
    assert query["config_id"] == ["1234567890"] and "scope" not in query


def test_the_admin_connects_the_page_and_its_instagram_account(admin, admin_user, apps):
    before = admin.get(LIST)
    assert "Belum terhubung" in page_text(before) and "Hubungkan" in page_text(before)

    response = come_back(admin, consent(admin, META_START))

    facebook = Account.objects.get(platform="facebook", is_active=True)
    instagram = Account.objects.get(platform="instagram", is_active=True)
    page_token = next(t for t in apps.issued if t.startswith("page-token"))
    assert (facebook.account_id, facebook.handle) == (apps.page_id, "Dinkominfo Purbalingga")
    assert (instagram.account_id, instagram.handle) == (apps.ig_user_id, apps.ig_username)
    assert facebook.access_token == instagram.access_token == page_token
    assert facebook.expires_at is None  # a Page token from a long-lived user token does not expire
    assert facebook.connected_by == admin_user and facebook.status == AccountStatus.OK
    assert "instagram_content_publish" in instagram.scopes
    assert page_token not in raw_token(facebook.pk)  # encrypted at rest

    html = page_text(response)
    assert response.redirect_chain[-1][0] == LIST
    assert "Akun Facebook Dinkominfo Purbalingga terhubung." in html
    assert f"Akun Instagram @{apps.ig_username} terhubung." in html
    assert "Hubungkan ulang" in html and "tidak kedaluwarsa" in html
    no_secret_in(html, apps)
    # The code went through a short-lived and a long-lived user token to the Page's.
    assert [t.split("-1")[0] for t in apps.issued] == ["fb-user-short", "fb-user-long", "page-token"]


def test_several_pages_the_admin_chooses_one(admin, apps):
    apps.pages = [
        {"id": "200000000000001", "name": "Kedai Pribadi", "ig": ""},
        {"id": "200000000000002", "name": "Dinkominfo Purbalingga", "ig": "17841400000000002"},
    ]
    response = admin.get(consent(admin, META_START))
    assert response.status_code == 302 and response["Location"] == CHOOSE
    assert not Account.objects.exists()

    choose = admin.get(CHOOSE)
    html = page_text(choose)
    assert "Kedai Pribadi" in html and "Dinkominfo Purbalingga" in html
    no_secret_in(html, apps)

    wrong = admin.post(CHOOSE, {"page": "999"})
    assert wrong.status_code == 400 and "Pilih salah satu Halaman." in page_text(wrong)
    assert not Account.objects.exists()

    done = admin.post(CHOOSE, {"page": "200000000000002"}, follow=True)
    assert Account.objects.get(platform="facebook").account_id == "200000000000002"
    assert Account.objects.get(platform="instagram").account_id == "17841400000000002"
    no_secret_in(page_text(done), apps)
    # The choice is spent: the page asks to start again.
    again = admin.get(CHOOSE, follow=True)
    assert "Waktu memilih Halaman sudah habis" in page_text(again)


def test_a_page_without_instagram_connects_facebook_only_and_says_so(admin, apps):
    apps.pages = [{"id": "200000000000003", "name": "Dinkominfo Purbalingga", "ig": ""}]
    html = page_text(come_back(admin, consent(admin, META_START)))
    assert Account.objects.filter(platform="facebook", is_active=True).exists()
    assert not Account.objects.filter(platform="instagram").exists()
    assert "belum tertaut ke akun Instagram profesional" in html


def test_refused_consent_stores_nothing_and_says_so(admin, apps):
    apps.consent = "deny"
    html = page_text(come_back(admin, consent(admin, META_START)))
    assert "Izin tidak diberikan di Facebook" in html
    assert not Account.objects.exists()
    assert ("GET", "/v25.0/oauth/access_token") not in apps.calls


def test_a_graph_error_stores_nothing(admin, apps, settings):
    settings.WARTA_META_APP_SECRET = "not-the-app-secret"
    html = page_text(come_back(admin, consent(admin, META_START)))
    assert "Meta menolak permintaan menghubungkan akun: Error validating client secret." in html
    assert not Account.objects.exists()
    assert "not-the-app-secret" not in html


def test_a_failure_after_the_page_token_leaves_the_old_accounts_untouched(admin, apps):
    old = Account.objects.create(platform="facebook", account_id="100", handle="Lama", access_token="old-page-token")
    apps.fail("connect.node", "500")  # the Instagram username cannot be read
    html = page_text(come_back(admin, consent(admin, META_START)))
    assert "Meta menolak permintaan menghubungkan akun" in html
    old.refresh_from_db()
    assert old.is_active and old.access_token == "old-page-token" and old.account_id == "100"
    assert Account.objects.count() == 1


# --- X OAuth 2.0 with PKCE ----------------------------------------------------------------------


def test_the_x_authorize_url_carries_an_s256_challenge_of_the_kept_verifier(admin, apps):
    response = admin.post(X_START)
    url = urlsplit(response["Location"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{apps.url}/i/oauth2/authorize"
    assert query["response_type"] == "code" and query["client_id"] == apps.x_client_id
    assert query["redirect_uri"] == "http://testserver" + X_RETURN
    assert query["scope"] == "tweet.read tweet.write users.read media.write offline.access"
    assert query["code_challenge_method"] == "S256"
    verifier = admin.session[connect.SESSION_KEY]["x"]["verifier"]
    assert 43 <= len(verifier) <= 128
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert query["code_challenge"] == expected


def test_the_admin_connects_x(admin, apps):
    response = come_back(admin, consent(admin, X_START))
    account = Account.objects.get(platform="x", is_active=True)
    access = next(t for t in apps.issued if t.startswith("x-access"))
    refresh = next(t for t in apps.issued if t.startswith("x-refresh"))
    assert (account.account_id, account.handle) == (apps.x_user_id, apps.x_handle)
    assert (account.access_token, account.refresh_token) == (access, refresh)
    assert abs(account.expires_at - (timezone.now() + dt.timedelta(hours=2))) < dt.timedelta(minutes=1)
    assert account.scopes == "tweet.read tweet.write users.read media.write offline.access"
    html = page_text(response)
    assert f"Akun X @{apps.x_handle} terhubung." in html and "diperbarui otomatis" in html
    no_secret_in(html, apps)
    # The stored refresh token is the one the fake will take.
    assert apps.refresh_tokens[refresh] is True


def test_a_confidential_client_authenticates_with_basic_auth(admin, apps, settings):
    apps.x_client_secret = settings.WARTA_X_CLIENT_SECRET = "x-client-secret"
    come_back(admin, consent(admin, X_START))
    assert Account.objects.filter(platform="x", is_active=True).exists()


def test_a_wrong_client_secret_stores_nothing(admin, apps, settings):
    apps.x_client_secret = "x-client-secret"
    settings.WARTA_X_CLIENT_SECRET = "another-secret"
    html = page_text(come_back(admin, consent(admin, X_START)))
    assert "X menolak permintaan menghubungkan akun: Missing valid authorization header." in html
    assert not Account.objects.exists()


def test_a_code_x_no_longer_takes_is_refused_with_x_s_reason(admin, apps):
    back = consent(admin, X_START)
    apps.codes.clear()  # the code expired at X (it lasts 30 seconds) before the browser came back
    html = page_text(come_back(admin, back))
    assert "X menolak permintaan menghubungkan akun: Value passed for the authorization code was invalid." in html
    assert "HTTP 400" not in html
    assert not Account.objects.exists()


def test_refused_consent_on_x_stores_nothing(admin, apps):
    apps.consent = "deny"
    html = page_text(come_back(admin, consent(admin, X_START)))
    assert "Izin tidak diberikan di X" in html
    assert not Account.objects.exists()
    assert ("POST", "/2/oauth2/token") not in apps.calls


# --- the state: bound to the admin's session, once, for a while ----------------------------------


@pytest.mark.parametrize("start,back", [(META_START, META_RETURN), (X_START, X_RETURN)])
def test_a_callback_without_a_state_or_with_a_forged_one_is_refused(admin, apps, start, back):
    admin.post(start)
    for query in ["code=abc", "code=abc&state=", "code=abc&state=forged.state"]:
        response = admin.get(f"{back}?{query}")
        assert response.status_code == 400
        assert "Permintaan tidak sah" in page_text(response)
        admin.post(start)
    assert not Account.objects.exists()
    assert not [c for c in apps.calls if c[1].endswith(("/oauth/access_token", "/oauth2/token"))]


@pytest.mark.parametrize("start", [META_START, X_START])
def test_an_attackers_callback_is_refused_in_the_admins_session(admin, apps, login, make_user, start):
    """The attacker consents with their own account and lures the admin to their callback URL."""
    from warta.accounts import roles

    attacker = login(make_user("penyusup", roles.ADMIN))
    lure = consent(attacker, start)
    admin.post(start)  # the admin has a flow of their own under way
    response = admin.get(lure)
    assert response.status_code == 400
    assert not Account.objects.exists()


@pytest.mark.parametrize("start", [META_START, X_START])
def test_a_callback_works_once(admin, apps, start):
    back = consent(admin, start)
    assert admin.get(back).status_code == 302
    count = Account.objects.count()
    assert admin.get(back).status_code == 400
    assert Account.objects.count() == count


def test_a_state_expires(admin, apps):
    back = consent(admin, X_START)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert admin.get(back).status_code == 400
    assert not Account.objects.exists()


# --- reconnecting, replacing, disconnecting -----------------------------------------------------


def test_reconnect_replaces_the_tokens_and_clears_needs_reconnect(admin, admin_user, apps):
    from warta.notify.models import Notice
    from warta.social.accounts import mark_needs_reconnect

    x = Account.objects.create(
        platform="x",
        account_id=apps.x_user_id,
        handle=apps.x_handle,
        access_token="old-access",
        refresh_token="old-refresh",
    )
    mark_needs_reconnect(x, "x: Unauthorized")
    assert Notice.objects.filter(recipient=admin_user, resolved_at__isnull=True).count() == 1
    facebook = Account.objects.create(
        platform="facebook",
        account_id=apps.page_id,
        handle="Dinkominfo Purbalingga",
        access_token="old-page-token",
        status=AccountStatus.NEEDS_RECONNECT,
        reconnect_notified_at=timezone.now(),
    )
    listing = page_text(admin.get(LIST))
    assert listing.count("Perlu dihubungkan ulang") == 2 and "Hubungkan ulang" in listing

    come_back(admin, consent(admin, X_START))
    html = page_text(come_back(admin, consent(admin, META_START)))

    x.refresh_from_db()
    facebook.refresh_from_db()
    assert x.access_token.startswith("x-access") and x.refresh_token.startswith("x-refresh")
    assert facebook.access_token.startswith("page-token")
    for account in (x, facebook):
        assert account.status == AccountStatus.OK and account.status_note == ""
        assert account.reconnect_notified_at is None and account.is_active
    assert Account.objects.filter(platform="x").count() == 1  # the same row: its posts still point at it
    assert not Notice.objects.filter(resolved_at__isnull=True).exists()  # the warning is settled
    assert "Perlu dihubungkan ulang" not in html


def test_a_refused_refresh_token_flags_x_with_x_s_reason(admin, admin_user, apps):
    from warta.notify.models import Notice
    from warta.social.accounts import check_accounts

    x = Account.objects.create(
        platform="x",
        account_id=apps.x_user_id,
        handle=apps.x_handle,
        access_token="old-access",
        refresh_token="spent-refresh",  # X no longer takes it
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert check_accounts.call() == 0
    x.refresh_from_db()
    assert x.status == AccountStatus.NEEDS_RECONNECT
    assert x.status_note == "x: Value passed for the token was invalid."
    assert Notice.objects.filter(recipient=admin_user, resolved_at__isnull=True).count() == 1
    row = page_text(admin.get(LIST)).split('id="akun-x"', 1)[1].split("</tr>", 1)[0]
    assert "Perlu dihubungkan ulang" in row and "x: Value passed for the token was invalid." in row


def test_another_account_replaces_the_active_one(admin, apps):
    old = Account.objects.create(platform="x", account_id="42", handle="akunlama", access_token="old-access")
    come_back(admin, consent(admin, X_START))
    old.refresh_from_db()
    assert not old.is_active
    assert Account.objects.get(platform="x", is_active=True).account_id == apps.x_user_id


def test_disconnect_forgets_the_tokens(admin, apps):
    account = Account.objects.create(
        platform="x", account_id="42", handle="dinkominfopbg", access_token="access-1", refresh_token="refresh-1"
    )
    url = reverse("social-disconnect", args=[account.pk])
    confirm = page_text(admin.get(url))
    assert "Putuskan akun X @dinkominfopbg?" in confirm
    html = page_text(admin.post(url, follow=True))
    account.refresh_from_db()
    assert not account.is_active and account.access_token == "" and account.refresh_token == ""
    assert raw_token(account.pk) == ""
    assert "Akun X @dinkominfopbg diputuskan" in html
    assert admin.get(url).status_code == 404


def test_without_the_apps_settings_the_page_says_what_to_set(admin, settings):
    settings.WARTA_META_APP_ID = ""
    settings.WARTA_X_CLIENT_ID = ""
    html = page_text(admin.get(LIST))
    assert "Atur WARTA_META_APP_ID dan WARTA_META_APP_SECRET" in html and "Atur WARTA_X_CLIENT_ID" in html
    response = admin.post(META_START, follow=True)
    assert "Aplikasi Meta belum diatur" in page_text(response)
    assert not admin.session.get(connect.SESSION_KEY)


# --- who may, and what never shows ---------------------------------------------------------------


def _press_every_button(client, account, apps) -> list:
    """Every connect, return, choose-Page and disconnect request, as a forged one would make them."""
    disconnect = reverse("social-disconnect", args=[account.pk])
    return [
        client.post(META_START),
        client.post(X_START),
        client.get(f"{META_RETURN}?code=abc&state=xyz"),
        client.get(f"{X_RETURN}?code=abc&state=xyz"),
        client.get(CHOOSE),
        client.post(CHOOSE, {"page": apps.page_id}),
        client.get(disconnect),
        client.post(disconnect),
    ]


@pytest.mark.parametrize("persona", ["staf", "pimpinan", "pemohon"])
def test_everyone_but_an_admin_or_the_kabid_gets_403_on_every_view(request, login, apps, persona):
    account = Account.objects.create(platform="x", account_id="42", handle="h", access_token="access-1")
    client = login(request.getfixturevalue(persona))
    answers = [client.get(LIST), *_press_every_button(client, account, apps)]
    assert [r.status_code for r in answers] == [403] * len(answers)
    account.refresh_from_db()
    assert account.is_active and account.access_token == "access-1"
    assert not client.session.get(connect.SESSION_KEY)


def test_the_kabid_follows_the_warning_and_reads_the_page_without_its_buttons(
    kabid, login, apps, django_capture_on_commit_callbacks
):
    from warta.notify.models import Notice
    from warta.social.accounts import mark_needs_reconnect

    Account.objects.create(
        platform="facebook", account_id=apps.page_id, handle="Dinkominfo Purbalingga", access_token="page-1"
    )
    x = Account.objects.create(platform="x", account_id="42", handle="dinkominfopbg", access_token="access-1")
    with django_capture_on_commit_callbacks(execute=True):
        mark_needs_reconnect(x, "x: Unauthorized")
    link = Notice.objects.get(recipient=kabid).url.removeprefix("http://testserver")
    assert link == LIST

    response = login(kabid).get(link)
    assert response.status_code == 200
    html = page_text(response)
    row = html.split('id="akun-x"', 1)[1].split("</tr>", 1)[0]
    assert "@dinkominfopbg" in row and "Perlu dihubungkan ulang" in row and "x: Unauthorized" in row
    assert "Dinkominfo Purbalingga" in html and "Belum terhubung" in html  # Instagram
    assert "Hanya admin yang dapat menghubungkan atau memutuskan akun" in html
    for button in ("Hubungkan ulang", "Putuskan", X_START, META_START, reverse("social-disconnect", args=[x.pk])):
        assert button not in html, button
    assert f'<a href="{LIST}"' in html  # the page is in the kabid's menu


def test_the_kabid_cannot_press_a_button_by_a_forged_request(kabid, login, apps):
    account = Account.objects.create(platform="x", account_id="42", handle="h", access_token="access-1")
    client = login(kabid)
    answers = _press_every_button(client, account, apps)
    assert [r.status_code for r in answers] == [403] * len(answers)
    account.refresh_from_db()
    assert account.is_active and account.access_token == "access-1"
    assert Account.objects.count() == 1
    assert not client.session.get(connect.SESSION_KEY)
    assert not [c for c in apps.calls if c[1].endswith(("/oauth/access_token", "/oauth2/token"))]


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_no_token_or_secret_reaches_the_log(admin, apps, caplog, settings):
    apps.x_client_secret = settings.WARTA_X_CLIENT_SECRET = "x-client-secret"
    caplog.set_level(logging.DEBUG)
    come_back(admin, consent(admin, META_START))
    come_back(admin, consent(admin, X_START))
    admin.get(f"{X_RETURN}?code=abc&state=forged")
    assert len(apps.issued) == 5
    for secret in [*apps.issued, apps.app_secret, "x-client-secret"]:
        assert secret not in caplog.text
    assert "state was refused" in caplog.text  # the log was listening


def test_the_admin_finds_the_page_in_the_menu(admin):
    html = page_text(admin.get(LIST))
    assert f'<a href="{LIST}"' in html and "Akun media sosial" in html


def test_the_page_in_english(admin, apps):
    admin.post(reverse("set_language"), {"language": "en", "next": LIST})
    html = page_text(admin.get(LIST))
    assert "Social media accounts" in html and "Not connected" in html and "Connect" in html
    assert "Belum terhubung" not in html


def test_the_django_admin_list_leads_to_the_page(admin):
    html = page_text(admin.get("/admin/social/account/"))
    assert f'<a href="{LIST}">Hubungkan akun</a>' in html


def test_the_reconnect_warning_links_to_the_page(admin_user, mailoutbox, django_capture_on_commit_callbacks):
    from warta.notify.models import Notice
    from warta.social.accounts import mark_needs_reconnect

    account = Account.objects.create(platform="x", account_id="42", handle="dinkominfopbg", access_token="access-1")
    with django_capture_on_commit_callbacks(execute=True):
        mark_needs_reconnect(account, "x: Unauthorized")
    assert Notice.objects.get(recipient=admin_user).url == "http://testserver" + LIST
    assert "http://testserver" + LIST in mailoutbox[0].body
