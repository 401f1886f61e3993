"""Each e-mail is a stored message with a Message-ID fixed before the first try and kept across retries."""

from __future__ import annotations

from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.db import transaction

from warta.accounts import roles
from warta.notify import send
from warta.notify.models import OutgoingMessage
from warta.notify.tasks import deliver


def _send(django_capture_on_commit_callbacks, to="warga@example.com") -> OutgoingMessage:
    with django_capture_on_commit_callbacks(execute=True):
        outgoing = send.send_message(send.Message(subject="Permohonan diterima", body="Isi pesan", to_emails=[to]))
    assert outgoing is not None
    outgoing.refresh_from_db()
    return outgoing


@pytest.mark.django_db
def test_message_id_is_set_at_creation_and_sent_as_the_header(django_capture_on_commit_callbacks, settings):
    settings.DEFAULT_FROM_EMAIL = "Warta <warta@kominfo.example.go.id>"
    outgoing = _send(django_capture_on_commit_callbacks)
    assert outgoing.message_id.startswith("<") and outgoing.message_id.endswith("@kominfo.example.go.id>")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].message()["Message-ID"] == outgoing.message_id
    assert outgoing.status == OutgoingMessage.Status.SENT
    assert outgoing.attempts == 1
    assert outgoing.sent_at is not None


@pytest.mark.django_db
def test_each_message_has_its_own_message_id(django_capture_on_commit_callbacks):
    first = _send(django_capture_on_commit_callbacks)
    second = _send(django_capture_on_commit_callbacks)
    assert first.message_id != second.message_id
    assert [m.message()["Message-ID"] for m in mail.outbox] == [first.message_id, second.message_id]


@pytest.mark.django_db
def test_a_requeued_task_does_not_send_a_sent_message_again(django_capture_on_commit_callbacks):
    outgoing = _send(django_capture_on_commit_callbacks)
    assert deliver.call(outgoing.pk) == "skipped"
    assert len(mail.outbox) == 1
    outgoing.refresh_from_db()
    assert outgoing.attempts == 1


@pytest.mark.django_db
def test_a_worker_killed_after_the_server_took_it_resends_once_with_the_same_message_id():
    # The row as a killed worker leaves it: SMTP accepted the message, our commit never came.
    outgoing = OutgoingMessage.objects.create(
        to=["warga@example.com"],
        subject="Permohonan diterima",
        body="Isi",
        message_id="<fixed.1@example.go.id>",
        status=OutgoingMessage.Status.SENDING,
        attempts=1,
    )
    assert deliver.call(outgoing.pk) == "<fixed.1@example.go.id>"
    assert deliver.call(outgoing.pk) == "skipped"
    assert [m.message()["Message-ID"] for m in mail.outbox] == ["<fixed.1@example.go.id>"]
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts) == (OutgoingMessage.Status.SENT, 2)


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        send.email("warga@example.com", "Subjek", "clock/email/warning", {"text": "x", "step": "y"})
        raise RuntimeError("the change failed")
    assert not OutgoingMessage.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_refused_message_is_marked_failed_with_the_error(monkeypatch):
    outgoing = OutgoingMessage.objects.create(to=["x@example.com"], subject="S", body="B", message_id="<f.2@x>")

    def refuse(self, messages):
        raise SMTPRecipientsRefused({"x@example.com": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(SMTPRecipientsRefused):
        deliver.call(outgoing.pk)
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingMessage.Status.FAILED
    assert "no such user" in outgoing.error


@pytest.mark.django_db
def test_email_admins_reaches_superusers_and_the_admin_role_only(make_user, django_capture_on_commit_callbacks):
    make_user("root", is_superuser=True, email="root@example.go.id")
    make_user("sysadmin", roles.ADMIN, email="sysadmin@example.go.id")
    make_user("gone", roles.ADMIN, email="gone@example.go.id", is_active=False)
    make_user("staf", roles.STAF_IKP)
    with django_capture_on_commit_callbacks(execute=True):
        count = send.email_admins("[Warta] Uji", "notify/email/task_given_up", {"tasks": []})
    assert count == 2
    assert sorted(mail.outbox[0].to) == ["root@example.go.id", "sysadmin@example.go.id"]


@pytest.mark.django_db
def test_sent_messages_are_pruned_after_a_month_and_unsent_ones_kept():
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()

    def row(n, status, sent_days_ago=None):
        return OutgoingMessage.objects.create(
            to=["x@example.com"],
            subject=f"S{n}",
            body="B",
            message_id=f"<p.{n}@x>",
            status=status,
            sent_at=now - dt.timedelta(days=sent_days_ago) if sent_days_ago is not None else None,
        )

    row(1, OutgoingMessage.Status.SENT, 31)
    row(2, OutgoingMessage.Status.SENT, 29)
    row(3, OutgoingMessage.Status.SENDING)
    row(4, OutgoingMessage.Status.FAILED)
    assert send.prune_sent(now) == 1
    assert sorted(OutgoingMessage.objects.values_list("subject", flat=True)) == ["S2", "S3", "S4"]


@pytest.mark.django_db
def test_the_messages_to_a_person_are_in_their_export_and_old_ones_go_with_retention():
    import datetime as dt

    from django.utils import timezone

    from warta.core import privacy

    now = timezone.now()
    kept = OutgoingMessage.objects.create(
        to=["Sari@Example.com"], subject="Permohonan diterima", body="Isi", message_id="<e.1@x>"
    )
    OutgoingMessage.objects.create(to=["sari@example.com.au"], subject="Lain", body="B", message_id="<e.2@x>")
    old = OutgoingMessage.objects.create(
        to=["budi@example.com"], subject="Lama", body="B", message_id="<e.3@x>", status=OutgoingMessage.Status.SENT
    )
    OutgoingMessage.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=800))

    exported = privacy.export_contact(privacy.Person(email="sari@example.com"))["notify.outgoing"]
    assert [(m["subject"], m["message_id"]) for m in exported] == [("Permohonan diterima", "<e.1@x>")]

    cutoff = now - dt.timedelta(days=730)
    assert privacy.anonymise_contacts(cutoff, dry_run=True)["notify.outgoing"] == 1
    assert OutgoingMessage.objects.filter(pk=old.pk).exists()
    assert privacy.anonymise_contacts(cutoff)["notify.outgoing"] == 1
    assert not OutgoingMessage.objects.filter(pk=old.pk).exists()
    assert OutgoingMessage.objects.filter(pk=kept.pk).exists()
