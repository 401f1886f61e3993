"""The table of moves is the truth: `perform()` writes each rule's target, whatever the handler does.

The expected targets are written out here independently of rules.py, and each rule's target is
also changed in place to show that the written status follows the table.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.db import transaction

from warta.accounts import roles
from warta.desk import rules
from warta.desk.models import Event, PublicationRequest, StandingDisposition, Status
from warta.desk.tests.test_api_support import make_request, submitted
from warta.desk.tests.test_permission_matrix import action_data, prepare
from warta.desk.transitions import NotPermitted, perform

pytestmark = pytest.mark.django_db

# action → the status it writes ("<previous>": back to the status before, "<same>": unchanged).
EXPECTED_TARGETS = {
    "submit": "submitted",
    "dispose": "at_division",
    "assign": "assigned",
    "reassign": "assigned",
    "request_completion": "needs_completion",
    "resubmit": "<previous>",
    "schedule": "scheduled",
    "unschedule": "assigned",
    "publish": "published",
    "reject": "rejected",
    "cancel": "cancelled",
    "edit": "<same>",
    "post": "<same>",
    "confirm_post": "<same>",
    "take_down": "<same>",
}

# action → (who acts, from which status) for one successful move of each action.
ONE_MOVE = {
    "submit": ("pemohon", "draft"),
    "dispose": ("pimpinan", "submitted"),
    "assign": ("kabid", "at_division"),
    "reassign": ("kabid", "assigned"),
    "request_completion": ("kabid", "assigned"),
    "resubmit": ("pemohon", "needs_completion"),
    "schedule": ("staf", "assigned"),
    "unschedule": ("staf", "scheduled"),
    "publish": ("staf", "scheduled"),
    "reject": ("kabid", "at_division"),
    "cancel": ("pemohon", "submitted"),
    "edit": ("kabid", "submitted"),
    "post": ("staf", "assigned"),
    "confirm_post": ("staf", "scheduled"),
    "take_down": ("kabid", "published"),
}


def test_the_targets_are_the_expected_table():
    assert {action: rule.target for action, rule in rules.RULES.items()} == EXPECTED_TARGETS
    assert (rules.PREVIOUS, rules.SAME) == ("<previous>", "<same>")


def _move(action: str, request, org, staf, staf2):
    who, status = ONE_MOVE[action]
    req = make_request(
        org, status, assignee=staf if status in ("assigned", "scheduled", "needs_completion", "published") else None
    )
    prepare(action, req)
    return req, request.getfixturevalue(who), action_data(action, staf2.username, status)


@pytest.mark.parametrize("action", [a for a, t in EXPECTED_TARGETS.items() if not t.startswith("<")])
def test_the_written_status_follows_a_changed_target(action, monkeypatch, request, org, staf, staf2, pemohon):
    """Give the rule another target: perform() writes that one (the handlers write no status)."""
    rule = rules.RULES[action]
    other = Status.CANCELLED if rule.target != Status.CANCELLED else Status.REJECTED
    monkeypatch.setitem(rules.RULES, action, dataclasses.replace(rule, target=other))
    req, user, data = _move(action, request, org, staf, staf2)
    event = perform(req, action, user, data)
    assert PublicationRequest.objects.get(pk=req.pk).status == other
    assert event.to_status == other


def test_previous_and_same_follow_the_table(monkeypatch, kabid, pemohon, staf, org):
    """`resubmit` returns to the status before; `edit` keeps it; swapping them changes what is written."""
    sent_back = make_request(org, "needs_completion", assignee=staf)
    assert perform(sent_back, "resubmit", pemohon, {"note": "Sudah."}).to_status == "assigned"
    monkeypatch.setitem(rules.RULES, "resubmit", dataclasses.replace(rules.RULES["resubmit"], target=rules.SAME))
    again = make_request(org, "needs_completion", assignee=staf)
    assert perform(again, "resubmit", pemohon, {"note": "Sudah."}).to_status == "needs_completion"
    monkeypatch.setitem(rules.RULES, "edit", dataclasses.replace(rules.RULES["edit"], target=Status.AT_DIVISION))
    edited = make_request(org, "submitted")
    assert perform(edited, "edit", kabid, {"title": "Judul baru"}).to_status == "at_division"


def test_every_event_of_a_full_life_is_its_rules_target(pemohon, pimpinan, kabid, staf, staf2, org):
    """Every move of several whole lives, each event's `to_status` read back against the table."""
    soon = action_data("schedule", staf.username)["times"]
    req = submitted(pemohon, org)
    perform(req, "edit", kabid, {"title": "Vaksinasi HPV (koreksi)"})
    perform(req, "request_completion", pimpinan, {"note": "Lampirkan foto."})
    perform(req, "resubmit", pemohon, {"note": "Terlampir."})
    perform(req, "dispose", pimpinan, {})
    perform(req, "request_completion", kabid, {"note": "Judul kurang jelas."})
    perform(req, "resubmit", pemohon, {})
    perform(req, "assign", kabid, {"assignee": staf.username, "instruction": "Tayangkan."})
    perform(req, "reassign", kabid, {"assignee": staf2.username, "note": "Staf Satu cuti."})
    perform(req, "schedule", staf2, {"times": soon})
    perform(req, "unschedule", staf2, {"note": "Jadwal berubah."})
    perform(req, "publish", staf2, action_data("publish", ""))
    perform(req, "edit", kabid, {"post_links": {"instagram": "https://www.instagram.com/p/LAIN/"}})
    rejected = submitted(pemohon, org)
    perform(rejected, "reject", pimpinan, {"reason": "duplicate", "note": "Sudah ada."})
    cancelled = submitted(pemohon, org)
    perform(cancelled, "cancel", pemohon, {"note": "Acara batal."})

    events = list(Event.objects.order_by("pk"))
    assert len(events) == 17
    before_completion: dict[int, str] = {}
    for event in events:
        target = rules.RULES[event.action].target
        if event.action == "request_completion":
            before_completion[event.request_id] = event.from_status
        if target == rules.SAME:
            expected = event.from_status
        elif target == rules.PREVIOUS:
            expected = before_completion[event.request_id]
        else:
            expected = target
        assert event.to_status == expected, event.action
    assert [e.to_status for e in events if e.action == "resubmit"] == ["submitted", "at_division"]


