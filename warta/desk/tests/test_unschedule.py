"""unschedule: the assigned staff, scheduled → assigned; the times and the reminder go."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


def test_staff_takes_the_schedule_back(staf, org, django_capture_on_commit_callbacks):
    req = make_request(org, "scheduled", assignee=staf)
    assert req.remind_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "unschedule", staf, {"note": "Acara diundur."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.status, req.remind_at) == ("assigned", None)
    assert not req.posts.filter(scheduled_for__isnull=False).exists()
    assert (event.from_status, event.to_status, event.note) == ("scheduled", "assigned", "Acara diundur.")
    assert mail.outbox == []


def test_wrong_status(staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "unschedule", staf)
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["staf2", "kabid", "pemohon"])
def test_outsiders(who, request, staf, org):
    req = make_request(org, "scheduled", assignee=staf)
    with pytest.raises(NotPermitted):
        perform(req, "unschedule", request.getfixturevalue(who))
    assert PublicationRequest.objects.get(pk=req.pk).status == "scheduled"
