"""The admin's page of the office's social accounts and the "Hubungkan" flows (see connect.py).

Only admins (the `admin` role or a superuser) open any of these, except the accounts page, which the
Kabid IKP reads without its buttons; a token never reaches a page.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from warta.social import connect
from warta.social.models import Account, AccountStatus, Platform
from warta.social.nav import may_manage_accounts, may_see_accounts

log = logging.getLogger(__name__)

# The consent page that connects each platform: Instagram comes with its Facebook Page.
FLOW_OF = {Platform.INSTAGRAM: connect.META, Platform.FACEBOOK: connect.META, Platform.X: connect.X}
DENIED = {
    connect.META: gettext_lazy("Izin tidak diberikan di Facebook, jadi tidak ada akun yang dihubungkan."),
    connect.X: gettext_lazy("Izin tidak diberikan di X, jadi tidak ada akun yang dihubungkan."),
}


def _require_admin(request: HttpRequest) -> None:
    if not may_manage_accounts(request.user):
        raise PermissionDenied


def _bad_state(request: HttpRequest) -> HttpResponse:
    log.warning("social connect: a callback with a missing or foreign state was refused")
    return render(request, "social/connect_refused.html", status=400)


@login_required
@never_cache
@require_GET
def accounts(request: HttpRequest) -> HttpResponse:
    if not may_see_accounts(request.user):
        raise PermissionDenied
    active = {a.platform: a for a in Account.objects.filter(is_active=True)}
    rows = []
    for platform in Platform:
        account = active.get(platform.value)
        flow = FLOW_OF[platform]
        if account is None:
            state, label = "none", _("Belum terhubung")
        elif account.status == AccountStatus.NEEDS_RECONNECT:
            state, label = "reconnect", account.get_status_display()
        else:
            state, label = "ok", account.get_status_display()
        rows.append(
            {
                "platform": platform,
                "account": account,
                "handle": shown_handle(account) if account else "",
                "state": state,
                "label": label,
                "flow": flow,
                "configured": connect.configured(flow),
            }
        )
    return render(
        request,
        "social/accounts.html",
        {
            "rows": rows,
            "may_manage": may_manage_accounts(request.user),
            "meta_configured": connect.configured(connect.META),
            "x_configured": connect.configured(connect.X),
        },
    )


def _start(request: HttpRequest, flow: str) -> HttpResponse:
    _require_admin(request)
    if not connect.configured(flow):
        messages.error(
            request,
            _("Aplikasi Meta belum diatur (WARTA_META_APP_ID, WARTA_META_APP_SECRET).")
            if flow == connect.META
            else _("Aplikasi X belum diatur (WARTA_X_CLIENT_ID)."),
        )
        return redirect("social-accounts")
    url = (
        connect.meta_authorize_url(request.session)
        if flow == connect.META
        else connect.x_authorize_url(request.session)
    )
    return HttpResponseRedirect(url)


@login_required
@require_POST
def connect_meta(request: HttpRequest) -> HttpResponse:
    return _start(request, connect.META)


@login_required
@require_POST
def connect_x(request: HttpRequest) -> HttpResponse:
    return _start(request, connect.X)


def _callback(request: HttpRequest, flow: str) -> tuple[dict[str, str] | None, HttpResponse | None]:
    """Check the state (400 when it is not this session's) and the platform's refusal."""
    _require_admin(request)
    try:
        saved = connect.finish(request.session, flow, request.GET.get("state"))
    except connect.BadState:
        return None, _bad_state(request)
    if request.GET.get("error") or not request.GET.get("code"):
        messages.error(request, DENIED[flow])
        return None, redirect("social-accounts")
    return saved, None


def shown_handle(account: Account) -> str:
    """A Page goes by its name; Instagram and X accounts by @username."""
    return account.handle if account.platform == Platform.FACEBOOK else f"@{account.handle}"


def _connected(request: HttpRequest, *accounts: Account | None) -> None:
    for account in accounts:
        if account is not None:
            messages.success(
                request,
                _("Akun %(platform)s %(handle)s terhubung.")
                % {"platform": account.get_platform_display(), "handle": shown_handle(account)},
            )


@login_required
@never_cache
@require_GET
def connect_meta_return(request: HttpRequest) -> HttpResponse:
    saved, answer = _callback(request, connect.META)
    if answer is not None:
        return answer
    assert saved is not None
    connect.forget_pages(request.session)
    try:
        user_token, _seconds = connect.meta_user_token(request.GET["code"])
        rows = connect.meta_pages(user_token)
        pages = [connect.page_of(row) for row in rows]
        if not pages:
            raise connect.ConnectError(_("Akun Facebook yang masuk tidak mengelola Halaman apa pun."))
        if len(pages) > 1:
            connect.remember_pages(request.session, user_token, pages)
            return redirect("social-connect-meta-page")
        facebook, instagram = connect.connect_page(user_token, pages[0].id, request.user, rows)
    except connect.ConnectError as exc:
        messages.error(request, str(exc))
        return redirect("social-accounts")
    _after_page(request, facebook, instagram)
    return redirect("social-accounts")


def _after_page(request: HttpRequest, facebook: Account, instagram: Account | None) -> None:
    _connected(request, facebook, instagram)
    if instagram is None:
        messages.warning(
            request,
            _("Halaman %(page)s belum tertaut ke akun Instagram profesional; Instagram tidak dihubungkan.")
            % {"page": facebook.handle},
        )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def connect_meta_page(request: HttpRequest) -> HttpResponse:
    """Several Pages: the admin chooses the office's."""
    _require_admin(request)
    remembered = connect.remembered_pages(request.session)
    if remembered is None:
        messages.error(request, _("Waktu memilih Halaman sudah habis. Silakan hubungkan lagi."))
        return redirect("social-accounts")
    user_token, pages = remembered
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("page", "")
        if chosen in {p.id for p in pages}:
            try:
                facebook, instagram = connect.connect_page(user_token, chosen, request.user)
            except connect.ConnectError as exc:
                messages.error(request, str(exc))
                connect.forget_pages(request.session)
                return redirect("social-accounts")
            connect.forget_pages(request.session)
            _after_page(request, facebook, instagram)
            return redirect("social-accounts")
        error = _("Pilih salah satu Halaman.")
    context: dict[str, Any] = {"pages": pages, "error": error}
    return render(request, "social/choose_page.html", context, status=400 if error else 200)


@login_required
@never_cache
@require_GET
def connect_x_return(request: HttpRequest) -> HttpResponse:
    saved, answer = _callback(request, connect.X)
    if answer is not None:
        return answer
    assert saved is not None
    try:
        account = connect.connect_x(request.GET["code"], saved.get("verifier", ""), request.user)
    except connect.ConnectError as exc:
        messages.error(request, str(exc))
        return redirect("social-accounts")
    _connected(request, account)
    return redirect("social-accounts")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    account = get_object_or_404(Account, pk=pk, is_active=True)
    if request.method == "POST":
        connect.disconnect(account)
        messages.success(
            request,
            _("Akun %(platform)s %(handle)s diputuskan; Warta tidak lagi mengunggah ke akun ini.")
            % {"platform": account.get_platform_display(), "handle": shown_handle(account)},
        )
        return redirect("social-accounts")
    return render(request, "social/disconnect.html", {"account": account, "handle": shown_handle(account)})
