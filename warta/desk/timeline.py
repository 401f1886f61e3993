"""The one timeline of a request, as each audience may see it.

Every surface reads it from here: the request page, the API's request detail, the public tracking
page (/lacak/), the Lembar Disposisi and the e-mails. What each audience sees is one table,
`AUDIENCES`:

- the office (office staff) sees everything: who acted (and "a.n." for a delegate), every note, who
  was assigned, and an edit's old and new values;
- the applicant (the OPD operator) sees every step; the office's steps as the office and the role in
  which the person acted ("Dinkominfo — Kepala Bidang IKP"), never the person; only the notes
  addressed to them; an edit of what they gave as "Isi dikoreksi oleh Dinkominfo" with the names of
  the fields changed;
- the public (/lacak/) sees the steps and their times, what is addressed to the applicant (missing
  items, the rejection reason) and the post links, never a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.accounts import roles
from warta.core.office import get_office
from warta.core.templatetags.warta import waktu
from warta.desk.models import Event, Platform, PublicationRequest, RejectReason
from warta.desk.rules import ACTIONS, RULES

OFFICE = "office"
APPLICANT = "applicant"
PUBLIC = "public"

# How an audience is told who acted.
PERSON = "person"  # the person's name, and "a.n. …" when they acted by delegation
AS_OFFICE = "as_office"  # the office's steps as "<office> — <role>"; the applicant's own side by name
NOBODY = "nobody"  # no one is named

# The parts of a step's data an audience may read.
ASSIGNEE = "assignee"  # the staff member a step assigns (assign, reassign)
STANDING = "standing"  # that a disposition followed pimpinan's standing order
REASON = "reason"  # the rejection reason
LINKS = "links"  # the post links
NOT_PUBLISHED = "not_published"  # why a platform was not posted
TIMES = "times"  # the scheduled time per platform
CHANGED_FIELDS = "changed_fields"  # which fields an edit changed
CHANGED_VALUES = "changed_values"  # an edit's old and new values
FACTS = frozenset({ASSIGNEE, STANDING, REASON, LINKS, NOT_PUBLISHED, TIMES, CHANGED_FIELDS, CHANGED_VALUES})


@dataclass(frozen=True)
class Policy:
    who: str  # PERSON, AS_OFFICE or NOBODY
    notes: frozenset[str]  # the actions whose note this audience reads
    facts: frozenset[str]  # the parts of a step's data it reads


# The audience table: the one place that says who sees what of a request's history.
AUDIENCES: dict[str, Policy] = {
    OFFICE: Policy(who=PERSON, notes=frozenset(ACTIONS), facts=FACTS),
    APPLICANT: Policy(
        who=AS_OFFICE,
        # The notes addressed to the applicant; the disposition notes, the instruction to the staff
        # and the note of an edit stay inside the office.
        notes=frozenset({"submit", "request_completion", "resubmit", "reject", "cancel"}),
        facts=frozenset({REASON, LINKS, NOT_PUBLISHED, TIMES, CHANGED_FIELDS}),
    ),
    PUBLIC: Policy(
        who=NOBODY,
        notes=frozenset({"request_completion", "reject"}),
        facts=frozenset({REASON, LINKS}),
    ),
}

# How the timeline names each step ("edit" names the office: see `_label`).
EVENT_LABELS: dict[str, Any] = {
    "submit": gettext_lazy("Permohonan diajukan"),
    "dispose": gettext_lazy("Didisposisi ke Bidang IKP"),
    "assign": gettext_lazy("Didisposisi ke staf"),
    "reassign": gettext_lazy("Dialihkan ke staf lain"),
    "request_completion": gettext_lazy("Diminta melengkapi"),
    "resubmit": gettext_lazy("Kelengkapan dikirim"),
    "schedule": gettext_lazy("Dijadwalkan"),
    "unschedule": gettext_lazy("Jadwal dibatalkan"),
    "publish": gettext_lazy("Dipublikasikan"),
    "post": gettext_lazy("Ditayangkan melalui Warta"),
    "confirm_post": gettext_lazy("Unggahan dipastikan"),
    "take_down": gettext_lazy("Unggahan ditarik"),
    "reject": gettext_lazy("Ditolak"),
    "cancel": gettext_lazy("Dibatalkan"),
}
NOTE_LABELS: dict[str, Any] = {
    "assign": gettext_lazy("Arahan"),
    "request_completion": gettext_lazy("Yang perlu dilengkapi"),
    "reject": gettext_lazy("Catatan"),
}
# Steps of the disposition chain (one box each on the Lembar Disposisi).
DISPOSITION_ACTIONS = ("dispose", "assign", "reassign", "request_completion", "reject")
# Fields an edit may change that are not the request's own model fields.
FIELD_LABELS: dict[str, Any] = {
    "posts": gettext_lazy("tautan unggahan"),
    "service": gettext_lazy("layanan"),
}


@dataclass
class Entry:
    """One step as an audience sees it. Empty strings and lists mean "not shown"."""

    action: str
    label: str
    at: dt.datetime
    from_status: str
    to_status: str
    actor: str = ""
    on_behalf: str = ""
    note: str = ""
    note_label: str = ""
    assignee: str = ""
    reason: str = ""
    details: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (platform, label, url)
    changed_fields: list[str] = field(default_factory=list)  # field names
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, old, new)
    wa_link: str = ""
    event: Event | None = None


def audience_of(user: Any) -> str:
    """The audience of a signed-in person who may see the request (access is checked elsewhere)."""
    if getattr(user, "is_superuser", False) or roles.is_office_staff(user):
        return OFFICE
    return APPLICANT


def build(req: PublicationRequest, audience: str, events: Iterable[Event] | None = None) -> list[Entry]:
    """The request's timeline for `audience`, oldest step first."""
    if events is None:
        events = req.events.select_related("actor").order_by("at", "pk")
    office = _office_name()
    return [entry(e, audience, office=office) for e in events]


