"""Home-page notices are about live work: a notice about a step is resolved when the step is taken,
and notices are shown in the reader's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client

from warta.clock.watch import run_due
from warta.desk.tests.test_api_support import make_request, submitted
from warta.desk.transitions import perform
from warta.notify.models import Notice

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))
MONDAY_0900 = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB)


def notices_on_home(client: Client) -> list[str]:
    """The texts of the notices the home page lists."""
    text = client.get("/beranda/").content.decode()
    section = re.search(r'<section class="card notices".*?</section>', text, re.S)
    if section is None:
        return []
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li class=\"notice-.*?</li>", section.group(0))]


def test_home_lists_live_work_not_old_notices(office, login, pemohon, pimpinan, org):
    """kadis had 10 "Menunggu tindakan Anda" notices; 8 of the requests were disposed: 2 remain."""
    requests = [submitted(pemohon, org, title=f"Permohonan ke-{i}") for i in range(10)]
    assert Notice.objects.filter(recipient=pimpinan).count() == 10
    for req in requests[:8]:
        perform(req, "dispose", pimpinan)

    shown = notices_on_home(login(pimpinan))
    assert len(shown) == 2
    for req in requests[8:]:
        assert any(req.number in text for text in shown)
    for req in requests[:8]:
        assert not any(req.number in text for text in shown)
    # The resolved notices are kept (history), only no longer listed.
    assert Notice.objects.filter(recipient=pimpinan, resolved_at__isnull=False).count() == 8


def test_the_next_holder_is_told_and_the_one_before_is_not_any_more(office, login, pemohon, pimpinan, kabid, org):
    req = submitted(pemohon, org)
    perform(req, "dispose", pimpinan)
    assert notices_on_home(login(pimpinan)) == []
    assert any(req.number in text for text in notices_on_home(login(kabid)))


def test_reassigning_resolves_the_previous_assignee_notice(office, login, kabid, staf, staf2, org):
    req = make_request(org, "at_division")
    perform(req, "assign", kabid, {"assignee": staf, "instruction": "Buat poster."})
    assert len(notices_on_home(login(staf))) == 1
    perform(req, "reassign", kabid, {"assignee": staf2, "note": "Staf Satu cuti."})
    assert notices_on_home(login(staf)) == []
    assert len(notices_on_home(login(staf2))) == 1


def test_an_edit_does_not_resolve_the_holder_notice(office, login, kabid, fungsional, staf, org):
    req = make_request(org, "at_division")
    perform(req, "assign", kabid, {"assignee": staf, "instruction": "Buat poster."})
    perform(req, "edit", fungsional, {"title": "Judul yang dikoreksi"})
    assert len(notices_on_home(login(staf))) == 1  # the step is still theirs


def test_a_notice_of_a_request_no_longer_held_is_not_listed(office, login, pemohon, kabid, fungsional, pimpinan, org):
    req = submitted(pemohon, org)
    perform(req, "dispose", pimpinan)
    assert len(notices_on_home(login(kabid))) == 1
    kabid.groups.set(Group.objects.none())  # kabid moved to another office: the step is no longer theirs
    kabid.refresh_from_db()
    assert notices_on_home(login(kabid)) == []


def test_timer_warnings_are_resolved_when_the_step_is_taken(office, login, pimpinan, org):
    with time_machine.travel(MONDAY_0900, tick=False):
        req = make_request(org, "submitted", received_at=MONDAY_0900)
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 50, tzinfo=WIB), tick=False):
        run_due()
        assert len(notices_on_home(login(pimpinan))) == 2  # 50 % and 80 %
        perform(req, "dispose", pimpinan)
        assert notices_on_home(login(pimpinan)) == []


def test_notices_are_shown_in_the_readers_language(office, pemohon, pimpinan, org):
    from warta.core.tests.test_i18n import _compile_catalogue

    _compile_catalogue()  # the English catalogue, compiled when this test runs alone
    req = submitted(pemohon, org)
    indonesian = Client()
    indonesian.force_login(pimpinan)
    assert notices_on_home(indonesian)[0].startswith(f"Menunggu tindakan Anda: {req.number}")
    english = Client()
    english.post("/bahasa/", {"language": "en", "next": "/beranda/"})
    english.force_login(pimpinan)
    assert notices_on_home(english)[0].startswith(f"Awaiting your action: {req.number}")


def test_a_notice_without_a_msgid_shows_its_text(office, login, staf):
    Notice.objects.create(recipient=staf, text="Pesan lama tanpa msgid", url="/beranda/")
    assert notices_on_home(login(staf))[0].startswith("Pesan lama tanpa msgid")


def test_the_publish_reminder_is_resolved_by_publishing_and_translated_when_shown(office, login, staf, org):
    from django.utils import translation

    from warta.core.tests.test_i18n import _compile_catalogue

    _compile_catalogue()
    with time_machine.travel(MONDAY_0900, tick=False):
        req = make_request(org, "assigned", assignee=staf, received_at=MONDAY_0900)
        perform(req, "schedule", staf, {"times": {p: "2026-03-16T09:40:00+07:00" for p in req.platforms}})
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 41, tzinfo=WIB), tick=False):
        run_due()
        reminder = Notice.objects.get(recipient=staf, text__startswith="Waktunya menayangkan")
        with translation.override("en"):
            assert reminder.shown_text.startswith(f"Time to publish {req.number}")
        assert any("Waktunya menayangkan" in text for text in notices_on_home(login(staf)))
        perform(
            req,
            "publish",
            staf,
            {"links": {"instagram": "https://www.instagram.com/p/A/", "facebook": "https://www.facebook.com/p/B"}},
        )
        assert notices_on_home(login(staf)) == []


def test_the_demo_leaves_only_live_notices(office):
    """The demo walks its requests through every step: each person's home lists notices only for the
    requests that wait for them now (pimpinan: the submitted ones)."""
    import io

    from django.core.management import call_command

    from warta.accounts.models import User
    from warta.desk.holders import holders
    from warta.desk.models import PublicationRequest, Status
    from warta.desk.notifications import WAITING, request_pk

    call_command("load_demo", stdout=io.StringIO())
    live = Notice.objects.live().filter(message=WAITING)
    assert live.exists()
    for notice in live.select_related("recipient"):
        req = PublicationRequest.objects.get(pk=request_pk(notice.topic))
        assert notice.recipient in holders(req)[0], (notice.recipient, req.number, req.status)
    kadis = User.objects.filter(groups__name="pimpinan").first()
    waiting = set(PublicationRequest.objects.filter(status=Status.SUBMITTED).values_list("pk", flat=True))
    shown = {request_pk(n.topic) for n in live.filter(recipient=kadis)}
    assert waiting and shown == waiting
    # the resolved ones stay in the record
    assert Notice.objects.filter(recipient=kadis, resolved_at__isnull=False).count() > 0
