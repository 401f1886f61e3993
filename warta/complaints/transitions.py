"""The one transition function of a complaint: the only writer of its status.

It runs on the shared skeleton (`warta.core.moves.perform`): the table in `rules.py` says who may
move from where to where; the handlers below validate the data and do the side effects (the clock's
columns above all); the status written is the rule's target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.accounts import roles
from warta.accounts.models import User
from warta.complaints import notifications, sla
from warta.complaints.access import is_assignee, is_consulted
from warta.complaints.models import (
    Category,
    Complaint,
    ComplaintEvent,
    Delivery,
    Kind,
    Status,
    Tier,
    hash_tracking_code,
    new_tracking_code,
)
from warta.complaints.rules import ASSIGNEE, COMPLAINANT, CONSULTED, RULES
from warta.core import moves
from warta.core.moves import SYSTEM, InvalidData, NotPermitted, Rule, TransitionError, UnknownAction, WrongStatus

__all__ = [
    "InvalidData",
    "NotPermitted",
    "TransitionError",
    "UnknownAction",
    "WrongStatus",
    "actor_kinds",
    "available_actions",
    "check",
    "perform",
]


def actor_kinds(user: User | None, complaint: Complaint, *, contact: bool = False, system: bool = False) -> set[str]:
    """The names (see rules.py) under which this person, or the software, may act on this complaint."""
    kinds = moves.base_kinds(user, system=system, contact_kind=COMPLAINANT if contact else "")
    if user is None or not user.is_authenticated:
        return kinds
    if is_assignee(user, complaint):
        kinds.add(ASSIGNEE)
    if is_consulted(user, complaint):
        kinds.add(CONSULTED)
    return kinds


def _on_behalf(user: User | None, rule: Rule, kinds: set[str]) -> str:
    return roles.acting_label(user, rule.actors, kinds)


def _role(user: User | None, rule: Rule, kinds: set[str]) -> str:
    """The role in which a step was taken: a role the rule names, the team for the assignee, or the
    complainant."""
    matched = rule.actors & kinds
    for role in roles.ROLES:
        if role in matched:
            return role
    if ASSIGNEE in matched:
        return roles.TIM_PENGADUAN
    if CONSULTED in matched:  # the consulted staff member's own office role
        return next((role for role in roles.ROLES if role in roles.OFFICE_STAFF and role in kinds), "")
    if COMPLAINANT in matched:
        return COMPLAINANT
    return SYSTEM if SYSTEM in matched else ""


def available_actions(user: User | None, complaint: Complaint, *, contact: bool = False) -> list[Rule]:
    return moves.available(MACHINE, complaint, user, contact=contact)


def check(complaint: Complaint, action: str, user: User | None, *, contact: bool = False) -> None:
    moves.check(MACHINE, complaint, action, user, contact=contact)


def perform(
    complaint: Complaint,
    action: str,
    user: User | None,
    data: Mapping[str, Any] | None = None,
    *,
    contact: bool = False,
    system: bool = False,
    actor_label: str = "",
    now: dt.datetime | None = None,
    is_new: bool = False,
    notify: bool = True,
) -> ComplaintEvent:
    """Take `action` on `complaint` as `user` (or as the tracking-code holder when `contact`, or as
    the software when `system`)."""
    locked, event = moves.perform(
        MACHINE,
        complaint,
        action,
        user,
        data,
        contact=contact,
        system=system,
        actor_label=actor_label,
        now=now,
        is_new=is_new,
        notify=notify,
    )
    complaint.refresh_from_db()
    if hasattr(locked, "raw_tracking_code"):  # the plain code exists only in memory
        complaint.raw_tracking_code = locked.raw_tracking_code  # type: ignore[attr-defined]
    return event  # type: ignore[no-any-return]


# --- one handler per action: validate the data, change the row, return (note, event data) -----


def _text(data: Mapping[str, Any], field: str) -> str:
    return str(data.get(field) or "").strip()


def _require(data: Mapping[str, Any], field: str, message: str) -> str:
    value = _text(data, field)
    if not value:
        raise InvalidData(message, {field: message})
    return value


def _user_with_role(data: Mapping[str, Any], field: str, allowed: frozenset[str], message: str) -> User:
    value = data.get(field)
    person: User | None
    if isinstance(value, User):
        person = value
    else:
        name = str(value or "").strip()
        person = User.objects.filter(username=name, is_active=True).first() if name else None
    if person is None or not person.is_active or not (roles.roles_of(person) & allowed):
        raise InvalidData(message, {field: message})
    return person


def _receive(c: Complaint, user, data, now):
    code = new_tracking_code()
    c.tracking_code_hash = hash_tracking_code(code)
    c.raw_tracking_code = code  # type: ignore[attr-defined]  # shown once, on the receipt
    if c.kind == Kind.COMPLAINT:
        c.tier = sla.strictest_tier(c, c.received_at)
        c.tier_provisional = True
    else:  # suggestions and appreciation are acknowledged within the light tier's time
        c.tier = Tier.LIGHT
        c.tier_provisional = False
    sla.start(c, c.tier, c.received_at)
    return _text(data, "note"), {"tier": c.tier, "provisional": c.tier_provisional}


def related_request_by_number(value: Any):
    """The publication request of this number, None when blank; InvalidData when unknown."""
    from warta.desk.models import PublicationRequest

    number = str(value or "").strip().upper()
    if not number:
        return None
    found = PublicationRequest.objects.filter(number=number).first()
    if found is None:
        msg = _("Nomor permohonan tidak ditemukan.")
        raise InvalidData(msg, {"related_request": msg})
    return found


# Internal flag of intake's classify step (never read from a form or the API's action body).
CATEGORY_LATER = "_category_later"


def _classify(c: Complaint, user, data, now):
    errors: dict[str, str] = {}
    tier = _text(data, "tier")
    if tier not in Tier.values:
        errors["tier"] = _("Pilih tingkat pengaduan.")
    code = _text(data, "category")
    category = Category.objects.filter(code=code, is_active=True).first() if code else None
    # A complaint logged with its tier (the API) may leave the category to a later classification.
    if category is None and (code or not data.get(CATEGORY_LATER)):
        errors["category"] = _("Pilih kategori pengaduan.")
    try:
        related = related_request_by_number(data.get("related_request"))
    except InvalidData as exc:
        errors.update(exc.errors)
        related = None
    if errors:
        raise InvalidData(_("Klasifikasi belum benar."), errors)
    c.tier = tier
    c.tier_provisional = False
    if category is not None:
        c.category = category
    if related is not None:
        c.related_request = related
    # The tier's deadline runs from the time of receipt.
    sla.start(c, tier, c.received_at)
    return _text(data, "note"), {
        "tier": tier,
        "category": category.code if category is not None else "",
        "related_request": related.number if related is not None else "",
    }


def _assign(c: Complaint, user, data, now):
    member = _user_with_role(
        data,
        "assignee",
        frozenset({roles.TIM_PENGADUAN}),
        _("Pelaksana harus anggota Tim Pengelola Pengaduan yang aktif."),
    )
    if member.pk == c.assignee_id:
        msg = _("Pengaduan sudah ditugaskan kepada anggota tim ini.")
        raise InvalidData(msg, {"assignee": msg})
    previous = c.assignee.username if c.assignee_id and c.assignee else ""
    c.assignee = member
    return _text(data, "note"), {
        "assignee": member.username,
        "assignee_name": member.display_name,
        "previous": previous,
    }


def _request_info(c: Complaint, user, data, now):
    question = _require(data, "note", _("Tuliskan keterangan yang diminta dari pengadu."))
    sla.pause(c, now)
    return question, {}


def _provide_info(c: Complaint, user, data, now):
    info = _require(data, "note", _("Tuliskan keterangan dari pengadu."))
    sla.resume(c, now)
    return info, {}


def _consult(c: Complaint, user, data, now):
    staff = _user_with_role(data, "assignee", roles.OFFICE_STAFF, _("Pilih staf kantor (bidang IKP) yang aktif."))
    question = _require(data, "note", _("Tuliskan hal yang ditanyakan kepada staf."))
    c.consulted.add(staff)
    return question, {"staff": staff.username, "staff_name": staff.display_name}


def _reply_consult(c: Complaint, user, data, now):
    facts = _require(data, "note", _("Tuliskan keterangan Anda untuk tim pengaduan."))
    return facts, {"staff": user.username, "staff_name": user.display_name}


def _answer(c: Complaint, user, data, now):
    text = _require(data, "text", _("Tuliskan rancangan jawaban."))
    c.answer = text
    c.answer_approved_at = None
    return "", {"text": text}


def _approve(c: Complaint, user, data, now):
    if c.answer_approved_at is not None:
        raise WrongStatus(_("Jawaban ini sudah disetujui."))
    c.answer_approved_at = now
    return _text(data, "note"), {}


def _return(c: Complaint, user, data, now):
    note = _require(data, "note", _("Tuliskan apa yang perlu diperbaiki."))
    c.answer_approved_at = None
    return note, {}


# What each way of delivering needs from the complainant's contact.
_DELIVERY_NEEDS = {
    Delivery.EMAIL: ("contact_email", gettext_lazy("Pengadu tidak mencantumkan e-mail.")),
    Delivery.WHATSAPP: ("contact_phone", gettext_lazy("Pengadu tidak mencantumkan nomor WhatsApp.")),
    Delivery.PHONE: ("contact_phone", gettext_lazy("Pengadu tidak mencantumkan nomor telepon.")),
    Delivery.LAPOR: ("lapor_tracking_id", gettext_lazy("Pengaduan ini tidak berasal dari SP4N-LAPOR.")),
}


def _answered(c: Complaint, now: dt.datetime) -> None:
    c.answered_at = now
    c.answer_minutes = max(0, int((now - c.received_at).total_seconds() // 60))


def _deliver(c: Complaint, user, data, now):
    if c.answer_approved_at is None:
        raise WrongStatus(_("Jawaban belum disetujui pejabat pengelola pengaduan."))
    channel = _text(data, "channel")
    if channel not in Delivery.values:
        msg = _("Pilih saluran penyampaian jawaban.")
        raise InvalidData(msg, {"channel": msg})
    need = _DELIVERY_NEEDS.get(Delivery(channel))
    if need and not getattr(c, need[0]):
        raise InvalidData(str(need[1]), {"channel": str(need[1])})
    c.delivered_via = channel
    _answered(c, now)
    c.reopen_until = sla.reopen_until(c, now)
    sla.close(c, now)
    return _text(data, "note"), {"channel": channel, "text": c.answer}


def _close(c: Complaint, user, data, now):
    c.reopen_until = None
    return _text(data, "note"), {}


def _acknowledge(c: Complaint, user, data, now):
    if c.kind == Kind.COMPLAINT:
        msg = _("Pengaduan dijawab melalui tim, bukan ditutup dengan tanggapan.")
        raise InvalidData(msg, {"kind": msg})
    reply = _require(data, "note", _("Tuliskan tanggapan untuk pengirim."))
    named: User | None = None
    if c.kind == Kind.APPRECIATION and _text(data, "assignee"):
        # The staff member the appreciation names hears of it (the notice carries the praise only).
        named = _user_with_role(
            data, "assignee", roles.OFFICE_STAFF | {roles.TIM_PENGADUAN}, _("Pilih staf yang disebut dalam apresiasi.")
        )
    c.answer = reply
    _answered(c, now)
    sla.close(c, now)
    return reply, {"named": named.username} if named is not None else {}


def _reopen(c: Complaint, user, data, now):
    if c.reopen_until is None or now > c.reopen_until:
        raise WrongStatus(_("Masa 10 hari kerja untuk membuka kembali pengaduan ini telah lewat."))
    reason = _require(data, "note", _("Tuliskan alasan membuka kembali."))
    # The first answer stays in its `deliver` event; the tier's time restarts from now.
    c.answer = ""
    c.answer_approved_at = None
    c.delivered_via = ""
    c.answered_at = None
    c.answer_minutes = None
    c.reopen_until = None
    sla.start(c, c.tier or Tier.LIGHT, now)
    return reason, {}


def _forward(c: Complaint, user, data, now):
    errors: dict[str, str] = {}
    organization = _text(data, "organization")
    note = _text(data, "note")
    if not organization:
        errors["organization"] = _("Tuliskan instansi tujuan.")
    elif len(organization) > 200:
        errors["organization"] = _("Nama instansi terlalu panjang (paling banyak 200 karakter).")
    if not note:
        errors["note"] = _("Tuliskan catatan penerusan.")
    if errors:
        raise InvalidData(_("Penerusan belum lengkap."), errors)
    c.forwarded_to = organization
    sla.close(c, now)
    return note, {"organization": organization}


_HANDLERS: dict[str, moves.Handler] = {
    "receive": _receive,
    "classify": _classify,
    "assign": _assign,
    "request_info": _request_info,
    "provide_info": _provide_info,
    "consult": _consult,
    "reply_consult": _reply_consult,
    "answer": _answer,
    "approve": _approve,
    "return": _return,
    "deliver": _deliver,
    "close": _close,
    "acknowledge": _acknowledge,
    "reopen": _reopen,
    "forward": _forward,
}

MACHINE = moves.Machine(
    model=Complaint,
    event_model=ComplaintEvent,
    event_field="complaint",
    rules=RULES,
    handlers=_HANDLERS,
    actor_kinds=actor_kinds,
    status_label=lambda status: str(Status(status).label),
    wrong_status_message=gettext_lazy("Status pengaduan (%(status)s) tidak memungkinkan tindakan ini."),
    contact_label=gettext_lazy("Pengadu (kode lacak)"),
    related=("service",),
    on_behalf=_on_behalf,
    role=_role,
    notify=notifications.after_event,
)
