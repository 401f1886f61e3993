"""The one table of allowed moves. It drives the transition function, the permission tests and the
help text on the request page.

Who may act, by name:
- "applicant": a pemohon of the requesting organisation (or of its parent OPD);
- "staff": any office staff (pimpinan, kabid_ikp, fungsional_ikp, staf_ikp);
- "assignee": the staf_ikp the request is assigned to;
- "contact": whoever holds the request's tracking code (the public tracking page);
- a role name: anyone acting in that role (their own or by delegation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.desk.models import OPEN_STATUSES, Status

NEW = ""  # the status of a request that does not exist yet


@dataclass(frozen=True)
class Rule:
    action: str
    label: object
    actors: frozenset[str]
    sources: frozenset[str]
    target: str | None  # None: back to the status before (resubmit) or unchanged (edit)
    data: str


def _rule(action, label, actors, sources, target, data) -> Rule:
    return Rule(action, label, frozenset(actors), frozenset(sources), target, data)


RULES: dict[str, Rule] = {
    r.action: r
    for r in (
        _rule(
            "submit",
            _("Ajukan"),
            {"applicant", "staff"},
            {NEW, Status.DRAFT},
            Status.SUBMITTED,
            _("permohonan lengkap"),
        ),
        _rule(
            "dispose",
            _("Disposisi ke Bidang IKP"),
            {roles.PIMPINAN},
            {Status.SUBMITTED},
            Status.AT_DIVISION,
            _("catatan (opsional)"),
        ),
        _rule(
            "assign",
            _("Disposisi ke staf"),
            {roles.KABID_IKP, roles.FUNGSIONAL_IKP},
            {Status.AT_DIVISION},
            Status.ASSIGNED,
            _("pelaksana (staf IKP) dan arahan (wajib)"),
        ),
        _rule(
            "reassign",
            _("Alihkan ke staf lain"),
            {roles.KABID_IKP, roles.FUNGSIONAL_IKP},
            {Status.ASSIGNED},
            Status.ASSIGNED,
            _("pelaksana baru dan catatan"),
        ),
        _rule(
            "request_completion",
            _("Minta dilengkapi"),
            {roles.PIMPINAN, roles.KABID_IKP, roles.FUNGSIONAL_IKP, "assignee"},
            {Status.SUBMITTED, Status.AT_DIVISION, Status.ASSIGNED},
            Status.NEEDS_COMPLETION,
            _("apa yang kurang (wajib)"),
        ),
        _rule(
            "resubmit",
            _("Kirim kelengkapan"),
            {"applicant", "staff"},
            {Status.NEEDS_COMPLETION},
            None,
            _("catatan; tambahan berkas melalui lampiran"),
        ),
        _rule(
            "schedule",
            _("Jadwalkan"),
            {"assignee"},
            {Status.ASSIGNED},
            Status.SCHEDULED,
            _("waktu tayang per platform, tidak di masa lalu"),
        ),
        _rule("unschedule", _("Batalkan jadwal"), {"assignee"}, {Status.SCHEDULED}, Status.ASSIGNED, _("catatan")),
        _rule(
            "publish",
            _("Catat publikasi"),
            {"assignee"},
            {Status.ASSIGNED, Status.SCHEDULED},
            Status.PUBLISHED,
            _("tautan unggahan per platform tujuan, atau alasan bila tidak dipublikasikan"),
        ),
        _rule(
            "reject",
            _("Tolak"),
            {roles.PIMPINAN, roles.KABID_IKP, roles.FUNGSIONAL_IKP},
            set(OPEN_STATUSES),
            Status.REJECTED,
            _("kode alasan dan catatan"),
        ),
        _rule(
            "cancel",
            _("Batalkan permohonan"),
            {"applicant", "contact"},
            set(OPEN_STATUSES),
            Status.CANCELLED,
            _("catatan"),
        ),
        _rule("edit", _("Koreksi isi"), {"staff"}, set(OPEN_STATUSES), None, _("perubahan isi permohonan")),
    )
}
ACTIONS = tuple(RULES)
# Actions on an existing request, offered by the API's /actions/{action} (submit makes a request).
REQUEST_ACTIONS = tuple(a for a in ACTIONS if a != "edit")
