"""Keeping the accounts usable: X tokens refreshed before use, a daily check of every account, and
one warning to the admins and the head of the division when a token stops working."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from warta.accounts import roles
from warta.social.clients.base import PlatformError
from warta.social.clients.graph import GraphClient
from warta.social.clients.x import XClient
from warta.social.models import Account, AccountStatus, Platform

REFRESH_MARGIN = dt.timedelta(minutes=5)
RECONNECT = gettext_noop("Akun %(platform)s @%(handle)s perlu dihubungkan ulang.")


def fresh_x_token(account: Account) -> str:
    """The X access token, refreshed first when it expires within minutes. A refresh token works
    once, so the new pair is stored in the same transaction that locked the row."""
    if account.platform != Platform.X or not account.refresh_token:
        return str(account.access_token)
    if account.expires_at and account.expires_at - timezone.now() > REFRESH_MARGIN:
        return str(account.access_token)
    with transaction.atomic():
        locked = Account.objects.select_for_update().get(pk=account.pk)
        if locked.expires_at and locked.expires_at - timezone.now() > REFRESH_MARGIN:
            return str(locked.access_token)  # another worker refreshed it meanwhile
        with XClient() as x:
            pair = x.refresh(str(locked.refresh_token))
        locked.access_token = pair["access_token"]
        locked.refresh_token = pair.get("refresh_token") or ""
        locked.expires_at = timezone.now() + dt.timedelta(seconds=int(pair.get("expires_in") or 7200))
        if pair.get("scope"):
            locked.scopes = str(pair["scope"])
        locked.save(update_fields=["access_token", "refresh_token", "expires_at", "scopes", "updated_at"])
    account.access_token, account.refresh_token = locked.access_token, locked.refresh_token
    account.expires_at = locked.expires_at
    return str(locked.access_token)


def mark_needs_reconnect(account: Account, reason: str) -> None:
    """The token was refused (Graph 190, X 401): flag the account and tell the admins and kabid once."""
    with transaction.atomic():
        claimed = Account.objects.filter(pk=account.pk, reconnect_notified_at__isnull=True).update(
            status=AccountStatus.NEEDS_RECONNECT, status_note=reason[:300], reconnect_notified_at=timezone.now()
        )
        if not claimed:
            Account.objects.filter(pk=account.pk).update(status=AccountStatus.NEEDS_RECONNECT, status_note=reason[:300])
            return
        from warta.notify.send import email, notice

        account.refresh_from_db()
        url = settings.SITE_URL + reverse("social-accounts")
        people = list(roles.users_with_role(roles.ADMIN) | roles.users_with_role(roles.KABID_IKP))
        params = {"platform": account.get_platform_display(), "handle": account.handle}
        for person in people:
            notice(person, url=url, message=RECONNECT, params=params, topic=f"social-account:{account.pk}")
        text = _(RECONNECT) % params
        email(
            [p.email for p in people],
            text,
            "social/email/reconnect",
            {"account": account, "reason": reason, "url": url},
        )


def check_account(account: Account) -> bool:
    """Ask the platform who the token belongs to; a refused token flags the account."""
    try:
        if account.platform == Platform.X:
            with XClient(fresh_x_token(account)) as x:
                x.me()
        else:
            with GraphClient(str(account.access_token)) as graph:
                graph.node(account.account_id, "id")
    except PlatformError as exc:
        if exc.token_invalid:
            mark_needs_reconnect(account, str(exc))
            return False
        raise
    Account.objects.filter(pk=account.pk).update(
        last_checked_at=timezone.now(), status=AccountStatus.OK, status_note="", reconnect_notified_at=None
    )
    from warta.notify.send import resolve

    resolve(f"social-account:{account.pk}")
    return True


@task()
def check_accounts() -> int:
    """The daily check of every active account (run by the timers). Returns how many are usable."""
    usable = 0
    for account in Account.objects.filter(is_active=True):
        try:
            usable += check_account(account)
        except PlatformError:
            continue  # the platform is down, not the token: tomorrow's check will tell
    return usable
