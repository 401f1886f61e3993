"""Who holds a request's current step (its superiors are the clock's `default_superiors`)."""

from __future__ import annotations

from warta.accounts import roles
from warta.accounts.models import User
from warta.desk.models import PublicationRequest, Status


def holders(req: PublicationRequest) -> tuple[list[User], str | None]:
    """The people who must act next, and the role when a role (not one person) holds the step."""
    if req.status == Status.SUBMITTED:
        return list(roles.users_with_role(roles.PIMPINAN)), roles.PIMPINAN
    if req.status == Status.AT_DIVISION:
        people = roles.users_with_role(roles.KABID_IKP) | roles.users_with_role(roles.FUNGSIONAL_IKP)
        return list(people.order_by("pk")), roles.KABID_IKP
    if req.status in (Status.ASSIGNED, Status.SCHEDULED) and req.assignee_id:
        assert req.assignee is not None
        return [req.assignee], None
    return [], None


def step_name(req: PublicationRequest) -> str:
    return str(Status(req.status).label)
