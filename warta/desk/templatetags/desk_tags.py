"""The desk's reusable pieces: status and SLA badges, nav roles (the timeline is warta.desk.timeline)."""

from __future__ import annotations

from typing import Any

from django import template

from warta.accounts import roles
from warta.clock.sla import STATE_LABELS, state_label
from warta.desk.models import Platform, PublicationRequest, Status

register = template.Library()

SLA_LABELS = STATE_LABELS  # the clock's registry of the service-level states


def _platform_label(code: str) -> str:
    return str(Platform(code).label) if code in Platform.values else code


@register.inclusion_tag("desk/_status_badge.html")
def status_badge(status: str) -> dict:
    label = Status(status).label if status in Status.values else status
    return {"status": status, "label": label}


@register.inclusion_tag("desk/_sla_badge.html")
def sla_badge(req: PublicationRequest, now: Any = None, detail: bool = False) -> dict:
    """The SLA state; with `detail`, the used and remaining working minutes too (req.sla())."""
    summary: dict[str, Any] = (
        req.sla(now) if detail else {"state": req.sla_state(now), "used_minutes": None, "left_minutes": None}
    )
    return {
        "state": summary["state"],
        "label": SLA_LABELS.get(str(summary["state"]), summary["state"]),
        "used": summary["used_minutes"],
        "left": summary["left_minutes"],
        "detail": detail and summary["state"] != "void",
        "due_at": req.due_at,
    }


def held_roles(user: Any) -> frozenset[str]:
    """The roles the user may act in now, read once per request (kept on the user object), plus
    "staff" for office staff."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_desk_held_roles", None)
    if cached is None:
        held = set(roles.roles_of(user))
        if held & roles.OFFICE_STAFF:
            held.add("staff")
        cached = frozenset(held)
        user._desk_held_roles = cached
    return cached


@register.simple_tag
def desk_roles(user: Any) -> frozenset[str]:
    """The desk roles of the signed-in user, for the nav: "pemohon", "staff", "pimpinan"..."""
    return held_roles(user)


@register.filter
def platform_label(code: str) -> str:
    return _platform_label(code)


@register.filter
def sla_label(state: str) -> str:
    return state_label(state)
