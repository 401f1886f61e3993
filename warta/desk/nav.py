"""The desk's pages in the site menu (see warta.core.nav), with the rules their views apply."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.core.nav import NavItem, register


def _held(user: Any) -> frozenset[str]:
    from warta.desk.templatetags.desk_tags import held_roles

    return held_roles(user)


def may_request(user: Any) -> bool:
    """The portal form is for an OPD operator who belongs to an organisation."""
    return roles.PEMOHON in _held(user) and bool(user.organization_id)


def _may_see_calendar(user: Any) -> bool:
    from warta.desk.calendar import may_see

    return may_see(user)


def register_nav() -> None:
    register(NavItem("home", _("Beranda"), "home", lambda user: True, order=0))
    register(NavItem("request-create", _("Ajukan permohonan"), "request-create", may_request, order=10))
    register(NavItem("request-log", _("Catat permohonan"), "request-log", lambda u: "staff" in _held(u), order=20))
    register(
        NavItem(
            "standing-dispositions",
            _("Disposisi tetap"),
            "standing-dispositions",
            lambda u: roles.PIMPINAN in _held(u),
            order=30,
        )
    )
    register(NavItem("content-calendar", _("Kalender konten"), "content-calendar", _may_see_calendar, order=27))
    register(NavItem("tracking", _("Lacak"), "tracking", lambda user: True, order=95))
