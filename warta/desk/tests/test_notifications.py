"""Who hears about what: sent by the worker after commit, never inside the transaction."""

from __future__ import annotations

import pytest
from django.core import mail

from warta.desk.models import Event
from warta.desk.notifications import contact_message, contact_wa_link
from warta.desk.tests.test_api_support import make_request, submitted
from warta.desk.transitions import perform
from warta.notify.models import Notice

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_before_commit(pemohon, pimpinan, org, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submitted(pemohon, org)
    assert mail.outbox == []
    assert len(callbacks) >= 2
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_the_whole_path_tells_the_right_people(
    pemohon, pimpinan, kabid, fungsional, staf, org, office, django_capture_on_commit_callbacks
):
    def step(action, user, data=None):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            perform(req, action, user, data or {})
        return sorted(address for m in mail.outbox for address in m.to)

    with django_capture_on_commit_callbacks(execute=True):
        req = submitted(pemohon, org)
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([pimpinan.email, "rina@dinkes.example.go.id"])
    assert step("dispose", pimpinan) == sorted([kabid.email, fungsional.email])
    assert step("assign", kabid, {"assignee": "staf", "instruction": "Segera."}) == [staf.email]
    assert step("request_completion", staf, {"note": "Kurang logo."}) == ["rina@dinkes.example.go.id"]
    assert step("resubmit", pemohon) == [staf.email]
    assert step(
        "publish", staf, {"links": {"instagram": "https://instagram.com/p/1", "facebook": "https://fb.com/2"}}
    ) == ["rina@dinkes.example.go.id"]
    # Home-page notices for whoever had to act.
    assert Notice.objects.filter(recipient=staf).count() == 2
    assert Notice.objects.filter(recipient=pimpinan).count() == 1


def test_contact_without_email_gets_nothing_by_mail_but_staff_get_the_wa_text(
    pemohon, org, office, django_capture_on_commit_callbacks
):
    req = make_request(org, "draft", contact_email="", contact_phone="081298765432")
    with django_capture_on_commit_callbacks(execute=True):
        perform(req, "submit", pemohon)
    assert all(address != "" for m in mail.outbox for address in m.to)
    assert not any("rina" in address for m in mail.outbox for address in m.to)
    event = Event.objects.get(request=req, action="submit")
    text = contact_message(req, event)
    assert req.number in text and "Vaksinasi HPV di sekolah" in text
    assert contact_wa_link(req, event).startswith("https://wa.me/6281298765432?text=")


def test_internal_steps_have_no_wa_message_for_the_contact(pimpinan, org):
    req = make_request(org, "submitted", contact_phone="081298765432")
    event = perform(req, "dispose", pimpinan)
    assert contact_wa_link(req, event) == ""
