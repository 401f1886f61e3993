"""The to-do list in the API: GET /api/v1/todos (the caller's open to-dos) and
POST /api/v1/todos/{id}/done (mark one done; another person's to-do is 404 like an unknown one)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from warta.accounts.api_auth import TokenAuth
from warta.todos import services
from warta.todos.models import Todo

router = Router(tags=["todos"], auth=TokenAuth())
LIST_LIMIT = 200


class TodoOut(Schema):
    id: int
    kind: str
    title: str
    detail: str
    url: str
    page: str
    assignee: str | None
    role: str
    created_at: dt.datetime
    done_at: dt.datetime | None
    done_by: str | None


class TodoListOut(Schema):
    items: list[TodoOut]
    count: int


class ErrorOut(Schema):
    detail: str


def _out(todo: Todo) -> TodoOut:
    return TodoOut(
        id=todo.pk,
        kind=todo.kind,
        title=todo.title,
        detail=todo.detail,
        url=todo.href,
        page=todo.page_href,
        assignee=todo.assignee.username if todo.assignee else None,
        role=todo.role,
        created_at=todo.created_at,
        done_at=todo.done_at,
        done_by=todo.done_by.username if todo.done_by else None,
    )


@router.get("", response={200: TodoListOut, 401: ErrorOut}, summary="The caller's open to-dos")
def list_todos(request: HttpRequest) -> TodoListOut:
    qs = services.open_for(request.auth).select_related("assignee", "done_by").order_by("-created_at", "-pk")  # type: ignore[attr-defined]
    items = [_out(todo) for todo in qs[:LIST_LIMIT]]
    return TodoListOut(items=items, count=qs.count() if len(items) == LIST_LIMIT else len(items))


@router.post("/{int:todo_id}/done", response={200: TodoOut, 401: ErrorOut, 404: ErrorOut}, summary="Mark a to-do done")
def mark_done(request: HttpRequest, todo_id: int) -> TodoOut | Status:
    todo = services.mark_done(request.auth, todo_id)  # type: ignore[attr-defined]
    if todo is None:
        return Status(404, {"detail": _("Tugas tidak ditemukan dalam daftar Anda.")})
    return _out(todo)
