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
    """The breach register: the supervisors (kabid_ikp, pimpinan) and every role that judges some kind
    of breach (the complaints officer, for complaints); the admin reads it."""
    from warta.clock.watch import judge_roles

    return is_admin(user) or roles.has_role(user, *roles.SUPERVISORS, *judge_roles())


def may_justify_breaches(user: Any) -> bool:
    """Whether the user judges some kind of breach (the forms are then shown where they may)."""
    from warta.clock.watch import judge_roles

    return roles.has_role(user, *judge_roles())


def may_judge(user: Any, breach: Any) -> bool:
    """Whether the user judges this breach: a role its kind's watch names (complaints: the officer)."""
    from warta.clock.watch import judges_for

    return roles.has_role(user, *judges_for(breach.content_type.model_class()))


def visible_breaches(user: Any, breaches: Any) -> Any:
    """The admin and the supervisors read every breach; another judge reads the kinds they judge."""
    from django.contrib.contenttypes.models import ContentType

    from warta.clock.watch import registered

    if is_admin(user) or roles.has_role(user, *roles.SUPERVISORS):
        return breaches
    held = roles.roles_of(user)
    models = [w.model for w in registered() if held & w.judges]
    kinds = ContentType.objects.get_for_models(*models).values() if models else []
    return breaches.filter(content_type__in=list(kinds))


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
