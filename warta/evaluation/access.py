"""Who may see and change the evaluation's records (meetings, sanctions, staff profiles).

- Meetings: read by pimpinan, kabid_ikp, fungsional_ikp and the admin (one meeting also by those who
  attended it or own one of its decisions); recorded and edited by the kabid_ikp (who runs the
  division's evaluation) and the admin (who may type the minutes in for the office). A decision is
  marked done by its owner, the kabid or the admin.
- A person's record (violations, sanctions, competences, trainings): the person, their superiors
  (kabid_ikp, pimpinan) and the admin; anyone else gets 404, as if the person had no record.
- Sanctions: proposed by the kabid_ikp, decided or declined by pimpinan (the head of office).
- Competences and trainings: entered by the kabid_ikp and the admin.
- Staffing: pimpinan, kabid_ikp, fungsional_ikp and the admin.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from warta.accounts import roles

# The people the evaluation keeps records of: the office's staff and the complaints team.
STAFF_ROLES = (
    roles.PIMPINAN,
    roles.KABID_IKP,
    roles.FUNGSIONAL_IKP,
    roles.STAF_IKP,
    roles.PENGELOLA_PENGADUAN,
    roles.TIM_PENGADUAN,
)
READERS = (roles.PIMPINAN, roles.KABID_IKP, roles.FUNGSIONAL_IKP)


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or roles.has_role(user, roles.ADMIN)))


def may_read_meetings(user: Any) -> bool:
    return is_admin(user) or roles.has_role(user, *READERS)


def may_read_meeting(user: Any, meeting: Any) -> bool:
    """One meeting's page and minutes: the readers, and whoever attended it or owns one of its
    decisions (their to-do links there)."""
    if may_read_meetings(user):
        return True
    return bool(
        user.is_authenticated
        and (meeting.attendees.filter(person=user).exists() or meeting.decisions.filter(owner=user).exists())
    )


def may_edit_meetings(user: Any) -> bool:
    return is_admin(user) or roles.has_role(user, roles.KABID_IKP)


def may_close_decision(user: Any, decision: Any) -> bool:
    return decision.owner_id == user.pk or may_edit_meetings(user)


def is_superior(user: Any) -> bool:
    return roles.has_role(user, *roles.SUPERVISORS)


def may_read_records(user: Any) -> bool:
    """The staff list and everyone's records: the superiors and the admin."""
    return is_admin(user) or is_superior(user)


def may_propose_sanction(user: Any) -> bool:
    return roles.has_role(user, roles.KABID_IKP)


def may_decide_sanction(user: Any) -> bool:
    return roles.has_role(user, roles.PIMPINAN)


def may_edit_profiles(user: Any) -> bool:
    return is_admin(user) or roles.has_role(user, roles.KABID_IKP)


def may_see_staffing(user: Any) -> bool:
    return is_admin(user) or roles.has_role(user, *READERS)


def has_own_record(user: Any) -> bool:
    """Staff who are not superiors reach their own record from the menu."""
    return roles.has_role(user, *STAFF_ROLES) and not is_superior(user)


def staff_people() -> QuerySet:
    """Active users holding a staff role (by group), by name."""
    from warta.accounts.models import User

    return (
        User.objects.filter(is_active=True, groups__name__in=STAFF_ROLES).distinct().order_by("first_name", "username")
    )


def get_person_for_user(user: Any, pk: int) -> Any:
    """The staff member whose record `user` may read, else 404 (never 403: an id is not confirmed)."""
    from warta.accounts.models import User

    if not (user.pk == pk or may_read_records(user)):
        raise Http404
    person = User.objects.filter(pk=pk, groups__name__in=STAFF_ROLES).distinct().first()
    if person is None:
        raise Http404
    return person


def role_label(person: Any) -> str:
    """The person's roles as the attendance list prints them."""
    held = roles.own_roles(person)
    return ", ".join(str(roles.ROLE_LABELS[r]) for r in roles.ROLES if r in held and r != roles.ADMIN)
