"""The "Hubungkan" flows: an admin connects the office's accounts through the platforms' own consent
pages instead of pasting tokens (`manage.py connect_account` remains for a server without a browser).

Facebook Login for Business (developers.facebook.com, "Manually Build a Login Flow" and "Long-Lived
Access Tokens"): the browser goes to `{dialog}/{version}/dialog/oauth` (client_id, redirect_uri,
state, scope or the Login for Business `config_id`); the callback gets `code` and `state` (or
`error=access_denied`); `GET /{version}/oauth/access_token` (client_id, redirect_uri, client_secret,
code) gives a short-lived user token, the same endpoint with `grant_type=fb_exchange_token` a
long-lived one (about 60 days); `GET /me/accounts` lists the Pages the person manages with each
Page's token — a Page token got with a long-lived user token has no expiry — and the Page's
`instagram_business_account`; `GET /{ig-user-id}?fields=username` names the Instagram account.

X OAuth 2.0 Authorization Code with PKCE (docs.x.com, "OAuth 2.0 Authorization Code Flow with
PKCE"): the browser goes to `https://x.com/i/oauth2/authorize` (response_type=code, client_id,
redirect_uri, scope, state, code_challenge, code_challenge_method=S256); the callback's code is
exchanged at `POST /2/oauth2/token` (grant_type=authorization_code, code, redirect_uri,
code_verifier, client_id; a confidential client also authenticates with HTTP Basic
client_id:client_secret); `GET /2/users/me` names the account.

The `state` is signed and bound to the admin's session: a random nonce kept in the session is in
the signed state, and the callback answers 400 unless both match (a callback forged by another
person, or replayed, stores nothing). The session entry is spent by the first callback. Nothing is
stored until every call has answered, and then in one transaction.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.core import crypto
from warta.social.clients.base import PlatformError
from warta.social.clients.graph import GraphClient
from warta.social.clients.x import XClient
from warta.social.models import Account, AccountStatus, Platform

META = "meta"
X = "x"
FLOWS = (META, X)

# Facebook Login permissions for publishing to a Page and to its Instagram professional account.
META_SCOPES = (
    "pages_show_list",
    "pages_read_engagement",
    "pages_manage_posts",
    "instagram_basic",
    "instagram_content_publish",
    "business_management",
)
X_SCOPES = "tweet.read tweet.write users.read media.write offline.access"

STATE_SALT = "warta.social.connect.state"
STATE_MAX_AGE = 15 * 60  # seconds from "Hubungkan" to the platform's answer
SESSION_KEY = "warta_social_connect"
PAGES_KEY = "warta_social_connect_pages"


class BadState(Exception):
    """The callback's state is missing, forged, expired, or not this session's."""


class ConnectError(Exception):
    """The platform refused or failed; the message is a sentence for the admin (no token in it)."""


@dataclass(frozen=True)
class Page:
    id: str
    name: str
    ig_user_id: str = ""


# --- configuration ----------------------------------------------------------------------------------


def configured(flow: str) -> bool:
    if flow == META:
        return bool(settings.WARTA_META_APP_ID and settings.WARTA_META_APP_SECRET)
    return bool(settings.WARTA_X_CLIENT_ID)


def redirect_uri(flow: str) -> str:
    name = "social-connect-meta-return" if flow == META else "social-connect-x-return"
    return settings.SITE_URL + reverse(name)


# --- state -----------------------------------------------------------------------------------------


def _begin(session: SessionBase, flow: str, **extra: str) -> str:
    """A new signed state for `flow`, its nonce kept in the session (one flow of each kind at a time)."""
    nonce = secrets.token_urlsafe(32)
    pending = dict(session.get(SESSION_KEY) or {})
    pending[flow] = {"nonce": nonce, **extra}
    session[SESSION_KEY] = pending
    return signing.dumps({"f": flow, "n": nonce}, salt=STATE_SALT, compress=False)


def finish(session: SessionBase, flow: str, state: str | None) -> dict[str, str]:
    """Check the callback's state against this session and spend it: the flow's saved values."""
    pending = dict(session.get(SESSION_KEY) or {})
    saved = pending.pop(flow, None)
    if saved is not None:
        session[SESSION_KEY] = pending
    if not state or saved is None:
        raise BadState
    try:
        data = signing.loads(state, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        raise BadState from None
    if not isinstance(data, dict) or data.get("f") != flow:
        raise BadState
    if not hmac.compare_digest(str(data.get("n", "")), str(saved.get("nonce", ""))):
        raise BadState
    return dict(saved)


# --- Facebook Login for Business -------------------------------------------------------------------


def meta_authorize_url(session: SessionBase) -> str:
    params = {
        "client_id": settings.WARTA_META_APP_ID,
        "redirect_uri": redirect_uri(META),
        "state": _begin(session, META),
        "response_type": "code",
    }
    if settings.WARTA_META_LOGIN_CONFIG_ID:
        params["config_id"] = settings.WARTA_META_LOGIN_CONFIG_ID
        params["override_default_response_type"] = "true"
    else:
        params["scope"] = ",".join(META_SCOPES)
    return f"{settings.WARTA_META_DIALOG_URL}/{settings.WARTA_META_GRAPH_VERSION}/dialog/oauth?{urlencode(params)}"


# An answer without the expected field is as much a refusal as an error answer.
FAILURES = (PlatformError, KeyError, TypeError, ValueError)


def _refused(platform: str, exc: Exception) -> ConnectError:
    reason = exc.message if isinstance(exc, PlatformError) else _("jawabannya tidak lengkap")
    return ConnectError(
        _("%(platform)s menolak permintaan menghubungkan akun: %(reason)s.") % {"platform": platform, "reason": reason}
    )


def meta_user_token(code: str) -> tuple[str, int]:
    """The code → a short-lived user token → a long-lived one: (token, seconds it lasts)."""
    app = {"client_id": settings.WARTA_META_APP_ID, "client_secret": settings.WARTA_META_APP_SECRET}
    try:
        with GraphClient("") as graph:
            short = graph.call(
                "GET", "/oauth/access_token", params={**app, "redirect_uri": redirect_uri(META), "code": code}
            )
            long = graph.call(
                "GET",
                "/oauth/access_token",
                params={**app, "grant_type": "fb_exchange_token", "fb_exchange_token": str(short["access_token"])},
            )
        return str(long["access_token"]), int(long.get("expires_in") or 0)
    except FAILURES as exc:
        raise _refused("Meta", exc) from None


def meta_pages(user_token: str) -> list[dict[str, Any]]:
    """The Pages the person manages, each with its (long-lived) Page token and Instagram account."""
    try:
        with GraphClient(user_token) as graph:
            body = graph.call(
                "GET",
                "/me/accounts",
                params={"fields": "id,name,access_token,instagram_business_account", "limit": 100},
            )
    except FAILURES as exc:
        raise _refused("Meta", exc) from None
    return [p for p in body.get("data") or [] if isinstance(p, dict) and p.get("id") and p.get("access_token")]


def page_of(row: dict[str, Any]) -> Page:
    ig = row.get("instagram_business_account")
    return Page(
        str(row["id"]), str(row.get("name") or row["id"]), str(ig.get("id") or "") if isinstance(ig, dict) else ""
    )


def remember_pages(session: SessionBase, user_token: str, pages: list[Page]) -> None:
    """Several Pages: the admin chooses. The user token waits in the session, encrypted."""
    session[PAGES_KEY] = {
        "token": crypto.encrypt(user_token),
        "pages": [[p.id, p.name, p.ig_user_id] for p in pages],
        "at": int(timezone.now().timestamp()),
    }


def remembered_pages(session: SessionBase) -> tuple[str, list[Page]] | None:
    saved = session.get(PAGES_KEY)
    if not saved or int(timezone.now().timestamp()) - int(saved.get("at", 0)) > STATE_MAX_AGE:
        return None
    return crypto.decrypt(saved["token"]), [Page(*row) for row in saved["pages"]]


def forget_pages(session: SessionBase) -> None:
    session.pop(PAGES_KEY, None)


def connect_page(
    user_token: str, page_id: str, user: Any, rows: list[dict[str, Any]] | None = None
) -> tuple[Account, Account | None]:
    """Store the chosen Page and its Instagram account with the Page's token, in one transaction
    once every call has answered. The Page must be one the person manages now (`rows`: the list
    just read; else it is read again)."""
    rows = meta_pages(user_token) if rows is None else rows
    row = next((r for r in rows if str(r["id"]) == page_id), None)
    if row is None:
        raise ConnectError(_("Halaman Facebook itu tidak dikelola oleh akun Facebook yang masuk."))
    page, page_token = page_of(row), str(row["access_token"])
    ig_username = ""
    if page.ig_user_id:
        try:
            with GraphClient(page_token) as graph:
                ig_username = str(graph.node(page.ig_user_id, "username").get("username") or "")
        except FAILURES as exc:
            raise _refused("Meta", exc) from None
    scopes = ",".join(META_SCOPES)
    with transaction.atomic():
        facebook = store(Platform.FACEBOOK, page.id, page.name, page_token, user=user, scopes=scopes)
        instagram = None
        if page.ig_user_id:
            instagram = store(
                Platform.INSTAGRAM,
                page.ig_user_id,
                ig_username or page.ig_user_id,
                page_token,
                user=user,
                scopes=scopes,
            )
    return facebook, instagram


# --- X OAuth 2.0 with PKCE -------------------------------------------------------------------------


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge): 86 characters of [A-Za-z0-9_-], then base64url(sha256)."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def x_authorize_url(session: SessionBase) -> str:
    verifier, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": settings.WARTA_X_CLIENT_ID,
        "redirect_uri": redirect_uri(X),
        "scope": X_SCOPES,
        "state": _begin(session, X, verifier=verifier),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return f"{settings.WARTA_X_AUTHORIZE_URL}?{urlencode(params)}"


def connect_x(code: str, verifier: str, user: Any) -> Account:
    """The code → a token pair → the user it belongs to; stored in one transaction."""
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri(X),
        "code_verifier": verifier,
        "client_id": settings.WARTA_X_CLIENT_ID,
    }
    kwargs: dict[str, Any] = {"data": data}
    if settings.WARTA_X_CLIENT_SECRET:  # a confidential client: HTTP Basic client_id:client_secret
        kwargs["auth"] = httpx.BasicAuth(settings.WARTA_X_CLIENT_ID, settings.WARTA_X_CLIENT_SECRET)
    try:
        with XClient() as x:
            pair = x.call("POST", "/2/oauth2/token", **kwargs)
        access = str(pair["access_token"])
        with XClient(access) as x:
            me = x.me()
        user_id, username = str(me["id"]), str(me["username"])
    except FAILURES as exc:
        raise _refused("X", exc) from None
    expires = timezone.now() + dt.timedelta(seconds=int(pair.get("expires_in") or 7200))
    with transaction.atomic():
        return store(
            Platform.X,
            user_id,
            username,
            access,
            refresh_token=str(pair.get("refresh_token") or ""),
            expires_at=expires,
            scopes=str(pair.get("scope") or X_SCOPES),
            user=user,
        )


# --- storing ---------------------------------------------------------------------------------------


def store(
    platform: str,
    account_id: str,
    handle: str,
    access_token: str,
    *,
    user: Any,
    refresh_token: str = "",
    expires_at: dt.datetime | None = None,
    scopes: str = "",
) -> Account:
    """The platform's active account becomes this one, with fresh tokens and a clean status.
    Reconnecting the same account keeps its row (its posts point at it); another account replaces
    the active one, which stays on record, inactive. Call inside a transaction."""
    now = timezone.now()
    current = Account.objects.select_for_update().filter(platform=platform, is_active=True).first()
    if current is not None and current.account_id != account_id:
        Account.objects.filter(pk=current.pk).update(is_active=False)
        current = None
    if current is None:
        current = (
            Account.objects.select_for_update()
            .filter(platform=platform, account_id=account_id)
            .order_by("-updated_at")
            .first()
        ) or Account(platform=platform, account_id=account_id)
    current.handle = handle.lstrip("@")[:100]
    current.access_token = access_token
    current.refresh_token = refresh_token
    current.expires_at = expires_at
    current.scopes = scopes[:300]
    current.status = AccountStatus.OK
    current.status_note = ""
    current.reconnect_notified_at = None
    current.last_checked_at = now
    current.is_active = True
    current.connected_by = user if getattr(user, "pk", None) else None
    current.save()
    from warta.notify.send import resolve

    resolve(f"social-account:{current.pk}")  # the "perlu dihubungkan ulang" notices are settled
    return current


def disconnect(account: Account) -> None:
    """Warta stops using the account and forgets its tokens (the row stays: posts point at it)."""
    Account.objects.filter(pk=account.pk).update(
        is_active=False, access_token="", refresh_token="", expires_at=None, updated_at=timezone.now()
    )
