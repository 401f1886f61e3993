"""schedule: the assigned staff, assigned → scheduled, a time per target platform, not in the past."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_staff_schedules_each_platform(staf, org, django_capture_on_commit_callbacks):
    req = make_request(org, "assigned", assignee=staf, received_at=NOW - dt.timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(
            req,
            "schedule",
            staf,
            {"times": {"instagram": "2026-03-16T19:00:00+07:00", "facebook": "2026-03-16T18:30:00+07:00"}},
        )
    req = PublicationRequest.objects.get(pk=req.pk)
    assert req.status == "scheduled"
    times = dict(req.posts.values_list("platform", "scheduled_for"))
    assert times == {
        "instagram": dt.datetime(2026, 3, 16, 19, 0, tzinfo=WIB),
        "facebook": dt.datetime(2026, 3, 16, 18, 30, tzinfo=WIB),
    }
    assert req.remind_at == dt.datetime(2026, 3, 16, 18, 30, tzinfo=WIB)
    assert event.data["times"]["instagram"].startswith("2026-03-16T19:00")
    assert mail.outbox == []  # nobody else has to act


def test_a_wished_time_after_the_deadline_scheduled_in_time_meets_the_promise(staf, org):
    req = make_request(
        org,
        "assigned",
        assignee=staf,
        received_at=NOW - dt.timedelta(minutes=10),
        publish_at=dt.datetime(2026, 3, 17, 8, 0, tzinfo=WIB),
    )
    perform(
        req, "schedule", staf, {"times": {"instagram": "2026-03-17T08:00+07:00", "facebook": "2026-03-17T08:00+07:00"}}
    )
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.sla_closed_at, req.sla_outcome) == (NOW, "met")


def test_times_in_the_past_or_missing_are_named(staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(InvalidData) as exc:
        perform(req, "schedule", staf, {"times": {"instagram": "2026-03-16T08:00:00+07:00"}})
    assert exc.value.errors.keys() == {"times.instagram", "times.facebook"}
    with pytest.raises(InvalidData) as exc:
        perform(req, "schedule", staf, {"times": {}})
    assert set(exc.value.errors) == {"times"}
    with pytest.raises(InvalidData) as exc:
        perform(
            req,
            "schedule",
            staf,
            {
                "times": {
                    "instagram": "2026-03-16T19:00+07:00",
                    "facebook": "2026-03-16T19:00+07:00",
                    "tiktok": "2026-03-16T19:00+07:00",
                }
            },
        )
    assert set(exc.value.errors) == {"times.tiktok"}
    assert PublicationRequest.objects.get(pk=req.pk).status == "assigned"
    assert not Event.objects.exists()


def test_wrong_status(staf, org):
    req = make_request(org, "scheduled", assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "schedule", staf, {"times": {"instagram": "2026-03-16T19:00+07:00"}})


@pytest.mark.parametrize("who", ["staf2", "kabid", "pemohon"])
def test_outsiders(who, request, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(NotPermitted):
        perform(req, "schedule", request.getfixturevalue(who), {"times": {"instagram": "2026-03-16T19:00+07:00"}})
    assert PublicationRequest.objects.get(pk=req.pk).status == "assigned"
