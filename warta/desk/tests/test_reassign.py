"""reassign: kabid_ikp or fungsional_ikp, assigned → assigned, a new staf_ikp and a note."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


def test_reassign_moves_the_work_and_tells_the_new_staff(
    kabid, staf, staf2, org, office, django_capture_on_commit_callbacks
):
    req = make_request(org, "assigned", assignee=staf)
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "reassign", kabid, {"assignee": "staf2", "note": "Staf Satu cuti."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.status, req.assignee) == ("assigned", staf2)
    assert (event.from_status, event.to_status, event.note) == ("assigned", "assigned", "Staf Satu cuti.")
    assert event.data["previous"] == "staf"
    assert [m.to for m in mail.outbox] == [[staf2.email]]
    assert "Arahan: Staf Satu cuti." in mail.outbox[0].body
    # The former assignee can no longer act on it.
    with pytest.raises(NotPermitted):
        perform(req, "publish", staf, {"links": {"instagram": "https://instagram.com/p/1"}})


def test_same_assignee_is_refused(kabid, staf, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(InvalidData) as exc:
        perform(req, "reassign", kabid, {"assignee": "staf"})
    assert set(exc.value.errors) == {"assignee"}
    assert not Event.objects.exists()


def test_wrong_status(kabid, staf, staf2, org):
    req = make_request(org, "scheduled", assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "reassign", kabid, {"assignee": "staf2"})
    assert PublicationRequest.objects.get(pk=req.pk).assignee == staf


@pytest.mark.parametrize("who", ["pimpinan", "staf", "pemohon"])
def test_outsiders(who, request, staf, staf2, org):
    req = make_request(org, "assigned", assignee=staf)
    with pytest.raises(NotPermitted):
        perform(req, "reassign", request.getfixturevalue(who), {"assignee": "staf2"})
    assert PublicationRequest.objects.get(pk=req.pk).assignee == staf
