"""Who may see a complaint, and who may see the complainant (Perpres 76/2013).

- the complaint itself: the officer (pengelola_pengaduan), the admin, the assigned member of the
  team, and office staff it was referred to for facts (`consult`) — no one else;
- the complainant's identity (name, phone, e-mail, handle): the officer and the admin; the assigned
  team member too unless the complainant chose confidentiality. Never the consulted staff.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from warta.accounts import roles
from warta.accounts.models import User
from warta.complaints.models import Complaint


def is_admin(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or roles.has_role(user, roles.ADMIN)))


def is_officer(user: User) -> bool:
    return bool(user.is_authenticated and roles.has_role(user, roles.PENGELOLA_PENGADUAN))


def sees_all(user: User) -> bool:
    return is_admin(user) or is_officer(user)


def is_assignee(user: User, complaint: Complaint) -> bool:
    return bool(
        user.is_authenticated and complaint.assignee_id == user.pk and roles.has_role(user, roles.TIM_PENGADUAN)
    )


def visible_complaints(user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("category", "assignee", "service")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if sees_all(user):
        return qs
    held = roles.roles_of(user)
    condition = Q(pk__in=[])
    if roles.TIM_PENGADUAN in held:
        condition |= Q(assignee=user)
    if held & roles.OFFICE_STAFF:
        consulted = Complaint.consulted.through.objects.filter(user=user).values("complaint_id")
        condition |= Q(pk__in=consulted)
    return qs.filter(condition)


def can_see(user: User, complaint: Complaint) -> bool:
    return visible_complaints(user).filter(pk=complaint.pk).exists()


def can_see_identity(user: User, complaint: Complaint) -> bool:
    if sees_all(user):
        return True
    return is_assignee(user, complaint) and not complaint.confidential


def get_complaint_for_user(request: HttpRequest, number: str) -> Complaint:
    """The complaint with this number if the user may see it; 404 otherwise."""
    complaint = visible_complaints(request.user).filter(number=number).first()  # type: ignore[arg-type]
    if complaint is None:
        raise Http404
    return complaint
