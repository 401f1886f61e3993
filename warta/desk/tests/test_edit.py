"""edit: office staff correct the content of an open request; recorded as an `edit` event."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


def test_staff_corrects_the_title_and_the_change_is_recorded(staf2, org, django_capture_on_commit_callbacks):
    req = make_request(org, "at_division")
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(req, "edit", staf2, {"title": "Vaksinasi HPV 2026", "note": "Typo judul."})
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.title, req.status) == ("Vaksinasi HPV 2026", "at_division")
    assert (event.action, event.from_status, event.to_status) == ("edit", "at_division", "at_division")
    assert event.data["changes"] == {"title": {"from": "Vaksinasi HPV di sekolah", "to": "Vaksinasi HPV 2026"}}
    assert mail.outbox == []


def test_nothing_changed_is_refused(kabid, org):
    req = make_request(org, "submitted")
    with pytest.raises(InvalidData):
        perform(req, "edit", kabid, {"title": req.title})
    assert not Event.objects.exists()


def test_a_correction_may_not_break_a_requirement(kabid, org):
    req = make_request(org, "submitted", platforms=["x"])
    with pytest.raises(InvalidData) as exc:
        perform(req, "edit", kabid, {"caption": "a" * 300})
    assert set(exc.value.errors) == {"captions.x"}
    assert PublicationRequest.objects.get(pk=req.pk).caption != "a" * 300


def test_closed_request_cannot_be_edited(kabid, staf, org):
    req = make_request(org, "published", assignee=staf)
    with pytest.raises(WrongStatus):
        perform(req, "edit", kabid, {"title": "Baru"})


@pytest.mark.parametrize("who", ["pemohon", "pengelola", "admin_user"])
def test_outsiders(who, request, org):
    req = make_request(org, "submitted")
    with pytest.raises(NotPermitted):
        perform(req, "edit", request.getfixturevalue(who), {"title": "Baru"})
    assert PublicationRequest.objects.get(pk=req.pk).title == "Vaksinasi HPV di sekolah"
