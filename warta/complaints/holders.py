"""Who holds a complaint's current step, read from the table of moves (`rules.holding_actors`)."""

from __future__ import annotations

from warta.accounts import roles
from warta.accounts.models import User
from warta.complaints.models import Complaint, Status
from warta.complaints.rules import ASSIGNEE, COMPLAINANT, holding_actors


def holders(complaint: Complaint) -> tuple[list[User], str | None]:
    """The people who must act next, and the role key when a role, not one person, holds it."""
    actors = holding_actors(complaint.status)
    people: list[User] = []
    if ASSIGNEE in actors and complaint.assignee_id:
        assignee = complaint.assignee
        if assignee is not None and assignee.is_active and roles.TIM_PENGADUAN in roles.roles_of(assignee):
            people.append(assignee)
    held_by_role = [role for role in roles.ROLES if role in actors]
    seen = {p.pk for p in people}
    for role in held_by_role:
        for person in roles.users_with_role(role).order_by("pk"):
            if person.pk not in seen:
                seen.add(person.pk)
                people.append(person)
    return people, ("/".join(held_by_role) or None)


def held_by_complainant(complaint: Complaint) -> bool:
    return COMPLAINANT in holding_actors(complaint.status)


def step_name(complaint: Complaint) -> str:
    return str(Status(complaint.status).label) if complaint.status else "-"
