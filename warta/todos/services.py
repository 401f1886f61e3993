"""The to-do list's interface for the other parts: add, settle, and whose list a to-do is on.

A part adds a to-do with a key it can find again (`"post:12:confirm"`, `"complaint:7:whatsapp"`)
and settles it when the thing is done in Warta; the person may also mark it done from /tugas/ or
`POST /api/v1/todos/{id}/done`, which only someone whose list it is on can do (`mark_done`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from warta.accounts import roles
from warta.todos.models import Todo

# How long a done to-do stays under "Baru selesai" on the list.
RECENT_DAYS = 14
RECENT_LIMIT = 20


def add(
    key: str,
    *,
    kind: str,
    title: str,
    url: str = "",
    detail: str = "",
    page: str = "",
    assignee: Any = None,
    role: str = "",
) -> Todo:
    """Put a to-do on a person's (or a role's) list once: adding the same key again returns the
    existing one (reopened if it had been done, with the new wording)."""
    todo, created = Todo.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "title": title,
            "url": url,
            "detail": detail,
            "page": page,
            "assignee": assignee,
            "role": role,
        },
    )
    if not created and todo.done_at is not None:
        todo.kind, todo.title, todo.url, todo.detail, todo.page = kind, title, url, detail, page
        todo.assignee, todo.role, todo.done_at, todo.done_by = assignee, role, None, None
        todo.save()
    return todo


def settle(key: str, by: Any = None) -> bool:
    """Mark the to-do with this key done (when the thing was done elsewhere, or by the person)."""
    return bool(Todo.objects.filter(key=key, done_at__isnull=True).update(done_at=timezone.now(), done_by=by))


def _on_list_of(user: Any) -> Q | None:
    """Which to-dos are on this person's list: theirs, and their roles' unassigned ones (every
    unassigned one for an admin). None for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    held = roles.roles_of(user)
    mine = Q(assignee=user) | Q(assignee__isnull=True, role__in=held)
    if user.is_superuser or roles.ADMIN in held:
        mine |= Q(assignee__isnull=True)
    return mine


def on_list_of(user: Any) -> QuerySet[Todo]:
    """Every to-do, open or done, on this person's list."""
    mine = _on_list_of(user)
    if mine is None:
        return Todo.objects.none()
    return Todo.objects.filter(mine)


def open_for(user: Any) -> QuerySet[Todo]:
    """The to-dos still open on this person's list: theirs, and their roles' unassigned ones."""
    return on_list_of(user).filter(done_at__isnull=True)


def recently_done_for(user: Any, *, now: dt.datetime | None = None) -> QuerySet[Todo]:
    """The to-dos on this person's list done in the last two weeks, newest first."""
    since = (now or timezone.now()) - dt.timedelta(days=RECENT_DAYS)
    return on_list_of(user).filter(done_at__gte=since).order_by("-done_at", "-pk")


def mark_done(user: Any, pk: int) -> Todo | None:
    """The person marks a to-do on their list done. None when it is not on their list (another
    person's to-do looks like an unknown one); a to-do already done is returned as it is."""
    mine = on_list_of(user)
    # A conditional update: two presses (or two people holding the role) mark it done once.
    mine.filter(pk=pk, done_at__isnull=True).update(done_at=timezone.now(), done_by=user)
    return mine.select_related("assignee", "done_by").filter(pk=pk).first()
