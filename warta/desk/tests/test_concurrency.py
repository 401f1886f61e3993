"""Two people acting on the same step at once: exactly one succeeds (row lock in perform()).

Needs real concurrent transactions, so it runs on PostgreSQL only (the CI sets DATABASE_URL);
SQLite serialises writers on the whole file and cannot show the race.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import WrongStatus, perform

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock race needs PostgreSQL; run with DATABASE_URL=postgres://... (the CI does)",
    ),
]


def race(req: PublicationRequest, action: str, people: list, data: dict) -> list[str]:
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def act(user):
        try:
            fresh = PublicationRequest.objects.get(pk=req.pk)  # both read the same status first
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

    threads = [threading.Thread(target=act, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_pimpinan_dispose_the_same_request(make_user, org):
    from warta.accounts import roles

    kadis = make_user("kadis_a", roles.PIMPINAN)
    sekdin = make_user("sekdin_b", roles.PIMPINAN)
    req = make_request(org, "submitted")
    outcomes = race(req, "dispose", [kadis, sekdin], {"note": "Ke IKP."})
    assert outcomes == ["ok", "wrong_status"]
    assert PublicationRequest.objects.get(pk=req.pk).status == "at_division"
    assert Event.objects.filter(request=req, action="dispose").count() == 1


def test_two_reviewers_assign_the_same_request(kabid, fungsional, staf, staf2, org):
    req = make_request(org, "at_division")
    barrier_people = [kabid, fungsional]
    outcomes = race(req, "assign", barrier_people, {"assignee": "staf", "instruction": "Tayangkan."})
    assert outcomes == ["ok", "wrong_status"]
    assert Event.objects.filter(request=req, action="assign").count() == 1


def test_one_form_sent_twice_at_once_makes_one_request(pemohon, org):
    """A double click on "Ajukan": both sends carry the form's one-use key; one request is made and
    the other send is told which one."""
    from warta.desk import intake

    fields = {"title": "Sama", "caption": "x", "platforms": ["instagram"], "contact_name": "A", "contact_phone": "0812"}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def send():
        try:
            barrier.wait(timeout=10)
            req = intake.create_request(user=pemohon, organization=org, fields=fields, form_key="k" * 43)
            result = f"made {req.number}"
        except intake.FormKeyUsed as used:
            result = f"used {used.request.number}"
        except Exception as exc:  # pragma: no cover - shown in the assertion message
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    number = PublicationRequest.objects.get().number
    assert sorted(outcomes) == [f"made {number}", f"used {number}"]
