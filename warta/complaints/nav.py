"""The complaints' page in the site menu (see warta.core.nav), with the rule its view applies."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.complaints.access import sees_all
from warta.core.nav import NavItem, register


def may_list(user: Any) -> bool:
    """The officer and the admin see every complaint; a team member those assigned to them."""
    return sees_all(user) or roles.has_role(user, roles.TIM_PENGADUAN)


def register_nav() -> None:
    register(NavItem("complaint-list", _("Pengaduan"), "complaint-list", may_list, order=35))
