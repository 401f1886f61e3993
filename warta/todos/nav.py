"""The to-do list in the site menu (see warta.core.nav), with its count of open to-dos."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.core.nav import NavItem, register


def shown(user: Any) -> bool:
    """Everyone who works in the office (an OPD operator has nothing to do outside Warta for it);
    the page itself serves any signed-in person their own list."""
    return bool(user.is_superuser or roles.roles_of(user) - {roles.PEMOHON})


def open_count(user: Any) -> int:
    from warta.todos.services import open_for

    return open_for(user).count()


def register_nav() -> None:
    register(NavItem("todos", _("Tugas"), "todo-list", shown, order=25, count=open_count))