def entry(event: Event, audience: str, *, office: str | None = None) -> Entry:
    """One step for `audience` (see AUDIENCES)."""
    policy = AUDIENCES[audience]
    office = office if office is not None else _office_name()
    data = event.data or {}
    e = Entry(
        action=event.action,
        label=_label(event.action, office),
        at=event.at,
        from_status=event.from_status,
        to_status=event.to_status,
        event=event,
    )
    if policy.who == PERSON:
        e.actor, e.on_behalf = event.actor_name, event.on_behalf
    elif policy.who == AS_OFFICE:
        e.actor = _as_office(event, office)
    if event.action in policy.notes and event.note:
        e.note = event.note
        e.note_label = str(NOTE_LABELS.get(event.action, ""))
    facts = policy.facts
    if ASSIGNEE in facts and event.action in ("assign", "reassign") and data.get("assignee_name"):
        e.assignee = str(data["assignee_name"])
        e.details.append(_("Pelaksana: %(name)s") % {"name": e.assignee})
    if STANDING in facts and data.get("standing_order"):
        e.details.append(_("Menurut disposisi tetap"))
    if REASON in facts and event.action == "reject" and data.get("reason"):
        reason = str(data["reason"])
        e.reason = str(RejectReason(reason).label) if reason in RejectReason.values else reason
        e.details.append(_("Alasan: %(reason)s") % {"reason": e.reason})
    if LINKS in facts:
        e.links = [(str(p), _platform(p), str(url)) for p, url in (data.get("links") or {}).items() if url]
    if NOT_PUBLISHED in facts:
        for p, why in (data.get("not_published") or {}).items():
            e.details.append(
                _("Tidak dipublikasikan di %(platform)s: %(reason)s") % {"platform": _platform(p), "reason": why}
            )
    if TIMES in facts and event.action == "post" and data.get("platforms"):
        names = ", ".join(_platform(p) for p in data["platforms"])
        e.details.append(_("Platform: %(platforms)s") % {"platforms": names})
    if LINKS in facts and event.action == "publish" and data.get("by_warta"):
        names = ", ".join(_platform(p) for p in data["by_warta"])
        e.details.append(_("Diunggah oleh Warta: %(platforms)s") % {"platforms": names})
    if TIMES in facts and event.action == "confirm_post" and data.get("released"):
        e.details.append(
            _("%(platform)s belum terbit; boleh dicoba lagi") % {"platform": _platform(str(data.get("platform")))}
        )
    if LINKS in facts and event.action == "take_down":
        for p in data.get("taken_down") or []:
            e.details.append(_("Dihapus dari %(platform)s") % {"platform": _platform(p)})
        for p in data.get("by_hand") or {}:
            e.details.append(_("%(platform)s: ditarik secara manual (tugas)") % {"platform": _platform(p)})
    if TIMES in facts and event.action == "schedule":
        for p, moment in (data.get("times") or {}).items():
            e.details.append(_("Jadwal %(platform)s: %(time)s") % {"platform": _platform(p), "time": _moment(moment)})
    changes = data.get("changes") or {}
    if CHANGED_FIELDS in facts and changes:
        e.changed_fields = list(changes)
        names = ", ".join(_field_label(name) for name in changes)
        e.details.append(_("Diubah: %(fields)s") % {"fields": names})
    if CHANGED_VALUES in facts and changes:
        e.changes = [
            (_field_label(name), _value(change.get("from")), _value(change.get("to")))
            for name, change in changes.items()
            if isinstance(change, dict)
        ]
    return e


