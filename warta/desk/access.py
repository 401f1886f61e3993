"""One permission helper per object kind: who may see which requests."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from warta.accounts import roles
from warta.accounts.models import User
from warta.desk.models import PublicationRequest


def visible_requests(user: User) -> QuerySet[PublicationRequest]:
    """Office staff see the whole desk; an OPD operator their organisation's (and its UPTs')."""
    qs = PublicationRequest.objects.select_related("organization", "assignee", "service")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser or roles.is_office_staff(user):
        return qs
    if roles.has_role(user, roles.PEMOHON):
        return qs.filter(organization_id__in=user.visible_organization_ids())
    return qs.none()


def get_request_for_user(request: HttpRequest, number: str) -> PublicationRequest:
    """The request with this number if the user may see it; 404 otherwise (another organisation's
    number looks like an unknown one)."""
    user = request.user
    req = visible_requests(user).filter(number=number).first()  # type: ignore[arg-type]
    if req is None:
        raise Http404
    return req
