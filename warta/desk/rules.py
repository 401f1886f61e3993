"""The one table of allowed moves. It drives the transition function, the permission tests and the
help text on the request page.

Who may act, by name:
- "applicant": a pemohon of the requesting organisation (or of its parent OPD);
- "staff": any office staff (pimpinan, kabid_ikp, fungsional_ikp, staf_ikp);
- "assignee": the staf_ikp the request is assigned to;
- "contact": whoever holds the request's tracking code (the public tracking page);
- "system": the software itself (a standing disposition, the publication Warta completes after
  posting to every platform), never a person;
- a role name: anyone acting in that role (their own or by delegation; "admin" is the system
  administrator, who corrects a request in the Django admin).

A rule's `target` is what `transitions.perform()` writes: a status, `PREVIOUS` (back to the status
before the request was sent back for completion) or `SAME` (the status does not change).

Who holds a request at each status (`holders.py`, the home page's "waiting for you", the timers) is
read from `ADVANCED_BY`: the move that advances a request out of the status; that move's actors hold
it (see `holding_actors`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.core.moves import NEW, PREVIOUS, SAME, SYSTEM, Rule
from warta.core.moves import rule as _rule
from warta.desk.models import OPEN_STATUSES, Status

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
            {roles.PIMPINAN, SYSTEM},
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
            PREVIOUS,
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
            {"assignee", SYSTEM},
            {Status.ASSIGNED, Status.SCHEDULED},
            Status.PUBLISHED,
            _("tautan unggahan per platform tujuan, atau alasan bila tidak dipublikasikan"),
        ),
        _rule(
            "post",
            _("Tayangkan melalui Warta"),
            {"assignee"},
            {Status.ASSIGNED, Status.SCHEDULED},
            SAME,
            _("platform tujuan yang akunnya terhubung (kosong: semua yang belum selesai)"),
        ),
        _rule(
            "confirm_post",
            _("Pastikan unggahan"),
            {"assignee"},
            {Status.ASSIGNED, Status.SCHEDULED},
            SAME,
            _("platform dan tautan unggahannya, atau izin mencoba sekali lagi"),
        ),
        _rule(
            "take_down",
            _("Tarik unggahan"),
            {"assignee", roles.KABID_IKP, roles.FUNGSIONAL_IKP},
            {Status.ASSIGNED, Status.SCHEDULED, Status.PUBLISHED},
            SAME,
            _("platform dan alasan penarikan (wajib)"),
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
        _rule(
            "edit",
            _("Koreksi isi"),
            {"staff", roles.ADMIN},
            {*OPEN_STATUSES, Status.PUBLISHED},
            SAME,
            _("perubahan isi permohonan; setelah dipublikasikan hanya tautan unggahan dan layanan"),
        ),
    )
}
ACTIONS = tuple(RULES)
# Actions on an existing request, offered by the API's /actions/{action} (submit makes a request).
REQUEST_ACTIONS = tuple(a for a in ACTIONS if a != "edit")

# Each status that someone must move on, and the move that advances it. Its actors hold the request.
ADVANCED_BY: dict[str, str] = {
    Status.SUBMITTED: "dispose",
    Status.AT_DIVISION: "assign",
    Status.ASSIGNED: "publish",
    Status.SCHEDULED: "publish",
    Status.NEEDS_COMPLETION: "resubmit",
}
# Actors that never hold a request: the software, and the administrator's corrections.
_NOT_HOLDERS = frozenset({SYSTEM, roles.ADMIN, "contact"})


def holding_actors(status: str) -> frozenset[str]:
    """The actor names (see above) that hold a request in `status`: the actors of the move that
    advances it, without the software. Where a move names the applicant, office staff who may also
    take it only log it on the applicant's behalf (a letter, a call): the applicant holds it."""
    action = ADVANCED_BY.get(status)
    if action is None:
        return frozenset()
    actors = RULES[action].actors - _NOT_HOLDERS
    if "applicant" in actors:
        actors -= {"staff"}
    return actors


assert all(status in RULES[action].sources for status, action in ADVANCED_BY.items()), "a holding move must apply"
