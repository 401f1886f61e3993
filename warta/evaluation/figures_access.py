"""Who reads the evaluation's figures (the dashboard, the monthly pack, the monthly API): pimpinan,
kabid_ikp, fungsional_ikp and the admin. The menu entry follows the same rule (warta.core.nav)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.core.nav import NavItem, register

FIGURE_READERS = (roles.PIMPINAN, roles.KABID_IKP, roles.FUNGSIONAL_IKP, roles.ADMIN)


def may_see_figures(user: Any) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_superuser or roles.has_role(user, *FIGURE_READERS))


def figures_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_see_figures(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def register_nav() -> None:
    register(NavItem("evaluation-dashboard", _("Evaluasi"), "evaluation-dashboard", may_see_figures, order=45))
