"""Who holds a request at each status, derived from the table of moves in one place (holders.py).

The expected holders are written out here; the home page's "waiting for you" and the timers read
the same derivation, and changing the table changes all of them.
"""

from __future__ import annotations

import dataclasses

import pytest

from warta.accounts import roles
from warta.clock import watch
from warta.desk import rules
from warta.desk.holders import holder_label, holders, role_label, waiting_for
from warta.desk.models import PublicationRequest, Status
from warta.desk.tests.test_api_support import make_request

pytestmark = pytest.mark.django_db

# status → (the personas who hold it, the role label shown beside them).
EXPECTED = {
    "draft": ((), ""),
    "submitted": (("pimpinan",), "Pimpinan (Kepala/Sekretaris Dinas)"),
    "at_division": (("kabid", "fungsional"), "Kepala Bidang IKP / Pejabat Fungsional IKP"),
    "assigned": (("staf",), ""),
    "scheduled": (("staf",), ""),
    "needs_completion": (("pemohon", "pemohon_upt_parent"), "Pemohon (operator OPD/UPT)"),
    "published": ((), ""),
    "rejected": ((), ""),
    "cancelled": ((), ""),
}


@pytest.fixture
def people(pemohon, pemohon_upt, pemohon_other, pimpinan, kabid, fungsional, staf, staf2, pengelola, admin_user):
    return {
        "pemohon": pemohon,
        "pemohon_upt": pemohon_upt,
        "pimpinan": pimpinan,
        "kabid": kabid,
        "fungsional": fungsional,
        "staf": staf,
        "staf2": staf2,
    }


@pytest.mark.parametrize("status", list(EXPECTED))
def test_holders_of_each_status(status, people, upt):
    """A request of a UPT: its own operator and its parent OPD's operator act for it."""
    req = make_request(upt, status, assignee=people["staf"])
    held, key = holders(PublicationRequest.objects.get(pk=req.pk))
    names, label = EXPECTED[status]
    expected = {"pemohon_upt_parent": people["pemohon"], "pemohon": people["pemohon_upt"]}
    assert {p.pk for p in held} == {(expected.get(n) or people[n]).pk for n in names}
    assert role_label(key) == label == holder_label(status)


def test_the_home_page_and_the_holders_agree(people, org, login, office):
    """Each person's "waiting for you" is exactly the open requests they hold."""
    made = [make_request(org, s, assignee=people["staf"]) for s in Status.values]
    for name, person in people.items():
        waiting = waiting_for(person)
        mine = set(PublicationRequest.objects.filter(waiting).values_list("pk", flat=True)) if waiting else set()
        held = {r.pk for r in made if person in holders(PublicationRequest.objects.get(pk=r.pk))[0]}
        assert mine == held, name


def test_changing_the_holding_move_changes_every_reader(monkeypatch, people, org, login, office):
    """Say pimpinan also assigns: the division's requests are then pimpinan's too, everywhere."""
    rule = rules.RULES["assign"]
    monkeypatch.setitem(rules.RULES, "assign", dataclasses.replace(rule, actors=rule.actors | {roles.PIMPINAN}))
    req = make_request(org, "at_division", title="Di bidang untuk semua")
    assert people["pimpinan"] in holders(req)[0]
    assert "Pimpinan" in holder_label("at_division")
    assert "Di bidang untuk semua" in login(people["pimpinan"]).get("/beranda/").content.decode()
    desk_watch = next(w for w in watch.registered() if w.model is PublicationRequest)
    assert people["pimpinan"] in desk_watch.holders(req)[0]


def test_the_software_and_the_administrator_never_hold_a_request():
    for status in Status.values:
        assert not holding_actors_of(status) & {rules.SYSTEM, roles.ADMIN, "contact"}
    # The applicant holds what staff only log on their behalf.
    assert holding_actors_of("needs_completion") == {"applicant"}


def holding_actors_of(status: str) -> frozenset[str]:
    return rules.holding_actors(status)


def test_the_request_page_names_the_holding_roles(people, org, login, office):
    req = make_request(org, "at_division")
    text = login(people["kabid"]).get(req.get_absolute_url()).content.decode()
    # Each holder is named with the role in which they hold the step.
    row = text.split("Langkah ada pada", 1)[1].split("</dd>", 1)[0]
    assert "Kepala Bidang IKP" in row and "Pejabat Fungsional IKP" in row
