"""assign: kabid_ikp or fungsional_ikp, at_division → assigned, a staf_ikp and an instruction."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event, PublicationRequest
from warta.desk.tests.test_api_support import make_request
from warta.desk.transitions import InvalidData, NotPermitted, WrongStatus, perform

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["kabid", "fungsional"])
def test_reviewer_assigns_with_an_instruction(who, request, staf, org, office, django_capture_on_commit_callbacks):
    req = make_request(org, "at_division")
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(
            req, "assign", request.getfixturevalue(who), {"assignee": "staf", "instruction": "Tayang pukul 19.00."}
        )
    req = PublicationRequest.objects.get(pk=req.pk)
    assert (req.status, req.assignee) == ("assigned", staf)
    assert event.note == "Tayang pukul 19.00."
    assert event.data["assignee"] == "staf"
    assert [m.to for m in mail.outbox] == [[staf.email]]
    assert "Arahan: Tayang pukul 19.00." in mail.outbox[0].body
    assert req.number in mail.outbox[0].subject


def test_instruction_is_required(kabid, staf, org):
    req = make_request(org, "at_division")
    with pytest.raises(InvalidData) as exc:
        perform(req, "assign", kabid, {"assignee": "staf", "instruction": "  "})
    assert set(exc.value.errors) == {"instruction"}
    assert PublicationRequest.objects.get(pk=req.pk).assignee is None
    assert not Event.objects.exists()


@pytest.mark.parametrize("assignee", ["", "nobody", "op_dinkes", "kabid"])
def test_assignee_must_be_an_active_staf_ikp(assignee, kabid, pemohon, staf, org):
    req = make_request(org, "at_division")
    with pytest.raises(InvalidData) as exc:
        perform(req, "assign", kabid, {"assignee": assignee, "instruction": "Tayangkan."})
    assert set(exc.value.errors) == {"assignee"}


def test_inactive_staff_cannot_be_assigned(kabid, staf, org):
    staf.is_active = False
    staf.save()
    with pytest.raises(InvalidData):
        perform(make_request(org, "at_division"), "assign", kabid, {"assignee": "staf", "instruction": "x"})


def test_wrong_status(kabid, staf, org):
    req = make_request(org, "submitted")
    with pytest.raises(WrongStatus):
        perform(req, "assign", kabid, {"assignee": "staf", "instruction": "x"})


@pytest.mark.parametrize("who", ["pimpinan", "staf", "pemohon"])
def test_outsiders(who, request, staf, org):
    req = make_request(org, "at_division")
    with pytest.raises(NotPermitted):
        perform(req, "assign", request.getfixturevalue(who), {"assignee": "staf", "instruction": "x"})
    assert PublicationRequest.objects.get(pk=req.pk).status == "at_division"
