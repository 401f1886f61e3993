"""POST /api/v1/requests with an Idempotency-Key: the same key within a day gets the first answer
again (same status, same body), and no second request is made."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from warta.desk.models import IdempotencyKey, PublicationRequest
from warta.desk.tests.test_api_create import URL, body

pytestmark = pytest.mark.django_db


def post(client, data, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(URL, data=json.dumps(data), content_type="application/json", **headers)


def test_the_same_key_gives_the_first_answer_and_one_request(api_client, pemohon, org, office):
    client = api_client(pemohon)
    first = post(client, body(), key="kirim-7f3a")
    assert first.status_code == 201, first.content
    again = post(client, body(), key="kirim-7f3a")
    assert again.status_code == 201
    assert again.content == first.content  # the tracking code too: it is the same request
    assert PublicationRequest.objects.count() == 1
    assert first.json()["number"] == again.json()["number"]


def test_without_a_key_or_with_another_key_each_post_is_a_request(api_client, pemohon, org, office):
    client = api_client(pemohon)
    numbers = {
        post(client, body()).json()["number"],
        post(client, body()).json()["number"],
        post(client, body(), key="satu").json()["number"],
        post(client, body(), key="dua").json()["number"],
    }
    assert len(numbers) == 4 == PublicationRequest.objects.count()


def test_a_key_is_kept_for_a_day(api_client, pemohon, org, office):
    client = api_client(pemohon)
    start = timezone.now()
    first = post(client, body(), key="harian")
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        assert post(client, body(), key="harian").content == first.content
    with time_machine.travel(start + dt.timedelta(days=1, minutes=1), tick=False):
        later = post(client, body(), key="harian")
    assert later.status_code == 201
    assert later.json()["number"] != first.json()["number"]
    assert PublicationRequest.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1  # the expired one was cleared


def test_keys_belong_to_their_user(api_client, pemohon, pemohon_upt, org, office):
    mine = post(api_client(pemohon), body(), key="sama")
    theirs = post(api_client(pemohon_upt), body(), key="sama")
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["number"] != theirs.json()["number"]


def test_a_key_reused_for_another_request_is_refused(api_client, pemohon, org, office):
    client = api_client(pemohon)
    post(client, body(), key="dipakai")
    response = post(client, body(title="Judul lain"), key="dipakai")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["header", "Idempotency-Key"]
    assert "sudah dipakai" in detail["msg"]
    assert PublicationRequest.objects.count() == 1


def test_a_refusal_is_the_first_answer_too(api_client, pemohon, org, office):
    client = api_client(pemohon)
    first = post(client, body(title=""), key="kosong")
    assert first.status_code == 422
    assert post(client, body(title=""), key="kosong").content == first.content
    assert not PublicationRequest.objects.exists()


def test_the_header_is_documented(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][URL]["post"]
    assert any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in operation["parameters"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent inserts need PostgreSQL; run with DATABASE_URL=postgres://... (the CI does)",
)
def test_two_posts_with_the_same_key_at_once_make_one_request(api_client, pemohon, org, office):
    barrier = threading.Barrier(2)
    answers: list[tuple[int, bytes]] = []
    lock = threading.Lock()

    def send():
        client = api_client(pemohon)
        try:
            barrier.wait(timeout=10)
            response = post(client, body(), key="bersamaan")
            with lock:
                answers.append((response.status_code, response.content))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert PublicationRequest.objects.count() == 1
    assert sorted(code for code, _ in answers) == [201, 201]
    assert answers[0][1] == answers[1][1]
