"""The roles of the service (domain brief, section 1), kept as Django groups.

A user may hold several roles; an admin may also record that someone acts for a role for a
period (Plt/Plh, leave): see Delegation. Code asks `roles_of(user)` and `has_role(user, role)`,
never the groups directly.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from warta.accounts.models import Delegation, User

PEMOHON = "pemohon"
PIMPINAN = "pimpinan"
KABID_IKP = "kabid_ikp"
FUNGSIONAL_IKP = "fungsional_ikp"
STAF_IKP = "staf_ikp"
PENGELOLA_PENGADUAN = "pengelola_pengaduan"
TIM_PENGADUAN = "tim_pengaduan"
ADMIN = "admin"

ROLE_LABELS = {
    PEMOHON: _("Pemohon (operator OPD/UPT)"),
    PIMPINAN: _("Pimpinan (Kepala/Sekretaris Dinas)"),
    KABID_IKP: _("Kepala Bidang IKP"),
    FUNGSIONAL_IKP: _("Pejabat Fungsional IKP"),
    STAF_IKP: _("Staf IKP (pelaksana)"),
    PENGELOLA_PENGADUAN: _("Pejabat Pengelola Pengaduan"),
    TIM_PENGADUAN: _("Tim Pengelola Pengaduan"),
    ADMIN: _("Administrator sistem"),
}
ROLES = tuple(ROLE_LABELS)
ROLE_CHOICES = [(code, label) for code, label in ROLE_LABELS.items()]

OFFICE_STAFF = frozenset({PIMPINAN, KABID_IKP, FUNGSIONAL_IKP, STAF_IKP})
REVIEWERS = frozenset({KABID_IKP, FUNGSIONAL_IKP})
SUPERVISORS = frozenset({KABID_IKP, PIMPINAN})


def own_roles(user: User) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_warta_own_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._warta_own_roles = cached  # type: ignore[attr-defined]
    return set(cached)


def active_delegations(user: User, at: dt.datetime | None = None) -> list[Delegation]:
    from warta.accounts.models import Delegation

    if not user.is_authenticated or not user.is_active:
        return []
    day = timezone.localdate(at or timezone.now())
    # Read once per user object and day (a page asks several times).
    cached = getattr(user, "_warta_delegations", None)
    if cached is not None and cached[0] == day:
        return list(cached[1])
    delegations = list(Delegation.objects.filter(delegate=user, starts_on__lte=day, ends_on__gte=day))
    user._warta_delegations = (day, delegations)  # type: ignore[attr-defined]
    return list(delegations)


def roles_of(user: User, at: dt.datetime | None = None) -> set[str]:
    """Every role the user may act in now: their own and those delegated to them."""
    roles = own_roles(user)
    roles.update(d.role for d in active_delegations(user, at))
    return roles


def has_role(user: User, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_office_staff(user: User) -> bool:
    return bool(roles_of(user) & OFFICE_STAFF)


def acting_for(user: User, role: str, at: dt.datetime | None = None) -> Delegation | None:
    """The delegation through which the user holds `role`, when they do not hold it themselves.

    The timeline shows such an action "a.n." (atas nama) the person or office delegated for.
    """
    if role in own_roles(user):
        return None
    for delegation in active_delegations(user, at):
        if delegation.role == role:
            return delegation
    return None


def acting_label(user: User | None, actors: frozenset[str], kinds: set[str]) -> str:
    """ "a.n. …" when a move's actors name roles and the person holds the needed role only by
    delegation; "" when they act in their own role, or under a personal name the move also allows
    (e.g. "assignee", "staff")."""
    if user is None or not user.is_authenticated:
        return ""
    role_actors = [a for a in actors if a in ROLES]
    if not role_actors or (kinds & (actors - set(ROLES))):
        return ""
    if own_roles(user) & set(role_actors):
        return ""
    for role in role_actors:
        delegation = acting_for(user, role)
        if delegation:
            return delegation.label
    return ""


def users_with_role(role: str):
    """Active users who hold the role, by group or by a delegation in force today."""
    from django.db.models import Q

    from warta.accounts.models import User

    today = timezone.localdate()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__name=role)
            | Q(
                delegations_received__role=role,
                delegations_received__starts_on__lte=today,
                delegations_received__ends_on__gte=today,
            )
        )
        .distinct()
    )
