"""The one table of a complaint's moves. It drives the transition function, the permission and
confidentiality tests, the help on the complaint page and who holds a complaint at each status.

Who may act, by name:
- "pengelola_pengaduan": the Pejabat Pengelola Pengaduan (own role or by delegation), "the officer";
- "admin": the system administrator (logs a complaint through the API or the admin);
- "assignee": the member of the Tim Pengelola Pengaduan the complaint is assigned to;
- "complainant": whoever holds the complaint's tracking code, or writes on the public form;
- "consulted": office staff the complaint was referred to for facts (`consult`): they see the
  complaint (never the complainant's identity) and answer with what they know (`reply_consult`);
- "system": the software itself (a LAPOR batch imported from the command line, closing an answered
  complaint after the reopening window).

A rule's `target` is what `transitions.perform()` writes: a status, or `SAME` (unchanged).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from warta.accounts import roles
from warta.complaints.models import Status
from warta.core.moves import NEW, SAME, SYSTEM, Rule
from warta.core.moves import rule as _rule

OFFICER = roles.PENGELOLA_PENGADUAN
ASSIGNEE = "assignee"
COMPLAINANT = "complainant"
CONSULTED = "consulted"

RULES: dict[str, Rule] = {
    r.action: r
    for r in (
        _rule(
            "receive",
            _("Catat pengaduan"),
            {OFFICER, roles.ADMIN, COMPLAINANT, SYSTEM},
            {NEW},
            Status.RECEIVED,
            _("jenis, saluran, waktu diterima, isi; identitas boleh kosong"),
        ),
        _rule(
            "classify",
            _("Klasifikasikan"),
            {OFFICER},
            {Status.RECEIVED, Status.CLASSIFIED},
            Status.CLASSIFIED,
            _("tingkat, kategori, permohonan terkait (opsional)"),
        ),
        _rule(
            "assign",
            _("Tugaskan ke tim"),
            {OFFICER},
            {Status.CLASSIFIED, Status.IN_PROGRESS},
            Status.IN_PROGRESS,
            _("anggota Tim Pengelola Pengaduan"),
        ),
        _rule(
            "request_info",
            _("Minta keterangan pengadu"),
            {ASSIGNEE, OFFICER},
            {Status.IN_PROGRESS},
            Status.NEEDS_INFO,
            _("pertanyaan untuk pengadu (wajib); waktu layanan dijeda"),
        ),
        _rule(
            "provide_info",
            _("Catat keterangan pengadu"),
            {COMPLAINANT, ASSIGNEE, OFFICER},
            {Status.NEEDS_INFO},
            Status.IN_PROGRESS,
            _("keterangan (wajib)"),
        ),
        _rule(
            "consult",
            _("Minta keterangan staf"),
            {ASSIGNEE, OFFICER},
            {Status.IN_PROGRESS},
            SAME,
            _("staf kantor dan pertanyaan; waktu tidak dijeda"),
        ),
        _rule(
            "reply_consult",
            _("Beri keterangan"),
            {CONSULTED},
            {Status.IN_PROGRESS, Status.NEEDS_INFO, Status.AWAITING_APPROVAL},
            SAME,
            _("keterangan staf yang dimintai (wajib); untuk tim, tidak untuk pengadu"),
        ),
        _rule(
            "answer",
            _("Ajukan jawaban"),
            {ASSIGNEE},
            {Status.IN_PROGRESS},
            Status.AWAITING_APPROVAL,
            _("rancangan jawaban (wajib)"),
        ),
        _rule("approve", _("Setujui jawaban"), {OFFICER}, {Status.AWAITING_APPROVAL}, SAME, _("tanpa isian")),
        _rule(
            "return",
            _("Kembalikan jawaban"),
            {OFFICER},
            {Status.AWAITING_APPROVAL},
            Status.IN_PROGRESS,
            _("catatan perbaikan (wajib)"),
        ),
        _rule(
            "deliver",
            _("Sampaikan jawaban"),
            {OFFICER, ASSIGNEE},
            {Status.AWAITING_APPROVAL},
            Status.ANSWERED,
            _("saluran penyampaian; jawaban harus sudah disetujui"),
        ),
        _rule("close", _("Tutup"), {OFFICER, SYSTEM}, {Status.ANSWERED}, Status.CLOSED, _("catatan (opsional)")),
        _rule(
            "acknowledge",
            _("Terima kasih & tutup"),
            {OFFICER},
            {Status.RECEIVED, Status.CLASSIFIED},
            Status.CLOSED,
            _("tanggapan (wajib); hanya saran dan apresiasi"),
        ),
        _rule(
            "reopen",
            _("Buka kembali"),
            {OFFICER, COMPLAINANT},
            {Status.ANSWERED},
            Status.IN_PROGRESS,
            _("alasan (wajib); dalam 10 hari kerja setelah dijawab"),
        ),
        _rule(
            "forward",
            _("Teruskan (bukan wewenang)"),
            {OFFICER},
            {Status.RECEIVED, Status.CLASSIFIED, Status.IN_PROGRESS},
            Status.FORWARDED,
            _("instansi tujuan dan catatan (wajib)"),
        ),
    )
}
ACTIONS = tuple(RULES)
# The actions on an existing complaint (POST .../actions/{action}); `receive` makes a complaint.
COMPLAINT_ACTIONS = tuple(a for a in ACTIONS if a != "receive")

# Each status someone must move on, and the move that advances it: its actors hold the complaint.
ADVANCED_BY: dict[str, str] = {
    Status.RECEIVED: "classify",
    Status.CLASSIFIED: "assign",
    Status.IN_PROGRESS: "answer",
    Status.NEEDS_INFO: "provide_info",
    Status.AWAITING_APPROVAL: "approve",
}
_NOT_HOLDERS = frozenset({SYSTEM, roles.ADMIN})


def holding_actors(status: str) -> frozenset[str]:
    """The actor names that hold a complaint in `status`. Where the complainant may move, staff who
    may also take the move only log it for them: the complainant holds it."""
    action = ADVANCED_BY.get(status)
    if action is None:
        return frozenset()
    actors = RULES[action].actors - _NOT_HOLDERS
    if COMPLAINANT in actors:
        return frozenset({COMPLAINANT})
    return actors


assert all(status in RULES[action].sources for status, action in ADVANCED_BY.items()), "a holding move must apply"
