"""Attempts made at the same moment are each counted: eight callers hitting one limit at once
leave it at eight, and exactly one of them restarts an ended window. Needs real concurrent
transactions, so it runs on PostgreSQL only (the CI sets DATABASE_URL); SQLite serialises writers."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import RequestFactory
from django.utils import timezone

from warta.core.models import RateCounter
from warta.core.ratelimit import RateLimit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent counting needs PostgreSQL; run with DATABASE_URL=postgres://... (the CI does)",
    ),
]

CALLERS = 8


def _all_at_once(limit: RateLimit) -> list[int]:
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.77")
    barrier = threading.Barrier(CALLERS)
    counts: list[int] = []
    lock = threading.Lock()

    def hit() -> None:
        try:
            barrier.wait(timeout=10)
            count = limit.hit(request)
            with lock:
                counts.append(count)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit) for _ in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(counts)


def test_callers_hitting_at_once_are_each_counted():
    limit = RateLimit("at-once", limit=5, seconds=600)
    assert _all_at_once(limit) == list(range(1, CALLERS + 1))
    assert limit.exceeded(RequestFactory().post("/", REMOTE_ADDR="203.0.113.77"))


def test_an_ended_window_is_restarted_once_when_callers_hit_at_once():
    limit = RateLimit("restart", limit=5, seconds=600)
    key = limit._key(RequestFactory().post("/", REMOTE_ADDR="203.0.113.77"))
    RateCounter.objects.create(key=key, count=5, window_end=timezone.now() - dt.timedelta(seconds=1))
    assert _all_at_once(limit) == list(range(1, CALLERS + 1))
    assert RateCounter.objects.get(key=key).window_end > timezone.now() + dt.timedelta(seconds=590)
