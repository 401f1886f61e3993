"""/lacak/: the public tracking page (number + code, or the signed link), its privacy and its cancel."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.desk import tracking, transitions
from warta.desk.models import Status
from warta.desk.tests.test_api_support import TRACKING_CODE, make_request

pytestmark = pytest.mark.django_db

URL = "/lacak/"
REASON = {"cancel-note": "Acara dibatalkan", "cancel-confirm": "on"}


@pytest.fixture
def walked(office, org, pimpinan, kabid, staf):
    """A request that went the whole way, with notes that must stay inside the office."""
    req = make_request(
        org,
        Status.SUBMITTED,
        platforms=["instagram"],
        contact_name="Rina Operator",
        contact_phone="081234567890",
        contact_email="rina@dinkes.example.go.id",
    )
    transitions.perform(req, "dispose", pimpinan, {"note": "Catatan rahasia pimpinan"})
    transitions.perform(req, "assign", kabid, {"assignee": staf, "instruction": "Arahan internal khusus staf"})
    transitions.perform(req, "request_completion", staf, {"note": "Mohon kirim poster ukuran 1080x1080"})
    transitions.perform(req, "resubmit", staf, {"note": ""})
    transitions.perform(req, "publish", staf, {"links": {"instagram": "https://www.instagram.com/p/HPV2026/"}})
    req.refresh_from_db()
    return req


def test_form_page(client, office):
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Lacak permohonan" in text and "Kode lacak" in text and "Nomor registrasi" in text


def test_tracking_shows_status_and_public_timeline_without_personal_data(client, walked):
    response = client.post(URL, {"number": walked.number.lower(), "code": TRACKING_CODE.lower()})
    assert response.status_code == 200
    text = response.content.decode()
    assert walked.number in text and "Dipublikasikan" in text
    assert "Didisposisi ke Bidang IKP" in text and "Didisposisi ke staf" in text
    # addressed to the applicant: shown
    assert "Mohon kirim poster ukuran 1080x1080" in text
    assert "https://www.instagram.com/p/HPV2026/" in text
    # personal data and the office's internal notes: never
    for secret in (
        "Rina Operator",
        "081234567890",
        "rina@dinkes.example.go.id",
        "Kepala Dinas",
        "Kabid IKP",
        "Staf Satu",
        "Catatan rahasia pimpinan",
        "Arahan internal khusus staf",
    ):
        assert secret not in text, secret


def test_reject_reason_shown(client, office, org, kabid):
    req = make_request(org, Status.SUBMITTED)
    transitions.perform(req, "reject", kabid, {"reason": "against_rules", "note": "Mengandung unsur kampanye"})
    text = client.post(URL, {"number": req.number, "code": TRACKING_CODE}).content.decode()
    assert "Ditolak" in text and "Mengandung unsur kampanye" in text
    assert "Bertentangan dengan aturan media sosial pemerintah" in text
    assert "Kabid IKP" not in text


def test_wrong_code_and_unknown_number_give_the_same_neutral_error(client, office, org):
    req = make_request(org, Status.SUBMITTED)
    wrong_code = client.post(URL, {"number": req.number, "code": "ZZZZ9999"})
    unknown = client.post(URL, {"number": "PUB-2001-00009", "code": TRACKING_CODE})
    assert wrong_code.status_code == unknown.status_code == 404
    message = "Nomor registrasi atau kode lacak tidak cocok."
    assert message in wrong_code.content.decode() and message in unknown.content.decode()
    assert req.title not in wrong_code.content.decode()


def test_draft_cannot_be_tracked(client, office, org):
    req = make_request(org, Status.DRAFT)
    response = client.post(URL, {"number": req.number, "code": TRACKING_CODE})
    assert response.status_code == 404


def test_rate_limit_per_address(client, office, org):
    req = make_request(org, Status.SUBMITTED)
    for _ in range(10):
        assert client.post(URL, {"number": req.number, "code": "WRONG123"}).status_code == 404
    blocked = client.post(URL, {"number": req.number, "code": TRACKING_CODE})
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan" in blocked.content.decode()
    # another address is not blocked
    other = client.post(URL, {"number": req.number, "code": TRACKING_CODE}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_signed_link(client, office, org):
    req = make_request(org, Status.AT_DIVISION)
    response = client.get(tracking.tracking_path(req.number))
    assert response.status_code == 200
    assert req.number in response.content.decode() and "Didisposisi ke Bidang IKP" in response.content.decode()
    forged = client.get("/lacak/" + tracking.signed_token(req.number)[:-2] + "xx/")
    assert forged.status_code == 404
    assert "Nomor registrasi atau kode lacak tidak cocok." in forged.content.decode()


def test_tracking_is_fast(client, walked):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"number": walked.number, "code": TRACKING_CODE})
    assert response.status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries]


def test_contact_cancels_with_the_code(client, office, org):
    req = make_request(org, Status.SUBMITTED)
    response = client.post("/lacak/batal/", {"number": req.number, "code": TRACKING_CODE, **REASON})
    assert response.status_code == 200
    assert "dibatalkan" in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.CANCELLED
    event = req.events.get(action="cancel")
    assert event.actor is None and event.actor_label == "Pemohon (kode lacak)"


def test_the_signed_link_alone_cannot_cancel(client, office, org):
    req = make_request(org, Status.ASSIGNED)
    token = tracking.signed_token(req.number)
    page = client.get(f"/lacak/{token}/").content.decode()
    assert "Batalkan permohonan" in page and 'name="code"' in page  # the form asks for the code
    refused = client.post("/lacak/batal/", {"token": token})
    assert refused.status_code == 403
    assert "Kode lacak salah" in refused.content.decode()
    wrong = client.post("/lacak/batal/", {"token": token, "code": "NOPE2222"})
    assert wrong.status_code == 403
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED and not req.events.filter(action="cancel").exists()


def test_contact_cancels_from_the_signed_link_with_the_code(client, office, org):
    req = make_request(org, Status.ASSIGNED)
    token = tracking.signed_token(req.number)
    response = client.post("/lacak/batal/", {"token": token, "code": TRACKING_CODE, **REASON})
    assert response.status_code == 200
    req.refresh_from_db()
    assert req.status == Status.CANCELLED


def test_the_applicant_signed_in_cancels_from_the_link_without_the_code(login, pemohon, office, org):
    req = make_request(org, Status.SUBMITTED)
    token = tracking.signed_token(req.number)
    client = login(pemohon)
    page = client.get(f"/lacak/{token}/").content.decode()
    assert 'name="code"' not in page
    response = client.post("/lacak/batal/", {"token": token, **REASON})
    assert response.status_code == 200
    req.refresh_from_db()
    assert req.status == Status.CANCELLED
    assert req.events.get(action="cancel").actor == pemohon


def test_another_organisation_signed_in_still_needs_the_code(login, pemohon_other, office, org):
    req = make_request(org, Status.SUBMITTED)
    response = login(pemohon_other).post("/lacak/batal/", {"token": tracking.signed_token(req.number)})
    assert response.status_code == 403
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED


def test_signed_links_expire(client, office, org, settings):
    settings.WARTA_TRACKING_LINK_DAYS = 90
    req = make_request(org, Status.AT_DIVISION)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        path = tracking.tracking_path(req.number)
        traveller.shift(dt.timedelta(days=89, hours=23))
        assert client.get(path).status_code == 200
        traveller.shift(dt.timedelta(hours=2))
        expired = client.get(path)
        assert expired.status_code == 404
        assert "Tautan lacak ini sudah kedaluwarsa" in expired.content.decode()
        # an expired link cannot cancel either, even with the code it names nothing
        client.post("/lacak/batal/", {"token": path.split("/")[2], "code": TRACKING_CODE})
    req.refresh_from_db()
    assert req.status == Status.AT_DIVISION


def test_link_lifetime_follows_the_setting(client, office, org, settings):
    req = make_request(org, Status.AT_DIVISION)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        path = tracking.tracking_path(req.number)
        traveller.shift(dt.timedelta(days=10))
        settings.WARTA_TRACKING_LINK_DAYS = 30
        assert client.get(path).status_code == 200
        settings.WARTA_TRACKING_LINK_DAYS = 7
        assert client.get(path).status_code == 404


def test_cancel_with_wrong_code_changes_nothing(client, office, org):
    req = make_request(org, Status.SUBMITTED)
    response = client.post("/lacak/batal/", {"number": req.number, "code": "NOPE2222"})
    assert response.status_code == 404
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED


def test_cancel_of_a_published_request_is_refused(client, office, org):
    req = make_request(org, Status.PUBLISHED)
    response = client.post("/lacak/batal/", {"number": req.number, "code": TRACKING_CODE, **REASON})
    assert "tidak memungkinkan tindakan ini" in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.PUBLISHED


def test_cancel_is_post_only(client, office):
    assert client.get("/lacak/batal/").status_code == 405


def test_the_signed_link_answers_304_until_the_request_moves(client, office, org, pimpinan):
    req = make_request(org, Status.SUBMITTED)
    path = tracking.tracking_path(req.number)
    first = client.get(path)
    assert first.status_code == 200 and first["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # Served from the cache: the request and the stamp; nothing is rendered.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert again.content.decode().count(req.number) == first.content.decode().count(req.number)
    assert len(queries) <= 2, [q["sql"] for q in queries]
    transitions.perform(req, "dispose", pimpinan, {})
    moved = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert moved.status_code == 200
    assert "Didisposisi ke Bidang IKP" in moved.content.decode()


def test_an_open_requests_page_follows_the_minute(client, office, org):
    req = make_request(org, Status.SUBMITTED)
    path = tracking.tracking_path(req.number)
    with time_machine.travel(dt.datetime(2026, 3, 16, 3, 0, 5, tzinfo=dt.UTC), tick=False):
        etag = client.get(path)["ETag"]
    with time_machine.travel(dt.datetime(2026, 3, 16, 3, 1, 5, tzinfo=dt.UTC), tick=False):
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cancelling_from_the_tracking_page_needs_a_reason_and_a_tick(client, office, org):
    req = make_request(org, Status.SUBMITTED)
    response = client.post("/lacak/batal/", {"number": req.number, "code": TRACKING_CODE, "cancel-note": "  "})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Tuliskan alasan pembatalan." in page and "Centang untuk menegaskan pembatalan." in page
    kept = client.post("/lacak/batal/", {"number": req.number, "code": TRACKING_CODE, "cancel-note": "Acara diundur"})
    assert kept.status_code == 422 and "Acara diundur" in kept.content.decode()
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
