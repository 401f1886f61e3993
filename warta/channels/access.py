"""Who sees which conversations: the desk's office staff the desk's inbox, the complaints officer
the conversations that became complaints, a superuser both (as the desk's pages). Anyone else sees
none (404, like an unknown one)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from warta.accounts import roles
from warta.channels.models import Conversation, Queue

# The complaints officer receives the conversations that became complaints (and hands them on).
COMPLAINT_ROLES = frozenset({roles.PENGELOLA_PENGADUAN})


def queues_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return {Queue.DESK, Queue.COMPLAINTS}
    held = roles.roles_of(user)
    queues: set[str] = set()
    if held & roles.OFFICE_STAFF:
        queues.add(Queue.DESK)
    if held & COMPLAINT_ROLES:
        queues.add(Queue.COMPLAINTS)
    return queues


def may_use_inbox(user: Any) -> bool:
    return bool(queues_of(user))


def visible_conversations(user: Any) -> QuerySet[Conversation]:
    return Conversation.objects.filter(queue__in=queues_of(user)).select_related("assignee")


def get_conversation(user: Any, pk: int) -> Conversation:
    conversation = visible_conversations(user).filter(pk=pk).first()
    if conversation is None:
        raise Http404
    return conversation


def staff_for(conversation: Conversation):
    """The people a conversation may be given to: those who see its inbox."""
    from warta.accounts.models import User

    wanted = roles.OFFICE_STAFF if conversation.queue == Queue.DESK else COMPLAINT_ROLES
    people = User.objects.none()
    for role in sorted(wanted):
        people = people | roles.users_with_role(role)
    return people.distinct().order_by("first_name", "username")
