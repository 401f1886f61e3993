"""Every move × role × status against the issue's flow, written out here independently of rules.py.

For each combination `perform()` either succeeds (the expected status and exactly one new event) or
raises NotPermitted / WrongStatus and writes nothing. Each persona acts inside a savepoint that is
rolled back, so all act on the same starting row.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from warta.accounts import roles
from warta.complaints.models import Complaint, ComplaintEvent
from warta.complaints.tests.support import make_complaint
from warta.complaints.transitions import NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db

STATUSES = (
    "received",
    "classified",
    "in_progress",
    "needs_info",
    "awaiting_approval",
    "answered",
    "closed",
    "forwarded",
)
PERSONAS = (
    "officer",
    "tim_assigned",
    "tim_other",
    "staf",
    "staf_consulted",
    "pimpinan",
    "pemohon",
    "admin",
    "complainant",
    "system",
    "nobody",
)
# Rows that carry an assignee; before that the member is just another member of the team.
WITH_ASSIGNEE = ("in_progress", "needs_info", "awaiting_approval", "answered", "closed")
SAME = "same"

# The flow: action → (who, from, to).
TABLE: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "receive": (("officer", "admin", "complainant", "system"), (), "received"),  # only a new complaint
    "classify": (("officer",), ("received", "classified"), "classified"),
    "assign": (("officer",), ("classified", "in_progress"), "in_progress"),
    "request_info": (("tim_assigned", "officer"), ("in_progress",), "needs_info"),
    "provide_info": (("complainant", "tim_assigned", "officer"), ("needs_info",), "in_progress"),
    "consult": (("tim_assigned", "officer"), ("in_progress",), SAME),
    # the staff member consulted gives their facts while the answer is being made
    "reply_consult": (("staf_consulted",), ("in_progress", "needs_info", "awaiting_approval"), SAME),
    "answer": (("tim_assigned",), ("in_progress",), "awaiting_approval"),
    "approve": (("officer",), ("awaiting_approval",), SAME),
    "return": (("officer",), ("awaiting_approval",), "in_progress"),
    "deliver": (("officer", "tim_assigned"), ("awaiting_approval",), "answered"),
    "close": (("officer", "system"), ("answered",), "closed"),
    "acknowledge": (("officer",), ("received", "classified"), "closed"),
    "reopen": (("officer", "complainant"), ("answered",), "in_progress"),
    "forward": (("officer",), ("received", "classified", "in_progress"), "forwarded"),
}

DATA = {
    "receive": {},
    "classify": {"tier": "light", "category": "konten"},
    "assign": {"assignee": "tim2"},
    "request_info": {"note": "Mohon sebutkan tanggal kejadian."},
    "provide_info": {"note": "Tanggal 3 Maret."},
    "consult": {"assignee": "staf", "note": "Apakah unggahan ini pernah dikoreksi?"},
    "reply_consult": {"note": "Sudah dikoreksi tanggal 4 Maret."},
    "answer": {"text": "Terima kasih, unggahan telah kami koreksi."},
    "approve": {},
    "return": {"note": "Sebutkan tanggal koreksi."},
    "deliver": {"channel": "email"},
    "close": {},
    "acknowledge": {"note": "Terima kasih atas sarannya."},
    "reopen": {"note": "Unggahan masih salah."},
    "forward": {"organization": "Dinas Perhubungan", "note": "Bukan wewenang kami."},
}


def expectation(action: str, persona: str, status: str):
    who, sources, target = TABLE[action]
    allowed = persona in who
    if persona == "tim_assigned" and status not in WITH_ASSIGNEE and "tim_other" not in who:
        allowed = False
    if not allowed:
        return NotPermitted
    if status not in sources:
        return WrongStatus
    return status if target == SAME else target


class _Rollback(Exception):
    pass


@pytest.fixture
def personas(make_user, pengelola, tim, staf, pimpinan, pemohon, admin_user):
    return {
        "officer": pengelola,
        "tim_assigned": tim,
        "tim_other": make_user("tim2", roles.TIM_PENGADUAN),
        "staf": staf,
        "staf_consulted": make_user("staf_ditanya", roles.STAF_IKP),
        "pimpinan": pimpinan,
        "pemohon": pemohon,
        "admin": admin_user,
        "complainant": None,
        "system": None,
        "nobody": None,
    }


def test_the_table_covers_every_move():
    from warta.complaints.rules import RULES

    assert set(TABLE) == set(RULES)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", tuple(TABLE))
def test_matrix(action, status, personas, subtests):
    kind = "suggestion" if action == "acknowledge" else "complaint"
    complaint = make_complaint(
        personas["officer"], personas["tim_assigned"], status, kind=kind, approved=action == "deliver"
    )
    complaint.consulted.add(personas["staf_consulted"])  # referred to for facts (as `consult` does)
    for persona in PERSONAS:
        expected = expectation(action, persona, status)
        with subtests.test(persona=persona, expected=getattr(expected, "__name__", expected)):
            fresh = Complaint.objects.get(pk=complaint.pk)
            before = ComplaintEvent.objects.count()
            flags = {"contact": persona == "complainant", "system": persona == "system"}
            if isinstance(expected, str):
                try:
                    with transaction.atomic():
                        event = perform(fresh, action, personas[persona], DATA[action], **flags)
                        assert Complaint.objects.get(pk=complaint.pk).status == expected
                        assert ComplaintEvent.objects.count() == before + 1
                        assert (event.action, event.from_status, event.to_status) == (action, status, expected)
                        raise _Rollback
                except _Rollback:
                    pass
            else:
                with pytest.raises(expected):
                    perform(fresh, action, personas[persona], DATA[action], **flags)
                assert Complaint.objects.get(pk=complaint.pk).status == status
                assert ComplaintEvent.objects.count() == before
