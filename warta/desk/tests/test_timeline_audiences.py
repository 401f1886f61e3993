"""The audience table of warta.desk.timeline, cell by cell: every action × every audience.

The expectations below are written independently of `timeline.AUDIENCES`: each step is given a name,
a note and every kind of data, and the test checks what each audience is shown. Changing a cell of
the table (a note made visible, a name shown, a fact hidden) fails one of these cases.
"""

from __future__ import annotations

import datetime as dt

import pytest

from warta.accounts import roles
from warta.desk import timeline
from warta.desk.models import Event
from warta.desk.rules import ACTIONS

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 16, 4, 0, tzinfo=dt.UTC)
NOTE = "Catatan langkah ini"
DATA = {
    "assignee_name": "Staf Satu",
    "standing_order": 7,
    "reason": "duplicate",
    "links": {"instagram": "https://www.instagram.com/p/HPV/"},
    "not_published": {"facebook": "Akun sedang dibatasi"},
    "times": {"instagram": "2026-03-16T19:00:00+07:00"},
    "changes": {"title": {"from": "Judul lama", "to": "Judul baru"}},
}

# --- what each audience is expected to see (independent of timeline.AUDIENCES) -----------------

EVERY_ACTION = set(ACTIONS)
# Whose note each audience reads.
NOTES = {
    "office": EVERY_ACTION,
    "applicant": {"submit", "request_completion", "resubmit", "reject", "cancel"},
    "public": {"request_completion", "reject"},
}
# How each audience is told who took an office step (kabid acting as kabid_ikp).
WHO = {"office": "Kabid IKP", "applicant": "Dinkominfo — Kepala Bidang IKP", "public": ""}
# The lines of detail each audience reads, and the actions they belong to (None: any action).
ASSIGNEE_LINE = "Pelaksana: Staf Satu"
STANDING_LINE = "Menurut disposisi tetap"
REASON_LINE = "Alasan: Permohonan ganda"
NOT_PUBLISHED_LINE = "Tidak dipublikasikan di Facebook: Akun sedang dibatasi"
SCHEDULE_LINE = "Jadwal Instagram: 16 Mar 2026 19.00 WIB"
CHANGED_LINE = "Diubah: judul"
LINES = {
    ASSIGNEE_LINE: {"assign", "reassign"},
    STANDING_LINE: None,
    REASON_LINE: {"reject"},
    NOT_PUBLISHED_LINE: None,
    SCHEDULE_LINE: {"schedule"},
    CHANGED_LINE: None,
}
SHOWN_LINES = {
    "office": set(LINES),
    "applicant": {REASON_LINE, NOT_PUBLISHED_LINE, SCHEDULE_LINE, CHANGED_LINE},
    "public": {REASON_LINE},
}
LINKS = {"office": True, "applicant": True, "public": True}
VALUES = {"office": True, "applicant": False, "public": False}


def _event(action: str, actor, role: str) -> Event:
    return Event(
        action=action,
        from_status="submitted",
        to_status="at_division",
        actor=actor,
        role=role,
        on_behalf="a.n. Kepala Dinas",
        at=AT,
        note=NOTE,
        data=dict(DATA),
    )


@pytest.mark.parametrize("audience", ["office", "applicant", "public"])
@pytest.mark.parametrize("action", ACTIONS)
def test_each_audience_sees_its_cells(office, kabid, audience, action):
    entry = timeline.entry(_event(action, kabid, roles.KABID_IKP), audience)

    assert entry.action == action and entry.at == AT
    assert entry.actor == WHO[audience]
    assert entry.on_behalf == ("a.n. Kepala Dinas" if audience == "office" else "")
    assert entry.note == (NOTE if action in NOTES[audience] else "")
    expected_lines = [
        line
        for line, actions in LINES.items()
        if line in SHOWN_LINES[audience] and (actions is None or action in actions)
    ]
    assert sorted(entry.details) == sorted(expected_lines)
    assert entry.links == ([("instagram", "Instagram", "https://www.instagram.com/p/HPV/")] if LINKS[audience] else [])
    assert entry.changes == ([("judul", "Judul lama", "Judul baru")] if VALUES[audience] else [])
    assert entry.changed_fields == (["title"] if CHANGED_LINE in SHOWN_LINES[audience] else [])
    assert entry.assignee == ("Staf Satu" if audience == "office" and action in {"assign", "reassign"} else "")
    assert timeline.changes_of(entry.event, audience) == (DATA["changes"] if VALUES[audience] else None)


@pytest.mark.parametrize("audience", ["office", "applicant", "public"])
def test_the_applicant_side_is_named_to_the_applicant_and_to_no_one_else(office, pemohon, audience):
    entry = timeline.entry(_event("resubmit", pemohon, roles.PEMOHON), audience)
    assert entry.actor == {"office": "Op Dinkes", "applicant": "Op Dinkes", "public": ""}[audience]


def test_the_tracking_code_holder_is_named_as_recorded(office):
    event = Event(action="cancel", actor=None, actor_label="Pemohon (kode lacak)", role="contact", at=AT, data={})
    assert timeline.entry(event, "applicant").actor == "Pemohon (kode lacak)"
    assert timeline.entry(event, "public").actor == ""


def test_an_edit_names_the_office_for_every_audience(office, fungsional):
    for audience in ("office", "applicant", "public"):
        entry = timeline.entry(_event("edit", fungsional, roles.FUNGSIONAL_IKP), audience)
        assert entry.label == "Isi dikoreksi oleh Dinkominfo"


def test_a_step_recorded_without_its_role_takes_the_role_the_rule_asks_for(office, make_user):
    both = make_user("kabid_dan_staf", roles.KABID_IKP, roles.STAF_IKP, first_name="Dua Peran")
    event = Event(action="assign", actor=both, role="", at=AT, data={})
    assert timeline.entry(event, "applicant").actor == "Dinkominfo — Kepala Bidang IKP"
    standing = Event(
        action="dispose", actor=None, actor_label="Disposisi tetap oleh X", at=AT, data={"standing_order": 1}
    )
    assert timeline.entry(standing, "applicant").actor == "Dinkominfo — Pimpinan (Kepala/Sekretaris Dinas)"


@pytest.mark.parametrize(
    ("kinds", "actors", "role"),
    [
        ({"pimpinan", "staff"}, {"pimpinan"}, roles.PIMPINAN),
        ({"staf_ikp", "staff", "assignee"}, {"pimpinan", "kabid_ikp", "fungsional_ikp", "assignee"}, roles.STAF_IKP),
        ({"pemohon", "applicant"}, {"applicant", "staff"}, roles.PEMOHON),
        ({"contact"}, {"applicant", "contact"}, "contact"),
    ],
)
def test_acting_role(kinds, actors, role):
    assert timeline.acting_role(None, actors, kinds) == role


def test_acting_role_of_staff_is_their_highest_office_role(fungsional):
    assert timeline.acting_role(fungsional, {"staff"}, {"fungsional_ikp", "staff"}) == roles.FUNGSIONAL_IKP
