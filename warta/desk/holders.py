"""Who holds a request's current step, and who supervises them."""

from __future__ import annotations

from warta.accounts import roles
from warta.accounts.models import User
from warta.desk.models import PublicationRequest, Status


def holders(req: PublicationRequest) -> tuple[list[User], str | None]:
    """The people who must act next, and the role when a role (not one person) holds the step."""
    if req.status == Status.SUBMITTED:
        return list(roles.users_with_role(roles.PIMPINAN)), roles.PIMPINAN
    if req.status == Status.AT_DIVISION:
        people = list(roles.users_with_role(roles.KABID_IKP)) + list(roles.users_with_role(roles.FUNGSIONAL_IKP))
        return _unique(people), roles.KABID_IKP
    if req.status in (Status.ASSIGNED, Status.SCHEDULED) and req.assignee_id:
        assert req.assignee is not None
        return [req.assignee], None
    return [], None


def superiors(req: PublicationRequest) -> list[User]:
    return _unique(list(roles.users_with_role(roles.KABID_IKP)) + list(roles.users_with_role(roles.PIMPINAN)))


def step_name(req: PublicationRequest) -> str:
    return str(Status(req.status).label)


def _unique(users: list[User]) -> list[User]:
    seen: set[int] = set()
    result = []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result
