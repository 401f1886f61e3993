"""Who holds a request's current step, read from the table of moves in one place.

Each status that someone must move on names the move that advances it (`rules.ADVANCED_BY`); that
move's actors hold the request (`rules.holding_actors`). Everything that asks "whose turn is it" —
the request page, the home page's "waiting for you", the clock's timers (their superiors are the
clock's `default_superiors`), the notices — asks here.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Q, QuerySet

from warta.accounts import roles
from warta.accounts.models import User
from warta.desk.models import PublicationRequest, Status
from warta.desk.rules import holding_actors


def _holding_roles(actors: frozenset[str]) -> list[str]:
    """The roles among the holding actors, in the roles' own order (the applicant as "pemohon")."""
    named = [role for role in roles.ROLES if role in actors]
    if "applicant" in actors and roles.PEMOHON not in named:
        named.append(roles.PEMOHON)
    return named


def _applicants(req: PublicationRequest) -> QuerySet[User]:
    """The operators who may act for the requesting organisation: its own and its parent OPD's."""
    organizations = [req.organization_id]
    parent = getattr(req.organization, "parent_id", None)
    if parent:
        organizations.append(parent)
    return roles.users_with_role(roles.PEMOHON).filter(organization_id__in=organizations)


def holders(req: PublicationRequest) -> tuple[list[User], str | None]:
    """The people who must act next, and the role key ("pimpinan", "kabid_ikp/fungsional_ikp") when
    a role, not one named person, holds the step. An assignee who no longer holds the staf_ikp role
    cannot act, so does not hold it."""
    actors = holding_actors(req.status)
    people: list[User] = []
    if "assignee" in actors and req.assignee_id:
        assignee = req.assignee
        if assignee is not None and assignee.is_active and roles.STAF_IKP in roles.roles_of(assignee):
            people.append(assignee)
    held_by_role = [role for role in roles.ROLES if role in actors]
    if held_by_role or "applicant" in actors:
        query = reduce(operator.or_, [roles.users_with_role(role) for role in held_by_role], User.objects.none())
        if "applicant" in actors:
            query = query | _applicants(req)
        seen = {p.pk for p in people}
        people += [p for p in query.distinct().order_by("pk") if p.pk not in seen]
    role_names = _holding_roles(actors)
    return people, ("/".join(role_names) or None)


def role_label(key: str | None) -> str:
    """The label of a holder's role key, e.g. "Kepala Bidang IKP / Pejabat Fungsional IKP"."""
    if not key:
        return ""
    return " / ".join(str(roles.ROLE_LABELS.get(name, name)) for name in key.split("/"))


def holder_label(status: str) -> str:
    """The label of the roles that hold a request in `status` ("" when one assigned person holds it)."""
    return role_label("/".join(_holding_roles(holding_actors(status))))


def waiting_for(user: User) -> Q | None:
    """The requests this person holds now, as a filter; None when they hold none."""
    held = roles.roles_of(user)
    parts: list[Q] = []
    for status in Status.values:
        actors = holding_actors(status)
        if not actors:
            continue
        if actors & held:
            parts.append(Q(status=status))
        if "assignee" in actors and roles.STAF_IKP in held:
            parts.append(Q(status=status, assignee=user))
        if "applicant" in actors and roles.PEMOHON in held and user.organization_id:
            parts.append(Q(status=status, organization_id__in=user.visible_organization_ids()))
    return reduce(operator.or_, parts) if parts else None


def step_name(req: PublicationRequest) -> str:
    return str(Status(req.status).label)
