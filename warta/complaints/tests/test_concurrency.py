"""Two people moving the same complaint at once: exactly one succeeds (the shared skeleton's row lock).

PostgreSQL only (SQLite serialises writers on the whole file and cannot show the race).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from warta.accounts import roles
from warta.complaints.models import Complaint, ComplaintEvent
from warta.complaints.tests.support import make_complaint
from warta.complaints.transitions import WrongStatus, perform

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock race needs PostgreSQL; run with DATABASE_URL=postgres://... (the CI does)",
    ),
]


def test_two_officers_return_the_same_answer_at_once(make_user, office, tim):
    first = make_user("pengelola_a", roles.PENGELOLA_PENGADUAN)
    second = make_user("pengelola_b", roles.PENGELOLA_PENGADUAN)
    complaint = make_complaint(first, tim, "awaiting_approval")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def act(user, action, data):
        try:
            fresh = Complaint.objects.get(pk=complaint.pk)
            barrier.wait(timeout=10)
            perform(fresh, action, user, data)
            result = "ok"
        except WrongStatus:
            result = "wrong_status"
        except Exception as exc:  # pragma: no cover - shown in the assertion message
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=act, args=(first, "return", {"note": "Perbaiki."})),
        threading.Thread(target=act, args=(second, "return", {"note": "Lengkapi."})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "wrong_status"]
    assert Complaint.objects.get(pk=complaint.pk).status == "in_progress"
    assert ComplaintEvent.objects.filter(complaint=complaint, action="return").count() == 1
