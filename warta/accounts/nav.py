"""The accounts' pages in the site menu (see warta.core.nav), with the rules their views apply."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.core.nav import NavItem, register


def may_invite(user: Any) -> bool:
    return bool(user.is_superuser or roles.has_role(user, roles.ADMIN))


def may_use_admin(user: Any) -> bool:
    """Django's admin site lets in active staff accounts."""
    return bool(user.is_active and user.is_staff and may_invite(user))


def register_nav() -> None:
    register(NavItem("invite", _("Undang pengguna"), "invite", may_invite, order=80))
    register(NavItem("admin", _("Admin"), "admin:index", may_use_admin, order=90))
