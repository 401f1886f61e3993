"""The clock's pages in the site menu (see warta.core.nav), with the rules their views apply."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.core.nav import NavItem, register


def is_admin(user: Any) -> bool:
    return bool(user.is_superuser or roles.has_role(user, roles.ADMIN))


def may_see_breaches(user: Any) -> bool:
    """The breach register: the supervisors (kabid_ikp, pimpinan), who also justify; the admin reads it."""
    return is_admin(user) or roles.has_role(user, *roles.SUPERVISORS)


def may_justify_breaches(user: Any) -> bool:
    return roles.has_role(user, *roles.SUPERVISORS)


def register_nav() -> None:
    register(NavItem("breach-register", _("Pelanggaran"), "breach-register", may_see_breaches, order=40))
    register(
        NavItem(
            "calendar-year",
            _("Kalender kerja"),
            "calendar-year",
            is_admin,
            order=70,
            url_kwargs=lambda: {"year": timezone.localdate().year},
        )
    )
