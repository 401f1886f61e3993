"""From the webhook to the worker on the database queue: a burst of deliveries queues one run, not
one task each; no delivery is missed when it arrives while a run is waiting or running; a run the
queue lost, a queue that was down and a worker that died are caught up with; media the platform
failed to give are fetched again later, and refusals are not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from warta.channels import media as media_fetch
from warta.channels import processing, testing
from warta.channels.models import Delivery, Media, Message
from warta.channels.tests.conftest import SECRET
from warta.core import periodic
from warta.core.models import Heartbeat
from warta.core.tests import samples

WA = "/webhooks/whatsapp/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_queue(settings):
    settings.TASKS = DB_TASKS
    settings.WARTA_TASK_LEASE_S = 600


def _deliver(client, text: str, phone: str = "6281234500001"):
    message = testing.wa_message(text=text, phone=phone)
    payload = testing.wa_payload(testing.wa_value([message], contacts=[testing.wa_contact("Dina", phone)]))
    return testing.post(client, WA, payload, SECRET)


def _work_the_queue() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)


def _texts() -> list[str]:
    return list(Message.objects.order_by("pk").values_list("text", flat=True))


def _waiting_runs() -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()


# --- the database queue (real commits) -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_burst_is_answered_at_once_with_one_queued_run_that_keeps_every_message(client, fake, db_queue):
    for i in range(6):
        assert _deliver(client, f"Permohonan {i}").status_code == 200
    # Nothing was done in the requests but keeping the bodies; one run waits for all of them.
    assert Delivery.objects.count() == 6 and Message.objects.count() == 0
    assert DBTaskResult.objects.count() == 1 and _waiting_runs() == 1

    _work_the_queue()

    assert _texts() == [f"Permohonan {i}" for i in range(6)]
    assert not Delivery.objects.filter(processed_at__isnull=True).exists()
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    # The next delivery, after the run, queues the next run.
    assert _deliver(client, "Satu lagi").status_code == 200
    assert _waiting_runs() == 1
    _work_the_queue()
    assert _texts()[-1] == "Satu lagi" and DBTaskResult.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_delivery_arriving_while_a_run_is_working_gets_a_run_of_its_own(client, fake, db_queue, monkeypatch):
    """The run takes its mark away before it reads the deliveries: one that arrives meanwhile, too
    late for this run's reading, sees no mark and queues the next run."""
    real_process = processing.process
    arrived = []

    def process_while_another_arrives(delivery, outcome=None):
        if not arrived:
            arrived.append(_deliver(client, "Datang saat diproses").status_code)
        return real_process(delivery, outcome)

    monkeypatch.setattr(processing, "process", process_while_another_arrives)
    assert _deliver(client, "Pertama").status_code == 200

    _work_the_queue()

    assert arrived == [200]
    assert _texts() == ["Pertama", "Datang saat diproses"]
    assert DBTaskResult.objects.count() == 2 and _waiting_runs() == 0


@pytest.mark.django_db(transaction=True)
def test_a_run_the_queue_lost_is_queued_again_once_its_mark_is_stale(client, fake, db_queue, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC), tick=False)
    assert _deliver(client, "Pertama").status_code == 200
    DBTaskResult.objects.all().delete()  # the run is lost (a queue emptied by hand, a broken Redis)
    time_machine.move_to(dt.datetime(2026, 12, 1, 2, 1, tzinfo=dt.UTC), tick=False)
    assert _deliver(client, "Kedua").status_code == 200
    assert _waiting_runs() == 0  # a run is still taken to be waiting: the mark is a minute old

    time_machine.move_to(dt.datetime(2026, 12, 1, 2, 3, tzinfo=dt.UTC), tick=False)
    assert _deliver(client, "Ketiga").status_code == 200
    assert _waiting_runs() == 1
    _work_the_queue()

    assert _texts() == ["Pertama", "Kedua", "Ketiga"]


