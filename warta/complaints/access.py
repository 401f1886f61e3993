"""Who may see a complaint, and who may see the complainant (Perpres 76/2013).

- the complaint itself: the officer (pengelola_pengaduan), the admin, the assigned member of the
  team, and office staff it was referred to for facts (`consult`); pimpinan, who receives its
  breach, once its deadline was missed (read only: no move is pimpinan's) — no one else;
- the complainant's identity (name, phone, e-mail, handle): the officer and the admin; the assigned
  team member too unless the complainant chose confidentiality. Never the consulted staff, never
  pimpinan: they see the number, the complaint and its steps only.
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


def is_consulted(user: User, complaint: Complaint) -> bool:
    """Office staff the complaint was referred to for facts (`consult`)."""
    return bool(
        user.is_authenticated
        and roles.roles_of(user) & roles.OFFICE_STAFF
        and complaint.pk is not None
        and complaint.consulted.filter(pk=user.pk).exists()
    )


def breached_ids() -> QuerySet:
    """The complaints whose deadline passed (a breach in the clock's register)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import BigIntegerField
    from django.db.models.functions import Cast

    from warta.clock.models import Breach

    return (
        Breach.objects.filter(content_type=ContentType.objects.get_for_model(Complaint))
        .annotate(complaint_id=Cast("object_id", BigIntegerField()))
        .values("complaint_id")
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
    if roles.PIMPINAN in held:
        # Pimpinan receives a complaint's breach (the officer's superior): they may open it, read only.
        condition |= Q(pk__in=breached_ids())
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
