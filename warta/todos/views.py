"""The to-do list at /tugas/: a person's open to-dos and those done lately; "Selesai" marks one done
(htmx swaps the lists in place; without JavaScript the form posts and the page reloads)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from warta.todos import services

OPEN_LIMIT = 200


def _context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "open_todos": list(
            services.open_for(user).select_related("assignee").order_by("-created_at", "-pk")[:OPEN_LIMIT]
        ),
        "done_todos": list(
            services.recently_done_for(user).select_related("assignee", "done_by")[: services.RECENT_LIMIT]
        ),
        "recent_days": services.RECENT_DAYS,
    }


@login_required
@require_GET
def todo_list(request: HttpRequest) -> HttpResponse:
    template = "todos/list.html#todo-lists" if getattr(request, "htmx", False) else "todos/list.html"
    return render(request, template, _context(request))


@login_required
@require_POST
def todo_done(request: HttpRequest, pk: int) -> HttpResponse:
    todo = services.mark_done(request.user, pk)
    if todo is None:
        raise Http404
    if getattr(request, "htmx", False):
        return render(request, "todos/list.html#todo-lists", _context(request))
    messages.success(request, _("Tugas ditandai selesai: %(title)s") % {"title": todo.title})
    return redirect("todo-list")