@pytest.mark.django_db(transaction=True)
def test_deliveries_kept_while_the_queue_was_down_are_processed_by_the_timer(client, fake, db_queue, monkeypatch):
    def queue_down(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(DatabaseBackend, "enqueue", queue_down)
    assert _deliver(client, "Saat antrean mati").status_code == 200
    assert Delivery.objects.count() == 1 and Message.objects.count() == 0
    assert not Heartbeat.objects.filter(name=processing.WAKE).exists()  # the mark went with the failed enqueue

    # The timer's sweep leaves a delivery of a moment ago to the queue; minutes later it takes it.
    assert processing.process_pending() == 0
    Delivery.objects.update(received_at=timezone.now() - dt.timedelta(minutes=3))
    assert "channels.process_pending" in periodic.run_due()

    assert _texts() == ["Saat antrean mati"]


# --- claims and failures ---------------------------------------------------------------------------


def _stored(text: str) -> Delivery:
    message = testing.wa_message(text=text, phone="6281234500002")
    body = testing.encode(testing.wa_payload(testing.wa_value([message])))
    return Delivery.objects.create(platform="whatsapp", body=body)


@pytest.mark.django_db
def test_a_claimed_delivery_is_left_to_its_worker_until_the_lease_ends(fake, settings, time_machine):
    settings.WARTA_TASK_LEASE_S = 600
    time_machine.move_to(dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC), tick=False)
    delivery = _stored("Diambil pekerja yang lalu mati")
    assert processing.claim(delivery.pk) is not None  # a worker takes it, and dies
    assert processing.claim(delivery.pk) is None  # no one else may, within the lease

    time_machine.move_to(dt.datetime(2026, 12, 1, 2, 5, tzinfo=dt.UTC), tick=False)
    assert processing.process_pending() == 0 and Message.objects.count() == 0
    time_machine.move_to(dt.datetime(2026, 12, 1, 2, 11, tzinfo=dt.UTC), tick=False)
    assert processing.process_pending() == 1

    delivery.refresh_from_db()
    assert _texts() == ["Diambil pekerja yang lalu mati"]
    assert delivery.processed_at is not None and delivery.attempts == 2


@pytest.mark.django_db
def test_a_delivery_that_breaks_the_processing_keeps_its_error_and_the_others_go_on(fake, monkeypatch):
    broken, fine = _stored("rusak"), _stored("baik")
    real_parse = processing.parse_whatsapp

    def parse(payload):
        if "rusak" in str(payload):
            raise KeyError("entry")
        return real_parse(payload)

    monkeypatch.setattr(processing, "parse_whatsapp", parse)
    processing.process_deliveries.call()

    broken.refresh_from_db()
    assert _texts() == ["baik"]
    assert broken.processed_at is None and broken.error == "KeyError: 'entry'" and broken.attempts == 1
    assert Delivery.objects.get(pk=fine.pk).processed_at is not None


@pytest.mark.django_db
def test_a_delivery_that_keeps_failing_is_left_for_a_person_after_five_tries(fake, settings, monkeypatch, time_machine):
    settings.WARTA_TASK_LEASE_S = 60
    start = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    delivery = _stored("selalu gagal")
    monkeypatch.setattr(processing, "parse_whatsapp", lambda payload: 1 / 0)
    for minute in range(0, 40, 5):
        time_machine.move_to(start + dt.timedelta(minutes=minute), tick=False)
        processing.process_pending()
    delivery.refresh_from_db()
    assert delivery.attempts == processing.MAX_ATTEMPTS and delivery.processed_at is None
    assert delivery.error == "ZeroDivisionError: division by zero"


# --- media fetched again ---------------------------------------------------------------------------


def _image_message(post, fake) -> Media:
    media_id = fake.add_media(samples.jpeg(320, 240), "image/jpeg")
    message = testing.wa_message("image", media_id=media_id, mime_type="image/jpeg")
    assert post(WA, testing.wa_payload(testing.wa_value([message]))).status_code == 200
    return Media.objects.get()


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["node", "wa.media_download"])
def test_media_the_platform_failed_to_give_is_fetched_again_by_the_timer(post, fake, time_machine, route, login, staf):
    time_machine.move_to(timezone.now(), tick=False)
    fake.fail(route, "500")
    media = _image_message(post, fake)
    assert not media.file and media.attempts == 1
    assert media.retry_at == timezone.now() + dt.timedelta(minutes=2)
    page = login(staf).get(f"/kotak-masuk/{media.message.conversation_id}/").content.decode()
    assert "Berkas tidak dapat diambil" in page and "Dicoba lagi sekitar" in page

    time_machine.shift(dt.timedelta(minutes=1))
    assert media_fetch.retry_due() == 0  # not yet
    time_machine.shift(dt.timedelta(minutes=2))
    processing.process_pending()

    media.refresh_from_db()
    assert media.file and media.fetched_at is not None and media.attempts == 2
    assert media.error == "" and media.retry_at is None


@pytest.mark.django_db
def test_media_fetch_stops_after_five_tries_and_keeps_the_reason(post, fake, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    fake.fail("wa.media_download", "500", times=media_fetch.MAX_ATTEMPTS)
    media = _image_message(post, fake)
    for _ in range(media_fetch.MAX_ATTEMPTS):
        time_machine.shift(dt.timedelta(minutes=20))
        media_fetch.retry_due()
    media.refresh_from_db()
    assert media.attempts == media_fetch.MAX_ATTEMPTS and media.retry_at is None and not media.file
    assert "HTTP 503" in media.error


@pytest.mark.django_db
def test_media_the_platform_refuses_is_not_asked_for_again(post, fake):
    message = testing.wa_message("image", media_id="1234567890", mime_type="image/jpeg")  # unknown to the Graph
    assert post(WA, testing.wa_payload(testing.wa_value([message]))).status_code == 200
    media = Media.objects.get()
    assert media.error and media.retry_at is None and media.attempts == 1
