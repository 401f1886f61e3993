"""The desk's reusable pieces: status and SLA badges, timeline entries for each audience, nav roles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.clock.sla import STATE_LABELS, state_label
from warta.desk.models import Event, Platform, PublicationRequest, Status
from warta.desk.rules import APPLICANT_NOTE_ACTIONS

register = template.Library()

# How the timeline names each step.
EVENT_LABELS: dict[str, Any] = {
    "submit": _("Permohonan diajukan"),
    "dispose": _("Didisposisi ke Bidang IKP"),
    "assign": _("Didisposisi ke staf"),
    "reassign": _("Dialihkan ke staf lain"),
    "request_completion": _("Diminta melengkapi"),
    "resubmit": _("Kelengkapan dikirim"),
    "schedule": _("Dijadwalkan"),
    "unschedule": _("Jadwal dibatalkan"),
    "publish": _("Dipublikasikan"),
    "reject": _("Ditolak"),
    "cancel": _("Dibatalkan"),
    "edit": _("Isi dikoreksi oleh kantor"),
}
# Steps internal to the office, not shown to the applicant at all.
INTERNAL_ACTIONS = frozenset({"edit"})
# Steps of the disposition chain (one box each on the Lembar Disposisi).
DISPOSITION_ACTIONS = ("dispose", "assign", "reassign", "request_completion", "reject")

SLA_LABELS = STATE_LABELS  # the clock's registry of the service-level states


@dataclass
class Entry:
    label: Any
    at: Any
    action: str
    actor: str = ""
    on_behalf: str = ""
    note: str = ""
    note_label: Any = ""
    details: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    wa_link: str = ""
    event: Event | None = None


def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))


def _platform_label(code: str) -> str:
    return str(Platform(code).label) if code in Platform.values else code


def timeline(events: Iterable[Event], audience: str) -> list[Entry]:
    """The timeline as `audience` may see it: "staff" everything; "applicant" the steps with the
    notes addressed to them; "public" step names and times only, plus what is addressed to the
    applicant (missing items, rejection reason, post links), with no names."""
    entries = []
    for event in events:
        if audience != "staff" and event.action in INTERNAL_ACTIONS:
            continue
        entry = Entry(label=event_label(event.action), at=event.at, action=event.action, event=event)
        data = event.data or {}
        if audience != "public":
            entry.actor = event.actor_name
            entry.on_behalf = event.on_behalf
        if audience == "staff" or (
            event.action in APPLICANT_NOTE_ACTIONS
            and (audience != "public" or event.action in ("request_completion", "reject"))
        ):
            entry.note = event.note
        if event.action == "assign":
            entry.note_label = _("Arahan")
        elif event.action == "request_completion":
            entry.note_label = _("Yang perlu dilengkapi")
        elif event.action == "reject":
            entry.note_label = _("Catatan")
        if event.action == "reject" and data.get("reason"):
            entry.details.append(str(_("Alasan: %(reason)s")) % {"reason": data.get("reason_label") or data["reason"]})
        if event.action == "publish":
            entry.links = [(_platform_label(p), url) for p, url in (data.get("links") or {}).items()]
            if audience != "public":
                for p, reason in (data.get("not_published") or {}).items():
                    entry.details.append(
                        str(_("Tidak dipublikasikan di %(platform)s: %(reason)s"))
                        % {"platform": _platform_label(p), "reason": reason}
                    )
        if audience == "staff":
            if event.action in ("assign", "reassign") and data.get("assignee_name"):
                entry.details.append(str(_("Pelaksana: %(name)s")) % {"name": data["assignee_name"]})
            if event.action == "edit":
                names = ", ".join(sorted((data.get("changes") or {}).keys()))
                entry.details.append(str(_("Diubah: %(fields)s")) % {"fields": names})
            if event.action == "dispose" and data.get("standing_order"):
                entry.details.append(str(_("Menurut disposisi tetap")))
        entries.append(entry)
    return entries


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
