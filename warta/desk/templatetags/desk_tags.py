"""The desk's reusable pieces: status and SLA badges, nav roles (the timeline is warta.desk.timeline)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.clock.sla import MET, MISSED, STATE_LABELS, VOID, state_label
from warta.desk.models import Platform, PublicationRequest, Status

register = template.Library()

SLA_LABELS = STATE_LABELS  # the clock's registry of the service-level states
# A clock that was stopped without an outcome (the request was cancelled).
STOPPED_LABEL = _("Jam layanan dihentikan")


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
    state = str(summary["state"])
    label = SLA_LABELS.get(state, state)
    if state == VOID and req.sla_closed_at is not None:
        label = STOPPED_LABEL  # a clock that ran and was stopped (cancelled), not a request without one
    left = summary["left_minutes"]
    return {
        "state": state,
        "label": label,
        "used": summary["used_minutes"],
        "left": left,
        # How late, as a positive duration: "lewat 35 menit", never "lewat -35 menit".
        "late": -left if left is not None and left < 0 else None,
        # A closed clock (published or rejected) says how long the service took, not what is left.
        "closed": state in (MET, MISSED),
        "detail": detail and state != VOID,
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
