"""The queue's lease: a task whose worker died goes back in the queue, at most three times, then fails
and the admins are told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from warta.clock.management.commands.run_timers import reap_tasks
from warta.core.taskqueue import ABANDONED, MAX_REQUEUES, reap
from warta.notify import send
from warta.notify.models import OutgoingMessage

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_queue(settings):
    # Both through the settings fixture, which restores them in reverse order: an override_settings
    # block around a fixture's own change would leave the database queue behind for later tests.
    settings.TASKS = DB_TASKS
    settings.WARTA_TASK_LEASE_S = 600


def _queue_one_message(django_capture_on_commit_callbacks) -> OutgoingMessage:
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = send.send_message(send.Message(subject="Halo", body="Isi", to_emails=["warga@example.com"]))
    assert outgoing is not None
    return outgoing


def _die_while_running(row: DBTaskResult, worker: str, minutes_ago: int = 11) -> None:
    """What a worker killed mid-task leaves behind: the row claimed, RUNNING, never finished."""
    row.refresh_from_db()
    row.claim(worker)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - dt.timedelta(minutes=minutes_ago))


def _work_the_queue() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_task_past_its_lease_goes_back_to_the_queue_and_runs(db_queue, django_capture_on_commit_callbacks):
    outgoing = _queue_one_message(django_capture_on_commit_callbacks)
    row = DBTaskResult.objects.get()
    _die_while_running(row, "killed-worker")

    reaped = reap()

    assert reaped.requeued == [str(row.pk)] and reaped.failed == []
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and row.started_at is None
    _work_the_queue()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids[0] == "killed-worker" and len(row.worker_ids) == 2
    assert [m.message()["Message-ID"] for m in mail.outbox] == [outgoing.message_id]


@pytest.mark.django_db(transaction=True)
def test_a_task_within_its_lease_is_left_running(db_queue, django_capture_on_commit_callbacks):
    _queue_one_message(django_capture_on_commit_callbacks)
    row = DBTaskResult.objects.get()
    _die_while_running(row, "slow-worker", minutes_ago=9)  # the lease is 10 minutes
    assert reap().requeued == []
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_the_lease_setting_decides(db_queue, settings, django_capture_on_commit_callbacks):
    settings.WARTA_TASK_LEASE_S = 60
    _queue_one_message(django_capture_on_commit_callbacks)
    row = DBTaskResult.objects.get()
    _die_while_running(row, "w", minutes_ago=2)
    assert reap().requeued == [str(row.pk)]


@pytest.mark.django_db(transaction=True)
def test_after_three_requeues_the_task_fails_and_the_admins_hear_of_it(
    db_queue, make_user, django_capture_on_commit_callbacks
):
    make_user("root", is_superuser=True, email="root@example.go.id")
    _queue_one_message(django_capture_on_commit_callbacks)
    row = DBTaskResult.objects.get()
    for attempt in range(1, MAX_REQUEUES + 1):
        _die_while_running(row, f"worker-{attempt}")
        assert reap_tasks(force=True) == 1
        row.refresh_from_db()
        assert row.status == TaskResultStatus.READY, attempt
    _die_while_running(row, "worker-4")

    with django_capture_on_commit_callbacks(execute=True):
        assert reap_tasks(force=True) == 1

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == ABANDONED
    assert "4 times" in row.traceback
    # The message the task was to send is failed too (a WhatsApp message it was the fallback of
    # then becomes a wa.me to-do: warta/notify/tests/test_whatsapp.py).
    outgoing = OutgoingMessage.objects.get(subject="Halo")
    assert outgoing.status == OutgoingMessage.Status.FAILED and "4 times" in outgoing.error
    assert reap_tasks(force=True) == 0  # told once
    _work_the_queue()  # the admins' e-mail goes out through the same queue
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["root@example.go.id"]
    assert notice.subject == "[Warta] Tugas latar belakang gagal"
    assert "warta.notify.tasks.deliver" in notice.body and "4 kali dicoba" in notice.body
