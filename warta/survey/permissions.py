"""Who may do what in the survey."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from warta.accounts import roles


def can_manage(user) -> bool:
    """Set periods, edit the population, write the follow-up plan: the kabid_ikp or an admin."""
    return bool(user.is_authenticated and (user.is_superuser or roles.has_role(user, roles.KABID_IKP, roles.ADMIN)))


def is_survey_staff(user) -> bool:
    """Enter paper questionnaires, see the suggestions and download the report: office staff and admins."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or roles.is_office_staff(user) or roles.has_role(user, roles.ADMIN))
    )


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_survey_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
