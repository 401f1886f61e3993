"""The to-do list's interface for the other parts: add, settle, and whose list a to-do is on."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from warta.accounts import roles
from warta.todos.models import Todo


def add(
    key: str,
    *,
    kind: str,
    title: str,
    url: str = "",
    detail: str = "",
    assignee: Any = None,
    role: str = "",
) -> Todo:
    """Put a to-do on a person's (or a role's) list once: adding the same key again returns the
    existing one (reopened if it had been done, with the new wording)."""
    todo, created = Todo.objects.get_or_create(
        key=key,
        defaults={"kind": kind, "title": title, "url": url, "detail": detail, "assignee": assignee, "role": role},
    )
    if not created and todo.done_at is not None:
        todo.title, todo.url, todo.detail = title, url, detail
        todo.assignee, todo.role, todo.done_at, todo.done_by = assignee, role, None, None
        todo.save()
    return todo


def settle(key: str, by: Any = None) -> bool:
    """Mark the to-do with this key done (when the thing was done elsewhere, or by the person)."""
    return bool(Todo.objects.filter(key=key, done_at__isnull=True).update(done_at=timezone.now(), done_by=by))


def open_for(user: Any) -> QuerySet[Todo]:
    """The to-dos still open on this person's list: theirs, and their roles' unassigned ones."""
    if not getattr(user, "is_authenticated", False):
        return Todo.objects.none()
    held = roles.roles_of(user)
    mine = Q(assignee=user) | Q(assignee__isnull=True, role__in=held)
    if user.is_superuser or roles.ADMIN in held:
        mine |= Q(assignee__isnull=True)
    return Todo.objects.filter(mine, done_at__isnull=True)
