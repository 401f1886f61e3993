"""The social accounts' page in the site menu (see warta.core.nav), with the rules its views apply."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.core.nav import NavItem, register


def may_manage_accounts(user: Any) -> bool:
    """Connecting and disconnecting the office's accounts is the admin's (domain brief, roles)."""
    return bool(user.is_authenticated and (user.is_superuser or roles.has_role(user, roles.ADMIN)))


def may_see_accounts(user: Any) -> bool:
    """The page itself, read-only, also for the head of the division, whom the reconnect warning
    reaches too (warta.social.accounts.mark_needs_reconnect)."""
    return may_manage_accounts(user) or bool(user.is_authenticated and roles.has_role(user, roles.KABID_IKP))


def register_nav() -> None:
    register(NavItem("social-accounts", _("Akun media sosial"), "social-accounts", may_see_accounts, order=75))