def changes_of(event: Event, audience: str) -> dict[str, Any] | None:
    """An edit's {field: {"from", "to"}} when the audience reads the values (the API's `changes`)."""
    if CHANGED_VALUES not in AUDIENCES[audience].facts:
        return None
    changes = (event.data or {}).get("changes")
    return dict(changes) if changes else None


def disposition_steps(entries: Iterable[Entry]) -> list[Entry]:
    """The boxes of the Lembar Disposisi."""
    return [e for e in entries if e.action in DISPOSITION_ACTIONS]


# --- naming who acted ------------------------------------------------------------------------

# The sides of a step: the applicant's (pemohon, the tracking-code holder) or the office's.
APPLICANT_SIDE_ROLES = frozenset({roles.PEMOHON, "contact"})


def _office_name() -> str:
    office = get_office()
    return office.short_name or office.name


def _label(action: str, office: str) -> str:
    if action == "edit":
        return _("Isi dikoreksi oleh %(office)s") % {"office": office}
    return str(EVENT_LABELS.get(action, action))


def _as_office(event: Event, office: str) -> str:
    """The office's steps as "<office> — <role>"; the applicant's side as recorded."""
    role = event.role or _derived_role(event)
    if role in APPLICANT_SIDE_ROLES:
        return event.actor_name
    if not event.actor_id and (event.data or {}).get("standing_order"):
        role = roles.PIMPINAN  # a move the software made on pimpinan's standing order
    return office_role(role, office)


def office_role(role: str | None, office: str | None = None) -> str:
    """The office and a role ("Dinkominfo — Kepala Bidang IKP"): how the applicant is told who took,
    or holds, a step of the office. `role` may name several ("kabid_ikp/fungsional_ikp"); None, a
    step one assigned staff member holds."""
    office = office if office is not None else _office_name()
    names = (role or roles.STAF_IKP).split("/")
    if not all(name in roles.ROLE_LABELS for name in names):
        return office
    title = " / ".join(str(roles.ROLE_LABELS[name]) for name in names)
    return _("%(office)s — %(role)s") % {"office": office, "role": title}


def _derived_role(event: Event) -> str:
    """For a step recorded without its role: the role its rule asks for that the person holds."""
    rule = RULES.get(event.action)
    actor = event.actor if event.actor_id else None
    if actor is None:
        return "contact" if rule is not None and "contact" in rule.actors and not event.data else ""
    held = roles.roles_of(actor)
    if roles.PEMOHON in held and not held & roles.OFFICE_STAFF:
        return roles.PEMOHON
    wanted = [a for a in (rule.actors if rule else ()) if a in roles.ROLES]
    for role in roles.ROLES:
        if role in held and (role in wanted or not wanted):
            return role
    return next((r for r in roles.ROLES if r in held), "")


def acting_role(user: Any, rule_actors: Iterable[str], kinds: Iterable[str]) -> str:
    """The role in which a person takes a step, kept on its event: a role the rule names, or what
    "assignee", "applicant", "contact" and "staff" stand for (see rules.py)."""
    matched = set(rule_actors) & set(kinds)
    for role in roles.ROLES:
        if role in matched:
            return role
    if "assignee" in matched:
        return roles.STAF_IKP
    if "applicant" in matched:
        return roles.PEMOHON
    if "contact" in matched:
        return "contact"
    if "staff" in matched and user is not None:
        held = roles.roles_of(user)
        return next((r for r in roles.ROLES if r in held and r in roles.OFFICE_STAFF), "")
    return min(matched, default="")


# --- values ----------------------------------------------------------------------------------


def _platform(code: str) -> str:
    return str(Platform(code).label) if code in Platform.values else str(code)


platform_label = _platform  # for the desk's other modules


def _field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    from django.core.exceptions import FieldDoesNotExist

    try:
        model_field = PublicationRequest._meta.get_field(name)
    except FieldDoesNotExist:  # a field this version no longer has
        return name
    return str(getattr(model_field, "verbose_name", name))


def _moment(value: Any) -> str:
    moment = _parse_moment(str(value or ""))
    return waktu(moment, "short") if moment else str(value or "")


def _value(value: Any) -> str:
    if value in (None, "", [], {}):
        return "-"
    if isinstance(value, list):
        text = ", ".join(_platform(v) if v in Platform.values else str(v) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{_platform(k)}: {v}" for k, v in value.items())
    elif isinstance(value, str) and (moment := _parse_moment(value)) is not None:
        text = waktu(moment, "short")
    else:
        text = str(value)
    return Truncator(text).chars(300)


def _parse_moment(value: str) -> dt.datetime | None:
    from django.utils.dateparse import parse_datetime

    if len(value) < 16 or value[4:5] != "-" or "T" not in value:
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None
