"""Every action × role × status against the issue's table, written out here independently of rules.py.

For each combination `perform()` either succeeds (the expected target status and exactly one new
event) or raises NotPermitted / WrongStatus and writes nothing. Each persona acts inside a savepoint
that is rolled back afterwards, so all ten act on the same starting row.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db

STATUSES = (
    "draft",
    "submitted",
    "at_division",
    "assigned",
    "needs_completion",
    "scheduled",
    "published",
    "rejected",
    "cancelled",
)
OPEN = ("draft", "submitted", "at_division", "assigned", "needs_completion", "scheduled")
PERSONAS = (
    "pemohon",
    "pemohon_other",
    "pimpinan",
    "kabid_ikp",
    "fungsional_ikp",
    "staf_assigned",
    "staf_other",
    "pengelola_pengaduan",
    "admin",
    "contact",
    "system",
)
OFFICE = ("pimpinan", "kabid_ikp", "fungsional_ikp", "staf_assigned", "staf_other")
# Rows that carry an assignee (reached through `assign`); before that nobody is "the assigned staff".
WITH_ASSIGNEE = ("assigned", "needs_completion", "scheduled", "published", "rejected", "cancelled")
SAME = "same"  # edit keeps the status
BEFORE = "before"  # resubmit returns to the status before needs_completion

# The table: action → (who, from, to).
TABLE: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "submit": (("pemohon", *OFFICE), ("draft",), "submitted"),
    "dispose": (("pimpinan", "system"), ("submitted",), "at_division"),
    "assign": (("kabid_ikp", "fungsional_ikp"), ("at_division",), "assigned"),
    "reassign": (("kabid_ikp", "fungsional_ikp"), ("assigned",), "assigned"),
    "request_completion": (
        ("pimpinan", "kabid_ikp", "fungsional_ikp", "staf_assigned"),
        ("submitted", "at_division", "assigned"),
        "needs_completion",
    ),
    "resubmit": (("pemohon", *OFFICE), ("needs_completion",), BEFORE),
    "schedule": (("staf_assigned",), ("assigned",), "scheduled"),
    "unschedule": (("staf_assigned",), ("scheduled",), "assigned"),
    "publish": (("staf_assigned", "system"), ("assigned", "scheduled"), "published"),
    "reject": (("pimpinan", "kabid_ikp", "fungsional_ikp"), OPEN, "rejected"),
    "cancel": (("pemohon", "contact"), OPEN, "cancelled"),
    "edit": ((*OFFICE, "admin"), (*OPEN, "published"), SAME),
    "post": (("staf_assigned",), ("assigned", "scheduled"), SAME),
    "confirm_post": (("staf_assigned",), ("assigned", "scheduled"), SAME),
    "take_down": (("staf_assigned", "kabid_ikp", "fungsional_ikp"), ("assigned", "scheduled", "published"), SAME),
}


def expectation(action: str, persona: str, status: str):
    who, sources, target = TABLE[action]
    allowed = persona in who
    if persona == "staf_assigned" and status not in WITH_ASSIGNEE and "staf_other" not in who:
        allowed = False  # nobody is assigned yet: "the assigned staff" is just another staff member
    if not allowed:
        return NotPermitted
    if status not in sources:
        return WrongStatus
    if target == SAME:
        return status
    if target == BEFORE:
        return "assigned"  # the rows here were assigned before they were sent back
    return target


def action_data(action: str, staf_other_username: str, status: str = "") -> dict:
    if action == "edit" and status == "published":  # after publication only the post links and the service
        return {"post_links": {"instagram": "https://www.instagram.com/p/KOREKSI/"}}
    soon = (timezone.now() + dt.timedelta(hours=3)).isoformat()
    return {
        "submit": {},
        "dispose": {"note": "Mohon segera diproses."},
        "assign": {"assignee": staf_other_username, "instruction": "Unggah di feed dan story."},
        "reassign": {"assignee": staf_other_username, "note": "Staf Satu cuti."},
        "request_completion": {"note": "Lampirkan foto kegiatan."},
        "resubmit": {"note": "Foto sudah kami unggah."},
        "schedule": {"times": {"instagram": soon, "facebook": soon}},
        "unschedule": {"note": "Jadwal berubah."},
        "publish": {
            "links": {
                "instagram": "https://www.instagram.com/p/ABC123/",
                "facebook": "https://www.facebook.com/dinkominfopbg/posts/1",
            }
        },
        "reject": {"reason": "out_of_scope", "note": "Bukan konten layanan publik."},
        "cancel": {"note": "Acara ditunda."},
        "edit": {"title": "Vaksinasi HPV di sekolah (revisi)"},
        "post": {},
        "confirm_post": {"platform": "instagram", "url": "https://www.instagram.com/p/ABC123/"},
        "take_down": {"platforms": ["instagram"], "note": "Salah unggah."},
    }[action]


def prepare(action: str, req) -> None:
    """What the publishing moves need to find: a connected account, an unconfirmed post, a published one."""
    from warta.social.models import Account, Post

    if action == "post":
        Account.objects.get_or_create(
            platform="instagram", is_active=True, defaults={"account_id": "1784", "handle": "pbg", "access_token": "t"}
        )
    elif action in ("confirm_post", "take_down"):
        state, url = (
            ("unconfirmed", "") if action == "confirm_post" else ("published", "https://www.instagram.com/p/A/")
        )
        Post.objects.update_or_create(subject=req.number, platform="instagram", defaults={"state": state, "url": url})


class _Rollback(Exception):
    pass


@pytest.fixture
def personas(pemohon, pemohon_other, pimpinan, kabid, fungsional, staf, staf2, pengelola, admin_user):
    return {
        "pemohon": pemohon,
        "pemohon_other": pemohon_other,
        "pimpinan": pimpinan,
        "kabid_ikp": kabid,
        "fungsional_ikp": fungsional,
        "staf_assigned": staf,
        "staf_other": staf2,
        "pengelola_pengaduan": pengelola,
        "admin": admin_user,
        "contact": None,
        "system": None,
    }


def test_the_table_covers_every_action_of_the_desk():
    from warta.desk.rules import RULES

    assert set(TABLE) == set(RULES)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", tuple(TABLE))
def test_matrix(action, status, personas, org, subtests):
    req = make_request(org, status, assignee=personas["staf_assigned"] if status in WITH_ASSIGNEE else None)
    data = action_data(action, personas["staf_other"].username, status)
    prepare(action, req)
    for persona in PERSONAS:
        expected = expectation(action, persona, status)
        with subtests.test(persona=persona, expected=getattr(expected, "__name__", expected)):
            fresh = PublicationRequest.objects.get(pk=req.pk)
            events_before = Event.objects.count()
            user = personas[persona]
            contact = persona == "contact"
            system = persona == "system"
            if isinstance(expected, str):
                try:
                    with transaction.atomic():
                        event = perform(fresh, action, user, data, contact=contact, system=system)
                        stored = PublicationRequest.objects.get(pk=req.pk)
                        assert stored.status == expected
                        assert Event.objects.count() == events_before + 1
                        assert (event.action, event.from_status, event.to_status) == (action, status, expected)
                        raise _Rollback
                except _Rollback:
                    pass
            else:
                with pytest.raises(expected):
                    perform(fresh, action, user, data, contact=contact, system=system)
                assert PublicationRequest.objects.get(pk=req.pk).status == status
                assert Event.objects.count() == events_before
