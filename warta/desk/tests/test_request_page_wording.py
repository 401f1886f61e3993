"""What the request page says about time and people: late by a positive duration, how long a
published request took, no "Tanpa tenggat" beside a deadline, each holder's own role, and the
instruction at the top with the actions right under the title (frozen time, WIB)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from warta.desk.models import PublicationRequest
from warta.desk.tests.test_api_support import submitted
from warta.desk.transitions import perform

pytestmark = pytest.mark.django_db
WIB = dt.timezone(dt.timedelta(hours=7))
LINKS = {"instagram": "https://www.instagram.com/p/Cabc123/", "facebook": "https://www.facebook.com/x/posts/1"}
INSTRUCTION = "Pakai template feed resmi, tayang sebelum pukul 11.00."


def at(hour: int, minute: int, day: int = 16):
    return time_machine.travel(dt.datetime(2026, 3, day, hour, minute, tzinfo=WIB), tick=False)


def head(text: str) -> str:
    """The page from the title to the first content card."""
    return text.split('<header class="req-head">', 1)[1].split('id="h-content"', 1)[0]


def assigned(pemohon, pimpinan, kabid, org, staf2):
    with at(9, 0):
        req = submitted(pemohon, org, platforms=["instagram", "facebook"])
    with at(9, 5):
        perform(req, "dispose", pimpinan)
    with at(9, 10):
        perform(req, "assign", kabid, {"assignee": "staf2", "instruction": "Arahan lama."})
    with at(9, 12):
        perform(req, "reassign", kabid, {"assignee": "staf", "note": INSTRUCTION})
    return PublicationRequest.objects.get(pk=req.pk)


def test_a_late_request_says_how_late_without_a_minus_sign(login, pemohon, pimpinan, kabid, staf, staf2, org, office):
    req = assigned(pemohon, pimpinan, kabid, org, staf2)
    with at(10, 35):
        text = head(login(staf).get(req.get_absolute_url()).content.decode())
    assert "Lewat tenggat" in text
    assert "lewat 35 menit" in text
    assert "lewat -" not in text


def test_a_published_request_says_how_long_it_took(login, pemohon, pimpinan, kabid, staf, staf2, org, office):
    req = assigned(pemohon, pimpinan, kabid, org, staf2)
    with at(9, 42):
        perform(req, "publish", staf, {"links": LINKS})
    with at(14, 0):
        for user in (staf, pemohon):
            text = head(login(user).get(req.get_absolute_url()).content.decode())
            assert "selesai dalam 42 menit kerja" in text
            assert "sisa" not in text and "terpakai" not in text


def test_a_cancelled_request_has_no_deadline_beside_no_deadline(login, pemohon, org, office):
    with at(9, 0):
        req = submitted(pemohon, org)
    with at(9, 20):
        perform(req, "cancel", pemohon, {"note": "Acara ditunda."})
    with at(10, 0):
        text = head(login(pemohon).get(req.get_absolute_url()).content.decode())
    assert "Jam layanan dihentikan" in text
    assert "Tanpa tenggat" not in text
    assert ">Tenggat<" not in text


def test_each_holder_is_named_with_their_own_role(login, pemohon, pimpinan, kabid, fungsional, org, office):
    with at(9, 0):
        req = submitted(pemohon, org)
    with at(9, 5):
        perform(req, "dispose", pimpinan)
    with at(9, 6):
        text = head(login(kabid).get(req.get_absolute_url()).content.decode())
    holders = text.split("Langkah ada pada", 1)[1].split("</dd>", 1)[0]
    holders = re.sub(r"<[^>]+>", "", holders)
    assert "Kabid IKP · Kepala Bidang IKP" in holders
    assert "Pranata Humas · Pejabat Fungsional IKP" in holders
    assert "Kepala Bidang IKP" not in holders.split("Pranata Humas", 1)[1]


def test_the_assignee_sees_the_latest_instruction_and_the_actions_under_the_title(
    login, pemohon, pimpinan, kabid, staf, staf2, org, office
):
    req = assigned(pemohon, pimpinan, kabid, org, staf2)
    with at(9, 15):
        text = login(staf).get(req.get_absolute_url()).content.decode()
    top = head(text)
    assert "Arahan untuk Anda" in top
    assert INSTRUCTION in top
    assert "Arahan lama." not in top
    # The actions come after the instruction, before the content and the timeline.
    assert top.index("Arahan untuk Anda") < top.index('id="h-actions"') < top.index('id="aksi-publish"')
    assert text.index('id="aksi-publish"') < text.index('id="h-timeline"')
    # The step's own moves come first; asking the applicant for more after them.
    assert top.index('id="aksi-schedule"') < top.index('id="aksi-request_completion"')
    assert top.index('id="aksi-publish"') < top.index('id="aksi-request_completion"')
    # The kabid sees whom the instruction was for; the applicant does not see it at the top.
    with at(9, 15):
        assert "Arahan untuk Staf Satu" in head(login(kabid).get(req.get_absolute_url()).content.decode())
        applicant_top = head(login(pemohon).get(req.get_absolute_url()).content.decode())
    assert "Arahan untuk" not in applicant_top and INSTRUCTION not in applicant_top


def test_publishing_from_the_page_says_how_long_it_took(login, pemohon, pimpinan, kabid, staf, staf2, org, office):
    req = assigned(pemohon, pimpinan, kabid, org, staf2)
    client = login(staf)
    with at(9, 42):
        response = client.post(
            f"/permohonan/{req.number}/aksi/publish/",
            {"publish-link_instagram": LINKS["instagram"], "publish-link_facebook": LINKS["facebook"]},
            follow=True,
        )
    assert PublicationRequest.objects.get(pk=req.pk).status == "published"
    text = response.content.decode()
    assert "Selesai dalam 42 menit kerja." in text.split('class="messages"', 1)[1].split("</ul>", 1)[0]
