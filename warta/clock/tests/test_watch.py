"""The timers: each warning claimed once, sent to the holders (and superiors at the deadline)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from warta.accounts.models import Delegation
from warta.clock import watch
from warta.clock.models import Breach, ClockProbe
from warta.clock.policy import Policy, Unit
from warta.clock.tests.conftest import wib
from warta.notify.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe(staf, kabid, pimpinan) -> ClockProbe:
    item = ClockProbe(title="Poster vaksinasi", holder=staf)
    item.start_sla(Policy(1, Unit.working_hours), wib(2026, 3, 16, 9, 0))  # half 9:30, 80 % 9:48, due 10:00
    item.save()
    return item


def run(now, capture) -> int:
    with capture(execute=True):
        return watch.run_due(now)


def test_each_moment_is_sent_once(probe, staf, kabid, pimpinan, django_capture_on_commit_callbacks):
    assert run(wib(2026, 3, 16, 9, 29), django_capture_on_commit_callbacks) == 0
    assert run(wib(2026, 3, 16, 9, 31), django_capture_on_commit_callbacks) == 1
    assert run(wib(2026, 3, 16, 9, 32), django_capture_on_commit_callbacks) == 0  # claimed already
    notices = list(Notice.objects.filter(recipient=staf))
    assert len(notices) == 1 and "Separuh waktu layanan" in notices[0].text
    assert [m.to for m in mail.outbox] == [[staf.email]]
    assert "Poster vaksinasi" in mail.outbox[0].body
    probe.refresh_from_db()
    assert probe.half_notified_at == wib(2026, 3, 16, 9, 31)

    assert run(wib(2026, 3, 16, 9, 49), django_capture_on_commit_callbacks) == 1
    assert "80% waktu layanan" in Notice.objects.filter(recipient=staf).first().text  # type: ignore[union-attr]
    assert not Notice.objects.filter(recipient__in=[kabid, pimpinan]).exists()

    assert run(wib(2026, 3, 16, 10, 0), django_capture_on_commit_callbacks) == 1
    assert run(wib(2026, 3, 16, 10, 0), django_capture_on_commit_callbacks) == 0
    for person in (staf, kabid, pimpinan):
        assert Notice.objects.filter(recipient=person, text__contains="telah terlewati").count() == 1
    assert sorted(m.to[0] for m in mail.outbox[2:]) == sorted([staf.email, kabid.email, pimpinan.email])
    assert len(mail.outbox) == 5

    breach = Breach.objects.get()
    assert breach.holder == staf and breach.step == "Uji jam layanan"
    assert breach.due_at == wib(2026, 3, 16, 10, 0)
    assert breach.label == str(probe)


def test_a_restart_after_a_long_stop_sends_each_warning_once(probe, django_capture_on_commit_callbacks):
    assert run(wib(2026, 3, 16, 11, 0), django_capture_on_commit_callbacks) == 3
    assert run(wib(2026, 3, 16, 11, 0), django_capture_on_commit_callbacks) == 0
    assert Breach.objects.count() == 1


def test_paused_and_closed_items_are_not_warned(probe, django_capture_on_commit_callbacks):
    probe.pause_sla(wib(2026, 3, 16, 9, 10))
    probe.save()
    assert run(wib(2026, 3, 16, 11, 0), django_capture_on_commit_callbacks) == 0
    probe.resume_sla(wib(2026, 3, 16, 9, 40))  # moments move by 30 minutes
    probe.close_sla(wib(2026, 3, 16, 9, 45), met=True)
    probe.save()
    assert run(wib(2026, 3, 16, 11, 0), django_capture_on_commit_callbacks) == 0
    assert not Notice.objects.exists() and not mail.outbox


def test_a_claim_taken_by_another_worker_is_skipped(probe, monkeypatch, django_capture_on_commit_callbacks):
    """Between the select and the claim another worker took the row: the update returns 0."""
    original = watch._claim_and_dispatch

    def other_worker_first(w, moment, pk, now):
        ClockProbe.objects.filter(pk=pk).update(**{moment.claimed_field: now})
        return original(w, moment, pk, now)

    monkeypatch.setattr(watch, "_claim_and_dispatch", other_worker_first)
    assert run(wib(2026, 3, 16, 11, 0), django_capture_on_commit_callbacks) == 0
    assert not Notice.objects.exists()


def test_a_role_holds_the_item(probe, kabid, pimpinan, django_capture_on_commit_callbacks):
    saved = list(watch._registry)
    watch._registry.clear()
    watch.register(
        watch.Watch(
            model=ClockProbe,
            active=watch.SLA_RUNNING,
            moments=(watch.Moment("due", "due_at", "due_notified_at", notify_superiors=True, breach=True),),
            holders=lambda item: ([pimpinan], "pimpinan"),
            superiors=lambda item: [kabid],
            label=lambda item: "PUB-2026-00001 — Poster",
            url=lambda item: "/permohonan/PUB-2026-00001/",
            step=lambda item: "Menunggu disposisi",
            message=lambda item, kind: f"Khusus: {kind}",
        )
    )
    try:
        assert run(wib(2026, 3, 16, 10, 1), django_capture_on_commit_callbacks) >= 1
    finally:
        watch._registry[:] = saved
    breach = Breach.objects.get()
    assert breach.holder is None and breach.holder_role == "pimpinan"
    assert breach.url == "/permohonan/PUB-2026-00001/"
    assert Notice.objects.filter(recipient=pimpinan, text="Khusus: due").count() == 1
    assert Notice.objects.filter(recipient=kabid, text="Khusus: due").count() == 1


def test_register_replaces_the_same_watch_and_keeps_others():
    before = len(watch.registered())
    from warta.clock.probe import register_watch

    register_watch()
    assert len(watch.registered()) == before
    extra = watch.Watch(
        model=ClockProbe,
        active=Q(pk__in=[]),
        moments=(watch.Moment("publish_reminder", "half_at", "half_notified_at"),),
        holders=lambda item: ([], None),
        superiors=lambda item: [],
        label=str,
        url=lambda item: "",
        step=lambda item: "",
    )
    watch.register(extra)
    try:
        assert len(watch.registered()) == before + 1
    finally:
        watch._registry.remove(extra)


def test_run_timers_once(probe, staf, django_capture_on_commit_callbacks):
    import time_machine

    with time_machine.travel(wib(2026, 3, 16, 9, 35), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("run_timers", "--once")
    assert Notice.objects.filter(recipient=staf).count() == 1


def test_the_superiors_are_read_in_one_query(staf, staf2, kabid, pimpinan, django_assert_num_queries):
    """At the deadline each claimed row asks for the superiors: one query, whoever holds the roles."""
    today = timezone.localdate()
    Delegation.objects.create(  # staf2 acts as pimpinan today; an expired delegation counts no more
        delegate=staf2, role="pimpinan", starts_on=today, ends_on=today + dt.timedelta(days=2)
    )
    Delegation.objects.create(
        delegate=staf, role="kabid_ikp", starts_on=today - dt.timedelta(days=9), ends_on=today - dt.timedelta(days=1)
    )
    with django_assert_num_queries(1):
        people = watch.default_superiors()
    assert sorted(p.username for p in people) == sorted([kabid.username, pimpinan.username, staf2.username])