def test_the_standing_disposition_is_a_move_of_the_system(pemohon, pimpinan, org, django_capture_on_commit_callbacks):
    StandingDisposition.objects.create(organization=org, created_by=pimpinan, note="Langsung.")
    req = submitted(pemohon, org)
    dispose = req.events.get(action="dispose")
    assert (dispose.from_status, dispose.to_status, dispose.actor) == ("submitted", "at_division", None)
    assert dispose.actor_label == "Disposisi tetap oleh Kepala Dinas"
    assert rules.SYSTEM in rules.RULES["dispose"].actors and rules.SYSTEM in rules.RULES["publish"].actors


def test_without_system_in_the_table_the_standing_order_cannot_act(monkeypatch, pemohon, pimpinan, org):
    """The software's moves are checked against the table like anyone's: nothing is written."""
    StandingDisposition.objects.create(organization=org, created_by=pimpinan)
    rule = rules.RULES["dispose"]
    monkeypatch.setitem(rules.RULES, "dispose", dataclasses.replace(rule, actors=rule.actors - {rules.SYSTEM}))
    with pytest.raises(NotPermitted):
        submitted(pemohon, org)
    assert not PublicationRequest.objects.exists()


def test_the_software_publishes_as_system(staf, org):
    req = make_request(org, "scheduled", assignee=staf)
    event = perform(req, "publish", None, action_data("publish", ""), system=True)
    assert (event.to_status, event.actor, event.actor_label) == ("published", None, "Sistem")
    with pytest.raises(NotPermitted):  # without the flag nobody is acting
        perform(make_request(org, "scheduled", assignee=staf), "publish", None, action_data("publish", ""))


# --- the role re-check on the locked row ------------------------------------------------------


def test_the_role_is_checked_again_on_the_locked_row(staf, staf2, org):
    """The caller saw staf as the assignee; meanwhile the request went to staf2: staf may not publish."""
    req = make_request(org, "scheduled", assignee=staf)
    stale = PublicationRequest.objects.get(pk=req.pk)  # read before the reassignment
    PublicationRequest.objects.filter(pk=req.pk).update(assignee=staf2)
    with pytest.raises(NotPermitted):
        perform(stale, "publish", staf, action_data("publish", ""))
    fresh = PublicationRequest.objects.get(pk=req.pk)
    assert fresh.status == "scheduled" and not fresh.events.exists()


def test_an_assignee_who_lost_the_staf_ikp_role_may_not_act(staf, kabid, staf2, org):
    from warta.desk.holders import holders

    req = make_request(org, "assigned", assignee=staf)
    staf.groups.clear()
    staf = type(staf).objects.get(pk=staf.pk)  # a new request: the role cache is fresh
    for action in ("schedule", "publish", "request_completion"):
        with pytest.raises(NotPermitted):
            perform(req, action, staf, action_data(action, staf2.username, "assigned"))
    assert holders(PublicationRequest.objects.get(pk=req.pk))[0] == []  # nobody who can act holds it
    with transaction.atomic():
        perform(req, "reassign", kabid, {"assignee": staf2.username})
    req.refresh_from_db()
    assert req.assignee == staf2 and roles.STAF_IKP in roles.roles_of(staf2)
